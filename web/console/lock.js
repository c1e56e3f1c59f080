// スマートロック・施設予約 (facility staff and the disaster HQ): the
// reservations calendar per facility (create, approve, mark paid, cancel, CSV
// import), door status (online, list age, not yet synced, lock, battery), a
// resident's unlock rights, the access log with filters, emergency opening of
// shelters and its record, and the KPI. Text from the server is put on the
// page only as text nodes.

import { ApiError, api, clearMessage, el, formatDateTime, requireSession, showError, showStatus } from './app.js';

const $ = (id) => document.getElementById(id);

const STATUS_LABELS = { pending: '仮予約', approved: '承認', cancelled: '取消' };
const PAYMENT_LABELS = { unpaid: '未納', paid: '納付済', waived: '免除' };
const KIND_LABELS = { window: '予約時間帯', standing: '常時', shelter: '避難所開設担当' };
const REASON_LABELS = {
  window: '予約時間帯', standing: '常時の権限', shelter: '避難所開設担当', emergency_open: '緊急開放中',
  emergency_open_command: '緊急開放の指示を受信', emergency_end_command: '緊急開放の終了を受信',
  no_list: '名簿なし', unknown_card: '権限のないカード', outside_window: '予約時間外', expired: '期限切れ',
  list_stale: '名簿が古い', clock_untrusted: '時計が信頼できない',
};

let data = { facilities: [], rooms: [], doors: [] };
let roles = new Set();

function japanToday() {
  return new Date(Date.now() + 9 * 3600 * 1000).toISOString().slice(0, 10);
}

function monthRange(month) {
  const [y, m] = month.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}

function facilityName(id) {
  const f = data.facilities.find((x) => x.id === id);
  return f ? f.name : id;
}

function roomName(id) {
  if (!id) return '施設全体';
  const r = data.rooms.find((x) => x.id === id);
  return r ? r.name : id;
}

function doorName(id) {
  const d = data.doors.find((x) => x.id === id);
  return d ? `${facilityName(d.facility_id)} ${d.name}` : id;
}

function badge(text, kind) {
  return el('span', { class: `lock-badge${kind ? ` lock-badge--${kind}` : ''}` }, text);
}

