// End-to-end test of the care reviewer console (care.html): starts the real
// denen binary on a fresh SQLite database and a free port, and drives the page
// with headless Chromium as a 介護認定審査 (care_reviewer) user: checks a pasted
// form, sees the evidence highlighted in the note, dismisses a finding with a
// comment and finds it counted in the false-alarm report. A reception user is
// refused everywhere.
//
// Needs: DENEN_BIN (the built binary), DENEN_WEB_ROOT (the repo's web/), Chromium at
// /usr/bin/chromium (or DENEN_CHROMIUM) and `npm ci` run in this folder. A missing
// piece fails the test; it is never skipped.
//
//   DENEN_BIN=build/src/app/denen DENEN_WEB_ROOT=web node --test tests/browser/care.test.mjs

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
const SCREENSHOT = path.join(os.tmpdir(), 'denen-console-care.png');

const REVIEWER = {
  username: 'kaigo01',
  displayName: '審査 一郎',
  password: crypto.randomBytes(12).toString('base64url'),
};
const RECEPTION = {
  username: 'uketsuke01',
  displayName: '受付 花子',
  password: crypto.randomBytes(12).toString('base64url'),
};

// 2-1 answered 見守り等 while the note says the wife supports the body (一部介助);
// 6-5 present with nothing written (記載漏れ).
const NOTE = 'ベッドから車いすに移る時は妻が体を支えている。';
const FORM = {
  form_id: '2026-0001',
  answers: { '2-1': 2, '6-5': 2 },
  notes: { '2-1': NOTE },
};
const DISMISS_COMMENT = '日頃は見守りで足りていると確認した';

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
  assert.ok(value, `${name} must be set (see the comment at the top of ${path.join(HERE, 'care.test.mjs')})`);
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

/** The finding of one kind in a check answered by the API. */
function findingOf(check, kind) {
  const finding = check.findings.find((f) => f.kind === kind);
  assert.ok(finding, `no ${kind} finding in ${JSON.stringify(check.findings)}`);
  return finding;
}

