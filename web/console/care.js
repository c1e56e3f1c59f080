// 要介護認定 調査票チェック (care reviewers): checks a pasted or uploaded form
// (POST /api/v1/care/check), shows each item's 特記事項 with the evidence of
// its findings highlighted and the findings beside it, records 採用 / 却下
// with a comment, and lists past checks and the false-alarm report per rule.
// Note text is put on the page only as text nodes, never as HTML.

import { api, clearMessage, el, formatDateTime, requireSession, showError, showStatus } from './app.js';

const PAGE_SIZE = 20;

const KIND_LABELS = {
  warning_code: '警告コード',
  note_contradiction: '特記事項と選択の食い違い',
  missing_note: '特記事項の記載漏れ',
  doctor_mismatch: '主治医意見書との相違',
};
const SEVERITY_LABELS = { high: '重要度 高', medium: '重要度 中', low: '重要度 低', info: '参考' };
const DECISION_LABELS = { adopt: '採用', dismiss: '却下' };

const loading = document.getElementById('loading');
const content = document.getElementById('content');
const alertRegion = document.getElementById('alert');

const checkForm = document.getElementById('check-form');
const fileInput = document.getElementById('form-file');
const jsonInput = document.getElementById('form-json');
const checkButton = document.getElementById('check-button');
const checkAlert = document.getElementById('check-alert');
const checkStatus = document.getElementById('check-status');

const resultSection = document.getElementById('result');
const resultHeading = document.getElementById('result-heading');
const resultMeta = document.getElementById('result-meta');
const resultSummary = document.getElementById('result-summary');
const resultAlert = document.getElementById('result-alert');
const resultStatus = document.getElementById('result-status');
const crossSection = document.getElementById('cross-section');
const crossList = document.getElementById('cross-findings');
const itemList = document.getElementById('result-items');

const historyBody = document.getElementById('history-body');
const historyCount = document.getElementById('history-count');
const historyAlert = document.getElementById('history-alert');
const historyEmpty = document.getElementById('history-empty');
const historyPrev = document.getElementById('history-prev');
const historyNext = document.getElementById('history-next');

const reportBody = document.getElementById('report-body');
const reportAlert = document.getElementById('report-alert');
const reportEmpty = document.getElementById('report-empty');
const reportRefresh = document.getElementById('report-refresh');

let current = null;  // the check on screen
let historyOffset = 0;

// ---- The note with its evidence highlighted ----------------------------------

/**
 * The note as text nodes and <mark>s. Evidence offsets are code points, so the
 * note is split into code points (not UTF-16 units) before slicing.
 */