function ageText(seconds) {
  if (seconds === null || seconds === undefined) return '未受信';
  if (seconds < 120) return `${seconds} 秒`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} 分`;
  return `${Math.round(seconds / 3600)} 時間`;
}

async function loadFacilities() {
  data = await api('GET', '/lock/facilities');
  const options = data.facilities.map((f) => el('option', { value: f.id }, f.name + (f.shelter ? '（避難所）' : '')));
  const current = $('facility').value;
  $('facility').replaceChildren(...options);
  if (current) $('facility').value = current;
  $('g-facility').replaceChildren(...data.facilities.map((f) => el('option', { value: f.id }, f.name)));
  $('log-facility').replaceChildren(el('option', { value: '' }, 'すべて'),
    ...data.facilities.map((f) => el('option', { value: f.id }, f.name)));
  $('shelter-list').replaceChildren(...data.facilities.filter((f) => f.shelter).map((f) =>
    el('label', { class: 'checkbox' }, el('input', { type: 'checkbox', value: f.id, name: 'shelter' }), f.name)));
  renderRooms();
  renderDoors();
}

function renderRooms() {
  const facility = $('facility').value;
  $('r-room').replaceChildren(el('option', { value: '' }, '施設全体'),
    ...data.rooms.filter((r) => r.facility_id === facility).map((r) => el('option', { value: r.id }, r.name)));
}

function renderDoors() {
  $('doors-body').replaceChildren(...data.doors.map((d) => el('tr', {},
    el('td', {}, facilityName(d.facility_id)),
    el('td', {}, d.name + (d.room_id ? `（${roomName(d.room_id)}）` : '')),
    el('td', {}, d.online ? badge('オンライン') : badge('オフライン', 'bad')),
    el('td', {}, ageText(d.list_age_seconds)),
    el('td', {}, d.pending_sync ? badge('未同期', 'warn') : badge('最新')),
    el('td', {}, { locked: '施錠', unlocked: '解錠', unknown: '不明' }[d.lock_state] || d.lock_state),
    el('td', {}, d.battery_percent === null ? '—' : `${d.battery_percent}%`),
    el('td', {}, d.emergency_open_until ? badge(`開放中（${formatDateTime(d.emergency_open_until)}まで）`, 'bad') : '—'))));
}

async function loadCalendar() {
  clearMessage($('calendar-alert'));
  const facility = $('facility').value;
  if (!facility) return;
  const { from, to } = monthRange($('month').value);
  const q = new URLSearchParams({ facility_id: facility, from, to });
  const { reservations } = await api('GET', `/lock/reservations?${q}`);
  $('calendar-empty').hidden = reservations.length > 0;
  const staff = roles.has('facility_manager') || roles.has('admin');
  $('calendar-body').replaceChildren(...reservations.map((r) => {
    const actions = el('td', {});
    if (staff && r.status !== 'cancelled') {
      if (r.status === 'pending') actions.append(actionButton('承認', r.id, { status: 'approved' }));
      if (r.payment === 'unpaid') actions.append(actionButton('納付済にする', r.id, { payment: 'paid' }));
      actions.append(actionButton('取り消す', r.id, { status: 'cancelled' }, true));
    }
    return el('tr', {},
      el('td', {}, r.date), el('td', {}, `${r.start}〜${r.end}`), el('td', {}, roomName(r.room_id)),
      el('td', {}, r.resident_id), el('td', {}, r.purpose),
      el('td', {}, `${r.fee_yen.toLocaleString('ja-JP')}円 ${PAYMENT_LABELS[r.payment] || r.payment}`),
      el('td', {}, STATUS_LABELS[r.status] || r.status),
      el('td', {}, r.unlock_right
        ? `${formatDateTime(r.unlock_right.from)}〜${formatDateTime(r.unlock_right.until)}` : 'なし'),
      actions);
  }));
}

function actionButton(label, id, body, danger) {
  const b = el('button', { type: 'button', class: `button button--small${danger ? ' button--danger' : ' button--secondary'}` }, label);
  b.addEventListener('click', () => run($('calendar-alert'), async () => {
    await api('POST', `/lock/reservations/${encodeURIComponent(id)}`, body);
    showStatus($('calendar-status'), '予約を更新しました。扉には次の通信で反映されます。');
    await loadCalendar();
  }));
  return b;
}

async function run(region, fn) {
  clearMessage(region);
  try {
    await fn();
  } catch (e) {
    showError(region, e instanceof ApiError ? e.message : String(e));
  }
}

async function loadRights() {
  const resident = $('rights-resident').value.trim();
  if (!resident) return;
  const { rights } = await api('GET', `/lock/residents/${encodeURIComponent(resident)}/rights`);
  $('rights-body').replaceChildren(...rights.map((r) => {
    const op = el('td', {});
    if (!r.revoked_at && !r.reservation_id) {
      const b = el('button', { type: 'button', class: 'button button--small button--danger' }, '取り消す');
      b.addEventListener('click', () => run($('rights-alert'), async () => {
        await api('POST', `/lock/rights/${encodeURIComponent(r.id)}/revoke`, {});
        await loadRights();
      }));
      op.append(b);
    }
    return el('tr', {}, el('td', {}, KIND_LABELS[r.kind] || r.kind), el('td', {}, facilityName(r.facility_id)),
      el('td', {}, `${formatDateTime(r.from)}〜${formatDateTime(r.until)}`), el('td', {}, r.note),
      el('td', {}, r.revoked_at ? `取消（${formatDateTime(r.revoked_at)}）` : '有効'), op);
  }));
}

async function loadLog() {
  const q = new URLSearchParams({ limit: '200' });
  if ($('log-facility').value) q.set('facility_id', $('log-facility').value);
  if ($('log-outcome').value) q.set('outcome', $('log-outcome').value);
  if ($('log-resident').value.trim()) q.set('resident_id', $('log-resident').value.trim());
  if ($('log-date').value) {
    const from = Date.parse(`${$('log-date').value}T00:00:00+09:00`);
    q.set('from_ms', String(from));
    q.set('to_ms', String(from + 86400000));
  }
  const { events } = await api('GET', `/lock/access-log?${q}`);
  $('log-body').replaceChildren(...events.map((e) => el('tr', {},
    el('td', {}, formatDateTime(e.at)), el('td', {}, doorName(e.door_id)), el('td', {}, e.resident_id || '—'),
    el('td', {}, e.granted ? badge('解錠') : badge('拒否', 'warn')), el('td', {}, REASON_LABELS[e.reason] || e.reason))));
}

async function loadEmergency() {
  const { actions } = await api('GET', '/lock/emergency');
  $('emergency-body').replaceChildren(...actions.map((a) => el('tr', {},
    el('td', {}, formatDateTime(a.created_at)), el('td', {}, doorName(a.door_id)),
    el('td', {}, a.kind === 'emergency_open' ? '開放' : '開放終了'), el('td', {}, formatDateTime(a.until)),
    el('td', {}, a.reason), el('td', {}, a.delivered_at ? formatDateTime(a.delivered_at) : badge('未到達', 'warn')))));
}

async function loadKpi() {
  const today = japanToday();
  const from = `${today.slice(0, 4)}-04-01` <= today ? `${today.slice(0, 4)}-04-01` : `${Number(today.slice(0, 4)) - 1}-04-01`;
  const k = await api('GET', `/lock/kpi?${new URLSearchParams({ from, to: today })}`);
  $('kpi').textContent = k.reservations === 0
    ? `${from} 以降、集計対象の予約はまだありません。`
    : `${from}〜${today}: 予約 ${k.reservations} 件のうち ${k.entered_with_lock} 件でカードにより入室（${(k.share * 100).toFixed(1)}%）`;
}

function bind() {
  $('facility').addEventListener('change', () => { renderRooms(); run($('calendar-alert'), loadCalendar); });
  $('month').addEventListener('change', () => run($('calendar-alert'), loadCalendar));
  $('doors-refresh').addEventListener('click', () => run($('alert'), loadFacilities));
  $('reservation-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    run($('calendar-alert'), async () => {
      const body = {
        resident_id: $('r-resident').value.trim(), facility_id: $('facility').value, date: $('r-date').value,
        start: $('r-start').value, end: $('r-end').value, purpose: $('r-purpose').value,
        fee_yen: Number($('r-fee').value || 0), payment: $('r-payment').value, status: $('r-status').value,
      };
      if ($('r-room').value) body.room_id = $('r-room').value;
      await api('POST', '/lock/reservations', body);
      showStatus($('calendar-status'), '予約を登録しました。');
      await loadCalendar();
    });
  });
  $('import-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    run($('calendar-alert'), async () => {
      const file = $('import-file').files[0];
      if (!file) throw new Error('CSVファイルを選んでください。');
      try {
        const r = await api('POST', '/lock/reservations/import', { csv: await file.text() });
        showStatus($('calendar-status'), `取り込みました: 新規 ${r.created} 件、更新 ${r.updated} 件、変更なし ${r.unchanged} 件`);
      } catch (e) {
        if (e instanceof ApiError && e.status === 422) throw new Error('CSVに誤りがあるため、何も取り込んでいません。');
        throw e;
      }
      await loadCalendar();
    });
  });
  $('rights-form').addEventListener('submit', (ev) => { ev.preventDefault(); run($('rights-alert'), loadRights); });
  $('grant-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    run($('rights-alert'), async () => {
      const until = Date.parse(`${$('g-until').value}T23:59:59+09:00`);
      await api('POST', '/lock/rights', {
        resident_id: $('rights-resident').value.trim(), facility_id: $('g-facility').value, kind: $('g-kind').value,
        until_ms: until, note: $('g-note').value,
      });
      await loadRights();
    });
  });
  $('log-form').addEventListener('submit', (ev) => { ev.preventDefault(); run($('alert'), loadLog); });
  const emergency = (path, confirmText) => run($('emergency-alert'), async () => {
    const facilityIds = [...document.querySelectorAll('input[name=shelter]:checked')].map((i) => i.value);
    if (facilityIds.length === 0) throw new Error('避難所を選んでください。');
    if (!window.confirm(confirmText)) return;
    const hours = Number($('e-hours').value || 24);
    const r = await api('POST', path, {
      facility_ids: facilityIds, reason: $('e-reason').value.trim(), until_ms: Date.now() + hours * 3600000,
    });
    showStatus($('emergency-status'), `${r.actions.length} か所の扉に指示しました。扉には次の通信で届きます。`);
    await Promise.all([loadEmergency(), loadFacilities()]);
  });
  $('emergency-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    emergency('/lock/emergency/open', '選んだ避難所の扉をすべて開放します。よろしいですか。');
  });
  $('emergency-end').addEventListener('click', () => emergency('/lock/emergency/end', '開放を終えて施錠に戻します。よろしいですか。'));
}

async function main() {
  const session = await requireSession();
  roles = new Set(session.user.roles);
  const staff = roles.has('facility_manager') || roles.has('admin');
  const hq = roles.has('disaster_hq') || roles.has('admin');
  for (const node of document.querySelectorAll('[data-staff-only]')) node.hidden = !staff;
  for (const node of document.querySelectorAll('[data-hq-only]')) node.hidden = !hq;
  $('month').value = japanToday().slice(0, 7);
  bind();
  try {
    await loadFacilities();
    await Promise.all([loadCalendar(), loadLog(), loadEmergency(), loadKpi()]);
    $('content').hidden = false;
  } catch (e) {
    showError($('alert'), e instanceof ApiError ? e.message : String(e), '読み込めませんでした');
  } finally {
    $('loading').hidden = true;
  }
}

main();
