// Browser tests of the library module (issue 7). First, the counter monitor: the counter page
// web/counter/ is served, as the edge agent will serve it, by a stand-in for
// the agent's local contract (docs/library.md: GET /counter/events long
// polling); the tap results it hands out are made by the library module's own
// code (library_counter_display, the JSON the server's counter route answers).
// Headless Chromium shows the page; a screenshot of it is decoded with zxing
// (library_decode_png) and must give back the linked number. Also: a refusal
// is shown in plain Japanese, and the display clears itself.
// Second, the librarians' console page on the real denen binary: an admin
// registers a library system, a librarian links a resident (written into the
// database as the resident directory leaves it, since a browser holds no card)
// to a library card number; a wrong check digit and a duplicate are refused
// with their messages, and the KPI counts the link.
// Third, end to end as the issue checks it: the real denen binary trusting a
// test CA, a virtual card minted by `denen card mint` (its key signs the
// server's challenges, as the card does after the PIN), enrolment with library
// consent, linking by tap + PIN, then a tap sent to the server's counter route
// as the agent sends it, its answer handed to the page by the stand-in; the
// screenshot of the page decodes to the linked number.
//
// Needs: DENEN_BIN, DENEN_WEB_ROOT, DENEN_SOURCE_ROOT, sqlite3, DENEN_LIBRARY_DISPLAY (the
// library_counter_display tool), DENEN_DECODE_PNG (library_decode_png),
// Chromium and `npm ci` here, as console.test.mjs.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { BrowserTest, CHROMIUM, CHROMIUM_ARGS, loadChromium, requireEnvFile, runDenen } from './support.mjs';

const TEST_FILE = 'tests/browser/library.test.mjs';

/** The stand-in agent: serves web/counter/ and the latest tap result by long polling. */
class AgentStandIn {
  constructor(webRoot) {
    this.webRoot = webRoot;
    this.seq = 0;
    this.event = null;
    this.waiting = new Set();
    this.server = http.createServer((req, res) => this.serve(req, res));
  }

