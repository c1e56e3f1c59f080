// End-to-end test of the certification-case console (care-cases.html): starts
// the real denen binary on a fresh SQLite database and drives the page with
// headless Chromium as a 介護認定審査 (care_reviewer) user: imports a case CSV
// and a form CSV, runs the batch check, opens the case with its milestones and
// findings, records 採用 for a finding and finds the decision stored. A
// reception user is refused every case route.
//
// Needs: DENEN_BIN (the built binary), DENEN_WEB_ROOT (the repo's web/), Chromium at
// /usr/bin/chromium (or DENEN_CHROMIUM) and `npm ci` run in this folder. A missing
// piece fails the test; it is never skipped.
//
//   DENEN_BIN=build/src/app/denen DENEN_WEB_ROOT=web node --test tests/browser/care-cases.test.mjs

import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { describe } from 'node:test';

import { BrowserTest } from './support.mjs';

const t = new BrowserTest('care-cases', import.meta.url);

const SCREENSHOT = path.join(os.tmpdir(), 'denen-console-care-cases.png');

const REVIEWER = {
  username: 'kaigo02',
  displayName: '審査 二郎',
  password: crypto.randomBytes(12).toString('base64url'),
};
const RECEPTION = {
  username: 'uketsuke02',
  displayName: '受付 次郎',
  password: crypto.randomBytes(12).toString('base64url'),
};

/** The date `n` days before today in Japan, as YYYY-MM-DD. */
function daysAgo(n) {
  const japanNow = new Date(Date.now() + 9 * 3600 * 1000);
  japanNow.setUTCDate(japanNow.getUTCDate() - n);
  return japanNow.toISOString().slice(0, 10);
}

// R-001 waits for its 一次判定 (no 審査会 yet) and is past the 30 days; R-002 is decided.
const CASES_CSV = [
  '申請番号,被保険者参照,申請区分,申請日,認定調査日,意見書依頼日,意見書受領日,一次判定日,審査会開催日,認定日,通知日,調査票ID',
  `R-001,H-0001,新規,${daysAgo(35)},${daysAgo(25)},${daysAgo(34)},${daysAgo(20)},,,,,F-001`,
  `R-002,H-0002,更新,${daysAgo(60)},${daysAgo(50)},${daysAgo(58)},${daysAgo(45)},${daysAgo(40)},${daysAgo(35)},` +
    `${daysAgo(34)},${daysAgo(30)},`,
].join('\n') + '\n';
// 2-1 answered 見守り等 while the note says the wife supports the body; 6-5 has no note.
const FORMS_CSV = [
  '調査票ID,項目番号,選択肢,特記事項',
  'F-001,2-1,2,ベッドから車いすに移る時は妻が体を支えている。',
  'F-001,6-5,2,',
].join('\n') + '\n';

