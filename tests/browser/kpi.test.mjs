// End-to-end test of the KPI report page (issue 10): starts the real denen
// binary on a fresh SQLite database, loads the demo (two years of KPI-relevant
// rows in every module), and a planning user opens the page from the console
// home: a KPI's value equals the report API's, the monthly SVG chart is drawn,
// a quiet month shows X, the Excel and CSV exports download with the report's
// numbers, and a Shift_JIS statistics table is uploaded and joined by
// district. The page makes no CSP violation.
//
// Needs: DENEN_BIN, DENEN_WEB_ROOT, Chromium and `npm ci` here, as console.test.mjs.
//
//   DENEN_BIN=build/src/app/denen DENEN_WEB_ROOT=web node --test tests/browser/kpi.test.mjs

import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe } from 'node:test';

import { BrowserTest, requireEnvFile, runDenen } from './support.mjs';

const t = new BrowserTest('kpi', import.meta.url);

const PLANNER = { username: 'kikaku2', displayName: '企画 花子', password: crypto.randomBytes(12).toString('base64url') };

// 地区,人口 / 本町,2400 / 小出,1800 in Shift_JIS (CP932), as Excel saves it.
const SHIFT_JIS_TABLE = Buffer.from([
  0x92, 0x6e, 0x8b, 0xe6, 0x2c, 0x90, 0x6c, 0x8c, 0xfb, 0x0d, 0x0a,
  0x96, 0x7b, 0x92, 0xac, 0x2c, 0x32, 0x34, 0x30, 0x30, 0x0d, 0x0a,
  0x8f, 0xac, 0x8f, 0x6f, 0x2c, 0x31, 0x38, 0x30, 0x30, 0x0d, 0x0a,
]);

const number = (text) => Number(text.replace(/[,%]/g, ''));

let report;

describe('kpi: the report page, its exports and a joined table', { concurrency: false }, () => {
  t.hooks(async () => {
    await t.start({ users: [[PLANNER, 'planner']] });
    runDenen(requireEnvFile('DENEN_BIN', t.testFile),
      ['demo', '--config', t.config, '--password-file', path.join(t.workDir, 'admin-password')]);
  });

  t.step('the planner opens the KPI report from the console home', async () => {
    await t.page.goto(`${t.baseUrl}/console/login.html?next=${encodeURIComponent('/console/')}`);
    const { status, body } = await t.logIn(PLANNER.username, PLANNER.password);
    assert.equal(status, 200, JSON.stringify(body));
    await t.page.waitForURL(t.baseUrl + '/console/');
    await t.page.getByRole('link', { name: /KPIレポート/ }).click();
    await t.page.waitForURL(t.baseUrl + '/console/kpi.html');
    await t.page.locator('#content').waitFor();

    const fy = await t.page.getByTestId('fiscal-year').inputValue();
    report = (await t.apiFromPage('GET', `/kpi/report?fiscal_year=${fy}`)).body;
    const facility = report.kpis.find((k) => k.id === 'facility_users');
    assert.ok(facility.actual > 0, JSON.stringify(facility));
    const shown = await t.page.getByTestId('actual-facility_users').innerText();
    assert.equal(number(shown), facility.actual);

    // The monthly chart is an inline SVG with one bar per month that has a value.
    await t.page.getByTestId('kpi-select').selectOption('facility_users');
    const bars = t.page.getByTestId('kpi-svg').locator('rect.bar');
    assert.equal(await bars.count(), facility.months.filter((m) => typeof m.value === 'number' && !m.suppressed).length);

    // The demo's quiet month has three event participants: X, in the table and on the chart.
    const events = report.kpis.find((k) => k.id === 'event_participants');
    if (events.months.some((m) => m.suppressed)) {
      await t.page.getByTestId('kpi-select').selectOption('event_participants');
      await t.page.locator('#months-body').getByText('X').first().waitFor();
      await t.page.getByTestId('kpi-svg').getByText('X').first().waitFor();
    }
  });

  t.step('the Excel and CSV exports download with the report numbers', async () => {
    const [xlsx] = await Promise.all([t.page.waitForEvent('download'), t.page.getByTestId('export-xlsx').click()]);
    assert.match(xlsx.suggestedFilename(), /^kpi-report-062090-FY\d{4}-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const xlsxPath = path.join(t.workDir, 'report.xlsx');
    await xlsx.saveAs(xlsxPath);
    assert.equal(fs.readFileSync(xlsxPath).subarray(0, 2).toString(), 'PK');

    const [csv] = await Promise.all([t.page.waitForEvent('download'), t.page.getByTestId('export-csv').click()]);
    const csvPath = path.join(t.workDir, 'report.csv');
    await csv.saveAs(csvPath);
    const text = fs.readFileSync(csvPath, 'utf8');
    assert.match(text, /地方公共団体名,長井市,全国地方公共団体コード,062090/);
    const facility = report.kpis.find((k) => k.id === 'facility_users');
    const row = text.split('\r\n').find((line) => line.endsWith(',facility_users') && line.includes('アウトカム'));
    assert.ok(row, text);
    assert.equal(Number(row.split(',')[7]), facility.actual);
  });

  t.step('a Shift_JIS table is uploaded and joined by district', async () => {
    await t.page.locator('#table-name').fill('地区別人口');
    await t.page.locator('#table-file').setInputFiles({ name: 'population.csv', mimeType: 'text/csv', buffer: SHIFT_JIS_TABLE });
    const { status, body } = await t.submitAndCapture(
      t.page.locator('#upload-form button[type=submit]'), 'POST', '/api/v1/kpi/tables');
    assert.equal(status, 201, JSON.stringify(body));
    assert.equal(body.encoding, 'shift_jis');
    const result = t.page.getByTestId('join-result');
    await result.getByText('本町').first().waitFor();
    await t.page.getByTestId('join-svg').waitFor();
    assert.match(await t.page.getByTestId('versions-body').innerText(), /地区別人口\s*第1版\s*2\s*Shift_JIS/);
    assert.deepEqual(t.cspViolations, []);
    assert.deepEqual(t.pageErrors, []);
  });
});