function noteWithEvidence(note, ranges) {
  const chars = Array.from(note);
  const cuts = new Set([0, chars.length]);
  for (const r of ranges) {
    cuts.add(Math.max(0, Math.min(chars.length, r.begin)));
    cuts.add(Math.max(0, Math.min(chars.length, r.end)));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const nodes = [];
  for (let i = 0; i + 1 < points.length; i += 1) {
    const [from, to] = [points[i], points[i + 1]];
    if (from === to) continue;
    const text = chars.slice(from, to).join('');
    const covering = ranges.filter((r) => r.begin <= from && to <= r.end);
    if (covering.length === 0) {
      nodes.push(document.createTextNode(text));
    } else {
      nodes.push(el('mark', {
        class: 'care-evidence',
        'data-findings': [...new Set(covering.map((r) => r.findingId))].join(' '),
      }, text));
    }
  }
  return nodes;
}

function highlightFinding(findingId, on) {
  for (const mark of itemList.querySelectorAll('mark.care-evidence')) {
    if (mark.dataset.findings.split(' ').includes(findingId)) mark.classList.toggle('is-active', on);
  }
}

// ---- Findings ------------------------------------------------------------------

function decisionText(decision) {
  const who = decision.decided_by.display_name || decision.decided_by.id;
  return `${DECISION_LABELS[decision.decision] || decision.decision}（${who}、${formatDateTime(decision.decided_at)}）`;
}

function findingCard(finding) {
  const id = finding.finding_id;
  const decided = finding.decision ? finding.decision.decision : null;
  const card = el('li', {
    class: `care-finding care-finding--${finding.severity}${decided ? ` is-${decided}` : ''}`,
    'data-finding-id': id,
    'data-kind': finding.kind,
  });
  const head = el('div', { class: 'care-finding__head' },
    el('span', { class: 'badge care-badge--kind' }, KIND_LABELS[finding.kind] || finding.kind),
    el('span', { class: `badge care-badge--${finding.severity}` }, SEVERITY_LABELS[finding.severity] || finding.severity));
  card.append(head, el('p', { class: 'care-finding__message' }, finding.message));

  if (finding.evidence.length > 0) {
    card.append(el('p', { class: 'care-finding__line' },
      el('span', { class: 'care-finding__label' }, '根拠'),
      ...finding.evidence.map((e) => el('q', { class: 'care-quote' }, e.text))));
  }
  if (finding.suggested_labels.length > 0) {
    card.append(el('p', { class: 'care-finding__line', 'data-testid': 'suggestion' },
      el('span', { class: 'care-finding__label' }, '提案'),
      finding.suggested_labels.map((l) => `「${l}」`).join('')));
  }

  const state = el('p', { class: 'care-finding__line care-finding__state', 'data-testid': 'decision-state' },
    el('span', { class: 'care-finding__label' }, '判断'),
    finding.decision ? decisionText(finding.decision) : '未判断');
  card.append(state);
  if (finding.decision && finding.decision.comment) {
    card.append(el('p', { class: 'care-finding__line' },
      el('span', { class: 'care-finding__label' }, 'コメント'), finding.decision.comment));
  }
  if (finding.history.length > 1) {
    const list = el('ol', { class: 'care-history' }, ...finding.history.map((h) => el('li', {},
      decisionText(h), h.comment ? `：${h.comment}` : '')));
    card.append(el('details', { class: 'care-finding__history' },
      el('summary', {}, `判断の履歴（${finding.history.length}件）`), list));
  }

  const commentId = `comment-${id}`;
  const comment = el('textarea', { id: commentId, class: 'care-comment', rows: '2', maxlength: '1000' });
  const adopt = el('button', { type: 'button', class: 'button button--small', 'data-decision': 'adopt' }, '採用');
  const dismiss = el('button', { type: 'button', class: 'button button--danger button--small', 'data-decision': 'dismiss' },
    '却下');
  const alert = el('div', { class: 'alert alert--error', role: 'alert' });
  for (const button of [adopt, dismiss]) {
    button.addEventListener('click', () => decide(finding, button.dataset.decision, comment, [adopt, dismiss], alert));
  }
  card.append(el('div', { class: 'care-decide' },
    el('label', { for: commentId }, 'コメント（任意。却下の理由を書くとルールの見直しに役立ちます）'),
    comment, alert, el('div', { class: 'actions' }, adopt, dismiss)));

  card.addEventListener('mouseenter', () => highlightFinding(id, true));
  card.addEventListener('mouseleave', () => highlightFinding(id, false));
  card.addEventListener('focusin', () => highlightFinding(id, true));
  card.addEventListener('focusout', () => highlightFinding(id, false));
  return card;
}

async function decide(finding, decision, commentInput, buttons, alert) {
  clearMessage(alert);
  clearMessage(resultStatus);
  for (const b of buttons) b.disabled = true;
  try {
    const { finding: updated } = await api('POST', `/care/findings/${encodeURIComponent(finding.finding_id)}/decision`,
      { decision, comment: commentInput.value.trim() });
    current.findings = current.findings.map((f) => (f.finding_id === updated.finding_id ? updated : f));
    renderCheck(current);
    showStatus(resultStatus, `指摘を「${DECISION_LABELS[decision]}」として記録しました。`);
    itemList.parentElement.querySelector(`[data-finding-id="${CSS.escape(updated.finding_id)}"] [data-decision="${decision}"]`)
      ?.focus();
    loadHistory().catch(() => {});
    loadReport().catch(() => {});
  } catch (e) {
    for (const b of buttons) b.disabled = false;
    showError(alert, e.message, '記録できませんでした');
  }
}

// ---- One check -----------------------------------------------------------------

function itemCard(item, findings) {
  const ranges = [];
  for (const f of findings) {
    for (const e of f.evidence) {
      if (e.item === item.id) ranges.push({ begin: e.begin, end: e.end, findingId: f.finding_id });
    }
  }
  const answer = item.answer_labels.length > 0 ? item.answer_labels.join('、') : '未回答';
  const note = item.note
    ? el('p', { class: 'care-note', 'data-testid': 'note' }, ...noteWithEvidence(item.note, ranges))
    : el('p', { class: 'care-note care-note--empty' }, '特記事項の記載はありません');
  const findingList = findings.length > 0
    ? el('ul', { class: 'care-findings', 'aria-label': `${item.id} ${item.name}への指摘` }, ...findings.map(findingCard))
    : el('p', { class: 'care-ok' }, '指摘はありません');
  return el('li', { class: 'care-item', 'data-item': item.id },
    el('h3', { class: 'care-item__title' }, `${item.id} ${item.name}`,
      el('span', { class: 'care-item__answer' }, `選択：${answer}`)),
    el('div', { class: 'care-item__body' },
      el('div', { class: 'care-item__note' }, el('span', { class: 'care-finding__label' }, '特記事項'), note),
      el('div', { class: 'care-item__findings' }, findingList)));
}

function renderCheck(check) {
  current = check;
  resultMeta.textContent = `調査票ID ${check.form_id}・第${check.version}版・${formatDateTime(check.checked_at)}` +
    `・ルール ${check.rules_version}`;
  const undecided = check.findings.filter((f) => !f.decision).length;
  resultSummary.textContent = check.findings.length === 0
    ? '指摘はありませんでした。'
    : `指摘 ${check.findings.length}件（未判断 ${undecided}件）`;

  const cross = check.findings.filter((f) => f.kind === 'warning_code');
  crossList.replaceChildren(...cross.map(findingCard));
  crossSection.hidden = cross.length === 0;

  const byItem = new Map();
  for (const f of check.findings) {
    if (f.kind === 'warning_code' || f.items.length === 0) continue;
    if (!byItem.has(f.items[0])) byItem.set(f.items[0], []);
    byItem.get(f.items[0]).push(f);
  }
  itemList.replaceChildren(...check.items
    .filter((item) => item.note || byItem.has(item.id))
    .map((item) => itemCard(item, byItem.get(item.id) || [])));
  resultSection.hidden = false;
}

async function openCheck(checkId) {
  clearMessage(historyAlert);
  try {
    const check = await api('GET', `/care/checks/${encodeURIComponent(checkId)}`);
    clearMessage(resultAlert);
    clearMessage(resultStatus);
    renderCheck(check);
    resultHeading.focus();
  } catch (e) {
    showError(historyAlert, e.message, 'チェック結果を開けませんでした');
  }
}

// ---- Input ---------------------------------------------------------------------

fileInput.addEventListener('change', async () => {
  clearMessage(checkAlert);
  clearMessage(checkStatus);
  const file = fileInput.files[0];
  if (!file) return;
  if (file.size > 1024 * 1024) {
    showError(checkAlert, 'ファイルが大きすぎます（1MBまで）。', 'ファイルを読み込めませんでした');
    return;
  }
  try {
    jsonInput.value = await file.text();
    showStatus(checkStatus, `ファイル「${file.name}」を読み込みました。「チェックする」を押してください。`);
  } catch {
    showError(checkAlert, 'ファイルを読めませんでした。', 'ファイルを読み込めませんでした');
  }
});

checkForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  clearMessage(checkAlert);
  clearMessage(checkStatus);
  jsonInput.removeAttribute('aria-invalid');
  let form;
  try {
    form = JSON.parse(jsonInput.value);
  } catch (e) {
    jsonInput.setAttribute('aria-invalid', 'true');
    showError(checkAlert, jsonInput.value.trim() === ''
      ? '調査票の内容を貼り付けるか、ファイルを選んでください。'
      : `JSONの形式が正しくありません（${e.message}）。`, 'チェックできませんでした');
    jsonInput.focus();
    return;
  }
  checkButton.disabled = true;
  try {
    const check = await api('POST', '/care/check', form);
    clearMessage(resultAlert);
    clearMessage(resultStatus);
    renderCheck(check);
    showStatus(checkStatus, `調査票「${check.form_id}」（第${check.version}版）をチェックしました。`);
    resultHeading.focus();
    historyOffset = 0;
    loadHistory().catch(() => {});
    loadReport().catch(() => {});
  } catch (e) {
    if (e.status === 400) jsonInput.setAttribute('aria-invalid', 'true');
    showError(checkAlert, e.message, 'チェックできませんでした');
  } finally {
    checkButton.disabled = false;
  }
});

