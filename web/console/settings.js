// The municipality's own settings (administrators only; GET/PUT
// /api/v1/settings): each setting with its value, whether the municipality
// set it or the server's default applies, and its range. Saving sends only
// what changed, all in one request; 既定に戻す sends null for that setting.

import { api, clearMessage, el, formatDateTime, requireSession, showError, showStatus } from './app.js';

const loading = document.getElementById('loading');
const alertRegion = document.getElementById('alert');
const form = document.getElementById('settings-form');
const tbody = document.getElementById('settings-body');
const formAlert = document.getElementById('form-alert');
const formStatus = document.getElementById('form-status');
const saveButton = document.getElementById('save-button');

let settings = [];

function stateText(s) {
  if (!s.own) return `サーバーの既定（${s.server_default}）`;
  const when = s.updated_at_ms ? formatDateTime(s.updated_at_ms) : '';
  return `この団体の設定（既定は ${s.server_default}）${when ? `・${when} 変更` : ''}`;
}

function settingRow(s) {
  const id = `setting-${s.name.replace(/[^a-z0-9]/g, '-')}`;
  const input = el('input', {
    type: 'number', id, name: s.name, min: String(s.min), max: String(s.max), step: '1',
    value: String(s.value), required: '', 'aria-describedby': `${id}-hint`, inputmode: 'numeric',
  });
  const reset = el('button', {
    type: 'button', class: 'button button--secondary', 'data-reset': s.name,
  }, '既定に戻す');
  reset.disabled = !s.own;
  reset.addEventListener('click', () => save({ [s.name]: null }));
  return el('tr', { 'data-setting': s.name },
    el('th', { scope: 'row' }, el('label', { for: id }, s.label),
      el('span', { class: 'hint', id: `${id}-hint` }, `${s.name}（${s.min}〜${s.max}）`)),
    el('td', {}, input),
    el('td', { 'data-state': s.own ? 'own' : 'default' }, stateText(s)),
    el('td', {}, reset));
}

function render() {
  tbody.replaceChildren(...settings.map(settingRow));
}

async function save(changes) {
  clearMessage(formAlert);
  clearMessage(formStatus);
  if (Object.keys(changes).length === 0) {
    showStatus(formStatus, '変更はありません。');
    return;
  }
  saveButton.disabled = true;
  try {
    ({ settings } = await api('PUT', '/settings', { changes }));
    render();
    showStatus(formStatus, '保存しました。');
  } catch (e) {
    showError(formAlert, e.message, '保存できませんでした（何も変更していません）');
  } finally {
    saveButton.disabled = false;
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const changes = {};
  for (const s of settings) {
    const input = form.elements.namedItem(s.name);
    const text = input.value.trim();
    if (!/^-?\d+$/.test(text)) {
      clearMessage(formStatus);
      showError(formAlert, `「${s.label}」は整数で入力してください。`, '保存できませんでした');
      input.focus();
      return;
    }
    const value = Number(text);
    if (value !== s.value) changes[s.name] = value;
  }
  save(changes);
});

async function main() {
  await requireSession();
  try {
    ({ settings } = await api('GET', '/settings'));
  } catch (e) {
    if (e.status === 403) {
      document.getElementById('lead').hidden = true;
      showError(alertRegion, e.message, 'この画面を開く権限がありません');
      alertRegion.append(el('p', {}, el('a', { href: '/console/' }, 'ホームに戻る')));
    } else {
      showError(alertRegion, e.message, '設定を読み込めませんでした');
    }
    return;
  } finally {
    loading.hidden = true;
  }
  render();
  form.hidden = false;
}

main().catch((e) => {
  loading.hidden = true;
  showError(alertRegion, e.message, '画面を表示できませんでした');
});
