// Staff account management (administrators only): lists accounts, adds one,
// disables or re-enables one, and resets a password. Authorisation is the
// server's: a 403 from GET /api/v1/users turns the page into a 権限 notice.

import {
  api, clearMessage, el, formatDateTime, loadRoles, requireSession, roleLabeler, showError,
  showStatus,
} from './app.js';

const loading = document.getElementById('loading');
const content = document.getElementById('content');
const alertRegion = document.getElementById('alert');

const createForm = document.getElementById('create-form');
const createButton = document.getElementById('create-button');
const createAlert = document.getElementById('create-alert');
const createStatus = document.getElementById('create-status');
const roleOptions = document.getElementById('role-options');
const usernameInput = document.getElementById('new-username');
const displayNameInput = document.getElementById('new-display-name');
const passwordInput = document.getElementById('new-password');

const tbody = document.getElementById('users-body');
const userCount = document.getElementById('user-count');
const listAlert = document.getElementById('list-alert');
const listStatus = document.getElementById('list-status');

const dialog = document.getElementById('password-dialog');
const passwordForm = document.getElementById('password-form');
const passwordTarget = document.getElementById('password-target');
const passwordAlert = document.getElementById('password-alert');
const resetPasswordInput = document.getElementById('reset-password');
const passwordSubmit = document.getElementById('password-submit');
const passwordCancel = document.getElementById('password-cancel');

let me = null;
let roleLabel = (id) => id;
let users = [];
let passwordUser = null;
let passwordReturnFocus = null;

function renderRoleOptions(roles) {
  roleOptions.replaceChildren(...roles.map((role) => {
    const id = `role-${role.id}`;
    const input = el('input', { type: 'checkbox', id, name: 'roles', value: role.id });
    return el('label', { class: 'checkbox', for: id }, input, el('span', {}, role.label));
  }));
}

function roleList(roleIds) {
  if (roleIds.length === 0) return el('span', { class: 'hint' }, 'なし');
  return el('ul', { class: 'role-list' }, ...roleIds.map((id) => el('li', {}, roleLabel(id))));
}

function userRow(user) {
  const isMe = me && user.id === me.id;
  const state = user.disabled
    ? el('span', { class: 'badge badge--disabled' }, '無効')
    : el('span', { class: 'badge badge--active' }, '有効');

  const actions = el('div', { class: 'actions' });
  if (isMe) {
    actions.append(el('span', { class: 'self-note' }, 'ログイン中のアカウント'));
  } else {
    const toggle = el('button', {
      type: 'button',
      class: user.disabled ? 'button button--secondary button--small' : 'button button--danger button--small',
      'data-action': 'toggle',
      'aria-label': `${user.username} を${user.disabled ? '有効にする' : '無効にする'}`,
    }, user.disabled ? '有効にする' : '無効にする');
    toggle.addEventListener('click', () => toggleDisabled(user, toggle));
    const reset = el('button', {
      type: 'button',
      class: 'button button--secondary button--small',
      'data-action': 'password',
      'aria-label': `${user.username} のパスワード再設定`,
    }, 'パスワード再設定');
    reset.addEventListener('click', () => openPasswordDialog(user, reset));
    actions.append(toggle, reset);
  }

  return el('tr', {
    'data-user-id': user.id,
    'data-username': user.username,
    class: user.disabled ? 'is-disabled' : null,
  },
  el('td', { class: 'cell-username' }, user.username),
  el('td', {}, user.display_name),
  el('td', {}, roleList(user.roles)),
  el('td', {}, state),
  el('td', { class: 'cell-date' }, formatDateTime(user.created_at)),
  el('td', {}, actions));
}

function renderUsers() {
  tbody.replaceChildren(...users.map(userRow));
  const disabled = users.filter((u) => u.disabled).length;
  userCount.textContent = disabled > 0
    ? `${users.length}件（うち無効 ${disabled}件）`
    : `${users.length}件`;
}

async function reloadUsers() {
  ({ users } = await api('GET', '/users'));
  renderUsers();
}

async function toggleDisabled(user, button) {
  clearMessage(listAlert);
  clearMessage(listStatus);
  button.disabled = true;
  const disable = !user.disabled;
  try {
    const { user: updated } = await api('PATCH', `/users/${encodeURIComponent(user.id)}`,
      { disabled: disable });
    users = users.map((u) => (u.id === updated.id ? updated : u));
    renderUsers();
    showStatus(listStatus, disable
      ? `「${updated.username}」を無効にしました。このアカウントではログインできません。`
      : `「${updated.username}」を有効にしました。`);
    tbody.querySelector(`tr[data-user-id="${CSS.escape(String(updated.id))}"] [data-action="toggle"]`)
      ?.focus();
  } catch (e) {
    button.disabled = false;
    showError(listAlert, e.message, disable ? '無効にできませんでした' : '有効にできませんでした');
  }
}

function openPasswordDialog(user, trigger) {
  passwordUser = user;
  passwordReturnFocus = trigger;
  passwordTarget.textContent = `対象：${user.display_name}（${user.username}）`;
  clearMessage(passwordAlert);
  passwordForm.reset();
  passwordSubmit.disabled = false;
  dialog.showModal();
  resetPasswordInput.focus();
}

dialog.addEventListener('close', () => {
  passwordForm.reset();
  passwordReturnFocus?.focus();
});
passwordCancel.addEventListener('click', () => dialog.close());

passwordForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  clearMessage(passwordAlert);
  passwordSubmit.disabled = true;
  try {
    await api('POST', `/users/${encodeURIComponent(passwordUser.id)}/password`,
      { password: resetPasswordInput.value });
    dialog.close();
    clearMessage(listAlert);
    showStatus(listStatus, `「${passwordUser.username}」のパスワードを再設定しました。`);
  } catch (e) {
    passwordSubmit.disabled = false;
    showError(passwordAlert, e.message, '再設定できませんでした');
    resetPasswordInput.focus();
  }
});

createForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  clearMessage(createAlert);
  clearMessage(createStatus);
  const body = {
    username: usernameInput.value.trim(),
    display_name: displayNameInput.value.trim(),
    password: passwordInput.value,
    roles: [...roleOptions.querySelectorAll('input:checked')].map((input) => input.value),
  };
  createButton.disabled = true;
  try {
    const { user } = await api('POST', '/users', body);
    createForm.reset();
    showStatus(createStatus, `職員アカウント「${user.username}」を追加しました。`);
    usernameInput.focus();
    try {
      await reloadUsers();
    } catch (e) {
      showError(listAlert, e.message, '一覧を更新できませんでした');
    }
  } catch (e) {
    showError(createAlert, e.message, '追加できませんでした');
  } finally {
    createButton.disabled = false;
  }
});

function showForbidden(error) {
  document.getElementById('lead').hidden = true;
  showError(alertRegion, error.message, 'この画面を開く権限がありません');
  alertRegion.append(el('p', {}, el('a', { href: '/console/' }, 'ホームに戻る')));
}

async function main() {
  const session = await requireSession();
  me = session.user;
  let roles;
  try {
    [roles, { users }] = await Promise.all([loadRoles(), api('GET', '/users')]);
  } catch (e) {
    if (e.status === 403) {
      showForbidden(e);
    } else {
      showError(alertRegion, e.message, '職員アカウントを読み込めませんでした');
    }
    return;
  } finally {
    loading.hidden = true;
  }
  roleLabel = roleLabeler(roles);
  renderRoleOptions(roles);
  renderUsers();
  content.hidden = false;
}

main().catch((e) => {
  loading.hidden = true;
  showError(alertRegion, e.message, '画面を表示できませんでした');
});
