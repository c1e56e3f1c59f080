// 要介護認定 申請の進み具合 (care reviewers): imports the office's case and
// form CSV files, runs the batch check of forms waiting for the 審査会, lists
// cases by stage (open findings first, then the longest waiting), shows one
// case with its milestones, form versions and findings, records 採用 / 却下
// (POST /api/v1/care/findings/{id}/decision), and shows the two KPIs.
// Text from the server is put on the page only as text nodes, never as HTML.

import { api, clearMessage, el, formatDateTime, requireSession, showError, showStatus } from './app.js';

const MILESTONES = [
  ['applied_on', '申請日'],
  ['surveyed_on', '認定調査日'],
  ['opinion_requested_on', '主治医意見書 依頼日'],
  ['opinion_received_on', '主治医意見書 受領日'],
  ['primary_judged_on', '一次判定日'],
  ['board_on', '介護認定審査会 開催日'],
  ['certified_on', '認定日'],
  ['notified_on', '通知日'],
];
const KIND_LABELS = {
  warning_code: '警告コード',
  note_contradiction: '特記事項と選択の食い違い',
  missing_note: '特記事項の記載漏れ',
  doctor_mismatch: '主治医意見書との相違',
};
const DECISION_LABELS = { adopt: '採用', dismiss: '却下' };

const $ = (id) => document.getElementById(id);
const loading = $('loading');
const content = $('content');
const alertRegion = $('alert');
const importAlert = $('import-alert');
const importStatus = $('import-status');
const batchAlert = $('batch-alert');
const batchStatus = $('batch-status');
const stageSelect = $('stage');
const queueBody = $('queue-body');
const queueAlert = $('queue-alert');
const caseSection = $('case');
const caseAlert = $('case-alert');
const caseStatus = $('case-status');

let currentCaseId = null;

// ---- Import -----------------------------------------------------------------

async function importFile(input, path, describe) {
  clearMessage(importAlert);
  clearMessage(importStatus);
  const file = input.files[0];
  if (!file) {
    showError(importAlert, 'ファイルを選んでください。', '取り込めませんでした');
    input.focus();
    return;
  }
  if (file.size > 900 * 1024) {
    showError(importAlert, 'ファイルが大きすぎます（900KBまで）。分けて取り込んでください。', '取り込めませんでした');
    return;
  }
  try {
    const report = await api('POST', path, { csv: await file.text() });
    showStatus(importStatus, `「${file.name}」を取り込みました。${describe(report)}`);
    input.value = '';
    loadKpi().catch(() => {});
    await loadQueue();
  } catch (e) {
    showError(importAlert, e.message, '取り込めませんでした（何も書き込んでいません）');
  }
}

$('cases-import').addEventListener('click', () => importFile($('cases-file'), '/care/cases/import',
  (r) => `新規 ${r.created}件、更新 ${r.updated}件、変更なし ${r.unchanged}件。`));
$('forms-import').addEventListener('click', () => importFile($('forms-file'), '/care/forms/import',
  (r) => `新しい調査票・修正版 ${r.added}件、変更なし ${r.unchanged}件。`));

// ---- Batch check --------------------------------------------------------------

$('batch-check').addEventListener('click', async (event) => {
  const button = event.currentTarget;
  clearMessage(batchAlert);
  clearMessage(batchStatus);
  button.disabled = true;
  try {
    const report = await api('POST', '/care/batch-check', {});
    showStatus(batchStatus, report.checked === 0
      ? 'チェックが必要な調査票はありませんでした。'
      : `調査票 ${report.checked}件をチェックしました（指摘 ${report.findings}件）。`);
    loadKpi().catch(() => {});
    await loadQueue();
    if (currentCaseId) await openCase(currentCaseId, false);
  } catch (e) {
    showError(batchAlert, e.message, 'チェックできませんでした');
  } finally {
    button.disabled = false;
  }
});

// ---- Queue --------------------------------------------------------------------

function formText(form) {
  if (!form) return '調査票IDなし';
  if (form.status === 'missing') return '未取り込み';
  if (form.status === 'unchecked') return `第${form.current_version}版 未チェック`;
  if (form.finding_count === 0) return `第${form.current_version}版 指摘なし`;
  return `第${form.current_version}版 指摘 ${form.finding_count}件（未判断 ${form.open_findings}件）`;
}

function daysCell(target) {
  const cell = el('td', { class: 'num', 'data-col': 'days' }, `${target.days}日`);
  if (target.overdue) cell.append(' ', el('span', { class: 'badge cases-badge--overdue' }, '30日超'));
  return cell;
}

