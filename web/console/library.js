// 図書館カード連携 (librarians, reception, admins): links a resident (by the
// resident id from the resident directory) to a library card number, shows
// and closes a resident's links, imports the ILS's monthly loans CSV, shows
// the KPIs, and lets admins edit library systems and their barcode profiles.
// Text from the server is put on the page only as text nodes.

import { api, clearMessage, el, formatDateTime, requireSession, showError, showStatus } from './app.js';

const $ = (id) => document.getElementById(id);
let systems = [];
let isAdmin = false;

function fiscalYearNow() {
  const now = new Date(Date.now() + 9 * 3600 * 1000);
  const y = now.getUTCFullYear();
  return now.getUTCMonth() + 1 >= 4 ? y : y - 1;
}

function systemName(id) {
  const s = systems.find((x) => x.id === id);
  return s ? s.name : id;
}

const CHECK_LABELS = {
  none: 'なし', mod10_w31: 'M10W31', mod10_w21_split: 'M10W21 分割', mod10_w21_sum: 'M10W21 一括',
  mod11_w27: 'M11W27', mod16: 'モジュラス16', '7dr': '7DR', '7dsr': '7DSR', '9dr': '9DR', '9dsr': '9DSR',
};

function describeProfile(p) {
  const kind = { codabar: 'NW-7', code39: 'Code 39', code128: 'Code 128', itf: 'ITF', ean13: 'JAN' }[p.symbology];
  const ss = p.symbology === 'codabar' ? `（${p.start}…${p.stop}）` : '';
  const check = CHECK_LABELS[p.check_digit] || p.check_digit;
  return `${kind}${ss} ${p.length}桁${p.prefix ? `・先頭 ${p.prefix}` : ''}・チェックデジット ${check}`;
}

function fillSystemSelects() {
  for (const id of ['link-system', 'loans-system']) {
    $(id).replaceChildren(...systems.map((s) => el('option', { value: s.id }, s.name)));
  }
  updateNumberHint();
}

function updateNumberHint() {
  const s = systems.find((x) => x.id === $('link-system').value);
  $('link-number-hint').textContent = s ? describeProfile(s.profile) : '図書館システムが登録されていません';
}

async function loadSystems() {
  const data = await api('GET', '/library/systems');
  systems = data.systems;
  fillSystemSelects();
  $('systems-body').replaceChildren(...systems.map((s) => {
    const row = el('tr', {},
      el('td', {}, s.id), el('td', {}, s.name), el('td', {}, describeProfile(s.profile)),
      el('td', {}, `${s.clear_after_seconds} 秒`));
    if (isAdmin) {
      row.addEventListener('click', () => {
        $('system-id').value = s.id;
        $('system-name').value = s.name;
        $('system-clear').value = String(s.clear_after_seconds);
        $('system-profile').value = JSON.stringify(s.profile, null, 2);
      });
    }
    return row;
  }));
}

async function showLinks(residentId) {
  const data = await api('GET', `/library/residents/${encodeURIComponent(residentId)}/links`);
  $('links-body').replaceChildren(...data.links.map((l) => {
    const action = el('td');
    if (!l.unlinked_at) {
      const button = el('button', { type: 'button', class: 'button button--secondary button--small' }, '解除する');
      button.addEventListener('click', async () => {
        const reason = window.prompt('解除の理由（例: 図書館カードの紛失）', '') ?? null;
        if (reason === null) return;
        try {
          await api('POST', `/library/links/${encodeURIComponent(l.id)}/unlink`, { reason });
          showStatus($('link-status'), '連携を解除しました');
          await showLinks(residentId);
          await loadKpi();
        } catch (e) {
          showError($('link-alert'), e.message, '解除できませんでした');
        }
      });
      action.append(button);
    }
    return el('tr', {},
      el('td', {}, systemName(l.library_system_id)), el('td', {}, l.card_number),
      el('td', {}, formatDateTime(l.linked_at)),
      el('td', {}, l.unlinked_at ? `${formatDateTime(l.unlinked_at)} ${l.unlink_reason}` : '—'), action);
  }));
}

