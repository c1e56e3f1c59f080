// End-to-end test of the staff console: starts the real denen binary on a fresh
// SQLite database and a free port, and drives the pages with headless Chromium.
//
// Needs: DENEN_BIN (the built binary), DENEN_WEB_ROOT (the repo's web/), Chromium at
// /usr/bin/chromium (or DENEN_CHROMIUM) and `npm ci` run in this folder. A missing
// piece fails the test; it is never skipped.
//
//   DENEN_BIN=build/src/app/denen DENEN_WEB_ROOT=web node --test tests/browser/console.test.mjs

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));

const CHROMIUM = process.env.DENEN_CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const SERVER_START_TIMEOUT_MS = 20_000;
const STEP_TIMEOUT_MS = 60_000;
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

let workDir;
let server;
let serverLog = '';
let baseUrl;
let browser;
let page;
let failed = false;
const cspViolations = [];
const pageErrors = [];

function requireEnvFile(name) {
  const value = process.env[name];
  assert.ok(value, `${name} must be set (see the comment at the top of ${path.join(HERE, 'console.test.mjs')})`);
  assert.ok(fs.existsSync(value), `${name}=${value} does not exist`);
  return path.resolve(value);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

function runDenen(bin, args, input) {
  const result = spawnSync(bin, args, { input, encoding: 'utf8', timeout: 30_000 });
  assert.equal(result.status, 0,
    `denen ${args.join(' ')} exited with ${result.status ?? result.signal}\n` +
    `stdout:\n${result.stdout}\nstderr:\n${result.stderr}${result.error ? '\n' + result.error : ''}`);
}

async function waitForHealthy(url) {
  const deadline = Date.now() + SERVER_START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (server.exitCode !== null || server.signalCode !== null) {
      assert.fail(`denen serve exited early (${server.exitCode ?? server.signalCode}):\n${serverLog}`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      if (response.status === 200) {
        assert.deepEqual(await response.json(), { status: 'ok' }, 'GET /healthz body');
        return;
      }
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  assert.fail(`denen serve did not answer ${url} within ${SERVER_START_TIMEOUT_MS / 1000}s:\n${serverLog}`);
}

function stopServer() {
  if (!server || server.exitCode !== null || server.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => server.kill('SIGKILL'), 5_000);
    server.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    server.kill('SIGTERM');
  });
}

/** A test step; the first failure keeps the work folder and saves a screenshot. */
function step(name, fn) {
  it(name, { timeout: STEP_TIMEOUT_MS }, async () => {
    try {
      await fn();
    } catch (e) {
      if (!failed && page) {
        const shot = path.join(workDir, 'failure.png');
        await page.screenshot({ path: shot, fullPage: true }).catch(() => {});
        console.error(`failure screenshot: ${shot} (page ${page.url()})`);
      }
      failed = true;
      throw e;
    }
  });
}

/** Submits by clicking `button` and returns the response of the API call it makes. */
async function submitAndCapture(button, method, apiPath) {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === method &&
      new URL(r.url()).pathname === apiPath),
    button.click(),
  ]);
  // A response the page navigated away from has no body left to read.
  const body = response.status() === 204 ? null : await response.json().catch(() => undefined);
  return { status: response.status(), body };
}

