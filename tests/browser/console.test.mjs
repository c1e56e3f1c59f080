// End-to-end test of the staff console: starts the real denen binary on a fresh
// SQLite database and a free port, and drives the pages with headless Chromium.
//
// Needs: DENEN_BIN (the built binary), DENEN_WEB_ROOT (the repo's web/), Chromium at
// /usr/bin/chromium (or DENEN_CHROMIUM) and `npm ci` run in this folder. A missing
// piece fails the test; it is never skipped.
//
//   DENEN_BIN=build/src/app/denen DENEN_WEB_ROOT=web node --test tests/browser/console.test.mjs

import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { describe } from 'node:test';

import { BrowserTest, runDenen } from './support.mjs';

const t = new BrowserTest('console', import.meta.url);

const SCREENSHOT = path.join(os.tmpdir(), 'denen-console-users.png');

const ADMIN = {
  username: 'admin',
  displayName: '管理 太郎',
  password: crypto.randomBytes(12).toString('base64url'), // 16 characters
};
const STAFF = {
  username: 'uketsuke01',
  displayName: '受付 花子',
  password: crypto.randomBytes(12).toString('base64url'),
  newPassword: crypto.randomBytes(12).toString('base64url'),
};

describe('staff console', { concurrency: false }, () => {
  t.hooks(() => t.start({ users: [[ADMIN, 'admin']] }));

  t.step('/ redirects to /console/, which leads to the login page', async () => {
    const root = await fetch(t.baseUrl + '/', { redirect: 'manual' });
    assert.ok(root.status >= 300 && root.status < 400, `GET / answered ${root.status}`);
    assert.equal(new URL(root.headers.get('Location'), t.baseUrl).pathname, '/console/');

    await t.page.goto(t.baseUrl + '/');
    await t.page.waitForURL(/\/console\/login\.html/);
    await assert.doesNotReject(
      t.page.getByRole('heading', { level: 1, name: 'ログイン' }).waitFor(),
      'login heading');
  });

  t.step('POST /api/v1/auth/login answers the user, a CSRF token and an HttpOnly cookie', async () => {
    const response = await fetch(t.baseUrl + '/api/v1/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: ADMIN.username, password: ADMIN.password }),
    });
    const body = await response.json();
    assert.equal(response.status, 200, JSON.stringify(body));
    assert.equal(body.user.username, ADMIN.username);
    assert.equal(body.user.display_name, ADMIN.displayName);
    assert.deepEqual(body.user.roles, ['admin']);
    assert.equal(typeof body.csrf_token, 'string');
    assert.ok(body.csrf_token.length > 0, 'csrf_token is not empty');
    assert.deepEqual(body.municipality, { code: '062090', name: '長井市' });
    const cookie = response.headers.getSetCookie().join('\n');
    assert.match(cookie, /HttpOnly/i, `Set-Cookie: ${cookie}`);
  });

  t.step('a wrong password shows the server message', async () => {
    const { status, body } = await t.logIn(ADMIN.username, 'not-the-password');
    assert.equal(status, 401);
    assert.equal(body.error.code, 'invalid_credentials');
    assert.ok(body.error.message, 'error.message is present');
    const alert = t.page.locator('#alert');
    await alert.getByText(body.error.message).waitFor();
    assert.equal(await alert.getAttribute('role'), 'alert');
    assert.match(t.page.url(), /\/console\/login\.html/);
  });

  t.step('the admin logs in and the home page offers 職員アカウント管理', async () => {
    const { status } = await t.logIn(ADMIN.username, ADMIN.password);
    assert.equal(status, 200);
    await t.page.waitForURL(t.baseUrl + '/console/');
    const session = await t.apiFromPage('GET', '/auth/session');
    assert.equal(session.status, 200);
    assert.equal(session.body.user.username, ADMIN.username);
    assert.deepEqual(session.body.user.roles, ['admin']);
    assert.equal(session.body.municipality.name, '長井市');
    assert.ok(session.body.csrf_token, 'csrf_token is present');

    await t.waitForModules();
    await t.page.locator('.site-header').getByText('長井市').waitFor();
    await t.page.getByTestId('current-user').getByText(ADMIN.displayName).waitFor();
    await t.page.getByRole('link', { name: /職員アカウント管理/ }).waitFor();
  });

  t.step('the users page lists the admin', async () => {
    await t.page.getByRole('link', { name: /職員アカウント管理/ }).click();
    await t.page.waitForURL(t.baseUrl + '/console/users.html');
    await t.page.getByRole('heading', { level: 1, name: '職員アカウント管理' }).waitFor();
    const row = t.page.locator(`#users-body tr[data-username="${ADMIN.username}"]`);
    await row.waitFor();
    assert.match(await row.innerText(), /システム管理者/);
  });

  t.step('creating a reception user adds it to the table', async () => {
    await t.page.getByLabel('ユーザー名').fill(STAFF.username);
    await t.page.getByLabel('氏名（表示名）').fill(STAFF.displayName);
    await t.page.getByLabel('初期パスワード').fill(STAFF.password);
    await t.page.getByLabel('受付', { exact: true }).check();
    const { status, body } = await t.submitAndCapture(
      t.page.getByRole('button', { name: '職員アカウントを追加' }), 'POST', '/api/v1/users');
    assert.equal(status, 201, JSON.stringify(body));
    assert.equal(body.user.username, STAFF.username);
    assert.deepEqual(body.user.roles, ['reception']);
    assert.equal(body.user.disabled, false);

    const row = t.page.locator(`#users-body tr[data-username="${STAFF.username}"]`);
    await row.waitFor();
    const cells = await row.locator('td').allInnerTexts();
    assert.equal(cells[0], STAFF.username);
    assert.equal(cells[1], STAFF.displayName);
    assert.equal(cells[2], '受付');
    assert.equal(cells[3], '有効');
    await t.page.locator('#create-status').getByText(STAFF.username).waitFor();
    assert.equal(await t.page.getByLabel('ユーザー名').inputValue(), '', 'the form is cleared');

    await t.page.screenshot({ path: SCREENSHOT, fullPage: true });
    console.log(`screenshot of the users page: ${SCREENSHOT}`);
  });

  t.step('a too-short password shows the server message and creates nothing', async () => {
    const rowsBefore = await t.page.locator('#users-body tr').count();
    await t.page.getByLabel('ユーザー名').fill('tooshort01');
    await t.page.getByLabel('氏名（表示名）').fill('短い パスワード');
    await t.page.getByLabel('初期パスワード').fill('short1');
    await t.page.getByLabel('受付', { exact: true }).check();
    const { status, body } = await t.submitAndCapture(
      t.page.getByRole('button', { name: '職員アカウントを追加' }), 'POST', '/api/v1/users');
    assert.equal(status, 400, JSON.stringify(body));
    assert.ok(body.error.message, 'error.message is present');
    await t.page.locator('#create-alert').getByText(body.error.message).waitFor();
    assert.equal(await t.page.locator('#create-alert').getAttribute('role'), 'alert');

    assert.equal(await t.page.locator('#users-body tr').count(), rowsBefore);
    const list = await t.apiFromPage('GET', '/users');
    assert.equal(list.status, 200);
    assert.ok(!list.body.users.some((u) => u.username === 'tooshort01'), 'no user was created');
  });

  t.step('a taken username shows the server message', async () => {
    await t.page.getByLabel('ユーザー名').fill(STAFF.username);
    await t.page.getByLabel('氏名（表示名）').fill('別の 人');
    await t.page.getByLabel('初期パスワード').fill(crypto.randomBytes(12).toString('base64url'));
    const { status, body } = await t.submitAndCapture(
      t.page.getByRole('button', { name: '職員アカウントを追加' }), 'POST', '/api/v1/users');
    assert.equal(status, 409, JSON.stringify(body));
    assert.equal(body.error.code, 'username_taken');
    await t.page.locator('#create-alert').getByText(body.error.message).waitFor();
    await t.page.getByLabel('ユーザー名').fill('');
    await t.page.getByLabel('氏名（表示名）').fill('');
    await t.page.getByLabel('初期パスワード').fill('');
  });

  t.step('the admin disables and re-enables the new user', async () => {
    const row = () => t.page.locator(`#users-body tr[data-username="${STAFF.username}"]`);
    let result = await t.submitAndCapture(row().getByRole('button', { name: '無効にする' }),
      'PATCH', `/api/v1/users/${await row().getAttribute('data-user-id')}`);
    assert.equal(result.status, 200, JSON.stringify(result.body));
    assert.equal(result.body.user.disabled, true);
    await row().getByText('無効', { exact: true }).waitFor();

    result = await t.submitAndCapture(row().getByRole('button', { name: '有効にする' }),
      'PATCH', `/api/v1/users/${await row().getAttribute('data-user-id')}`);
    assert.equal(result.status, 200, JSON.stringify(result.body));
    assert.equal(result.body.user.disabled, false);
    await row().getByText('有効', { exact: true }).waitFor();
  });

  t.step('the admin resets the new user\'s password', async () => {
    const row = t.page.locator(`#users-body tr[data-username="${STAFF.username}"]`);
    const id = await row.getAttribute('data-user-id');
    await row.getByRole('button', { name: 'パスワード再設定' }).click();
    const dialog = t.page.getByRole('dialog', { name: 'パスワードを再設定' });
    await dialog.waitFor();
    await dialog.getByLabel('新しいパスワード').fill(STAFF.newPassword);
    const { status } = await t.submitAndCapture(
      dialog.getByRole('button', { name: '再設定する' }), 'POST', `/api/v1/users/${id}/password`);
    assert.equal(status, 204);
    await dialog.waitFor({ state: 'hidden' });
    await t.page.locator('#list-status').getByText('パスワードを再設定しました').waitFor();
  });

  t.step('logging out returns to the login page and ends the session', async () => {
    const { status } = await t.submitAndCapture(
      t.page.getByRole('button', { name: 'ログアウト' }), 'POST', '/api/v1/auth/logout');
    assert.equal(status, 204);
    await t.page.waitForURL(/\/console\/login\.html/);
    await t.page.getByText('ログアウトしました').waitFor();
    const session = await t.apiFromPage('GET', '/auth/session');
    assert.equal(session.status, 401);
    assert.equal(session.body.error.code, 'unauthenticated');
  });

  t.step('the reception user is not offered 職員アカウント管理', async () => {
    const { status, body } = await t.logIn(STAFF.username, STAFF.newPassword);
    assert.equal(status, 200, JSON.stringify(body));
    await t.page.waitForURL(t.baseUrl + '/console/');
    const session = await t.apiFromPage('GET', '/auth/session');
    assert.deepEqual(session.body.user.roles, ['reception']);
    await t.waitForModules();
    await t.page.getByTestId('current-user').getByText(STAFF.displayName).waitFor();
    assert.equal(await t.page.getByRole('link', { name: /職員アカウント管理/ }).count(), 0);
    const card = t.page.locator('[data-module="users"]');
    if (await card.count() > 0) assert.equal(await card.getAttribute('aria-disabled'), 'true');
  });

  t.step('the reception user opening users.html gets a 権限 error', async () => {
    await t.page.goto(t.baseUrl + '/console/users.html');
    await t.page.locator('#alert').getByText('権限').first().waitFor();
    assert.equal(await t.page.locator('#content').isHidden(), true, 'the user table stays hidden');

    const list = await t.apiFromPage('GET', '/users');
    assert.equal(list.status, 403, JSON.stringify(list.body));
    assert.ok(list.body.error.message, 'error.message is present');
    const create = await t.apiFromPage('POST', '/users', {
      username: 'sneaky01', display_name: '不正 作成', password: 'long-enough-password', roles: ['admin'],
    });
    assert.equal(create.status, 403, JSON.stringify(create.body));
  });

  t.step('the reception user logs out', async () => {
    await t.page.goto(t.baseUrl + '/console/');
    await t.waitForModules();
    await t.page.getByRole('button', { name: 'ログアウト' }).click();
    await t.page.waitForURL(/\/console\/login\.html/);
    await t.page.getByText('ログアウトしました').waitFor();
  });

  t.step('an admin of another municipality served by the same server logs in with its 団体コード', async () => {
    const other = { username: 'yadmin', password: crypto.randomBytes(12).toString('base64url') };
    runDenen(process.env.DENEN_BIN, ['tenant', 'add', '--config', t.config, '--code', '062022', '--name', '米沢市',
      '--admin-username', other.username, '--password-stdin'], other.password + '\n');

    // A malformed code is refused on the page, before anything is sent.
    await t.page.goto(t.baseUrl + '/console/login.html');
    await t.page.getByText('別の市区町村の職員の方').click();
    await t.page.getByLabel('団体コード(6桁)').fill('06202');
    await t.page.getByLabel('ユーザー名').fill(other.username);
    await t.page.getByLabel('パスワード').fill(other.password);
    await t.page.getByRole('button', { name: 'ログイン', exact: true }).click();
    await t.page.locator('#alert').getByText('団体コードは6桁の数字').waitFor();

    // Without the code the name belongs to no one of the server's own municipality.
    await t.page.goto(t.baseUrl + '/console/login.html');
    const refused = await t.logIn(other.username, other.password);
    assert.equal(refused.status, 401, JSON.stringify(refused.body));

    // With the code (here from the bookmark's ?municipality=) the session is 米沢市's.
    await t.page.goto(t.baseUrl + '/console/login.html?municipality=062022');
    assert.equal(await t.page.getByLabel('団体コード(6桁)').inputValue(), '062022');
    const { status } = await t.logIn(other.username, other.password);
    assert.equal(status, 200);
    await t.waitForModules();
    const session = await t.apiFromPage('GET', '/auth/session');
    assert.deepEqual(session.body.municipality, { code: '062022', name: '米沢市' });
    await t.page.locator('[data-municipality]').first().getByText('米沢市').waitFor();
    const users = await t.apiFromPage('GET', '/users');
    assert.equal(users.status, 200, JSON.stringify(users.body));
    assert.deepEqual(users.body.users.map((u) => u.username), [other.username], 'only 米沢市 staff are listed');
  });

  t.step('that admin sets the settings of 米沢市 on 団体の設定; 長井市 keeps the server defaults', async () => {
    await t.page.getByRole('link', { name: /団体の設定/ }).click();
    await t.page.waitForURL(t.baseUrl + '/console/settings.html');
    const row = t.page.locator('tr[data-setting="kpi.min_cell_size"]');
    await row.getByText('サーバーの既定').waitFor();
    const input = t.page.getByLabel('KPI・統計で秘匿する人数の下限', { exact: false });
    await input.fill('10');
    const saved = await t.submitAndCapture(
      t.page.getByRole('button', { name: '変更を保存' }), 'PUT', '/api/v1/settings');
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    await row.getByText('この団体の設定').waitFor();
    await t.page.locator('#form-status').getByText('保存しました').waitFor();

    // Out of range: the server's message, and nothing changes.
    await input.fill('0');
    const refused = await t.submitAndCapture(
      t.page.getByRole('button', { name: '変更を保存' }), 'PUT', '/api/v1/settings');
    assert.equal(refused.status, 400, JSON.stringify(refused.body));
    assert.equal(refused.body.error.code, 'setting_out_of_range');
    await t.page.locator('#form-alert').getByText(refused.body.error.message).waitFor();
    const stored = await t.apiFromPage('GET', '/settings');
    const cell = stored.body.settings.find((s) => s.name === 'kpi.min_cell_size');
    assert.deepEqual([cell.value, cell.own], [10, true]);

    const nagai = runDenen(process.env.DENEN_BIN, ['tenant', 'settings', '--config', t.config, '--code', '062090']);
    assert.match(nagai, /^kpi\.min_cell_size\t5\tサーバーの既定/m, nagai);
    const yonezawa = runDenen(process.env.DENEN_BIN, ['tenant', 'settings', '--config', t.config, '--code', '062022']);
    assert.match(yonezawa, /^kpi\.min_cell_size\t10\t団体の設定/m, yonezawa);

    await t.submitAndCapture(row.getByRole('button', { name: '既定に戻す' }), 'PUT', '/api/v1/settings');
    await row.getByText('サーバーの既定').waitFor();
    assert.equal(await input.inputValue(), '5');
  });

  t.step('no page broke the Content-Security-Policy or threw', () => {
    assert.deepEqual(t.cspViolations, []);
    assert.deepEqual(t.pageErrors, []);
  });
});