async function loadKpi() {
  const year = Number($('kpi-year').value) || fiscalYearNow();
  const kpi = await api('GET', `/library/kpi?fiscal_year=${year}`);
  $('kpi-now').textContent = `いま連携している住民: ${kpi.linked_residents_now} 人　年度の貸出冊数: ${kpi.loans_total} 冊`;
  $('kpi-body').replaceChildren(...kpi.linked_residents_by_month.map((m, i) =>
    el('tr', {}, el('td', {}, m.month), el('td', {}, `${m.residents} 人`),
      el('td', {}, `${kpi.loans_by_month[i].loans} 冊`))));
}

async function onLink(event) {
  event.preventDefault();
  clearMessage($('link-alert'));
  clearMessage($('link-status'));
  const residentId = $('link-resident').value.trim();
  try {
    const data = await api('POST', `/library/residents/${encodeURIComponent(residentId)}/links`, {
      library_system_id: $('link-system').value, card_number: $('link-number').value,
    });
    showStatus($('link-status'),
      `${data.resident.name_kana} さんを図書館カード ${data.link.card_number} と連携しました`);
    await showLinks(residentId);
    await loadKpi();
  } catch (e) {
    showError($('link-alert'), e.message, '連携できませんでした');
  }
}

async function onLoans(event) {
  event.preventDefault();
  clearMessage($('loans-alert'));
  clearMessage($('loans-status'));
  const file = $('loans-file').files[0];
  if (!file) {
    showError($('loans-alert'), 'CSVファイルを選んでください');
    return;
  }
  try {
    const csv = await file.text();
    const report = await api('POST', `/library/systems/${encodeURIComponent($('loans-system').value)}/loans`, { csv });
    showStatus($('loans-status'), `${report.rows} 行を読み、${report.changed} 行を更新しました（${report.months.join('、')}）`);
    await loadKpi();
  } catch (e) {
    showError($('loans-alert'), e.message, '取り込めませんでした');
  }
}

async function onSaveSystem(event) {
  event.preventDefault();
  clearMessage($('system-alert'));
  clearMessage($('system-status'));
  let profile;
  try {
    profile = JSON.parse($('system-profile').value);
  } catch {
    showError($('system-alert'), 'バーコード設定がJSONとして読めません');
    return;
  }
  try {
    await api('PUT', `/library/systems/${encodeURIComponent($('system-id').value.trim())}`, {
      name: $('system-name').value, clear_after_seconds: Number($('system-clear').value) || 15, profile,
    });
    showStatus($('system-status'), '保存しました');
    await loadSystems();
  } catch (e) {
    showError($('system-alert'), e.message, '保存できませんでした');
  }
}

async function main() {
  const session = await requireSession();
  isAdmin = session.user.roles.includes('admin');
  try {
    await loadSystems();
    $('kpi-year').value = String(fiscalYearNow());
    if (session.user.roles.includes('librarian') || isAdmin) {
      await loadKpi();
    }
  } catch (e) {
    showError($('alert'), e.message, '読み込めませんでした');
  }
  $('system-form').hidden = !isAdmin;
  $('link-system').addEventListener('change', updateNumberHint);
  $('link-form').addEventListener('submit', onLink);
  $('link-history').addEventListener('click', async () => {
    clearMessage($('link-alert'));
    try {
      await showLinks($('link-resident').value.trim());
    } catch (e) {
      showError($('link-alert'), e.message, '読み込めませんでした');
    }
  });
  $('kpi-year').addEventListener('change', () => loadKpi().catch((e) => showError($('alert'), e.message)));
  $('loans-form').addEventListener('submit', onLoans);
  $('system-form').addEventListener('submit', onSaveSystem);
  $('loading').hidden = true;
  $('content').hidden = false;
}

main();
