// Enrolment at the city hall (reception role): the resident's card is read by
// the card reader's agent on this PC (denen-edge, desk role), the PIN goes to
// the card there and never to the server; the server sees the certificate and
// the card's signature over its own challenge. Also search, consent changes,
// suspension of a lost card and switching to a renewed card.

import { api, clearMessage, el, requireSession, showError, showStatus } from './app.js';

const AGENT_KEY = 'denen.agent_url';
const $ = (id) => document.getElementById(id);

const agentInput = $('agent-url');
agentInput.value = localStorage.getItem(AGENT_KEY) || 'http://127.0.0.1:8700';
agentInput.addEventListener('change', () => localStorage.setItem(AGENT_KEY, agentInput.value.trim()));

const CONSENT_LABELS = { reception: '施設・イベント・避難所の受付', library: '図書館カード', lock: 'スマートロック' };
const STATE_LABELS = { active: '利用中', suspended: '利用停止中', closed: '切り替え済み' };
let current = null;

/** Calls the local agent; rejects with its Japanese message. */
async function agent(method, path, body) {
  let response;
  try {
    response = await fetch(agentInput.value.trim() + path, {
      method,
      headers: body ? { 'Content-Type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
      cache: 'no-store',
    });
  } catch {
    throw new Error('カードリーダー用ソフト(denen-edge)に接続できません。起動しているか確認してください。');
  }
  const data = await response.json().catch(() => null);
  if (!response.ok) throw new Error(data?.error?.message || `カードリーダーでエラーが発生しました(${response.status})`);
  return data;
}

/** Tap + PIN: a fresh server challenge signed by the card after its PIN. */
async function cardWithPin(pin) {
  const { challenge } = await api('POST', '/card/challenges');
  const { card } = await agent('POST', '/card/pin-evidence', { challenge, pin });
  return card;
}

async function checkReader() {
  const region = $('reader-status');
  try {
    const status = await agent('GET', '/card/status');
    region.textContent = status.pin_blocked
      ? 'カードの暗証番号がロックされています。暗証番号の初期化の手続きをご案内してください。'
      : `カードを読み取れます(暗証番号の残り回数: ${status.pin_tries_left}回)`;
  } catch (e) {
    region.textContent = e.message;
  }
}

function renderDetail(data) {
  current = data;
  $('detail').hidden = false;
  const r = data.resident;
  const fields = $('detail-fields');
  fields.replaceChildren();
  for (const [label, value] of [['氏名(カナ)', r.name_kana], ['氏名', r.name_kanji], ['地区', r.district],
    ['生まれ年', r.birth_year ? `${r.birth_year}年` : '—'], ['連絡先', r.contact || '—']]) {
    fields.append(el('dt', {}, label), el('dd', {}, value));
  }
  const consents = $('detail-consents');
  consents.replaceChildren();
  for (const [service, label] of Object.entries(CONSENT_LABELS)) {
    const box = el('input', { type: 'checkbox', 'data-service': service });
    box.checked = Boolean(data.consents[service]);
    box.addEventListener('change', () => changeConsent(service, box));
    consents.append(el('label', { class: 'check' }, box, ` ${label}`));
  }
  const body = $('detail-identities');
  body.replaceChildren();
  for (const id of data.identities) {
    const actions = el('td');
    if (id.state === 'active') {
      const suspend = el('button', { type: 'button', class: 'button button--danger' }, '利用停止(紛失など)');
      suspend.addEventListener('click', () => suspendIdentity(id));
      actions.append(suspend);
    }
    body.append(el('tr', {},
      el('td', {}, id.certificate_serial),
      el('td', {}, id.certificate_expires.slice(0, 10)),
      el('td', { class: `state--${id.state}` }, STATE_LABELS[id.state] || id.state),
      actions));
  }
}

async function changeConsent(service, box) {
  clearMessage($('detail-alert'));
  try {
    renderDetail(await api('PUT', `/residents/${current.resident.id}/consents/${service}`, { granted: box.checked }));
    showStatus($('detail-status'), box.checked ? '同意を記録しました。' : '同意の取り消しを記録しました。');
  } catch (e) {
    box.checked = !box.checked;
    showError($('detail-alert'), e.message);
  }
}

async function suspendIdentity(identity) {
  const reason = window.prompt('利用停止の理由(例: 紛失の届出)');
  if (!reason) return;
  try {
    await api('POST', `/identities/${identity.identity_key}/suspend`, { reason });
    renderDetail(await api('GET', `/residents/${current.resident.id}`));
    showStatus($('detail-status'), 'このカードを利用停止にしました。各施設の端末には次の同期で反映されます。');
  } catch (e) {
    showError($('detail-alert'), e.message);
  }
}

$('relink-button').addEventListener('click', async () => {
  clearMessage($('detail-alert'));
  const pin = window.prompt('新しいカードをリーダーに置き、ご本人に暗証番号(数字4桁)を入力してもらってください');
  if (!pin) return;
  try {
    renderDetail(await api('POST', `/residents/${current.resident.id}/relink`, { card: await cardWithPin(pin) }));
    showStatus($('detail-status'), '新しいカードに切り替えました。古いカードは使えなくなりました。');
  } catch (e) {
    showError($('detail-alert'), e.message);
  }
});

$('reader-check').addEventListener('click', checkReader);

$('identify-button').addEventListener('click', async () => {
  clearMessage($('alert'));
  try {
    const { card } = await agent('POST', '/card/read');
    renderDetail(await api('POST', '/residents/identify', { card }));
  } catch (e) {
    showError($('alert'), e.message);
  }
});

$('enrol-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const alertRegion = $('enrol-alert');
  clearMessage(alertRegion);
  clearMessage($('enrol-status'));
  const pin = $('pin').value;
  if (!/^[0-9]{4}$/.test(pin)) {
    showError(alertRegion, '暗証番号は数字4桁で入力してください。');
    return;
  }
  const button = $('enrol-button');
  button.disabled = true;
  try {
    const birthYear = $('birth-year').value;
    const created = await api('POST', '/residents', {
      card: await cardWithPin(pin),
      name_kana: $('name-kana').value.trim(),
      name_kanji: $('name-kanji').value.trim(),
      district: $('district').value.trim(),
      ...(birthYear ? { birth_year: Number(birthYear) } : {}),
      contact: $('contact').value.trim(),
      consents: [...document.querySelectorAll('input[name=consent]:checked')].map((b) => b.value),
      identity_confirmed: $('identity-confirmed').checked,
    });
    $('enrol-form').reset();
    showStatus($('enrol-status'), `${created.resident.name_kana} さんを登録しました。`);
    renderDetail(created);
  } catch (e) {
    showError(alertRegion, e.message);
  } finally {
    $('pin').value = '';
    button.disabled = false;
  }
});

$('search-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  clearMessage($('search-alert'));
  const list = $('search-results');
  list.replaceChildren();
  try {
    const { residents } = await api('GET', `/residents?kana=${encodeURIComponent($('search-kana').value.trim())}`);
    if (residents.length === 0) list.append(el('li', {}, '該当する方はいません。'));
    for (const r of residents) {
      const open = el('button', { type: 'button', class: 'link-button' }, `${r.name_kana}（${r.district}）`);
      open.addEventListener('click', async () => renderDetail(await api('GET', `/residents/${r.id}`)));
      list.append(el('li', {}, open));
    }
  } catch (e) {
    showError($('search-alert'), e.message);
  }
});

(async () => {
  const ok = await requireSession();
  if (!ok) return;
  $('loading').hidden = true;
  $('content').hidden = false;
})();