async function loadQueue() {
  clearMessage(queueAlert);
  let page;
  try {
    page = await api('GET', `/care/cases?stage=${encodeURIComponent(stageSelect.value)}`);
  } catch (e) {
    showError(queueAlert, e.message, '申請の一覧を読み込めませんでした');
    throw e;
  }
  queueBody.replaceChildren(...page.cases.map((c) => {
    const open = el('button', {
      type: 'button', class: 'button button--secondary button--small', 'aria-label': `申請 ${c.case_no} を開く`,
    }, '開く');
    open.addEventListener('click', () => openCase(c.id, true));
    const hasOpen = c.form && c.form.open_findings > 0;
    return el('tr', { 'data-case-id': c.id, 'data-case-no': c.case_no, class: hasOpen ? 'cases-row--open' : null },
      el('td', {}, c.case_no),
      el('td', {}, c.application_type_label),
      el('td', { 'data-col': 'stage' }, c.stage_label),
      el('td', { class: 'cell-date' }, c.milestones.applied_on),
      daysCell(c.target),
      el('td', { 'data-col': 'form' }, formText(c.form)),
      el('td', {}, open));
  }));
  $('queue-empty').hidden = page.cases.length !== 0;
  $('queue-count').textContent = page.total > page.cases.length
    ? `${page.total}件中 ${page.cases.length}件を表示` : `${page.total}件`;
}

stageSelect.addEventListener('change', () => loadQueue().catch(() => {}));

// ---- One case -----------------------------------------------------------------

function findingLine(f) {
  return `${KIND_LABELS[f.kind] || f.kind}${f.items.length ? `（${f.items.join('・')}）` : ''}：${f.message}`;
}

function versionEntry(v) {
  const li = el('li', { 'data-version': v.version });
  li.append(el('strong', {}, `第${v.version}版`), `（取り込み ${formatDateTime(v.imported_at)}）`);
  if (!v.check) {
    li.append('：未チェック');
    return li;
  }
  li.append(`：${formatDateTime(v.check.checked_at)} にチェック、指摘 ${v.check.finding_count}件`);
  if (v.changes) {
    const list = el('ul', { class: 'cases-changes' });
    for (const f of v.changes.added) list.append(el('li', { 'data-change': 'added' }, `増えた指摘 ― ${findingLine(f)}`));
    for (const f of v.changes.removed) {
      list.append(el('li', { 'data-change': 'removed' }, `なくなった指摘 ― ${findingLine(f)}`));
    }
    if (!list.children.length) list.append(el('li', {}, '前の版と同じ指摘です'));
    li.append(list);
  }
  return li;
}

function findingCard(finding, notes) {
  const id = finding.finding_id;
  const card = el('li', { class: 'cases-finding', 'data-finding-id': id, 'data-kind': finding.kind });
  card.append(el('p', { class: 'cases-finding__head' },
    el('span', { class: 'badge' }, KIND_LABELS[finding.kind] || finding.kind), ' ',
    finding.items.length ? `項目 ${finding.items.join('・')}` : ''));
  card.append(el('p', {}, finding.message));
  for (const item of finding.items) {
    if (notes.has(item)) card.append(el('p', { class: 'cases-note' }, `特記事項（${item}）：${notes.get(item)}`));
  }
  if (finding.suggested_labels.length) {
    card.append(el('p', {}, `提案：${finding.suggested_labels.map((l) => `「${l}」`).join('')}`));
  }
  const d = finding.decision;
  card.append(el('p', { 'data-testid': 'decision-state' }, d
    ? `判断：${DECISION_LABELS[d.decision] || d.decision}（${d.decided_by.display_name || d.decided_by.id}、` +
      `${formatDateTime(d.decided_at)}）${d.comment ? `：${d.comment}` : ''}`
    : '判断：未判断'));

  const commentId = `comment-${id}`;
  const comment = el('textarea', { id: commentId, rows: '2', maxlength: '1000', class: 'cases-comment' });
  const buttons = ['adopt', 'dismiss'].map((decision) => el('button', {
    type: 'button',
    class: `button button--small${decision === 'dismiss' ? ' button--danger' : ''}`,
    'data-decision': decision,
  }, DECISION_LABELS[decision]));
  const alert = el('div', { class: 'alert alert--error', role: 'alert' });
  for (const button of buttons) {
    button.addEventListener('click', async () => {
      clearMessage(alert);
      for (const b of buttons) b.disabled = true;
      try {
        await api('POST', `/care/findings/${encodeURIComponent(id)}/decision`,
          { decision: button.dataset.decision, comment: comment.value.trim() });
        await openCase(currentCaseId, false);
        showStatus(caseStatus, `指摘を「${DECISION_LABELS[button.dataset.decision]}」として記録しました。`);
        loadQueue().catch(() => {});
      } catch (e) {
        for (const b of buttons) b.disabled = false;
        showError(alert, e.message, '記録できませんでした');
      }
    });
  }
  card.append(el('div', { class: 'cases-decide' },
    el('label', { for: commentId }, 'コメント（任意）'), comment, alert, el('div', { class: 'actions' }, ...buttons)));
  return card;
}

