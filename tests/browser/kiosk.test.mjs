// Reception check-in at a shelter kiosk (issue 6), end to end on the real
// path and through a network cut: pcscd with vsmartcard-vpcd's two virtual
// readers, denen-vcard as each resident's card, denen-edge as the city hall
// desk (enrolment, reader "Virtual PCD 00 01") and as the shelter's kiosk
// (reader "Virtual PCD 00 00"), the real denen server on SQLite, and the kiosk
// page in headless Chromium, served by the kiosk agent.
//
// Ten residents enrol by tap + PIN and consent to reception; the kiosk copies
// their names (encrypted) while the server is up. Online, a tap shows the
// kana name and a second tap checks the resident out, counted once. Then the
// server is killed: nine cards and 191 walk-ins typed into the page's staff
// form make 200 check-ins, each greeted from the agent's own checks; the agent
// restarts offline and still knows its shelter. The server comes back, the
// queue drains, and exactly those 200 check-ins are stored, once each, with
// the HQ dashboard's counts; the same queue sent again changes nothing.
// Runs as root (pcscd), one at a time with the other pcscd tests.
//
// Needs: DENEN_BIN, DENEN_WEB_ROOT, DENEN_EDGE_BIN, DENEN_VCARD_BIN, pcscd,
// vsmartcard-vpcd, sqlite3, Chromium and `npm ci` here.

import assert from 'node:assert/strict';
import { execFile, spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe } from 'node:test';
import { promisify } from 'node:util';

import { BrowserTest, freePort, requireEnvFile, runDenen } from './support.mjs';

const t = new BrowserTest('kiosk', import.meta.url);
const ADMIN = { username: 'kanri', displayName: '管理 太郎', password: crypto.randomBytes(12).toString('base64url') };
const SHELTER = '長井小学校体育館';
const KIOSK_READER = { name: 'Virtual PCD 00 00', port: 35963 };
const DESK_READER = { name: 'Virtual PCD 00 01', port: 35964 };
const RESIDENTS = ['アオキ イチロウ', 'イノウエ ハナ', 'ウエダ ジロウ', 'エンドウ サチコ', 'オオタ サブロウ',
  'カトウ ミドリ', 'キムラ シロウ', 'クドウ ユミ', 'ケンモチ ゴロウ', 'コバヤシ アイ'];
const OFFLINE_CHECKINS = 200;
const WALK_INS = OFFLINE_CHECKINS - (RESIDENTS.length - 1);  // resident 0 is seen online only
const run = promisify(execFile);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'denen-kiosk-cards-'));
const children = [];
const residents = RESIDENTS.map((name, i) => ({ name, dir: path.join(work, 'cards', `r${i}`), id: undefined }));
const kiosk = { url: undefined, config: path.join(work, 'kiosk.toml'), queue: path.join(work, 'kiosk-queue.db') };
const feed = { events: [], after: 0, stop: new AbortController() };
let bin;
let edgeBin;
let vcardBin;
let deskUrl;
let kioskPage;
let kioskAgent;
let placeId;
const latencies = [];

function start(command, args, name) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  child.log = '';
  child.stdout.on('data', (d) => { child.log += d; });
  child.stderr.on('data', (d) => { child.log += d; });
  child.name = name;
  children.push(child);
  return child;
}

function stop(child, signal = 'SIGTERM') {
  children.splice(children.indexOf(child), 1);
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', resolve);
    child.kill(signal);
  });
}

async function waitFor(what, check, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await sleep(100);
  }
  const logs = children.filter((c) => !c.name.startsWith('denen-vcard')).map((c) => `--- ${c.name}\n${c.log}`);
  assert.fail(`${what} did not happen within ${timeoutMs / 1000}s\n${logs.join('\n')}`);
}

async function getJson(url) {
  const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  assert.ok(response.ok, `${url}: HTTP ${response.status}`);
  return response.json();
}