describe('care reviewer console', { concurrency: false }, () => {
  let check;  // the answer of POST /api/v1/care/check

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

    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'denen-care-test-'));
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
    for (const [user, role] of [[REVIEWER, 'care_reviewer'], [RECEPTION, 'reception']]) {
      runDenen(bin, ['user', 'add', '--config', config, '--username', user.username,
        '--display-name', user.displayName, '--role', role, '--password-stdin'],
      user.password + '\n');
    }

    server = spawn(bin, ['serve', '--config', config], { stdio: ['ignore', 'pipe', 'pipe'] });
    server.stdout.on('data', (d) => { serverLog += d; });
    server.stderr.on('data', (d) => { serverLog += d; });
    await waitForHealthy(`${baseUrl}/healthz`);

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

  step('the care reviewer logs in and opens 調査票チェック from the home page', async () => {
    await page.goto(baseUrl + '/console/login.html');
    const { status } = await logIn(REVIEWER.username, REVIEWER.password);
    assert.equal(status, 200);
    await page.waitForURL(baseUrl + '/console/');
    await waitForModules();
    await page.getByRole('link', { name: /要介護認定 調査票チェック/ }).click();
    await page.waitForURL(baseUrl + '/console/care.html');
    await page.getByRole('heading', { level: 1, name: '要介護認定 調査票チェック' }).waitFor();
    await page.locator('#history-empty').waitFor();
    await page.locator('#report-empty').waitFor();
  });

  step('a form that is not valid shows the server message naming the item', async () => {
    await page.getByLabel('調査票の内容（JSON）').fill(JSON.stringify({ form_id: 'x', answers: { '2-1': 9 } }));
    const { status, body } = await submitAndCapture(
      page.getByRole('button', { name: 'チェックする' }), 'POST', '/api/v1/care/check');
    assert.equal(status, 400, JSON.stringify(body));
    assert.match(body.error.message, /2-1/);
    await page.locator('#check-alert').getByText(body.error.message).waitFor();
    assert.equal(await page.getByLabel('調査票の内容（JSON）').getAttribute('aria-invalid'), 'true');
  });

  step('checking a pasted form shows the note with the evidence highlighted and the finding beside it', async () => {
    await page.getByLabel('調査票の内容（JSON）').fill(JSON.stringify(FORM, null, 2));
    const { status, body } = await submitAndCapture(
      page.getByRole('button', { name: 'チェックする' }), 'POST', '/api/v1/care/check');
    assert.equal(status, 201, JSON.stringify(body));
    assert.equal(body.form_id, FORM.form_id);
    assert.equal(body.version, 1);
    check = body;
    const contradiction = findingOf(check, 'note_contradiction');
    assert.ok(contradiction.evidence.length > 0, 'the finding carries evidence');

    const item = page.locator('li.care-item[data-item="2-1"]');
    await item.waitFor();
    assert.equal(await item.getByTestId('note').innerText(), NOTE);
    const marks = item.locator('mark.care-evidence');
    assert.ok(await marks.count() > 0, 'some evidence is highlighted');
    const evidence = contradiction.evidence[0];
    const expected = Array.from(NOTE).slice(evidence.begin, evidence.end).join('');
    assert.equal(evidence.text, expected, 'the API text matches its offsets');
    assert.ok((await marks.allInnerTexts()).join('').includes(expected),
      `highlighted: ${await marks.allInnerTexts()} expected: ${expected}`);

    const card = item.locator(`[data-finding-id="${contradiction.finding_id}"]`);
    await card.getByText('特記事項と選択の食い違い').waitFor();
    await card.getByText(contradiction.message).waitFor();
    assert.equal(await card.getByTestId('suggestion').innerText(), `提案「${contradiction.suggested_labels[0]}」`);
    assert.equal(contradiction.suggested_labels[0], '3.一部介助');
    assert.match(await card.getByTestId('decision-state').innerText(), /未判断/);
    await page.locator('li.care-item[data-item="6-5"]').getByText('特記事項の記載漏れ').first().waitFor();
    await page.locator(`#history-body tr[data-check-id="${check.check_id}"]`).waitFor();

    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    console.log(`screenshot of the care page: ${SCREENSHOT}`);
  });

  step('dismissing a finding with a comment records it', async () => {
    const contradiction = findingOf(check, 'note_contradiction');
    const card = page.locator(`[data-finding-id="${contradiction.finding_id}"]`);
    await card.getByLabel(/コメント/).fill(DISMISS_COMMENT);
    const { status, body } = await submitAndCapture(card.getByRole('button', { name: '却下' }),
      'POST', `/api/v1/care/findings/${contradiction.finding_id}/decision`);
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(body.finding.decision.decision, 'dismiss');
    assert.equal(body.finding.decision.comment, DISMISS_COMMENT);
    assert.equal(body.finding.decision.decided_by.display_name, REVIEWER.displayName);

    const updated = page.locator(`[data-finding-id="${contradiction.finding_id}"]`);
    await updated.getByTestId('decision-state').getByText(/却下/).waitFor();
    await updated.getByText(DISMISS_COMMENT).waitFor();
    await page.locator('#result-status').getByText('却下').waitFor();
  });

  step('the false-alarm report counts the dismissal for its rule', async () => {
    const row = page.locator('#report-body tr[data-kind="note_contradiction"][data-rule="item 2-1"]');
    await row.locator('[data-col="dismissed"]').getByText('1', { exact: true }).waitFor();
    assert.equal(await row.locator('[data-col="raised"]').innerText(), '1');
    assert.equal(await row.locator('[data-col="adopted"]').innerText(), '0');
    assert.equal(await row.locator('[data-col="rate"]').innerText(), '100%');
    assert.match(await row.innerText(), /2-1 移乗/);
  });

  step('a past check opens again with its decision', async () => {
    await page.reload();
    const row = page.locator(`#history-body tr[data-check-id="${check.check_id}"]`);
    await row.getByRole('button', { name: /開く/ }).click();
    const contradiction = findingOf(check, 'note_contradiction');
    const card = page.locator(`[data-finding-id="${contradiction.finding_id}"]`);
    await card.getByTestId('decision-state').getByText(/却下/).waitFor();
    assert.ok(await page.locator('li.care-item[data-item="2-1"] mark.care-evidence').count() > 0);
  });

  step('a reception user is refused the page and every care route', async () => {
    await page.goto(baseUrl + '/console/');
    await waitForModules();
    await page.getByRole('button', { name: 'ログアウト' }).click();
    await page.waitForURL(/\/console\/login\.html/);
    const { status } = await logIn(RECEPTION.username, RECEPTION.password);
    assert.equal(status, 200);
    await page.waitForURL(baseUrl + '/console/');
    await waitForModules();
    assert.equal(await page.getByRole('link', { name: /要介護認定/ }).count(), 0);

    await page.goto(baseUrl + '/console/care.html');
    await page.locator('#alert').getByText('権限').first().waitFor();
    assert.equal(await page.locator('#content').isHidden(), true, 'nothing of the care data is shown');

    const finding = check.findings[0].finding_id;
    for (const [method, apiPath, body] of [
      ['POST', '/care/check', FORM],
      ['GET', '/care/checks'],
      ['GET', `/care/checks/${check.check_id}`],
      ['POST', `/care/findings/${finding}/decision`, { decision: 'adopt' }],
      ['GET', '/care/reports/false-alarms'],
    ]) {
      const response = await apiFromPage(method, apiPath, body);
      assert.equal(response.status, 403, `${method} ${apiPath}: ${JSON.stringify(response.body)}`);
    }
  });

  step('no page broke the Content-Security-Policy or threw', () => {
    assert.deepEqual(cspViolations, []);
    assert.deepEqual(pageErrors, []);
  });
});
