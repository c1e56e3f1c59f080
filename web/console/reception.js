// 施設・イベント・避難所の受付 (reception staff; disaster HQ see the walk-in form
// and places): walk-in entry for visitors without a card, places and events with
// open-data CSV import, pre-registration with a waiting list, visit analytics
// with SVG charts against the same period of the previous fiscal year, and the
// KPI. Individual-row exports are offered to admins only (the server enforces
// it and audits them). Text from the server is put on the page only as text nodes.

import { api, clearMessage, el, requireSession, showError, showStatus } from './app.js';

const $ = (id) => document.getElementById(id);
const SVG = 'http://www.w3.org/2000/svg';
const AGE_LABELS = {
  '0-9': '10歳未満', '10-19': '10代', '20-29': '20代', '30-39': '30代', '40-49': '40代', '50-59': '50代',
  '60-69': '60代', '70-79': '70代', '80+': '80歳以上', unknown: '不明',
};
const WEEKDAYS = ['日', '月', '火', '水', '木', '金', '土'];
const STATUS_LABELS = { registered: '申込済み', waiting: 'キャンセル待ち', cancelled: '取消' };

let places = [];
let events = [];
let selectedEvent = null;
let roles = [];

const has = (role) => roles.includes(role) || roles.includes('admin');

function japanToday() {
  return new Date(Date.now() + 9 * 3600 * 1000).toISOString().slice(0, 10);
}

function fiscalYearStart(date) {
  const [y, m] = date.split('-').map(Number);
  return `${m >= 4 ? y : y - 1}-04-01`;
}

function percent(share) {
  return share === null || share === undefined ? '–' : `${Math.round(share * 1000) / 10}%`;
}

function growthText(growth) {
  if (growth === null || growth === undefined) return '前年度の記録なし';
  const p = Math.round(growth * 1000) / 10;
  return `${p >= 0 ? '+' : ''}${p}%`;
}

// ---- Walk-in ----------------------------------------------------------------------

function fillPlaceSelects() {
  for (const id of ['walkin-place', 'event-place']) {
    const select = $(id);
    const current = select.value;
    select.replaceChildren(el('option', { value: '' }, id === 'walkin-place' ? '選んでください' : '（未定・市外）'));
    for (const p of places) select.append(el('option', { value: p.id }, p.name));
    select.value = current;
  }
  const walkinEvent = $('walkin-event');
  walkinEvent.replaceChildren(el('option', { value: '' }, '（施設の利用）'));
  const today = japanToday();
  for (const e of events) {
    if (e.start_date <= today && e.end_date >= today && (!e.place_id || e.place_id === $('walkin-place').value)) {
      walkinEvent.append(el('option', { value: e.id }, e.name));
    }
  }
}

async function submitWalkIn(event) {
  event.preventDefault();
  const alert = $('walkin-alert');
  clearMessage(alert);
  clearMessage($('walkin-status'));
  const placeId = $('walkin-place').value;
  const name = $('walkin-name').value.trim();
  if (!placeId || !name) {
    showError(alert, '施設と氏名（カナ）を入力してください。');
    return;
  }
  const item = {
    id: newUlid(),
    walk_in: { name_kana: name, district: $('walkin-district').value.trim(), age_band: $('walkin-age').value },
  };
  if ($('walkin-event').value) item.event_id = $('walkin-event').value;
  try {
    const { results } = await api('POST', '/reception/walkins', { place_id: placeId, checkins: [item] });
    const r = results[0];
    if (r.outcome === 'error') {
      showError(alert, r.error.message, '受付できませんでした');
    } else if (r.outcome === 'refused') {
      showError(alert, r.message, '受付できませんでした');
    } else {
      showStatus($('walkin-status'), `${name} さまを受付しました。`);
      $('walkin-name').value = '';
      $('walkin-district').value = '';
    }
  } catch (e) {
    showError(alert, e.message, '受付できませんでした');
  }
}

// A ULID (48-bit milliseconds + 80 random bits, Crockford base32) made here, so
// that a retried request keeps its id and is counted once.
function newUlid() {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  let time = Date.now();
  let out = '';
  for (let i = 0; i < 10; i++) {
    out = alphabet[time % 32] + out;
    time = Math.floor(time / 32);
  }
  const random = crypto.getRandomValues(new Uint8Array(16));
  for (let i = 0; i < 16; i++) out += alphabet[random[i] % 32];
  return out;
}

// ---- Places -----------------------------------------------------------------------