async function staff(method, apiPath, body) {
  const response = await t.apiFromPage(method, apiPath, body);
  assert.ok(response.status < 300, `${method} ${apiPath}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

/** Whether pcscd reports `reader` empty now (a card that fails to answer is still there). */
async function readerEmpty(reader) {
  try {
    await run(bin, ['card', 'read', '--reader', reader.name, '--wait-ms', '0'], { timeout: 5_000 });
    return false;
  } catch (e) {
    return /card_wait_timeout/.test(e.stderr);
  }
}

/** Puts the resident's virtual card on `reader`. */
function insertCard(resident, reader) {
  return start(vcardBin, ['--card', resident.dir, '--port', String(reader.port)], `denen-vcard ${resident.name}`);
}

/** Takes the card away and waits until pcscd (and so the agent) has seen it go. */
async function pullCard(card, reader) {
  await stop(card);
  await waitFor(`the card leaving ${reader.name}`, () => readerEmpty(reader));
}

/** The instant (epoch ms) in a ULID, here the moment the kiosk agent had read the card. */
function ulidTime(id) {
  return [...id.slice(0, 10)].reduce((ms, c) => ms * 32 + '0123456789ABCDEFGHJKMNPQRSTVWXYZ'.indexOf(c), 0);
}

/**
 * Taps the resident's card on the kiosk's reader and waits for the page to show
 * `message` under the name. Returns the agent's event, and how long after the
 * card was put down and after the agent had read it the page showed the name.
 */
async function tapAtKiosk(resident, message) {
  const seen = feed.events.length;
  await kioskPage.evaluate((name) => { delete window.shownAt[`${name} さま`]; }, resident.name);
  const insertedAt = Date.now();
  const card = insertCard(resident, KIOSK_READER);
  const screen = kioskPage.getByTestId('kiosk-screen');
  await screen.filter({ hasText: `${resident.name} さま` }).filter({ hasText: message }).waitFor({ timeout: 5_000 });
  await waitFor('the event in the feed', async () => feed.events.slice(seen).some((e) => e.name_kana === resident.name));
  const event = feed.events.slice(seen).find((e) => e.name_kana === resident.name);
  const shownAt = await kioskPage.evaluate((name) => window.shownAt[`${name} さま`], resident.name);
  await pullCard(card, KIOSK_READER);
  return { event, fromCard: shownAt - insertedAt, fromRead: shownAt - ulidTime(event.id) };
}

/** The certificate of a minted card as the agent reports it (base64 DER). */
function certificateOf(resident) {
  const pem = fs.readFileSync(path.join(resident.dir, 'auth-cert.pem'), 'utf8');
  return pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
}

function startKioskAgent() {
  kioskAgent = start(edgeBin, [kiosk.config], 'denen-edge kiosk');
  return waitFor('the kiosk agent answering', async () => (await fetch(`${kiosk.url}/kiosk/status`)).ok);
}

function kioskStatus() {
  return getJson(`${kiosk.url}/kiosk/status`).then((body) => body.status);
}

/** Follows the kiosk agent's event feed for the whole test, across agent restarts. */
async function followFeed() {
  while (!feed.stop.signal.aborted) {
    try {
      const response = await fetch(`${kiosk.url}/kiosk/events?after=${feed.after}&wait=5`,
        { signal: AbortSignal.any([feed.stop.signal, AbortSignal.timeout(10_000)]) });
      const body = await response.json();
      feed.events.push(...body.events);
      // A restarted agent numbers its events from 1 again.
      feed.after = body.next < feed.after ? 0 : body.next;
    } catch {
      await sleep(100);
    }
  }
}

function serverUp() {
  return t.startServer();
}

async function shelterCounts() {
  const { shelters } = await staff('GET', '/reception/shelters');
  const shelter = shelters.find((s) => s.place_id === placeId);
  return { present: shelter.present, households: shelter.households, by_card: shelter.by_card };
}

/** 受付ID of every visit stored (the test's days, Japan time), from the admin's individual-row export. */
async function storedVisitIds() {
  const japanDate = (ms) => new Date(ms + 9 * 3_600_000).toISOString().slice(0, 10);
  const query = `from=${japanDate(Date.now() - 86_400_000)}&to=${japanDate(Date.now())}&format=csv`;
  const csv = await t.page.evaluate(async (q) => (await fetch(`/api/v1/reception/visits/export?${q}`)).text(), query);
  const rows = csv.replace(/^\uFEFF/, '').split(/\r?\n/).filter((line) => line !== '');
  assert.match(rows[0], /^受付ID,/);
  return rows.slice(1).map((line) => line.split(',')[0]);
}

describe('kiosk: check-in by card and walk-in at a shelter, through a network cut', { concurrency: false }, () => {
  t.hooks(async () => {
    assert.equal(process.getuid(), 0, 'this test runs pcscd and needs root (make test runs as root)');
    bin = requireEnvFile('DENEN_BIN', import.meta.url);
    edgeBin = requireEnvFile('DENEN_EDGE_BIN', import.meta.url);
    vcardBin = requireEnvFile('DENEN_VCARD_BIN', import.meta.url);
    const webRoot = requireEnvFile('DENEN_WEB_ROOT', import.meta.url);
    assert.ok(fs.existsSync('/usr/sbin/pcscd'), 'pcscd is not installed (scripts/install-deps.sh test)');
    assert.equal(spawnSync('sqlite3', ['-version']).status, 0, 'sqlite3 is not installed (scripts/packages-test.txt)');
    assert.notEqual(spawnSync('pgrep', ['-x', 'pcscd']).status, 0, 'a pcscd not started by this test is running');

    // Ten residents' virtual cards (PIN 1234) from one test CA, which the server trusts.
    const caDir = path.join(work, 'test-ca');
    for (const r of residents) runDenen(bin, ['card', 'mint', '--out', r.dir, '--ca-dir', caDir, '--pin', '1234']);
    runDenen(bin, ['card', 'crl', '--ca-dir', caDir, '--out', path.join(work, 'crl.pem')]);
    await t.start({
      users: [[ADMIN, 'admin']],
      extraConfig: ['[card]', `trust_anchors = "${path.join(caDir, 'ca-cert.pem')}"`,
        `crl = "${path.join(work, 'crl.pem')}"`],
    });
    await t.page.goto(`${t.baseUrl}/console/login.html?next=${encodeURIComponent('/console/')}`);
    assert.equal((await t.logIn(ADMIN.username, ADMIN.password)).status, 200);
    await t.page.waitForURL(`${t.baseUrl}/console/`);

    // The shelter is open, and its kiosk is registered as an edge device bound to it.
    const csv = fs.readFileSync(path.join(webRoot, '..', 'data', 'reception', 'facilities_sample.csv'), 'utf8');
    await staff('POST', '/reception/places/import', { csv });
    placeId = (await staff('GET', '/reception/places')).places.find((p) => p.name === SHELTER).id;
    await staff('POST', '/reception/shelters', { place_id: placeId });
    const device = await staff('POST', '/edge/devices', { name: '体育館の受付端末', role: 'kiosk', place_id: placeId });
    fs.writeFileSync(path.join(work, 'credential'), device.credential + '\n', { mode: 0o600 });

    fs.mkdirSync('/run/pcscd', { recursive: true });
    start('/usr/sbin/pcscd', ['--foreground'], 'pcscd');
    await waitFor('pcscd listing the vpcd readers', async () => {
      const { stdout } = await run(bin, ['card', 'readers']);
      return stdout.includes(KIOSK_READER.name) && stdout.includes(DESK_READER.name);
    });

    const deskPort = await freePort();
    deskUrl = `http://127.0.0.1:${deskPort}`;
    const deskConfig = path.join(work, 'desk.toml');
    fs.writeFileSync(deskConfig, ['[edge]', 'role = "desk"', `listen_port = ${deskPort}`,
      `reader = "${DESK_READER.name}"`, `allowed_origin = "${t.baseUrl}"`,
      `queue = "${path.join(work, 'desk-queue.db')}"`, ''].join('\n'));
    start(edgeBin, [deskConfig], 'denen-edge desk');

    const kioskPort = await freePort();
    kiosk.url = `http://127.0.0.1:${kioskPort}`;
    fs.writeFileSync(kiosk.config, ['[edge]', 'role = "kiosk"', `listen_port = ${kioskPort}`,
      `web_root = "${webRoot}"`, `queue = "${kiosk.queue}"`, `reader = "${KIOSK_READER.name}"`,
      'upload_interval_seconds = 1', `card_trust_cache = "${path.join(work, 'card-trust.json')}"`,
      `cache_key_file = "${path.join(work, 'cache.key')}"`, 'cache_max_age_hours = 72',
      '[server]', `url = "${t.baseUrl}"`, `credential_file = "${path.join(work, 'credential')}"`,
      'timeout_seconds = 5', ''].join('\n'));
    await startKioskAgent();
    followFeed();
    await waitFor('the desk agent answering', async () => Boolean(await fetch(`${deskUrl}/card/status`)));
  });

  // The cards, the agents and pcscd stop after the server and the browser.
  after(async () => {
    feed.stop.abort();
    for (const child of [...children].reverse()) await stop(child);
    if (t.failed) {
      console.error(`kept ${work}`);
    } else {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });

  t.step('ten residents enrol at the desk by tap + PIN and consent to reception', async () => {
    for (const r of residents) {
      const card = insertCard(r, DESK_READER);
      await waitFor(`the desk reading ${r.name}'s card`, async () => (await fetch(`${deskUrl}/card/status`)).ok);
      const { challenge } = await staff('POST', '/card/challenges');
      const response = await fetch(`${deskUrl}/card/pin-evidence`, {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ challenge, pin: '1234' }),
      });
      assert.equal(response.status, 200);
      const evidence = await response.json();
      assert.equal(evidence.card.certificate, certificateOf(r), 'the PIN evidence is of the card just inserted');
      const enrolled = await staff('POST', '/residents', {
        card: evidence.card, name_kana: r.name, district: '本町', birth_year: 1960, consents: [],
        identity_confirmed: true,
      });
      r.id = enrolled.resident.id;
      await staff('PUT', `/residents/${r.id}/consents/reception`, { granted: true });
      await pullCard(card, DESK_READER);
    }
    // The kiosk keeps an encrypted copy of the names of residents who may check in.
    await waitFor('the kiosk caching ten names', async () => {
      const { stdout } = await run('sqlite3', [kiosk.queue, 'SELECT COUNT(*) FROM kiosk_residents WHERE active = 1']);
      return stdout.trim() === String(RESIDENTS.length);
    });
    const { stdout } = await run('sqlite3', [kiosk.queue, 'SELECT sealed_name FROM kiosk_residents']);
    for (const r of residents) assert.ok(!stdout.includes(r.name), 'names are stored encrypted');
  });

  t.step('online: a tap shows the name in kana, a second tap checks the resident out, counted once', async () => {
    kioskPage = await t.newPage({ viewport: { width: 1280, height: 800 }, locale: 'ja-JP' });
    await kioskPage.goto(`${kiosk.url}/kiosk/`);
    // When each name first appeared on the screen, by the page's own clock (the machine's).
    await kioskPage.evaluate(() => {
      window.shownAt = {};
      const name = document.getElementById('name');
      new MutationObserver(() => { window.shownAt[name.textContent] ??= Date.now(); })
        .observe(name, { childList: true, characterData: true, subtree: true });
    });
    await kioskPage.getByTestId('kiosk-link').getByText('オンライン', { exact: true }).waitFor();
    assert.equal(await kioskPage.getByTestId('kiosk-place').innerText(), SHELTER);
    await kioskPage.getByText('避難所受付').waitFor();

    const r = residents[0];
    const checkIn = await tapAtKiosk(r, '受付しました');
    assert.equal(checkIn.event.outcome, 'checked_in');
    assert.equal(checkIn.event.queued, false);
    const checkOut = await tapAtKiosk(r, 'お帰りを記録しました');
    assert.equal(checkOut.event.outcome, 'checked_out');
    latencies.push(checkIn, checkOut);
    const event = checkIn.event;
    assert.deepEqual(await shelterCounts(), { present: 0, households: 0, by_card: 0 });
    assert.deepEqual(await storedVisitIds(), [event.id], 'one visit for the check-in and the check-out');
  });

  t.step('offline: the page says so; cards are checked and greeted from the encrypted copy', async () => {
    await new Promise((resolve) => {
      t.server.once('exit', resolve);
      t.server.kill('SIGKILL');
    });
    await kioskPage.getByTestId('kiosk-link').getByText('オフライン（未送信 0 件）').waitFor({ timeout: 5_000 });

    for (const r of residents.slice(1)) {
      const tap = await tapAtKiosk(r, '受付しました（通信回復後に送信します）');
      assert.equal(tap.event.queued, true);
      latencies.push(tap);
    }
    // Printed for the record, not asserted: speed goals live in bench/, and this
    // machine is shared with other tests (the goal is within a second).
    const fromRead = latencies.map((l) => l.fromRead).sort((a, b) => a - b);
    const fromCard = latencies.map((l) => l.fromCard).sort((a, b) => a - b);
    console.log(`name on the screen after the agent read the card: ${fromRead.join(', ')} ms; ` +
      `after the card was put on the virtual reader: ${fromCard.join(', ')} ms`);
  });

  /** Holds the agent's answer to the next walk-in until the returned function is called. */
  async function holdBackWalkInAnswer() {
    let release;
    let answer;
    const released = new Promise((resolve) => { release = resolve; });
    const answered = new Promise((resolve) => { answer = resolve; });
    await kioskPage.route('**/kiosk/walkins', async (route) => {
      const response = await route.fetch();
      await released;
      await route.fulfill({ response });
      answer();
    }, { times: 1 });
    return async () => { release(); await answered; };
  }

  // Two halves, each well within a step's time limit on a busy machine.
  const half = Math.ceil(WALK_INS / 2);
  for (const [first, last] of [[1, half], [half + 1, WALK_INS]]) {
    t.step(`offline: walk-ins ${first}–${last} typed into the kiosk's staff form`, async () => {
      if (first === 1) await kioskPage.getByRole('button', { name: '職員メニュー' }).click();
      for (let i = first; i <= last; i++) {
        const name = `ヒナン ${String(i).padStart(3, '0')}`;
        // Once, the agent's answer to the page is held back: the greeting comes
        // first (from /kiosk/events), and the form must stay locked until the
        // answer resets it, or the next entry typed in would be wiped.
        const release = i === half + 1 ? await holdBackWalkInAnswer() : null;
        await kioskPage.getByTestId('walkin-name').fill(name);
        await kioskPage.getByLabel('地区').fill('栄町');
        await kioskPage.getByLabel('年代').selectOption('40-49');
        await kioskPage.getByTestId('walkin-submit').click();
        await kioskPage.getByTestId('kiosk-name').getByText(`${name} さま`, { exact: true }).waitFor({ timeout: 5_000 });
        if (release) {
          assert.equal(await kioskPage.getByTestId('walkin-name').isDisabled(), true, 'the form is locked while the entry is sent');
          assert.equal(await kioskPage.getByTestId('walkin-submit').isDisabled(), true);
          await release();
          await kioskPage.getByTestId('walkin-name').and(kioskPage.locator(':enabled')).waitFor();
          assert.equal(await kioskPage.getByTestId('walkin-name').inputValue(), '', 'the sent entry is cleared');
        }
      }
    });
  }

  t.step(`offline: the kiosk holds ${OFFLINE_CHECKINS} check-ins, each greeted by name`, async () => {
    await kioskPage.getByTestId('kiosk-link').getByText(`オフライン（未送信 ${OFFLINE_CHECKINS} 件）`).waitFor();
    const queued = feed.events.filter((e) => e.queued);
    assert.equal(new Set(queued.map((e) => e.id)).size, OFFLINE_CHECKINS);
    assert.ok(queued.every((e) => e.outcome === 'checked_in' && e.name_kana), 'every offline check-in has a name');
    assert.equal((await kioskStatus()).queued, OFFLINE_CHECKINS);
  });

  t.step('the kiosk agent restarts offline and still knows its shelter and its queue', async () => {
    await stop(kioskAgent);
    for (const suffix of ['', '-wal']) {
      if (fs.existsSync(kiosk.queue + suffix)) fs.copyFileSync(kiosk.queue + suffix, `${kiosk.queue}.copy${suffix}`);
    }
    await startKioskAgent();
    await waitFor('the restarted agent finding the server away', async () => !(await kioskStatus()).online);
    const status = await kioskStatus();
    assert.equal(status.queued, OFFLINE_CHECKINS);
    await kioskPage.getByTestId('kiosk-link').getByText(`オフライン（未送信 ${OFFLINE_CHECKINS} 件）`).waitFor();
    assert.equal(await kioskPage.getByTestId('kiosk-place').innerText(), SHELTER);
    assert.equal(status.place_name, SHELTER);
    assert.equal(status.mode, 'shelter');
  });

  t.step(`the server comes back: exactly ${OFFLINE_CHECKINS} check-ins arrive, once each, and the HQ counts them`,
    async () => {
      await serverUp();
      await waitFor('the kiosk queue draining', async () => {
        const status = await kioskStatus();
        return status.online && status.queued === 0;
      }, 60_000);
      await kioskPage.getByTestId('kiosk-link').getByText('オンライン', { exact: true }).waitFor();

      const offline = feed.events.filter((e) => e.queued).map((e) => e.id);
      const online = feed.events.find((e) => !e.queued && e.outcome === 'checked_in').id;
      const stored = await storedVisitIds();
      assert.equal(stored.length, OFFLINE_CHECKINS + 1);
      assert.deepEqual([...stored].sort(), [online, ...new Set(offline)].sort());
      // Everyone who arrived offline is present, each the head of a household;
      // the nine card holders among them.
      assert.deepEqual(await shelterCounts(),
        { present: OFFLINE_CHECKINS, households: OFFLINE_CHECKINS, by_card: RESIDENTS.length - 1 });
    });

  t.step('the same queue sent again is counted once', async () => {
    const before = await storedVisitIds();
    await stop(kioskAgent);
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(kiosk.queue + suffix, { force: true });
    for (const suffix of ['', '-wal']) {
      if (fs.existsSync(`${kiosk.queue}.copy${suffix}`)) fs.copyFileSync(`${kiosk.queue}.copy${suffix}`, kiosk.queue + suffix);
    }
    await startKioskAgent();
    await waitFor('the re-sent queue draining', async () => (await kioskStatus()).queued === 0, 60_000);
    const uploaded = [...kioskAgent.log.matchAll(/^uploaded (\d+)$/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
    assert.equal(uploaded, OFFLINE_CHECKINS, 'the agent sent every item again');
    assert.deepEqual((await storedVisitIds()).sort(), before.sort());
    assert.deepEqual(await shelterCounts(),
      { present: OFFLINE_CHECKINS, households: OFFLINE_CHECKINS, by_card: RESIDENTS.length - 1 });
  });

  t.step('no page broke the content security policy or threw', async () => {
    assert.deepEqual(t.cspViolations, []);
    assert.deepEqual(t.pageErrors, []);
  });
});
