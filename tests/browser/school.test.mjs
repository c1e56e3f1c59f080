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
import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { describe } from 'node:test';

import { BrowserTest } from './support.mjs';

const t = new BrowserTest('school', import.meta.url);

const SCREENSHOT = path.join(os.tmpdir(), 'denen-school.png');
const SURVEY_SCREENSHOT = path.join(os.tmpdir(), 'denen-survey.png');

const PASSWORD = () => crypto.randomBytes(12).toString('base64url'); // 16 characters
const ADMIN = { username: 'admin', displayName: '管理 太郎', password: PASSWORD() };
const TEACHER_A = { username: 'sensei-a', displayName: '長井 一郎', password: PASSWORD() };
const TEACHER_B = { username: 'sensei-b', displayName: '豊田 花子', password: PASSWORD() };

let pupilPage;
let sessionId;
const schools = {};
const classes = {};

/** Today in Japan, as the server and the page count days. */
function japanToday() {
  return new Date(Date.now() + 9 * 3600 * 1000).toISOString().slice(0, 10);
}

async function logIn(user, next) {
  await t.page.goto(`${t.baseUrl}/console/login.html?next=${encodeURIComponent(next)}`);
  const { status, body } = await t.logIn(user.username, user.password);
  assert.equal(status, 200, JSON.stringify(body));
  await t.page.waitForURL(t.baseUrl + next);
}

async function logOut() {
  const result = await t.apiFromPage('POST', '/auth/logout');
  assert.equal(result.status, 204);
}

async function mustApi(method, apiPath, body, expected) {
  const result = await t.apiFromPage(method, apiPath, body);
  assert.equal(result.status, expected, `${method} ${apiPath}: ${JSON.stringify(result.body)}`);
  return result.body;
}

function sessionRow() {
  return t.page.locator('#calendar-body tr').filter({ hasText: '協働で調べよう' });
}