  listen() {
    return new Promise((resolve) => {
      this.server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${this.server.address().port}`));
    });
  }

  close() {
    for (const w of this.waiting) w();
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(resolve));
  }

  /** A tap happened: every waiting page gets it at once. */
  push(result) {
    this.seq += 1;
    this.event = { at_ms: Date.now(), result };
    for (const w of [...this.waiting]) w();
  }

  answer(res) {
    res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(JSON.stringify({ seq: this.seq, event: this.event }));
  }

  serve(req, res) {
    const url = new URL(req.url, 'http://127.0.0.1');
    if (url.pathname === '/counter/events') {
      const after = Number(url.searchParams.get('after'));
      const wait = Math.min(Number(url.searchParams.get('wait')) || 0, 30);
      if (after !== this.seq || wait === 0) return this.answer(res);
      const done = () => {
        this.waiting.delete(done);
        clearTimeout(timer);
        this.answer(res);
      };
      const timer = setTimeout(done, wait * 1000);
      this.waiting.add(done);
      return undefined;
    }
    const name = url.pathname === '/counter/' ? 'index.html' : url.pathname.replace(/^\/counter\//, '');
    const file = path.join(this.webRoot, 'counter', path.basename(name));
    if (!url.pathname.startsWith('/counter/') || !fs.existsSync(file)) {
      res.writeHead(404);
      return res.end();
    }
    const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
    res.writeHead(200, {
      'Content-Type': `${types[path.extname(file)] || 'application/octet-stream'}; charset=utf-8`,
      'Content-Security-Policy': "default-src 'self'; style-src 'self'; script-src 'self'",
    });
    return res.end(fs.readFileSync(file));
  }
}

function display(profile, number, nameKana, clearSeconds) {
  const tool = requireEnvFile('DENEN_LIBRARY_DISPLAY', TEST_FILE);
  const root = process.env.DENEN_SOURCE_ROOT;
  const result = spawnSync(tool, [path.join(root, 'data/library/profiles', profile), number, nameKana,
    String(clearSeconds)], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout);
}

function decodePng(file) {
  const tool = requireEnvFile('DENEN_DECODE_PNG', TEST_FILE);
  const result = spawnSync(tool, [file], { encoding: 'utf8' });
  assert.equal(result.status, 0, `no barcode found in ${file}: ${result.stderr}`);
  return result.stdout.trim().split('\n');
}

describe('library counter page', { concurrency: false }, () => {
  let agent;
  let baseUrl;
  let browser;
  let page;
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'denen-library-test-'));
  const pageErrors = [];

  before(async () => {
    const webRoot = requireEnvFile('DENEN_WEB_ROOT', TEST_FILE);
    const chromium = await loadChromium();
    agent = new AgentStandIn(webRoot);
    baseUrl = await agent.listen();
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'ja-JP' });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${baseUrl}/counter/`);
    await page.getByText('マイナンバーカードを').waitFor();
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await agent?.close();
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  for (const [profile, number] of [['nw7-7dr.json', '0001234564'], ['code128.json', '1234567895'],
    ['jan.json', '2012345678903']]) {
    it(`a tap shows a ${profile} barcode that zxing reads back from a screenshot`, async () => {
      agent.push(display(profile, number, 'ナガイ タロウ', 30));
      await page.getByTestId('number').filter({ hasText: number }).waitFor();
      await page.getByText('ナガイ タロウ さん').waitFor();
      const shot = path.join(workDir, `${profile}.png`);
      await page.screenshot({ path: shot });
      fs.copyFileSync(shot, path.join(os.tmpdir(), `denen-counter-${profile}.png`));  // for a person to look at
      const decoded = decodePng(shot);
      assert.ok(decoded.some((line) => line.includes(number)), `decoded ${JSON.stringify(decoded)}, want ${number}`);
      // The bars are drawn crisp, at a whole number of pixels per module.
      const width = await page.locator('#barcode svg').getAttribute('width');
      assert.match(width, /^\d+$/);
    });
  }

  it('a refusal is shown in plain Japanese with the way to link', async () => {
    agent.push({
      status: 'refused', code: 'library_not_linked', message: 'このマイナンバーカードは図書館カードと連携していません',
      hint: 'カウンターで図書館カードとマイナンバーカードを連携できます', link_path: '/console/library.html#link',
      clear_after_seconds: 30,
    });
    await page.getByTestId('refused-message').filter({ hasText: '連携していません' }).waitFor();
    assert.equal(await page.locator('#barcode svg').isVisible(), false);
  });

  it('the display clears itself after clear_after_seconds', async () => {
    agent.push(display('nw7-7dr.json', '0001234564', '', 3));
    await page.getByTestId('number').filter({ hasText: '0001234564' }).waitFor();
    await page.getByText('読み取り機に置いてください').waitFor({ timeout: 6_000 });
    assert.deepEqual(pageErrors, []);
  });
});

describe('library console page', { concurrency: false }, () => {
  const t = new BrowserTest('library', import.meta.url);
  const password = 'library-test-password-1';
  const ADMIN = { username: 'admin', displayName: '管理 太郎', password };
  const LIBRARIAN = { username: 'shisho', displayName: '司書 花子', password };

  t.hooks(() => t.start({ users: [[ADMIN, 'admin'], [LIBRARIAN, 'librarian']] }));

  async function logIn(user) {
    await t.page.goto(`${t.baseUrl}/console/login.html?next=${encodeURIComponent('/console/library.html')}`);
    const { status, body } = await t.logIn(user.username, user.password);
    assert.equal(status, 200, JSON.stringify(body));
    await t.page.waitForURL(`${t.baseUrl}/console/library.html`);
  }

  t.step('an admin registers the library system with its barcode profile', async () => {
    await logIn(ADMIN);
    const saved = await t.apiFromPage('PUT', '/library/systems/nagai', {
      name: '長井市立図書館', clear_after_seconds: 15,
      profile: { symbology: 'codabar', start: 'A', stop: 'A', length: 10, zero_pad: true, check_digit: '7dr' },
    });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    assert.equal((await t.apiFromPage('POST', '/auth/logout')).status, 204);
    // The resident directory's rows for an enrolled resident who consented to the library.
    const db = path.join(t.workDir, 'denen.db');
    const sql = "INSERT INTO residents (municipality_code, id, name_kana, name_kanji, district, birth_year, contact, " +
      "status, created_at_ms, created_by, updated_at_ms) VALUES ('062090', 'r-test-1', 'ナガイ タロウ', '長井 太郎', " +
      "'本町', 1948, '', 'active', 0, 'test', 0); INSERT INTO resident_consents (municipality_code, resident_id, " +
      "service, granted, changed_at_ms, changed_by) VALUES ('062090', 'r-test-1', 'library', 1, 0, 'test');";
    const result = spawnSync('sqlite3', [db, sql], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
  });

  t.step('a librarian links the resident; a wrong check digit is refused naming the scheme', async () => {
    await logIn(LIBRARIAN);
    await t.page.getByLabel('住民ID').fill('r-test-1');
    await t.page.getByLabel('図書館カードの番号').fill('0001234565');
    const wrong = await t.submitAndCapture(t.page.getByRole('button', { name: '連携する', exact: true }),
      'POST', '/api/v1/library/residents/r-test-1/links');
    assert.equal(wrong.status, 400);
    await t.page.locator('#link-alert').getByText('7DR').waitFor();

    await t.page.getByLabel('図書館カードの番号').fill('１２３４５６４');
    const linked = await t.submitAndCapture(t.page.getByRole('button', { name: '連携する', exact: true }),
      'POST', '/api/v1/library/residents/r-test-1/links');
    assert.equal(linked.status, 201, JSON.stringify(linked.body));
    await t.page.locator('#link-status').getByText('0001234564').waitFor();
    await t.page.locator('#links-body').getByText('0001234564').waitFor();
    await t.page.locator('#kpi-now').getByText('いま連携している住民: 1 人').waitFor();

    await t.page.getByLabel('図書館カードの番号').fill('0002345674');
    const second = await t.submitAndCapture(t.page.getByRole('button', { name: '連携する', exact: true }),
      'POST', '/api/v1/library/residents/r-test-1/links');
    assert.equal(second.status, 409);
    await t.page.locator('#link-alert').getByText('すでに別の図書館カード番号と連携').waitFor();
    await t.page.screenshot({ path: path.join(os.tmpdir(), 'denen-library-console.png'), fullPage: true });
    assert.deepEqual(t.cspViolations, []);
    assert.deepEqual(t.pageErrors, []);
  });
});

describe('end to end: link a virtual card, tap at the counter, read the screen', { concurrency: false }, () => {
  const t = new BrowserTest('library-e2e', import.meta.url);
  const password = 'library-test-password-2';
  const ADMIN = { username: 'admin', displayName: '管理 太郎', password };
  const RECEPTION = { username: 'madoguchi', displayName: '窓口 一郎', password };
  const LIBRARIAN = { username: 'shisho', displayName: '司書 花子', password };
  const NUMBER = '0001234564';  // 7DR: 123456 mod 7 = 4
  let card;                      // {certificate (DER base64), key (PEM)}
  let agent;
  let agentUrl;
  let counterCredential;

  t.hooks(async () => {
    await t.start({ users: [[ADMIN, 'admin'], [RECEPTION, 'reception'], [LIBRARIAN, 'librarian']] });
    // A test CA and one virtual card, and the server restarted trusting that CA.
    const bin = requireEnvFile('DENEN_BIN', TEST_FILE);
    const cardDir = path.join(t.workDir, 'card', 'resident');
    runDenen(bin, ['card', 'mint', '--out', cardDir, '--pin', '1234']);
    const caDir = path.join(t.workDir, 'card', 'test-ca');
    const crl = path.join(t.workDir, 'card', 'crl.pem');
    runDenen(bin, ['card', 'crl', '--ca-dir', caDir, '--out', crl]);
    fs.appendFileSync(t.config, `[card]\ntrust_anchors = "${path.join(caDir, 'ca-cert.pem')}"\ncrl = "${crl}"\n`);
    await t.stopServer();
    await t.startServer();
    const pem = fs.readFileSync(path.join(cardDir, 'auth-cert.pem'), 'utf8');
    card = {
      certificate: new crypto.X509Certificate(pem).raw.toString('base64'),
      key: fs.readFileSync(path.join(cardDir, 'auth-key.pem'), 'utf8'),
    };
    agent = new AgentStandIn(requireEnvFile('DENEN_WEB_ROOT', TEST_FILE));
    agentUrl = await agent.listen();
  });
  after(() => agent?.close());

  async function logIn(user) {
    await t.page.goto(`${t.baseUrl}/console/login.html?next=${encodeURIComponent('/console/')}`);
    const { status, body } = await t.logIn(user.username, user.password);
    assert.equal(status, 200, JSON.stringify(body));
    await t.page.waitForURL(`${t.baseUrl}/console/`);
  }

  async function mustApi(method, apiPath, body, expected) {
    const result = await t.apiFromPage(method, apiPath, body);
    assert.equal(result.status, expected, `${method} ${apiPath}: ${JSON.stringify(result.body)}`);
    return result.body;
  }

  /** Tap + PIN: the card signs this server's fresh challenge (what the card does once the PIN is right). */
  async function tapWithPin() {
    const { challenge } = await mustApi('POST', '/card/challenges', {}, 201);
    const signature = crypto.sign('sha256', Buffer.from(challenge, 'base64'), card.key).toString('base64');
    return { certificate: card.certificate, challenge, signature };
  }

  t.step('an admin sets up the library system and the counter device', async () => {
    await logIn(ADMIN);
    await mustApi('PUT', '/library/systems/nagai', {
      name: '長井市立図書館', clear_after_seconds: 20,
      profile: { symbology: 'codabar', start: 'A', stop: 'A', length: 10, zero_pad: true, check_digit: '7dr',
        module_px: 3, quiet_zone_modules: 12 },
    }, 200);
    const device = await mustApi('POST', '/edge/devices',
      { name: '中央図書館 カウンター1', role: 'counter', place_id: 'nagai' }, 201);
    counterCredential = device.credential;
    await mustApi('POST', '/auth/logout', undefined, 204);
  });

  t.step('reception enrols the resident with library consent; the librarian links by tap + PIN', async () => {
    await logIn(RECEPTION);
    await mustApi('POST', '/residents', {
      card: await tapWithPin(), name_kana: 'ナガイ タロウ', name_kanji: '長井 太郎', district: '本町',
      birth_year: 1948, consents: ['library'], identity_confirmed: true,
    }, 201);
    await mustApi('POST', '/auth/logout', undefined, 204);
    await logIn(LIBRARIAN);
    const wrong = await t.apiFromPage('POST', '/library/links',
      { library_system_id: 'nagai', card_number: '0001234565', card: await tapWithPin() });
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.error.code, 'card_number_check_digit');
    const linked = await mustApi('POST', '/library/links',
      { library_system_id: 'nagai', card_number: '1234564', card: await tapWithPin() }, 201);
    assert.equal(linked.link.card_number, NUMBER);
  });

  t.step('a tap at the counter shows the barcode, and its screenshot decodes to the linked number', async () => {
    const counter = await t.newPage({ viewport: { width: 1280, height: 800 }, locale: 'ja-JP' });
    await counter.goto(`${agentUrl}/counter/`);
    await counter.getByText('読み取り機に置いてください').waitFor();
    // What the agent does on a tap: the card's certificate to the server's counter route.
    const response = await fetch(`${t.baseUrl}/api/v1/library/counter/tap`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${counterCredential}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ card: { certificate: card.certificate } }),
    });
    const result = await response.json();
    assert.equal(response.status, 200, JSON.stringify(result));
    assert.equal(result.status, 'show', JSON.stringify(result));
    agent.push(result);
    await counter.getByTestId('number').filter({ hasText: NUMBER }).waitFor();
    const shot = path.join(t.workDir, 'counter.png');
    await counter.screenshot({ path: shot });
    fs.copyFileSync(shot, path.join(os.tmpdir(), 'denen-counter-e2e.png'));  // for a person to look at
    const decoded = decodePng(shot);
    assert.deepEqual(decoded, [`Codabar A${NUMBER}A`]);
    assert.deepEqual(t.pageErrors, []);
  });
});