// ---- Past checks and the report ---------------------------------------------

async function loadHistory() {
  clearMessage(historyAlert);
  let page;
  try {
    page = await api('GET', `/care/checks?limit=${PAGE_SIZE}&offset=${historyOffset}`);
  } catch (e) {
    showError(historyAlert, e.message, '過去のチェックを読み込めませんでした');
    throw e;
  }
  historyBody.replaceChildren(...page.checks.map((c) => {
    const open = el('button', {
      type: 'button', class: 'button button--secondary button--small',
      'aria-label': `調査票 ${c.form_id} 第${c.version}版を開く`,
    }, '開く');
    open.addEventListener('click', () => openCheck(c.check_id));
    return el('tr', { 'data-check-id': c.check_id },
      el('td', { class: 'cell-date' }, formatDateTime(c.checked_at)),
      el('td', {}, c.form_id),
      el('td', { class: 'num' }, `第${c.version}版`),
      el('td', { class: 'num' }, String(c.finding_count)),
      el('td', { class: 'num' }, String(c.undecided_count)),
      el('td', {}, c.checked_by.display_name || c.checked_by.id),
      el('td', {}, open));
  }));
  historyEmpty.hidden = page.total !== 0;
  const last = Math.min(page.offset + page.checks.length, page.total);
  historyCount.textContent = page.total === 0 ? '' : `${page.total}件中 ${page.offset + 1}〜${last}件`;
  historyPrev.disabled = page.offset === 0;
  historyNext.disabled = last >= page.total;
}

