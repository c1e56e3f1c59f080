// Shared plumbing for the staff console pages: the JSON API client, the login
// session and the common header. Each page is an ES module importing from here.
// The session (and with it the CSRF token) is held only in this module's memory
// and is fetched again on every page load; the session cookie itself is HttpOnly.

const API_BASE = '/api/v1';
const LOGIN_PAGE = '/console/login.html';
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** An error answered by the API (or a failure to reach it). */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

let session = null;
let rolesPromise = null;

/** The current session ({user, csrf_token, municipality}) or null before requireSession(). */
export function currentSession() {
  return session;
}

/**
 * Calls the JSON API. `path` is relative to /api/v1 (e.g. "/users"). Resolves to the
 * parsed body (null for 204); rejects with ApiError carrying the server's Japanese message.
 * A 401 on any call other than the session check and login sends the user to the login page.
 */
export async function api(method, path, body) {
  method = method.toUpperCase();
  const headers = { Accept: 'application/json' };
  const init = { method, headers, credentials: 'same-origin', cache: 'no-store' };
  if (UNSAFE_METHODS.has(method)) {
    headers['Content-Type'] = 'application/json';
    if (session && session.csrf_token) headers['X-CSRF-Token'] = session.csrf_token;
  }
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }

  let response;
  try {
    response = await fetch(API_BASE + path, init);
  } catch {
    throw new ApiError(0, 'network_error',
      'サーバーに接続できませんでした。ネットワークの状態を確認して、もう一度お試しください。');
  }

  const data = await readJson(response);
  if (response.ok) return data;

  const error = data && data.error ? data.error : {};
  const message = typeof error.message === 'string' && error.message !== ''
    ? error.message
    : `サーバーでエラーが発生しました（HTTP ${response.status}）。時間をおいてもう一度お試しください。`;
  const apiError = new ApiError(response.status, error.code || 'http_' + response.status, message);
  if (response.status === 401 && path !== '/auth/session' && path !== '/auth/login') {
    redirectToLogin();
  }
  throw apiError;
}

async function readJson(response) {
  if (response.status === 204) return null;
  const type = response.headers.get('Content-Type') || '';
  if (!type.includes('application/json')) return null;
  try {
    return await response.json();
  } catch {
    return null;
  }
}

/** Sends the browser to the login page, remembering where to come back to. */
export function redirectToLogin() {
  const next = location.pathname + location.search;
  location.replace(LOGIN_PAGE + '?next=' + encodeURIComponent(next));
}

/**
 * Loads the session and renders the header. When not logged in, redirects to the
 * login page and never resolves, so callers can simply `await requireSession()`.
 */
export async function requireSession() {
  try {
    session = await api('GET', '/auth/session');
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      redirectToLogin();
      return new Promise(() => {});
    }
    throw e;
  }
  await renderHeader();
  return session;
}

/** The role list from /api/v1/roles, fetched once per page. */
export function loadRoles() {
  if (!rolesPromise) {
    rolesPromise = api('GET', '/roles').then((data) => data.roles);
    rolesPromise.catch(() => { rolesPromise = null; });
  }
  return rolesPromise;
}

/** Maps role ids to their Japanese labels; unknown ids are shown as they are. */
export function roleLabeler(roles) {
  const labels = new Map(roles.map((r) => [r.id, r.label]));
  return (id) => labels.get(id) || id;
}

/** Fills the page header with the municipality, the user and a logout button. */
async function renderHeader() {
  const municipality = session.municipality ? session.municipality.name : '';
  for (const el of document.querySelectorAll('[data-municipality]')) el.textContent = municipality;
  if (municipality) document.title = document.title.replace('職員コンソール', `${municipality} 職員コンソール`);

  const inner = document.querySelector('.site-header__inner');
  if (!inner) return;
  let roleText = session.user.roles.join('、');
  try {
    const label = roleLabeler(await loadRoles());
    roleText = session.user.roles.map(label).join('、');
  } catch {
    // The header still works with role ids when the role list cannot be loaded.
  }

  const box = el('div', { class: 'user-box' });
  const name = el('div', { class: 'user-box__name' });
  name.append(
    el('span', { class: 'user-box__display', 'data-testid': 'current-user' },
      `${session.user.display_name}（${session.user.username}）`),
    el('span', { class: 'user-box__roles' }, roleText),
  );
  const logout = el('button', { type: 'button', class: 'button button--secondary button--small' },
    'ログアウト');
  logout.addEventListener('click', async () => {
    logout.disabled = true;
    try {
      await api('POST', '/auth/logout');
      location.assign(LOGIN_PAGE + '?logged_out=1');
    } catch (e) {
      logout.disabled = false;
      const region = document.getElementById('alert');
      if (region) showError(region, e.message, 'ログアウトできませんでした');
    }
  });
  box.append(name, logout);
  inner.querySelector('.user-box')?.remove();
  inner.append(box);
}

/** Creates an element with attributes and text or child nodes. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    node.setAttribute(key, value === true ? '' : String(value));
  }
  node.append(...children);
  return node;
}

/** Shows an error in a role="alert" region (title optional, message from the server). */
export function showError(region, message, title) {
  region.replaceChildren();
  if (title) {
    region.append(el('strong', { class: 'alert__title' }, title), el('p', {}, message));
  } else {
    region.append(el('p', {}, message));
  }
  region.hidden = false;
  region.scrollIntoView({ block: 'nearest' });
}

/** Shows a confirmation in a role="status" region. */
export function showStatus(region, message) {
  region.replaceChildren(el('p', {}, message));
  region.hidden = false;
}

/** Empties a message region. */
export function clearMessage(region) {
  region.replaceChildren();
}

const dateFormat = new Intl.DateTimeFormat('ja-JP', {
  timeZone: 'Asia/Tokyo',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

/** Formats an ISO timestamp in Japan time, e.g. 2025/04/01 09:30. */
export function formatDateTime(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? String(iso ?? '') : dateFormat.format(date);
}

/** A same-origin console path from a query parameter, or null if it is not one. */
export function safeConsolePath(value) {
  if (typeof value !== 'string' || !value.startsWith('/console/') || value.includes('//') ||
      value.includes('\\')) {
    return null;
  }
  return value;
}