async function loadPlaces() {
  ({ places } = await api('GET', '/reception/places'));
  const body = $('places-body');
  body.replaceChildren();
  for (const p of places) {
    const edit = el('button', { type: 'button', class: 'button button--secondary button--small' }, '編集');
    edit.addEventListener('click', () => {
      $('place-id').value = p.id;
      $('place-name').value = p.name;
      $('place-kana').value = p.name_kana;
      $('place-address').value = p.address;
      $('place-capacity').value = String(p.shelter_capacity);
      $('place-form-title').textContent = `「${p.name}」を編集する`;
      $('place-name').focus();
    });
    body.append(el('tr', {},
      el('th', { scope: 'row' }, p.name, el('br'), el('span', { class: 'hint' }, p.name_kana)),
      el('td', {}, p.address),
      el('td', {}, p.shelter_capacity > 0 ? `${p.shelter_capacity}人` : '–'),
      el('td', {}, has('reception') ? edit : '')));
  }
  fillPlaceSelects();
}

function resetPlaceForm() {
  $('place-form').reset();
  $('place-id').value = '';
  $('place-form-title').textContent = '施設を追加する';
}

async function savePlace(event) {
  event.preventDefault();
  const alert = $('places-alert');
  clearMessage(alert);
  const body = {
    name: $('place-name').value.trim(),
    name_kana: $('place-kana').value.trim(),
    address: $('place-address').value.trim(),
    shelter_capacity: Number($('place-capacity').value || 0),
  };
  const id = $('place-id').value;
  try {
    if (id) {
      await api('PUT', `/reception/places/${encodeURIComponent(id)}`, body);
    } else {
      await api('POST', '/reception/places', body);
    }
    showStatus($('places-status'), `「${body.name}」を保存しました。`);
    resetPlaceForm();
    await loadPlaces();
  } catch (e) {
    showError(alert, e.message, '保存できませんでした');
  }
}

async function importCsv(input, path, alertId, statusId, reload) {
  const file = input.files[0];
  if (!file) return;
  clearMessage($(alertId));
  clearMessage($(statusId));
  try {
    const csv = await file.text();
    const { import: report } = await api('POST', path, { csv });
    let text = `取り込みました: 追加 ${report.inserted} 件、更新 ${report.updated} 件、変更なし ${report.unchanged} 件。`;
    if (report.unmatched_places.length > 0) {
      text += ` 登録されていない会場: ${report.unmatched_places.join('、')}`;
    }
    showStatus($(statusId), text);
    await reload();
  } catch (e) {
    showError($(alertId), e.message, '取り込めませんでした');
  }
  input.value = '';
}

// ---- Events and registrations ---------------------------------------------------------

async function loadEvents() {
  ({ events } = await api('GET', `/reception/events?from=${japanToday()}`));
  const body = $('events-body');
  body.replaceChildren();
  $('events-empty').hidden = events.length > 0;
  for (const e of events) {
    const open = el('button', { type: 'button', class: 'button button--secondary button--small' }, '申込者');
    open.addEventListener('click', () => showRegistrations(e));
    body.append(el('tr', {},
      el('td', {}, e.start_date === e.end_date ? e.start_date : `${e.start_date}〜${e.end_date}`, ' ', e.start_time),
      el('th', { scope: 'row' }, e.name, e.preregistration ? el('span', { class: 'badge' }, '事前申込') : ''),
      el('td', {}, e.place_name),
      el('td', {}, e.capacity > 0 ? String(e.capacity) : '制限なし'),
      el('td', {}, `${e.registered} / ${e.waiting} / ${e.checked_in}`),
      el('td', {}, open)));
  }
  fillPlaceSelects();
}

async function showRegistrations(event) {
  selectedEvent = event;
  const data = await api('GET', `/reception/events/${encodeURIComponent(event.id)}/registrations`);
  $('registrations').hidden = false;
  $('registrations-title').textContent =
    `申込者: ${event.name}（申込 ${data.counts.registered} / 待ち ${data.counts.waiting} / 来場 ${data.counts.checked_in}）`;
  const body = $('registrations-body');
  body.replaceChildren();
  data.registrations.forEach((r, i) => {
    const cancel = el('button', { type: 'button', class: 'button button--danger button--small' }, '取消');
    cancel.disabled = r.status === 'cancelled';
    cancel.addEventListener('click', async () => {
      try {
        await api('POST', `/reception/registrations/${encodeURIComponent(r.id)}/cancel`);
        await showRegistrations(event);
        await loadEvents();
      } catch (e) {
        showError($('events-alert'), e.message, '取り消せませんでした');
      }
    });
    body.append(el('tr', {}, el('td', {}, String(i + 1)), el('td', {}, r.name_kana, r.by_card ? '（カード）' : ''),
      el('td', {}, STATUS_LABELS[r.status] || r.status), el('td', {}, cancel)));
  });
}

