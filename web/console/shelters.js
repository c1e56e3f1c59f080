// 避難所の状況 (disaster HQ): live counts of every open shelter, refreshed every
// few seconds; opening and closing shelters and exporting rosters for users with
// the disaster_hq role (or admin). Reception staff see the counts only. Text from
// the server is put on the page only as text nodes.

import { api, el, formatDateTime, requireSession, showError, showStatus } from './app.js';

const POLL_MS = 3000;
const $ = (id) => document.getElementById(id);

let canManage = false;
let timer = null;

function meter(present, capacity) {
  const share = capacity > 0 ? Math.min(1, present / capacity) : 0;
  const bar = el('span', {
    class: 'shelter-meter__bar' + (capacity > 0 && present >= capacity ? ' shelter-meter__bar--full' : ''),
  });
  bar.style.width = `${Math.round(share * 100)}%`;
  return el('span', { class: 'shelter-meter', 'aria-hidden': 'true' }, bar);
}

function renderShelters(data) {
  const body = $('shelter-body');
  body.replaceChildren();
  const open = data.shelters.filter((s) => !s.closed_at);
  $('list-empty').hidden = open.length > 0;
  for (const s of open) {
    const roster = canManage
      ? el('span', {},
        el('a', { href: `/api/v1/reception/shelters/${encodeURIComponent(s.opening_id)}/roster?format=csv` }, 'CSV'),
        ' / ',
        el('a', { href: `/api/v1/reception/shelters/${encodeURIComponent(s.opening_id)}/roster?format=xlsx` }, 'Excel'))
      : '–';
    const actions = el('td', {});
    if (canManage) {
      const close = el('button', { type: 'button', class: 'button button--danger button--small' }, '閉鎖');
      close.addEventListener('click', () => closeShelter(s, close));
      actions.append(close);
    }
    const capacity = s.capacity > 0 ? ` / ${s.capacity}` : '';
    body.append(el('tr', { 'data-testid': 'shelter-row', 'data-place-id': s.place_id },
      el('th', { scope: 'row' }, s.name, el('br'), el('span', { class: 'hint' }, `開設 ${formatDateTime(s.opened_at)}`)),
      el('td', {}, el('span', { class: 'shelter-count', 'data-testid': 'present' }, String(s.present)), capacity,
        meter(s.present, s.capacity)),
      el('td', { 'data-testid': 'households' }, String(s.households)),
      el('td', { 'data-testid': 'needs-care' }, String(s.needs_care)),
      el('td', { 'data-testid': 'allergy' }, String(s.allergy)),
      el('td', { 'data-testid': 'pets' }, String(s.pets)),
      el('td', {}, roster),
      actions));
  }
  $('total-present').textContent = String(data.totals.present);
  $('total-households').textContent = String(data.totals.households);
  $('total-needs-care').textContent = String(data.totals.needs_care);
  $('total-allergy').textContent = String(data.totals.allergy);
  $('total-pets').textContent = String(data.totals.pets);
  $('updated-at').textContent = formatDateTime(data.updated_at);
}

async function refresh() {
  try {
    renderShelters(await api('GET', '/reception/shelters'));
    $('alert').hidden = true;
  } catch (e) {
    showError($('alert'), e.message, '避難所の状況を読み込めませんでした（再試行します）');
  }
}

async function closeShelter(shelter, button) {
  if (!window.confirm(`「${shelter.name}」を閉鎖します。よろしいですか。`)) return;
  button.disabled = true;
  try {
    await api('POST', `/reception/shelters/${encodeURIComponent(shelter.opening_id)}/close`);
    showStatus($('list-status'), `「${shelter.name}」を閉鎖しました。`);
    await refresh();
  } catch (e) {
    button.disabled = false;
    showError($('alert'), e.message, '閉鎖できませんでした');
  }
}

async function loadPlaces() {
  const { places } = await api('GET', '/reception/places');
  const select = $('open-place');
  select.replaceChildren(el('option', { value: '' }, '選んでください'));
  for (const p of places) {
    select.append(el('option', { value: p.id }, p.shelter_capacity > 0 ? `${p.name}（${p.shelter_capacity}人）` : p.name));
  }
}

async function openShelter(event) {
  event.preventDefault();
  const alert = $('open-alert');
  alert.hidden = true;
  const placeId = $('open-place').value;
  if (!placeId) {
    showError(alert, '開設する施設を選んでください。');
    return;
  }
  const body = { place_id: placeId };
  const capacity = $('open-capacity').value.trim();
  if (capacity !== '') body.capacity = Number(capacity);
  try {
    await api('POST', '/reception/shelters', body);
    showStatus($('list-status'), '避難所を開設しました。');
    $('open-form').reset();
    await refresh();
  } catch (e) {
    showError(alert, e.message, '開設できませんでした');
  }
}

async function main() {
  const session = await requireSession();
  const roles = session.user.roles;
  canManage = roles.includes('disaster_hq') || roles.includes('admin');
  try {
    await refresh();
    if (canManage) {
      await loadPlaces();
      $('open-section').hidden = false;
      $('open-form').addEventListener('submit', openShelter);
    }
  } catch (e) {
    showError($('alert'), e.message, '読み込めませんでした');
  }
  $('loading').hidden = true;
  $('content').hidden = false;
  timer = setInterval(refresh, POLL_MS);
  window.addEventListener('pagehide', () => clearInterval(timer));
}

main();