function renderCase(c) {
  $('case-heading').textContent = `申請 ${c.case_no}`;
  $('case-meta').textContent = `${c.application_type_label}・${c.stage_label}・被保険者参照 ${c.insured_ref}` +
    (c.insured_number ? `・被保険者番号 ${c.insured_number}` : '');
  const t = c.target;
  $('case-target').textContent = t.decided
    ? `申請日から認定まで ${t.days}日${t.overdue ? '（30日を超えました）' : '（30日以内）'}`
    : `申請日から ${t.days}日たっています。30日目は ${t.due_on} です${t.overdue ? '（すでに超えています）' : ''}。`;
  $('case-target').classList.toggle('is-overdue', t.overdue);

  $('case-milestones').replaceChildren(...MILESTONES.flatMap(([key, label]) => [
    el('dt', {}, label), el('dd', { 'data-milestone': key }, c.milestones[key] || '—')]));

  $('case-no-form').hidden = c.versions.length > 0;
  $('case-versions').replaceChildren(...c.versions.map(versionEntry));

  const check = c.check;
  $('case-no-check').hidden = Boolean(check);
  const notes = new Map((check ? check.items : []).filter((i) => i.note).map((i) => [i.id, i.note]));
  $('case-findings').replaceChildren(...(check ? check.findings.map((f) => findingCard(f, notes)) : []));
  caseSection.hidden = false;
}

async function openCase(id, focus) {
  clearMessage(caseAlert);
  clearMessage(caseStatus);
  try {
    const c = await api('GET', `/care/cases/${encodeURIComponent(id)}`);
    currentCaseId = id;
    renderCase(c);
    if (focus) $('case-heading').focus();
  } catch (e) {
    showError(focus ? queueAlert : caseAlert, e.message, '申請を開けませんでした');
  }
}

// ---- KPI ----------------------------------------------------------------------

function days(value) {
  return value === null ? '—' : `${Math.round(value * 10) / 10}日`;
}
function percent(value) {
  return value === null ? '—' : `${Math.round(value * 1000) / 10}%`;
}

async function loadKpi() {
  clearMessage($('kpi-alert'));
  const params = new URLSearchParams();
  if ($('kpi-from').value) params.set('from', $('kpi-from').value);
  if ($('kpi-to').value) params.set('to', $('kpi-to').value);
  let kpi;
  try {
    kpi = await api('GET', `/care/kpi?${params}`);
  } catch (e) {
    showError($('kpi-alert'), e.message, 'KPIを読み込めませんでした');
    throw e;
  }
  $('kpi-from').value = kpi.from;
  $('kpi-to').value = kpi.to;
  const total = kpi.days_to_decision;
  const years = kpi.forms_checked.by_fiscal_year.map((y) => `${y.fiscal_year}年度 ${y.checks}件`).join('、');
  $('kpi-summary').textContent = `${kpi.from}〜${kpi.to}：チェック ${kpi.forms_checked.total.checks}件` +
    `（${years}）。認定 ${total.count}件、平均 ${days(total.average_days)}、中央値 ${days(total.median_days)}、` +
    `30日超 ${percent(total.share_over_30_days)}。`;
  $('kpi-body').replaceChildren(...kpi.months.map((m) => el('tr', { 'data-month': m.month },
    el('td', {}, m.month),
    el('td', { class: 'num', 'data-col': 'checks' }, String(m.forms_checked.checks)),
    el('td', { class: 'num' }, String(m.forms_checked.forms)),
    el('td', { class: 'num' }, String(m.days_to_decision.count)),
    el('td', { class: 'num' }, days(m.days_to_decision.average_days)),
    el('td', { class: 'num' }, days(m.days_to_decision.median_days)),
    el('td', { class: 'num' }, percent(m.days_to_decision.share_over_30_days)))));
}

$('kpi-form').addEventListener('submit', (event) => {
  event.preventDefault();
  loadKpi().catch(() => {});
});

// ---- Start --------------------------------------------------------------------

async function main() {
  await requireSession();
  try {
    await Promise.all([loadQueue(), loadKpi()]);
  } catch (e) {
    if (e.status === 403) {
      clearMessage(queueAlert);
      clearMessage($('kpi-alert'));
      $('lead').hidden = true;
      showError(alertRegion, e.message, 'この画面を開く権限がありません');
      alertRegion.append(el('p', {}, el('a', { href: '/console/' }, 'ホームに戻る')));
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
