// Console home: one card per module the signed-in user may open
// (GET /api/v1/modules); modules not yet available are shown greyed as 準備中.

import { api, el, requireSession, safeConsolePath, showError } from './app.js';

const list = document.getElementById('modules');
const loading = document.getElementById('loading');
const empty = document.getElementById('no-modules');
const alertRegion = document.getElementById('alert');

function moduleCard(module) {
  const title = el('span', { class: 'module-card__title' }, module.title);
  const description = module.description;
  const path = safeConsolePath(module.path);
  if (module.available && path) {
    const link = el('a', { class: 'module-card', href: path, 'data-module': module.id }, title);
    if (description) link.append(el('span', { class: 'module-card__desc' }, description));
    return el('li', {}, link);
  }
  const card = el('div', {
    class: 'module-card module-card--unavailable',
    'aria-disabled': 'true',
    'data-module': module.id,
  }, title);
  if (description) card.append(el('span', { class: 'module-card__desc' }, description));
  card.append(el('span', { class: 'badge badge--muted' }, '準備中'));
  return el('li', {}, card);
}

async function main() {
  await requireSession();
  try {
    const { modules } = await api('GET', '/modules');
    list.replaceChildren(...modules.map(moduleCard));
    list.hidden = modules.length === 0;
    empty.hidden = modules.length !== 0;
  } catch (e) {
    showError(alertRegion, e.message, '業務の一覧を読み込めませんでした');
  } finally {
    loading.hidden = true;
  }
}

main().catch((e) => {
  loading.hidden = true;
  showError(alertRegion, e.message, '画面を表示できませんでした');
});