describe('schools: joint class, record, survey, KPI', { concurrency: false }, () => {
  t.hooks(async () => {
    await t.start({ users: [[ADMIN, 'admin']] });
    // The pupil's tablet: a separate context has its own cookies and localStorage.
    pupilPage = await t.newPage({ viewport: { width: 820, height: 1180 }, locale: 'ja-JP', hasTouch: true });
  });

  t.step('the admin registers two schools, their classes and one teacher each', async () => {
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

  t.step('the teacher of 長井小学校 sees the school page for their school', async () => {
    await logIn(TEACHER_A, '/console/');
    await t.page.getByRole('link', { name: /オンライン協働授業/ }).click();
    await t.page.waitForURL(t.baseUrl + '/console/school.html');
    await t.page.getByRole('heading', { level: 1, name: 'オンライン協働授業・特別支援学級ICT' }).waitFor();
    await t.page.getByTestId('school-scope').getByText('長井小学校の先生').waitFor();
    assert.equal(await t.page.locator('#directory-section').isHidden(), true, 'no directory forms for a teacher');
  });

  t.step('plans a joint session with 豊田小学校', async () => {
    assert.equal(await t.page.getByLabel('実施日').first().inputValue(), japanToday());
    await t.page.getByLabel('開始校時').selectOption('3');
    await t.page.getByLabel('終了校時').selectOption('3');
    await t.page.getByRole('textbox', { name: /^教科/ }).fill('社会');
    await t.page.getByLabel('単元').fill('協働で調べよう');
    await t.page.getByLabel('Web会議のリンク').fill('https://meet.example.jp/nagai-toyoda');
    await t.page.getByLabel('使用するICT').fill('タブレット、電子黒板');
    await t.page.getByLabel('長井小学校 5年1組').check();
    await t.page.getByLabel('豊田小学校 5年1組').check();
    const { status, body } = await t.submitAndCapture(
      t.page.getByRole('button', { name: '計画を登録する' }), 'POST', '/api/v1/school/sessions');
    assert.equal(status, 201, JSON.stringify(body));
    assert.equal(body.session.status, 'planned');
    sessionId = body.session.id;
    assert.deepEqual(body.session.schools.map((s) => [s.school_name, s.confirmed]),
      [['豊田小学校', false], ['長井小学校', true]]);
    await t.page.locator('#plan-status').getByText('計画しました').waitFor();
    await sessionRow().waitFor();
    assert.match(await sessionRow().innerText(), /豊田小学校\s*未確認/);
  });

  t.step('a wrong minutes value shows the server message and records nothing', async () => {
    await sessionRow().getByRole('button', { name: '実施を記録する' }).click();
    const dialog = t.page.getByRole('dialog', { name: '実施を記録する' });
    await dialog.waitFor();
    await dialog.getByLabel('実施時間（分）').fill('0');
    const { status, body } = await t.submitAndCapture(
      dialog.getByRole('button', { name: '記録する' }), 'POST', `/api/v1/school/sessions/${sessionId}/record`);
    assert.equal(status, 400, JSON.stringify(body));
    await dialog.locator('#record-alert').getByText('「実施時間(分)」(actual_minutes)', { exact: false }).waitFor();
    await dialog.getByRole('button', { name: 'やめる' }).click();
  });

  t.step('records it as held for 45 minutes', async () => {
    await sessionRow().getByRole('button', { name: '実施を記録する' }).click();
    const dialog = t.page.getByRole('dialog', { name: '実施を記録する' });
    await dialog.getByLabel('実施結果').selectOption('held');
    await dialog.getByLabel('実施時間（分）').fill('45');
    const { status, body } = await t.submitAndCapture(
      dialog.getByRole('button', { name: '記録する' }), 'POST', `/api/v1/school/sessions/${sessionId}/record`);
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(body.session.status, 'held');
    assert.equal(body.session.actual_minutes, 45);
    await dialog.waitFor({ state: 'hidden' });
    await sessionRow().getByTestId('session-status').getByText('実施（45分）').waitFor();
    await t.page.getByTestId('kpi-online-hours').getByText('0.8 時間').waitFor();
  });

  t.step('a pupil answers the survey on another device; a second try is not counted', async () => {
    await sessionRow().getByRole('button', { name: 'アンケート' }).click();
    const link = t.page.locator('#survey-link');
    await link.waitFor();
    const href = await link.getAttribute('href');
    assert.match(href, /\/survey\/\?t=062090-[A-Za-z0-9_-]{32}$/);
    await t.page.getByRole('img', { name: /アンケートのQRコード/ }).waitFor();
    await t.page.getByRole('button', { name: '閉じる' }).click();

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

  t.step('the page shows the hours and the satisfaction', async () => {
    await t.page.reload();
    await sessionRow().getByTestId('session-satisfaction').getByText('5.0（1件）').waitFor();
    await t.page.getByTestId('kpi-online-hours').getByText('0.8 時間').waitFor();
    await t.page.getByTestId('kpi-satisfaction').getByText('5.00（1件）').waitFor();
    const upper = t.page.locator('#kpi-satisfaction-body tr').filter({ hasText: '小5・6年' });
    assert.match(await upper.innerText(), /1\s+5\.00\s+1\s+0\s+0\s+0\s+0/);
    const kpi = await mustApi('GET', '/school/kpi', undefined, 200);
    assert.equal(kpi.online_hours.total_minutes, 45);
    assert.equal(kpi.satisfaction.overall.count, 1);
    await t.page.screenshot({ path: SCREENSHOT, fullPage: true });
    console.log(`screenshot of the school page: ${SCREENSHOT}`);
  });

  t.step('the teacher of 豊田小学校 sees the session and confirms it', async () => {
    await logOut();
    await logIn(TEACHER_B, '/console/school.html');
    await sessionRow().waitFor();
    const { status } = await t.submitAndCapture(sessionRow().getByRole('button', { name: '参加を確認する' }),
      'POST', `/api/v1/school/sessions/${sessionId}/confirm`);
    assert.equal(status, 200);
    await t.page.locator('#calendar-status').getByText('参加を確認しました').waitFor();
    await sessionRow().getByText('未確認').waitFor({ state: 'detached' });
    assert.equal(await sessionRow().getByText('確認済み').count(), 2);
  });

  t.step('no page broke the Content-Security-Policy or threw', () => {
    assert.deepEqual(t.cspViolations, []);
    assert.deepEqual(t.pageErrors, []);
  });
});
