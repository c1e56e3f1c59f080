// End-to-end test of the Schools module (issue 9): starts the real denen binary
// on a fresh SQLite database and a free port; an admin registers two schools,
// a class in each and one teacher per school (through the API, as setup); the
// teacher of the first school plans a joint session with the other school's
// class on the console page, records it as held, opens its survey link; a
// pupil answers it from a second browser context (another device), a retry
// is not counted twice, and the page shows the hours and the satisfaction.
//
// Needs: DENEN_BIN, DENEN_WEB_ROOT, Chromium and `npm ci` here, as console.test.mjs.
//
//   DENEN_BIN=build/src/app/denen DENEN_WEB_ROOT=web node --test tests/browser/school.test.mjs

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
const SCREENSHOT = path.join(os.tmpdir(), 'denen-school.png');
const SURVEY_SCREENSHOT = path.join(os.tmpdir(), 'denen-survey.png');

const PASSWORD = () => crypto.randomBytes(12).toString('base64url'); // 16 characters
const ADMIN = { username: 'admin', displayName: '管理 太郎', password: PASSWORD() };
const TEACHER_A = { username: 'sensei-a', displayName: '長井 一郎', password: PASSWORD() };
const TEACHER_B = { username: 'sensei-b', displayName: '豊田 花子', password: PASSWORD() };

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
  assert.ok(value, `${name} must be set (see the comment at the top of ${path.join(HERE, 'school.test.mjs')})`);
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

let pupilPage;
let sessionId;
const schools = {};
const classes = {};

/** Today in Japan, as the server and the page count days. */
function japanToday() {
  return new Date(Date.now() + 9 * 3600 * 1000).toISOString().slice(0, 10);
}

async function logIn(user, next) {
  await page.goto(`${baseUrl}/console/login.html?next=${encodeURIComponent(next)}`);
  await page.getByLabel('ユーザー名').fill(user.username);
  await page.getByLabel('パスワード').fill(user.password);
  const { status, body } = await submitAndCapture(
    page.getByRole('button', { name: 'ログイン', exact: true }), 'POST', '/api/v1/auth/login');
  assert.equal(status, 200, JSON.stringify(body));
  await page.waitForURL(baseUrl + next);
}

async function logOut() {
  const result = await apiFromPage('POST', '/auth/logout');
  assert.equal(result.status, 204);
}

async function mustApi(method, apiPath, body, expected) {
  const result = await apiFromPage(method, apiPath, body);
  assert.equal(result.status, expected, `${method} ${apiPath}: ${JSON.stringify(result.body)}`);
  return result.body;
}

function sessionRow() {
  return page.locator('#calendar-body tr').filter({ hasText: '協働で調べよう' });
}

