// Enrolment at the city hall (issue 5), end to end on the real path: pcscd
// with vsmartcard-vpcd's virtual readers, denen-vcard as the resident's card,
// denen-edge in the desk role next to the reader, the real denen server, and
// the console page in headless Chromium. A reception clerk sees the PIN tries
// left, a wrong PIN is reported with the tries left and never retried, the
// right PIN enrols the resident, and tapping the card brings the record back.
// Runs as root (pcscd), one at a time with the other pcscd tests.
//
// Needs: DENEN_BIN, DENEN_WEB_ROOT, DENEN_EDGE_BIN, DENEN_VCARD_BIN, pcscd and
// vsmartcard-vpcd, Chromium and `npm ci` here.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe } from 'node:test';

import { BrowserTest, freePort, requireEnvFile, runDenen } from './support.mjs';

const t = new BrowserTest('residents', import.meta.url);
const CLERK = { username: 'uketsuke', displayName: '受付 花子', password: crypto.randomBytes(12).toString('base64url') };

const cardDir = fs.mkdtempSync(path.join(os.tmpdir(), 'denen-residents-card-'));
const children = [];
let agentUrl;

function start(command, args, name) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  child.log = '';
  child.stdout.on('data', (d) => { child.log += d; });
  child.stderr.on('data', (d) => { child.log += d; });
  child.name = name;
  children.push(child);
  return child;
}

async function waitFor(what, check, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const logs = children.map((c) => `--- ${c.name}\n${c.log}`).join('\n');
  assert.fail(`${what} did not happen within ${timeoutMs / 1000}s\n${logs}`);
}

