// Login page: signs in with username and password, then returns to the page the
// user came from (?next=) or to the console home.

import { api, ApiError, clearMessage, safeConsolePath, showError, showStatus } from './app.js';

const form = document.getElementById('login-form');
const username = document.getElementById('username');
const password = document.getElementById('password');
const button = document.getElementById('login-button');
const alertRegion = document.getElementById('alert');
const statusRegion = document.getElementById('status');

const params = new URLSearchParams(location.search);
const destination = safeConsolePath(params.get('next')) || '/console/';

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
    await api('POST', '/auth/login', { username: username.value.trim(), password: password.value });
    location.assign(destination);
  } catch (e) {
    showError(alertRegion, e.message, 'ログインできませんでした');
    password.value = '';
    password.focus();
    button.disabled = false;
    button.textContent = 'ログイン';
  }
});