describe('schools: joint class, record, survey, KPI', { concurrency: false }, () => {
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

    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'denen-school-test-'));
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

    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    const watch = (p) => {
      p.setDefaultTimeout(10_000);
      p.on('console', (msg) => {
        if (/Content Security Policy/i.test(msg.text())) cspViolations.push(msg.text());
      });
      p.on('pageerror', (error) => pageErrors.push(error.message));
      return p;
    };
    const staffContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ja-JP' });
    page = watch(await staffContext.newPage());
    // The pupil's tablet: a separate context has its own cookies and localStorage.
    const pupilContext = await browser.newContext({
      viewport: { width: 820, height: 1180 }, locale: 'ja-JP', hasTouch: true,
    });
    pupilPage = watch(await pupilContext.newPage());
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

  step('the admin registers two schools, their classes and one teacher each', async () => {
    await logIn(ADMIN, '/console/');
    for (const [key, name] of [['a', '長井小学校'], ['b', '豊田小学校']]) {
      const { school } = await mustApi('POST', '/school/schools', { name, kind: 'elementary', in_city: true }, 201);
      schools[key] = school;
      const created = await mustApi('POST', '/school/classes',
        { school_id: school.id, name: '5年1組', grade: 5, special_needs: false }, 201);
      classes[key] = created.class;
    }
    for (const [key, teacher] of [['a', TEACHER_A], ['b', TEACHER_B]]) {
      const { user } = await mustApi('POST', '/users', {
        username: teacher.username, display_name: teacher.displayName, password: teacher.password, roles: ['school'],
      }, 201);
      await mustApi('PUT', `/school/staff/${user.id}`, { school_id: schools[key].id }, 204);
    }
    await logOut();
  });

  step('the teacher of 長井小学校 sees the school page for their school', async () => {
    await logIn(TEACHER_A, '/console/');
    await page.getByRole('link', { name: /オンライン協働授業/ }).click();
    await page.waitForURL(baseUrl + '/console/school.html');
    await page.getByRole('heading', { level: 1, name: 'オンライン協働授業・特別支援学級ICT' }).waitFor();
    await page.getByTestId('school-scope').getByText('長井小学校の先生').waitFor();
    assert.equal(await page.locator('#directory-section').isHidden(), true, 'no directory forms for a teacher');
  });

  step('plans a joint session with 豊田小学校', async () => {
    assert.equal(await page.getByLabel('実施日').first().inputValue(), japanToday());
    await page.getByLabel('開始校時').selectOption('3');
    await page.getByLabel('終了校時').selectOption('3');
    await page.getByRole('textbox', { name: /^教科/ }).fill('社会');
    await page.getByLabel('単元').fill('協働で調べよう');
    await page.getByLabel('Web会議のリンク').fill('https://meet.example.jp/nagai-toyoda');
    await page.getByLabel('使用するICT').fill('タブレット、電子黒板');
    await page.getByLabel('長井小学校 5年1組').check();
    await page.getByLabel('豊田小学校 5年1組').check();
    const { status, body } = await submitAndCapture(
      page.getByRole('button', { name: '計画を登録する' }), 'POST', '/api/v1/school/sessions');
    assert.equal(status, 201, JSON.stringify(body));
    assert.equal(body.session.status, 'planned');
    sessionId = body.session.id;
    assert.deepEqual(body.session.schools.map((s) => [s.school_name, s.confirmed]),
      [['豊田小学校', false], ['長井小学校', true]]);
    await page.locator('#plan-status').getByText('計画しました').waitFor();
    await sessionRow().waitFor();
    assert.match(await sessionRow().innerText(), /豊田小学校\s*未確認/);
  });

  step('a wrong minutes value shows the server message and records nothing', async () => {
    await sessionRow().getByRole('button', { name: '実施を記録する' }).click();
    const dialog = page.getByRole('dialog', { name: '実施を記録する' });
    await dialog.waitFor();
    await dialog.getByLabel('実施時間（分）').fill('0');
    const { status, body } = await submitAndCapture(
      dialog.getByRole('button', { name: '記録する' }), 'POST', `/api/v1/school/sessions/${sessionId}/record`);
    assert.equal(status, 400, JSON.stringify(body));
    await dialog.locator('#record-alert').getByText('「実施時間(分)」(actual_minutes)', { exact: false }).waitFor();
    await dialog.getByRole('button', { name: 'やめる' }).click();
  });

  step('records it as held for 45 minutes', async () => {
    await sessionRow().getByRole('button', { name: '実施を記録する' }).click();
    const dialog = page.getByRole('dialog', { name: '実施を記録する' });
    await dialog.getByLabel('実施結果').selectOption('held');
    await dialog.getByLabel('実施時間（分）').fill('45');
    const { status, body } = await submitAndCapture(
      dialog.getByRole('button', { name: '記録する' }), 'POST', `/api/v1/school/sessions/${sessionId}/record`);
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(body.session.status, 'held');
    assert.equal(body.session.actual_minutes, 45);
    await dialog.waitFor({ state: 'hidden' });
    await sessionRow().getByTestId('session-status').getByText('実施（45分）').waitFor();
    await page.getByTestId('kpi-online-hours').getByText('0.8 時間').waitFor();
  });

  step('a pupil answers the survey on another device; a second try is not counted', async () => {
    await sessionRow().getByRole('button', { name: 'アンケート' }).click();
    const link = page.locator('#survey-link');
    await link.waitFor();
    const href = await link.getAttribute('href');
    assert.match(href, /\/survey\/\?t=062090-[A-Za-z0-9_-]{32}$/);
    await page.getByRole('img', { name: /アンケートのQRコード/ }).waitFor();
    await page.getByRole('button', { name: '閉じる' }).click();

    await pupilPage.goto(href);
    await pupilPage.getByTestId('survey-session').getByText('社会').waitFor();
    assert.ok(await pupilPage.locator('ruby').count() > 0, 'furigana for younger pupils');
    await pupilPage.getByText('長井小学校').click();
    await pupilPage.getByText('5・6年生').click();
    await pupilPage.getByText('とても よかった').click();
    await pupilPage.getByLabel(/書いてください|感想/).fill('ほかの学校の人と話せてたのしかった');
    await pupilPage.screenshot({ path: SURVEY_SCREENSHOT, fullPage: true });
    console.log(`screenshot of the survey page: ${SURVEY_SCREENSHOT}`);
    const [first] = await Promise.all([
      pupilPage.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/answers')),
      pupilPage.getByRole('button', { name: 'こたえを おくる' }).click(),
    ]);
    assert.equal(first.status(), 201, await first.text());
    await pupilPage.getByText('こたえて くれて ありがとう').waitFor();

    // The same device opens the link again and sends again: still one answer.
    await pupilPage.goto(href);
    await pupilPage.getByText('長井小学校').click();
    await pupilPage.getByText('5・6年生').click();
    await pupilPage.getByText('とても よかった').click();
    const [again] = await Promise.all([
      pupilPage.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/answers')),
      pupilPage.getByRole('button', { name: 'こたえを おくる' }).click(),
    ]);
    assert.equal(again.status(), 200);
    assert.equal((await again.json()).status, 'already_answered');
    await pupilPage.getByText('もう こたえています').waitFor();
  });

  step('the page shows the hours and the satisfaction', async () => {
    await page.reload();
    await sessionRow().getByTestId('session-satisfaction').getByText('5.0（1件）').waitFor();
    await page.getByTestId('kpi-online-hours').getByText('0.8 時間').waitFor();
    await page.getByTestId('kpi-satisfaction').getByText('5.00（1件）').waitFor();
    const upper = page.locator('#kpi-satisfaction-body tr').filter({ hasText: '小5・6年' });
    assert.match(await upper.innerText(), /1\s+5\.00\s+1\s+0\s+0\s+0\s+0/);
    const kpi = await mustApi('GET', '/school/kpi', undefined, 200);
    assert.equal(kpi.online_hours.total_minutes, 45);
    assert.equal(kpi.satisfaction.overall.count, 1);
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    console.log(`screenshot of the school page: ${SCREENSHOT}`);
  });

  step('the teacher of 豊田小学校 sees the session and confirms it', async () => {
    await logOut();
    await logIn(TEACHER_B, '/console/school.html');
    await sessionRow().waitFor();
    const { status } = await submitAndCapture(sessionRow().getByRole('button', { name: '参加を確認する' }),
      'POST', `/api/v1/school/sessions/${sessionId}/confirm`);
    assert.equal(status, 200);
    await page.locator('#calendar-status').getByText('参加を確認しました').waitFor();
    await sessionRow().getByText('未確認').waitFor({ state: 'detached' });
    assert.equal(await sessionRow().getByText('確認済み').count(), 2);
  });

  step('no page broke the Content-Security-Policy or threw', () => {
    assert.deepEqual(cspViolations, []);
    assert.deepEqual(pageErrors, []);
  });
});