describe('residents: enrolment by tap + PIN through pcscd, denen-edge and the console', () => {
  t.hooks(async () => {
    assert.equal(process.getuid(), 0, 'this test runs pcscd and needs root (make test runs as root)');
    const bin = requireEnvFile('DENEN_BIN', import.meta.url);
    const edgeBin = requireEnvFile('DENEN_EDGE_BIN', import.meta.url);
    const vcardBin = requireEnvFile('DENEN_VCARD_BIN', import.meta.url);
    assert.ok(fs.existsSync('/usr/sbin/pcscd'), 'pcscd is not installed (scripts/install-deps.sh test)');
    assert.notEqual(spawnSync('pgrep', ['-x', 'pcscd']).status, 0, 'a pcscd not started by this test is running');

    // The resident's virtual card (PIN 1234) and its test CA; the server trusts it.
    runDenen(bin, ['card', 'mint', '--out', path.join(cardDir, 'card'), '--pin', '1234']);
    runDenen(bin, ['card', 'crl', '--ca-dir', path.join(cardDir, 'test-ca'), '--out', path.join(cardDir, 'crl.pem')]);
    await t.start({
      users: [[CLERK, 'reception']],
      extraConfig: ['[card]', `trust_anchors = "${path.join(cardDir, 'test-ca', 'ca-cert.pem')}"`,
        `crl = "${path.join(cardDir, 'crl.pem')}"`],
    });

    fs.mkdirSync('/run/pcscd', { recursive: true });
    start('/usr/sbin/pcscd', ['--foreground'], 'pcscd');
    await waitFor('pcscd listing the vpcd readers', async () =>
      /Virtual PCD 00 00/.test(spawnSync(bin, ['card', 'readers'], { encoding: 'utf8' }).stdout));
    start(vcardBin, ['--card', path.join(cardDir, 'card')], 'denen-vcard');

    const port = await freePort();
    agentUrl = `http://127.0.0.1:${port}`;
    const config = path.join(cardDir, 'edge.toml');
    fs.writeFileSync(config, ['[edge]', 'role = "desk"', `listen_port = ${port}`, 'reader = "Virtual PCD 00 00"',
      `allowed_origin = "${t.baseUrl}"`, `queue = "${path.join(cardDir, 'edge-queue.db')}"`, ''].join('\n'));
    start(edgeBin, [config], 'denen-edge');
    await waitFor('denen-edge reading the card', async () => (await fetch(`${agentUrl}/card/status`)).ok);
  });

  // The agent, the card and pcscd stop after the server and the browser.
  after(async () => {
    for (const child of children.reverse()) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      await new Promise((resolve) => {
        child.once('exit', resolve);
        child.kill('SIGTERM');
      });
    }
    if (t.failed) {
      for (const child of children) console.error(`--- ${child.name}\n${child.log}`);
    } else {
      fs.rmSync(cardDir, { recursive: true, force: true });
    }
  });

  t.step('the clerk opens the page and sees the PIN tries left', async () => {
    await t.page.goto(`${t.baseUrl}/console/residents.html`);
    await t.page.waitForURL(/login\.html/);
    const login = await t.logIn(CLERK.username, CLERK.password);
    assert.equal(login.status, 200);
    await t.page.waitForURL(`${t.baseUrl}/console/residents.html`);
    await t.page.locator('#content').waitFor();
    await t.page.locator('#agent-url').fill(agentUrl);
    await t.page.locator('#agent-url').dispatchEvent('change');
    await t.page.getByRole('button', { name: 'カードを確認する' }).click();
    await t.page.locator('#reader-status', { hasText: '残り回数: 3回' }).waitFor();
  });

  t.step('a wrong PIN is refused with the tries left, and nothing is enrolled', async () => {
    await t.page.locator('#name-kana').fill('ナガイ タロウ');
    await t.page.locator('#name-kanji').fill('長井 太郎');
    await t.page.locator('#district').fill('本町');
    await t.page.locator('#birth-year').fill('1950');
    await t.page.getByLabel('施設・イベント・避難所の受付(来訪の記録と集計)').check();
    await t.page.getByLabel('図書館カードとしての利用').check();
    await t.page.getByLabel('ご本人であることを窓口で確認しました').check();
    await t.page.locator('#pin').fill('9999');
    await t.page.getByRole('button', { name: '登録する' }).click();
    await t.page.locator('#enrol-alert', { hasText: '残り 2 回' }).waitFor();
    const status = await (await fetch(`${agentUrl}/card/status`)).json();
    assert.equal(status.pin_tries_left, 2, 'the agent sent the PIN once and did not retry');
    const search = await t.apiFromPage('GET', '/residents?kana=' + encodeURIComponent('ナガイ'));
    assert.equal(search.body.residents.length, 0);
  });

  t.step('the right PIN enrols the resident with the chosen consents', async () => {
    await t.page.locator('#pin').fill('1234');
    const response = await t.submitAndCapture(t.page.getByRole('button', { name: '登録する' }), 'POST',
      '/api/v1/residents');
    assert.equal(response.status, 201, JSON.stringify(response.body));
    assert.deepEqual(response.body.consents, { reception: true, library: true, lock: false });
    await t.page.locator('#enrol-status', { hasText: 'ナガイ タロウ さんを登録しました' }).waitFor();
    await t.page.locator('#detail-identities', { hasText: '利用中' }).waitFor();
    assert.equal(await t.page.locator('#pin').inputValue(), '', 'the PIN field is cleared');
  });

  t.step('tapping the card brings the record back; a lost card is suspended', async () => {
    await t.page.reload();
    await t.page.locator('#content').waitFor();
    await t.page.getByRole('button', { name: 'カードで登録内容を呼び出す' }).click();
    await t.page.locator('#detail-fields', { hasText: '長井 太郎' }).waitFor();
    t.page.once('dialog', (dialog) => dialog.accept('紛失の届出'));
    await t.page.getByRole('button', { name: '利用停止(紛失など)' }).click();
    await t.page.locator('#detail-identities', { hasText: '利用停止中' }).waitFor();
    assert.deepEqual(t.cspViolations, []);
    assert.deepEqual(t.pageErrors, []);
  });
});