describe('care case console', { concurrency: false }, () => {
  let caseId;
  let findingId;

  t.hooks(() => t.start({ users: [[REVIEWER, 'care_reviewer'], [RECEPTION, 'reception']] }));

  t.step('the care reviewer logs in and opens 申請の進み具合 from the home page', async () => {
    await t.page.goto(t.baseUrl + '/console/login.html');
    const { status } = await t.logIn(REVIEWER.username, REVIEWER.password);
    assert.equal(status, 200);
    await t.page.waitForURL(t.baseUrl + '/console/');
    await t.waitForModules();
    await t.page.getByRole('link', { name: /要介護認定 申請の進み具合/ }).click();
    await t.page.waitForURL(t.baseUrl + '/console/care-cases.html');
    await t.page.getByRole('heading', { level: 1, name: '要介護認定 申請の進み具合' }).waitFor();
    await t.page.locator('#queue-empty').waitFor();
  });

  t.step('a case file with a 12-digit number is refused and nothing is written', async () => {
    await t.page.getByLabel('申請のCSV').setInputFiles({
      name: 'bad.csv', mimeType: 'text/csv',
      buffer: Buffer.from(`申請番号,被保険者参照,申請区分,申請日\nR-009,123456789012,新規,${daysAgo(3)}\n`),
    });
    const { status, body } = await t.submitAndCapture(t.page.getByRole('button', { name: '申請を取り込む' }),
      'POST', '/api/v1/care/cases/import');
    assert.equal(status, 400, JSON.stringify(body));
    assert.equal(body.error.code, 'individual_number_refused');
    await t.page.locator('#import-alert').getByText(body.error.message).waitFor();
    assert.equal(await t.page.locator('#queue-body tr').count(), 0);
  });

  t.step('the case and form files are imported', async () => {
    await t.page.getByLabel('申請のCSV').setInputFiles({
      name: 'cases.csv', mimeType: 'text/csv', buffer: Buffer.from(CASES_CSV),
    });
    const cases = await t.submitAndCapture(t.page.getByRole('button', { name: '申請を取り込む' }),
      'POST', '/api/v1/care/cases/import');
    assert.equal(cases.status, 200, JSON.stringify(cases.body));
    assert.deepEqual(cases.body, { created: 2, updated: 0, unchanged: 0 });
    await t.page.locator('#import-status').getByText('新規 2件').waitFor();

    await t.page.getByLabel('調査票のCSV').setInputFiles({
      name: 'forms.csv', mimeType: 'text/csv', buffer: Buffer.from(FORMS_CSV),
    });
    const forms = await t.submitAndCapture(t.page.getByRole('button', { name: '調査票を取り込む' }),
      'POST', '/api/v1/care/forms/import');
    assert.equal(forms.status, 200, JSON.stringify(forms.body));
    assert.deepEqual(forms.body, { added: 1, unchanged: 0 });
    const row = t.page.locator('#queue-body tr[data-case-no="R-001"]');
    await row.locator('[data-col="form"]').getByText('未チェック').waitFor();
    await row.getByText('30日超').waitFor();
  });

  t.step('one click checks every form waiting for the 審査会', async () => {
    const { status, body } = await t.submitAndCapture(t.page.getByRole('button', { name: 'まとめてチェックする' }),
      'POST', '/api/v1/care/batch-check');
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(body.checked, 1);
    assert.equal(body.forms[0].form_id, 'F-001');
    await t.page.locator('#batch-status').getByText('調査票 1件をチェックしました').waitFor();
    const row = t.page.locator('#queue-body tr[data-case-no="R-001"]');
    await row.locator('[data-col="form"]').getByText(/未判断 [1-9]/).waitFor();
    assert.equal(await t.page.locator('#queue-body tr').first().getAttribute('data-case-no'), 'R-001',
      'the case with open findings comes first');
    caseId = await row.getAttribute('data-case-id');
  });

  t.step('the case shows its milestones, the 30-day target and the findings', async () => {
    const row = t.page.locator(`#queue-body tr[data-case-id="${caseId}"]`);
    const [response] = await Promise.all([
      t.page.waitForResponse((r) => new URL(r.url()).pathname === `/api/v1/care/cases/${caseId}`),
      row.getByRole('button', { name: /開く/ }).click(),
    ]);
    const body = await response.json();
    assert.equal(response.status(), 200, JSON.stringify(body));
    await t.page.getByRole('heading', { name: '申請 R-001' }).waitFor();
    assert.equal(await t.page.locator('[data-milestone="applied_on"]').innerText(), daysAgo(35));
    assert.equal(await t.page.locator('[data-milestone="board_on"]').innerText(), '—');
    await t.page.locator('#case-target').getByText('すでに超えています').waitFor();
    await t.page.locator('#case-versions li[data-version="1"]').getByText('チェック').waitFor();
    const contradiction = body.check.findings.find((f) => f.kind === 'note_contradiction');
    assert.ok(contradiction, JSON.stringify(body.check.findings));
    findingId = contradiction.finding_id;
    const card = t.page.locator(`[data-finding-id="${findingId}"]`);
    await card.getByText(contradiction.message).waitFor();
    assert.match(await card.getByTestId('decision-state').innerText(), /未判断/);

    await t.page.screenshot({ path: SCREENSHOT, fullPage: true });
    console.log(`screenshot of the case page: ${SCREENSHOT}`);
  });

  t.step('recording 採用 stores the decision with who made it', async () => {
    const card = t.page.locator(`[data-finding-id="${findingId}"]`);
    await card.getByLabel('コメント（任意）').fill('妻の介助を確認した');
    const { status, body } = await t.submitAndCapture(card.getByRole('button', { name: '採用' }),
      'POST', `/api/v1/care/findings/${findingId}/decision`);
    assert.equal(status, 200, JSON.stringify(body));
    await t.page.locator('#case-status').getByText('採用').waitFor();
    await t.page.locator(`[data-finding-id="${findingId}"]`).getByTestId('decision-state')
      .getByText(/採用（審査 二郎/).waitFor();

    // Stored: a fresh read of the case answers the decision.
    const stored = await t.apiFromPage('GET', `/care/cases/${caseId}`);
    assert.equal(stored.status, 200);
    const finding = stored.body.check.findings.find((f) => f.finding_id === findingId);
    assert.equal(finding.decision.decision, 'adopt');
    assert.equal(finding.decision.comment, '妻の介助を確認した');
    assert.equal(finding.decision.decided_by.display_name, REVIEWER.displayName);
  });

  t.step('the KPI counts the check and the decided case', async () => {
    const kpi = await t.apiFromPage('GET', '/care/kpi');
    assert.equal(kpi.status, 200, JSON.stringify(kpi.body));
    assert.equal(kpi.body.forms_checked.total.checks, 1);
    await t.page.locator('#kpi-form').getByRole('button', { name: '表示する' }).click();
    await t.page.locator('#kpi-summary').getByText(/チェック 1件/).waitFor();
  });

  t.step('a reception user is refused every case route', async () => {
    await t.page.getByRole('button', { name: 'ログアウト' }).click();
    await t.page.waitForURL(/\/console\/login\.html/);
    const { status } = await t.logIn(RECEPTION.username, RECEPTION.password);
    assert.equal(status, 200);
    await t.page.waitForURL(t.baseUrl + '/console/');
    await t.waitForModules();
    assert.equal(await t.page.getByRole('link', { name: /申請の進み具合/ }).count(), 0);
    await t.page.goto(t.baseUrl + '/console/care-cases.html');
    await t.page.locator('#alert').getByText('権限').first().waitFor();
    assert.equal(await t.page.locator('#content').isHidden(), true, 'nothing of the care data is shown');
    for (const [method, apiPath, body] of [
      ['GET', '/care/cases'],
      ['GET', `/care/cases/${caseId}`],
      ['POST', '/care/cases/import', { csv: CASES_CSV }],
      ['POST', '/care/forms/import', { csv: FORMS_CSV }],
      ['POST', '/care/batch-check', {}],
      ['GET', '/care/kpi'],
      ['GET', '/care/settings'],
      ['POST', '/care/settings', { store_insured_number: true }],
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