async function register(e) {
  e.preventDefault();
  if (!selectedEvent) return;
  const name = $('register-name').value.trim();
  if (!name) return;
  try {
    const { registration } = await api('POST',
      `/reception/events/${encodeURIComponent(selectedEvent.id)}/registrations`, { walk_in: { name_kana: name } });
    showStatus($('events-status'),
      registration.status === 'registered' ? `${name} さまの申込を受け付けました。` : `定員に達したため、${name} さまをキャンセル待ちにしました。`);
    $('register-name').value = '';
    await showRegistrations(selectedEvent);
    await loadEvents();
  } catch (err) {
    showError($('events-alert'), err.message, '申込できませんでした');
  }
}

async function addEvent(e) {
  e.preventDefault();
  const body = {
    name: $('event-name').value.trim(),
    start_date: $('event-date').value,
    start_time: $('event-start').value,
    capacity: Number($('event-capacity').value || 0),
    preregistration: $('event-prereg').checked,
  };
  if ($('event-place').value) body.place_id = $('event-place').value;
  try {
    await api('POST', '/reception/events', body);
    showStatus($('events-status'), `「${body.name}」を追加しました。`);
    $('event-form').reset();
    await loadEvents();
  } catch (err) {
    showError($('events-alert'), err.message, '追加できませんでした');
  }
}

// ---- Analytics ---------------------------------------------------------------------

function svg(tag, attrs) {
  const n = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, String(v));
  return n;
}

/** A bar chart of this period against the previous fiscal year's same period. */
function barChart(title, labels, now, before) {
  const width = 360;
  const height = 180;
  const left = 28;
  const bottom = 36;
  const max = Math.max(1, ...now, ...before);
  const slot = (width - left) / Math.max(1, labels.length);
  const bar = Math.max(2, slot * 0.38);
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': title });
  chart.append(svg('line', { x1: left, y1: height - bottom, x2: width, y2: height - bottom, stroke: '#999' }));
  const maxLabel = svg('text', { x: 0, y: 12 });
  maxLabel.textContent = String(max);
  chart.append(maxLabel);
  labels.forEach((label, i) => {
    const x = left + i * slot + slot * 0.1;
    const scale = (v) => ((height - bottom - 16) * v) / max;
    const h1 = scale(now[i]);
    const h0 = scale(before[i]);
    const r1 = svg('rect', { class: 'bar-now', x: x + bar, y: height - bottom - h1, width: bar, height: h1 });
    const t1 = svg('title', {});
    t1.textContent = `${label}: ${now[i]}（前年度同期 ${before[i]}）`;
    r1.append(t1);
    chart.append(svg('rect', { class: 'bar-before', x, y: height - bottom - h0, width: bar, height: h0 }), r1);
    if (labels.length <= 12 || i % 3 === 0) {
      const t = svg('text', { x: x + bar, y: height - bottom + 12, 'text-anchor': 'middle' });
      t.textContent = label.length > 6 ? `${label.slice(0, 6)}…` : label;
      chart.append(t);
    }
  });
  const box = el('figure', { class: 'reception-chart' });
  box.append(el('h3', {}, title), chart, el('figcaption', { class: 'reception-legend' },
    el('span', { class: 'swatch swatch--now' }), '今期', el('span', { class: 'swatch swatch--before' }), '前年度同期'));
  return box;
}

function pairs(nowList, beforeList, labelOf) {
  const keys = new Map();
  for (const item of nowList) keys.set(item.key, { label: labelOf(item), now: item.count, before: 0 });
  for (const item of beforeList) {
    const entry = keys.get(item.key) || { label: labelOf(item), now: 0, before: 0 };
    entry.before = item.count;
    keys.set(item.key, entry);
  }
  const entries = [...keys.values()];
  return [entries.map((e) => e.label), entries.map((e) => e.now), entries.map((e) => e.before)];
}

