// Login page: signs in with username and password, then returns to the page the
// user came from (?next=) or to the console home. On a server shared by several
// municipalities, staff of another one give its 団体コード (or come with
// ?municipality=CODE, e.g. from a bookmark); empty means the server's own.

import { api, ApiError, clearMessage, safeConsolePath, showError, showStatus } from './app.js';

const form = document.getElementById('login-form');
const username = document.getElementById('username');
const password = document.getElementById('password');
const municipality = document.getElementById('municipality');
const otherMunicipality = document.getElementById('other-municipality');
const button = document.getElementById('login-button');
const alertRegion = document.getElementById('alert');
const statusRegion = document.getElementById('status');

const params = new URLSearchParams(location.search);
const destination = safeConsolePath(params.get('next')) || '/console/';
if (params.get('municipality')) {
  municipality.value = params.get('municipality');
  otherMunicipality.open = true;
}

if (params.has('logged_out')) {
  showStatus(statusRegion, 'ログアウトしました。');
} else if (params.has('next')) {
  showStatus(statusRegion, '続けるには、ログインしてください。');
}

// Someone already signed in goes straight on.
api('GET', '/auth/session').then(
  () => location.replace(destination),
  (e) => {
    if (!(e instanceof ApiError) || e.status !== 401) showError(alertRegion, e.message);
  },
);

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  clearMessage(alertRegion);
  clearMessage(statusRegion);
  username.removeAttribute('aria-invalid');
  password.removeAttribute('aria-invalid');
  municipality.removeAttribute('aria-invalid');

  const code = municipality.value.trim();
  if (code !== '' && !/^[0-9]{6}$/.test(code)) {
    municipality.setAttribute('aria-invalid', 'true');
    otherMunicipality.open = true;
    showError(alertRegion, '団体コードは6桁の数字で入力してください(例: 062090)。');
    municipality.focus();
    return;
  }

  const missing = [];
  if (username.value.trim() === '') missing.push(username);
  if (password.value === '') missing.push(password);
  if (missing.length > 0) {
    for (const input of missing) input.setAttribute('aria-invalid', 'true');
    showError(alertRegion, 'ユーザー名とパスワードを入力してください。');
    missing[0].focus();
    return;
  }

  button.disabled = true;
  button.textContent = 'ログインしています…';
  try {
    const credentials = { username: username.value.trim(), password: password.value };
    if (code !== '') credentials.municipality_code = code;
    await api('POST', '/auth/login', credentials);
    location.assign(destination);
  } catch (e) {
    showError(alertRegion, e.message, 'ログインできませんでした');
    password.value = '';
    password.focus();
    button.disabled = false;
    button.textContent = 'ログイン';
  }
});
