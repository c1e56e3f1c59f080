// End-to-end test of the smart-lock console (issue 8): starts the real denen
// binary on a fresh SQLite database and a free port; facility staff register a
// community centre and a shelter gym with doors (through the API, as setup);
// the page shows both doors offline and not yet synced; a disaster-HQ user
// opens the shelter from the console, and the order is shown, not yet
// delivered, and the door is shown held open. The page makes no CSP violation.
//
// Needs: DENEN_BIN, DENEN_WEB_ROOT, Chromium and `npm ci` here, as console.test.mjs.
//
//   DENEN_BIN=build/src/app/denen DENEN_WEB_ROOT=web node --test tests/browser/lock.test.mjs

import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { describe } from 'node:test';

import { BrowserTest } from './support.mjs';

const t = new BrowserTest('lock', import.meta.url);

const PASSWORD = () => crypto.randomBytes(12).toString('base64url');
const STAFF = { username: 'shisetsu', displayName: '施設 次郎', password: PASSWORD() };
const HQ = { username: 'honbu', displayName: '本部 三郎', password: PASSWORD() };

async function logIn(user, next) {
  await t.page.goto(`${t.baseUrl}/console/login.html?next=${encodeURIComponent(next)}`);
  const { status, body } = await t.logIn(user.username, user.password);
  assert.equal(status, 200, JSON.stringify(body));
  await t.page.waitForURL(t.baseUrl + next);
}

async function mustApi(method, apiPath, body, expected) {
  const result = await t.apiFromPage(method, apiPath, body);
  assert.equal(result.status, expected, `${method} ${apiPath}: ${JSON.stringify(result.body)}`);
  return result.body;
}

describe('lock: door status and emergency opening of a shelter', { concurrency: false }, () => {
  t.hooks(async () => {
    await t.start({ users: [[STAFF, 'facility_manager'], [HQ, 'disaster_hq']] });
  });

  t.step('facility staff register a centre, a shelter gym and their doors', async () => {
    await logIn(STAFF, '/console/');
    await t.page.getByRole('link', { name: /スマートロック/ }).click();
    await t.page.waitForURL(t.baseUrl + '/console/lock.html');
    const { facility: centre } = await mustApi('POST', '/lock/facilities',
      { name: '西根地区公民館', kind: 'community_centre' }, 201);
    const { facility: gym } = await mustApi('POST', '/lock/facilities',
      { name: '長井小学校体育館', kind: 'school_gym', shelter: true }, 201);
    await mustApi('POST', '/lock/doors', { facility_id: centre.id, name: '正面玄関' }, 201);
    const { provisioning } = await mustApi('POST', '/lock/doors', { facility_id: gym.id, name: '体育館入口' }, 201);
    assert.equal(Buffer.from(provisioning.public_key, 'base64').length, 32);
    await t.page.reload();
    const doors = t.page.getByTestId('doors-body');
    await doors.getByText('体育館入口').waitFor();
    assert.match(await doors.innerText(), /正面玄関\s*オフライン\s*未受信\s*未同期/);
    assert.equal(await t.page.locator('#emergency-form').isHidden(), true, 'no emergency form for facility staff');
    await mustApi('POST', '/auth/logout', undefined, 204);
  });

  t.step('the disaster HQ opens the shelter from the console', async () => {
    await logIn(HQ, '/console/lock.html');
    await t.page.getByLabel('長井小学校体育館').check();
    await t.page.getByLabel(/^理由/).fill('震度6弱 避難所開設');
    t.page.once('dialog', (dialog) => dialog.accept());
    const { status, body } = await t.submitAndCapture(
      t.page.getByTestId('emergency-open'), 'POST', '/api/v1/lock/emergency/open');
    assert.equal(status, 201, JSON.stringify(body));
    assert.equal(body.actions.length, 1);
    await t.page.locator('#emergency-status').getByText('1 か所の扉に指示しました').waitFor();
    const record = t.page.getByTestId('emergency-body');
    await record.getByText('震度6弱 避難所開設').waitFor();
    assert.match(await record.innerText(), /開放[\s\S]*未到達/);
    // The page reloads the record and the doors side by side: wait for the door's row.
    const doors = t.page.getByTestId('doors-body');
    await doors.getByText(/開放中/).waitFor();
    assert.match(await doors.innerText(), /体育館入口[\s\S]*開放中/);
  });
});