/** Calls the API from the page, with its cookie, as the pages themselves do. */
function apiFromPage(method, apiPath, body) {
  return page.evaluate(async ({ method, apiPath, body }) => {
    const headers = { 'Content-Type': 'application/json' };
    if (method !== 'GET') {
      const session = await fetch('/api/v1/auth/session').then((r) => r.json());
      headers['X-CSRF-Token'] = session.csrf_token;
    }
    const response = await fetch('/api/v1' + apiPath, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  }, { method, apiPath, body });
}

async function logIn(username, password) {
  await page.getByLabel('ユーザー名').fill(username);
  await page.getByLabel('パスワード').fill(password);
  return submitAndCapture(
    page.getByRole('button', { name: 'ログイン', exact: true }), 'POST', '/api/v1/auth/login');
}

async function waitForModules() {
  await page.locator('#loading').waitFor({ state: 'hidden' });
}

describe('staff console', { concurrency: false }, () => {
  before(async () => {
    try {
      await setUp();
    } catch (e) {
      failed = true;
      throw e;
    }
  });

  async function setUp() {
    const bin = requireEnvFile('DENEN_BIN');
    const webRoot = requireEnvFile('DENEN_WEB_ROOT');
    assert.ok(fs.existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM}`);
    let chromium;
    try {
      ({ chromium } = await import('playwright-core'));
    } catch (e) {
      assert.fail(`playwright-core is not installed: run "npm ci" in ${HERE}\n${e.message}`);
    }

    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'denen-console-test-'));
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    const config = path.join(workDir, 'denen.toml');
    fs.writeFileSync(config, [
      '[municipality]',
      'code = "062090"',
      'name = "長井市"',
      '[database]',
      `url = "sqlite:${path.join(workDir, 'denen.db')}"`,
      '[server]',
      `listen = "127.0.0.1:${port}"`,
      `web_root = "${webRoot}"`,
      '',
    ].join('\n'));

    runDenen(bin, ['migrate', '--config', config]);
    runDenen(bin, ['user', 'add', '--config', config, '--username', ADMIN.username,
      '--display-name', ADMIN.displayName, '--role', 'admin', '--password-stdin'],
    ADMIN.password + '\n');

    server = spawn(bin, ['serve', '--config', config], { stdio: ['ignore', 'pipe', 'pipe'] });
    server.stdout.on('data', (d) => { serverLog += d; });
    server.stderr.on('data', (d) => { serverLog += d; });
    await waitForHealthy(`${baseUrl}/healthz`);

    // launch() gives the browser a fresh temporary profile of its own.
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ja-JP' });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
    page.on('console', (msg) => {
      if (/Content Security Policy/i.test(msg.text())) cspViolations.push(msg.text());
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));
  }

  after(async () => {
    await browser?.close().catch(() => {});
    await stopServer();
    if (failed && workDir) {
      console.error(`kept ${workDir}; server output:\n${serverLog}`);
    } else if (workDir) {
      fs.rmSync(workDir, { recursive: true, force: true });
    }
  });

  step('/ redirects to /console/, which leads to the login page', async () => {
    const root = await fetch(baseUrl + '/', { redirect: 'manual' });
    assert.ok(root.status >= 300 && root.status < 400, `GET / answered ${root.status}`);
    assert.equal(new URL(root.headers.get('Location'), baseUrl).pathname, '/console/');

    await page.goto(baseUrl + '/');
    await page.waitForURL(/\/console\/login\.html/);
    await assert.doesNotReject(
      page.getByRole('heading', { level: 1, name: 'ログイン' }).waitFor(),
      'login heading');
  });

  step('POST /api/v1/auth/login answers the user, a CSRF token and an HttpOnly cookie', async () => {
    const response = await fetch(baseUrl + '/api/v1/auth/login', {
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

  step('a wrong password shows the server message', async () => {
    const { status, body } = await logIn(ADMIN.username, 'not-the-password');
    assert.equal(status, 401);
    assert.equal(body.error.code, 'invalid_credentials');
    assert.ok(body.error.message, 'error.message is present');
    const alert = page.locator('#alert');
    await alert.getByText(body.error.message).waitFor();
    assert.equal(await alert.getAttribute('role'), 'alert');
    assert.match(page.url(), /\/console\/login\.html/);
  });

  step('the admin logs in and the home page offers 職員アカウント管理', async () => {
    const { status } = await logIn(ADMIN.username, ADMIN.password);
    assert.equal(status, 200);
    await page.waitForURL(baseUrl + '/console/');
    const session = await apiFromPage('GET', '/auth/session');
    assert.equal(session.status, 200);
    assert.equal(session.body.user.username, ADMIN.username);
    assert.deepEqual(session.body.user.roles, ['admin']);
    assert.equal(session.body.municipality.name, '長井市');
    assert.ok(session.body.csrf_token, 'csrf_token is present');

    await waitForModules();
    await page.locator('.site-header').getByText('長井市').waitFor();
    await page.getByTestId('current-user').getByText(ADMIN.displayName).waitFor();
    await page.getByRole('link', { name: /職員アカウント管理/ }).waitFor();
  });

  step('the users page lists the admin', async () => {
    await page.getByRole('link', { name: /職員アカウント管理/ }).click();
    await page.waitForURL(baseUrl + '/console/users.html');
    await page.getByRole('heading', { level: 1, name: '職員アカウント管理' }).waitFor();
    const row = page.locator(`#users-body tr[data-username="${ADMIN.username}"]`);
    await row.waitFor();
    assert.match(await row.innerText(), /システム管理者/);
  });

  step('creating a reception user adds it to the table', async () => {
    await page.getByLabel('ユーザー名').fill(STAFF.username);
    await page.getByLabel('氏名（表示名）').fill(STAFF.displayName);
    await page.getByLabel('初期パスワード').fill(STAFF.password);
    await page.getByLabel('受付', { exact: true }).check();
    const { status, body } = await submitAndCapture(
      page.getByRole('button', { name: '職員アカウントを追加' }), 'POST', '/api/v1/users');
    assert.equal(status, 201, JSON.stringify(body));
    assert.equal(body.user.username, STAFF.username);
    assert.deepEqual(body.user.roles, ['reception']);
    assert.equal(body.user.disabled, false);

    const row = page.locator(`#users-body tr[data-username="${STAFF.username}"]`);
    await row.waitFor();
    const cells = await row.locator('td').allInnerTexts();
    assert.equal(cells[0], STAFF.username);
    assert.equal(cells[1], STAFF.displayName);
    assert.equal(cells[2], '受付');
    assert.equal(cells[3], '有効');
    await page.locator('#create-status').getByText(STAFF.username).waitFor();
    assert.equal(await page.getByLabel('ユーザー名').inputValue(), '', 'the form is cleared');

    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    console.log(`screenshot of the users page: ${SCREENSHOT}`);
  });

  step('a too-short password shows the server message and creates nothing', async () => {
    const rowsBefore = await page.locator('#users-body tr').count();
    await page.getByLabel('ユーザー名').fill('tooshort01');
    await page.getByLabel('氏名（表示名）').fill('短い パスワード');
    await page.getByLabel('初期パスワード').fill('short1');
    await page.getByLabel('受付', { exact: true }).check();
    const { status, body } = await submitAndCapture(
      page.getByRole('button', { name: '職員アカウントを追加' }), 'POST', '/api/v1/users');
    assert.equal(status, 400, JSON.stringify(body));
    assert.ok(body.error.message, 'error.message is present');
    await page.locator('#create-alert').getByText(body.error.message).waitFor();
    assert.equal(await page.locator('#create-alert').getAttribute('role'), 'alert');

    assert.equal(await page.locator('#users-body tr').count(), rowsBefore);
    const list = await apiFromPage('GET', '/users');
    assert.equal(list.status, 200);
    assert.ok(!list.body.users.some((u) => u.username === 'tooshort01'), 'no user was created');
  });

  step('a taken username shows the server message', async () => {
    await page.getByLabel('ユーザー名').fill(STAFF.username);
    await page.getByLabel('氏名（表示名）').fill('別の 人');
    await page.getByLabel('初期パスワード').fill(crypto.randomBytes(12).toString('base64url'));
    const { status, body } = await submitAndCapture(
      page.getByRole('button', { name: '職員アカウントを追加' }), 'POST', '/api/v1/users');
    assert.equal(status, 409, JSON.stringify(body));
    assert.equal(body.error.code, 'username_taken');
    await page.locator('#create-alert').getByText(body.error.message).waitFor();
    await page.getByLabel('ユーザー名').fill('');
    await page.getByLabel('氏名（表示名）').fill('');
    await page.getByLabel('初期パスワード').fill('');
  });

  step('the admin disables and re-enables the new user', async () => {
    const row = () => page.locator(`#users-body tr[data-username="${STAFF.username}"]`);
    let result = await submitAndCapture(row().getByRole('button', { name: '無効にする' }),
      'PATCH', `/api/v1/users/${await row().getAttribute('data-user-id')}`);
    assert.equal(result.status, 200, JSON.stringify(result.body));
    assert.equal(result.body.user.disabled, true);
    await row().getByText('無効', { exact: true }).waitFor();

    result = await submitAndCapture(row().getByRole('button', { name: '有効にする' }),
      'PATCH', `/api/v1/users/${await row().getAttribute('data-user-id')}`);
    assert.equal(result.status, 200, JSON.stringify(result.body));
    assert.equal(result.body.user.disabled, false);
    await row().getByText('有効', { exact: true }).waitFor();
  });

  step('the admin resets the new user\'s password', async () => {
    const row = page.locator(`#users-body tr[data-username="${STAFF.username}"]`);
    const id = await row.getAttribute('data-user-id');
    await row.getByRole('button', { name: 'パスワード再設定' }).click();
    const dialog = page.getByRole('dialog', { name: 'パスワードを再設定' });
    await dialog.waitFor();
    await dialog.getByLabel('新しいパスワード').fill(STAFF.newPassword);
    const { status } = await submitAndCapture(
      dialog.getByRole('button', { name: '再設定する' }), 'POST', `/api/v1/users/${id}/password`);
    assert.equal(status, 204);
    await dialog.waitFor({ state: 'hidden' });
    await page.locator('#list-status').getByText('パスワードを再設定しました').waitFor();
  });

  step('logging out returns to the login page and ends the session', async () => {
    const { status } = await submitAndCapture(
      page.getByRole('button', { name: 'ログアウト' }), 'POST', '/api/v1/auth/logout');
    assert.equal(status, 204);
    await page.waitForURL(/\/console\/login\.html/);
    await page.getByText('ログアウトしました').waitFor();
    const session = await apiFromPage('GET', '/auth/session');
    assert.equal(session.status, 401);
    assert.equal(session.body.error.code, 'unauthenticated');
  });

  step('the reception user is not offered 職員アカウント管理', async () => {
    const { status, body } = await logIn(STAFF.username, STAFF.newPassword);
    assert.equal(status, 200, JSON.stringify(body));
    await page.waitForURL(baseUrl + '/console/');
    const session = await apiFromPage('GET', '/auth/session');
    assert.deepEqual(session.body.user.roles, ['reception']);
    await waitForModules();
    await page.getByTestId('current-user').getByText(STAFF.displayName).waitFor();
    assert.equal(await page.getByRole('link', { name: /職員アカウント管理/ }).count(), 0);
    const card = page.locator('[data-module="users"]');
    if (await card.count() > 0) assert.equal(await card.getAttribute('aria-disabled'), 'true');
  });

  step('the reception user opening users.html gets a 権限 error', async () => {
    await page.goto(baseUrl + '/console/users.html');
    await page.locator('#alert').getByText('権限').first().waitFor();
    assert.equal(await page.locator('#content').isHidden(), true, 'the user table stays hidden');

    const list = await apiFromPage('GET', '/users');
    assert.equal(list.status, 403, JSON.stringify(list.body));
    assert.ok(list.body.error.message, 'error.message is present');
    const create = await apiFromPage('POST', '/users', {
      username: 'sneaky01', display_name: '不正 作成', password: 'long-enough-password', roles: ['admin'],
    });
    assert.equal(create.status, 403, JSON.stringify(create.body));
  });

  step('the reception user logs out', async () => {
    await page.goto(baseUrl + '/console/');
    await waitForModules();
    await page.getByRole('button', { name: 'ログアウト' }).click();
    await page.waitForURL(/\/console\/login\.html/);
    await page.getByText('ログアウトしました').waitFor();
  });

  step('no page broke the Content-Security-Policy or threw', () => {
    assert.deepEqual(cspViolations, []);
    assert.deepEqual(pageErrors, []);
  });
});