async function loadAnalytics() {
  const from = $('period-from').value;
  const to = $('period-to').value;
  const data = await api('GET', `/reception/analytics?from=${from}&to=${to}`);
  const c = data.current;
  const p = data.previous;
  $('period-note').textContent =
    `${data.period.from}〜${data.period.to}（比較: 前年度同期 ${data.previous_period.from}〜${data.previous_period.to}）`;
  $('fig-total').textContent = String(c.total);
  $('fig-card-share').textContent = percent(c.card_share);
  $('fig-residents').textContent = String(c.residents);
  $('fig-repeat').textContent = String(c.repeat_residents);
  $('fig-growth').textContent = growthText(data.growth);
  const charts = $('charts');
  charts.replaceChildren(
    barChart('時間帯別', c.by_hour.map((_, h) => `${h}`), c.by_hour, p.by_hour),
    barChart('曜日別', WEEKDAYS, c.by_weekday, p.by_weekday),
    barChart('施設別', ...pairs(c.by_place, p.by_place, (i) => i.name)),
    barChart('イベント別', ...pairs(c.by_event, p.by_event, (i) => i.name)),
    barChart('地区別', ...pairs(c.by_district, p.by_district, (i) => i.key)),
    barChart('年代別', ...pairs(c.by_age_band, p.by_age_band, (i) => AGE_LABELS[i.key] || i.key)));
  const downloads = $('downloads');
  downloads.replaceChildren('集計表の書き出し: ');
  const tables = { place: '施設別', event: 'イベント別', hour: '時間帯別', weekday: '曜日別', district: '地区別', age_band: '年代別' };
  for (const [key, label] of Object.entries(tables)) {
    for (const format of ['csv', 'xlsx']) {
      downloads.append(el('a', { href: `/api/v1/reception/analytics?from=${from}&to=${to}&table=${key}&format=${format}` },
        `${label}（${format === 'csv' ? 'CSV' : 'Excel'}）`));
    }
  }
  if (roles.includes('admin')) {
    const admin = $('admin-export');
    admin.hidden = false;
    admin.replaceChildren('個票（氏名を含む・管理者のみ・記録されます）: ',
      el('a', { href: `/api/v1/reception/visits/export?from=${from}&to=${to}&format=csv` }, 'CSV'),
      el('a', { href: `/api/v1/reception/visits/export?from=${from}&to=${to}&format=xlsx` }, 'Excel'));
  }
}

async function loadKpi() {
  const k = await api('GET', '/reception/kpi');
  $('kpi-card-share').textContent = `${percent(k.card_share.share)}（${k.card_share.by_card} / ${k.card_share.receptions}）`;
  $('kpi-events').textContent = `${k.event_participants.total}人（${growthText(k.event_participants.growth)}）`;
  $('kpi-facilities').textContent = `${k.facility_users.total}人（${growthText(k.facility_users.growth)}）`;
}

async function main() {
  const session = await requireSession();
  roles = session.user.roles;
  const age = $('walkin-age');
  for (const [value, label] of Object.entries(AGE_LABELS)) age.append(el('option', { value }, label));
  age.value = 'unknown';
  const today = japanToday();
  $('period-from').value = fiscalYearStart(today);
  $('period-to').value = today;
  try {
    await loadPlaces();
    if (has('reception')) {
      await loadEvents();
      await loadAnalytics();
      await loadKpi();
    } else {
      for (const id of ['events-section', 'analytics-section', 'places-section']) $(id).hidden = true;
      $('kpi-heading').closest('section').hidden = true;
    }
  } catch (e) {
    showError($('alert'), e.message, '読み込めませんでした');
  }
  $('loading').hidden = true;
  $('content').hidden = false;
  $('walkin-form').addEventListener('submit', submitWalkIn);
  $('walkin-place').addEventListener('change', fillPlaceSelects);
  $('place-form').addEventListener('submit', savePlace);
  $('place-cancel').addEventListener('click', resetPlaceForm);
  $('event-form').addEventListener('submit', addEvent);
  $('register-form').addEventListener('submit', register);
  $('period-form').addEventListener('submit', (e) => {
    e.preventDefault();
    loadAnalytics().catch((err) => showError($('alert'), err.message, '集計できませんでした'));
  });
  $('places-file').addEventListener('change', (e) =>
    importCsv(e.target, '/reception/places/import', 'places-alert', 'places-status', loadPlaces));
  $('events-file').addEventListener('change', (e) =>
    importCsv(e.target, '/reception/events/import', 'events-alert', 'events-status', loadEvents));
}

main();