historyPrev.addEventListener('click', () => {
  historyOffset = Math.max(0, historyOffset - PAGE_SIZE);
  loadHistory().catch(() => {});
});
historyNext.addEventListener('click', () => {
  historyOffset += PAGE_SIZE;
  loadHistory().catch(() => {});
});

function percent(rate) {
  return rate === null ? '—' : `${Math.round(rate * 100)}%`;
}

async function loadReport() {
  clearMessage(reportAlert);
  let report;
  try {
    report = await api('GET', '/care/reports/false-alarms');
  } catch (e) {
    showError(reportAlert, e.message, '誤検知レポートを読み込めませんでした');
    throw e;
  }
  reportBody.replaceChildren(...report.rules.map((r) => el('tr', { 'data-kind': r.kind, 'data-rule': r.rule },
    el('td', {}, KIND_LABELS[r.kind] || r.kind),
    el('td', {}, r.label),
    el('td', { class: 'num', 'data-col': 'raised' }, String(r.raised)),
    el('td', { class: 'num', 'data-col': 'adopted' }, String(r.adopted)),
    el('td', { class: 'num', 'data-col': 'dismissed' }, String(r.dismissed)),
    el('td', { class: 'num', 'data-col': 'undecided' }, String(r.undecided)),
    el('td', { class: 'num', 'data-col': 'rate' }, percent(r.dismissal_rate)))));
  reportEmpty.hidden = report.rules.length !== 0;
}

reportRefresh.addEventListener('click', () => loadReport().catch(() => {}));

function showForbidden(error) {
  document.getElementById('lead').hidden = true;
  showError(alertRegion, error.message, 'この画面を開く権限がありません');
  alertRegion.append(el('p', {}, el('a', { href: '/console/' }, 'ホームに戻る')));
}

async function main() {
  await requireSession();
  try {
    await Promise.all([loadHistory(), loadReport()]);
  } catch (e) {
    if (e.status === 403) {
      clearMessage(historyAlert);
      clearMessage(reportAlert);
      showForbidden(e);
      return;
    }
  } finally {
    loading.hidden = true;
  }
  content.hidden = false;
}

main().catch((e) => {
  loading.hidden = true;
  showError(alertRegion, e.message, '画面を表示できませんでした');
});
