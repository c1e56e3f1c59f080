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
import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { describe } from 'node:test';

import { BrowserTest } from './support.mjs';

const t = new BrowserTest('care', import.meta.url);

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

/** The finding of one kind in a check answered by the API. */
function findingOf(check, kind) {
  const finding = check.findings.find((f) => f.kind === kind);
  assert.ok(finding, `no ${kind} finding in ${JSON.stringify(check.findings)}`);
  return finding;
}

describe('care reviewer console', { concurrency: false }, () => {
  let check;  // the answer of POST /api/v1/care/check

  t.hooks(() => t.start({ users: [[REVIEWER, 'care_reviewer'], [RECEPTION, 'reception']] }));

  t.step('the care reviewer logs in and opens 調査票チェック from the home page', async () => {
    await t.page.goto(t.baseUrl + '/console/login.html');
    const { status } = await t.logIn(REVIEWER.username, REVIEWER.password);
    assert.equal(status, 200);
    await t.page.waitForURL(t.baseUrl + '/console/');
    await t.waitForModules();
    await t.page.getByRole('link', { name: /要介護認定 調査票チェック/ }).click();
    await t.page.waitForURL(t.baseUrl + '/console/care.html');
    await t.page.getByRole('heading', { level: 1, name: '要介護認定 調査票チェック' }).waitFor();
    await t.page.locator('#history-empty').waitFor();
    await t.page.locator('#report-empty').waitFor();
  });

  t.step('a form that is not valid shows the server message naming the item', async () => {
    await t.page.getByLabel('調査票の内容（JSON）').fill(JSON.stringify({ form_id: 'x', answers: { '2-1': 9 } }));
    const { status, body } = await t.submitAndCapture(
      t.page.getByRole('button', { name: 'チェックする' }), 'POST', '/api/v1/care/check');
    assert.equal(status, 400, JSON.stringify(body));
    assert.match(body.error.message, /2-1/);
    await t.page.locator('#check-alert').getByText(body.error.message).waitFor();
    assert.equal(await t.page.getByLabel('調査票の内容（JSON）').getAttribute('aria-invalid'), 'true');
  });

  t.step('checking a pasted form shows the note with the evidence highlighted and the finding beside it', async () => {
    await t.page.getByLabel('調査票の内容（JSON）').fill(JSON.stringify(FORM, null, 2));
    const { status, body } = await t.submitAndCapture(
      t.page.getByRole('button', { name: 'チェックする' }), 'POST', '/api/v1/care/check');
    assert.equal(status, 201, JSON.stringify(body));
    assert.equal(body.form_id, FORM.form_id);
    assert.equal(body.version, 1);
    check = body;
    const contradiction = findingOf(check, 'note_contradiction');
    assert.ok(contradiction.evidence.length > 0, 'the finding carries evidence');

    const item = t.page.locator('li.care-item[data-item="2-1"]');
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
    await t.page.locator('li.care-item[data-item="6-5"]').getByText('特記事項の記載漏れ').first().waitFor();
    await t.page.locator(`#history-body tr[data-check-id="${check.check_id}"]`).waitFor();

    await t.page.screenshot({ path: SCREENSHOT, fullPage: true });
    console.log(`screenshot of the care page: ${SCREENSHOT}`);
  });

  t.step('dismissing a finding with a comment records it', async () => {
    const contradiction = findingOf(check, 'note_contradiction');
    const card = t.page.locator(`[data-finding-id="${contradiction.finding_id}"]`);
    await card.getByLabel(/コメント/).fill(DISMISS_COMMENT);
    const { status, body } = await t.submitAndCapture(card.getByRole('button', { name: '却下' }),
      'POST', `/api/v1/care/findings/${contradiction.finding_id}/decision`);
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(body.finding.decision.decision, 'dismiss');
    assert.equal(body.finding.decision.comment, DISMISS_COMMENT);
    assert.equal(body.finding.decision.decided_by.display_name, REVIEWER.displayName);

    const updated = t.page.locator(`[data-finding-id="${contradiction.finding_id}"]`);
    await updated.getByTestId('decision-state').getByText(/却下/).waitFor();
    await updated.getByText(DISMISS_COMMENT).waitFor();
    await t.page.locator('#result-status').getByText('却下').waitFor();
  });

  t.step('the false-alarm report counts the dismissal for its rule', async () => {
    const row = t.page.locator('#report-body tr[data-kind="note_contradiction"][data-rule="item 2-1"]');
    await row.locator('[data-col="dismissed"]').getByText('1', { exact: true }).waitFor();
    assert.equal(await row.locator('[data-col="raised"]').innerText(), '1');
    assert.equal(await row.locator('[data-col="adopted"]').innerText(), '0');
    assert.equal(await row.locator('[data-col="rate"]').innerText(), '100%');
    assert.match(await row.innerText(), /2-1 移乗/);
  });

  t.step('a past check opens again with its decision', async () => {
    await t.page.reload();
    const row = t.page.locator(`#history-body tr[data-check-id="${check.check_id}"]`);
    await row.getByRole('button', { name: /開く/ }).click();
    const contradiction = findingOf(check, 'note_contradiction');
    const card = t.page.locator(`[data-finding-id="${contradiction.finding_id}"]`);
    await card.getByTestId('decision-state').getByText(/却下/).waitFor();
    assert.ok(await t.page.locator('li.care-item[data-item="2-1"] mark.care-evidence').count() > 0);
  });

  t.step('a reception user is refused the page and every care route', async () => {
    await t.page.goto(t.baseUrl + '/console/');
    await t.waitForModules();
    await t.page.getByRole('button', { name: 'ログアウト' }).click();
    await t.page.waitForURL(/\/console\/login\.html/);
    const { status } = await t.logIn(RECEPTION.username, RECEPTION.password);
    assert.equal(status, 200);
    await t.page.waitForURL(t.baseUrl + '/console/');
    await t.waitForModules();
    assert.equal(await t.page.getByRole('link', { name: /要介護認定/ }).count(), 0);

    await t.page.goto(t.baseUrl + '/console/care.html');
    await t.page.locator('#alert').getByText('権限').first().waitFor();
    assert.equal(await t.page.locator('#content').isHidden(), true, 'nothing of the care data is shown');

    const finding = check.findings[0].finding_id;
    for (const [method, apiPath, body] of [
      ['POST', '/care/check', FORM],
      ['GET', '/care/checks'],
      ['GET', `/care/checks/${check.check_id}`],
      ['POST', `/care/findings/${finding}/decision`, { decision: 'adopt' }],
      ['GET', '/care/reports/false-alarms'],
    ]) {
      const response = await t.apiFromPage(method, apiPath, body);
      assert.equal(response.status, 403, `${method} ${apiPath}: ${JSON.stringify(response.body)}`);
    }
  });

  t.step('no page broke the Content-Security-Policy or threw', () => {
    assert.deepEqual(t.cspViolations, []);
    assert.deepEqual(t.pageErrors, []);
  });
});
