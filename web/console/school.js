// オンライン協働授業・特別支援学級ICT (teachers and the board of education):
// plans joint class sessions with other schools' classes, confirms and records
// them, shows each session's survey link, records ICT use in special-needs
// classes, and shows the hours and satisfaction KPIs. What the API answers is
// already limited to the user's school (or every school for the board); text
// from the server is put on the page only as text nodes.

import { ApiError, api, clearMessage, el, requireSession, showError, showStatus } from './app.js';
import { qrSvg } from './school.qr.js';

const MAX_PERIOD = 8;
const STATUS_LABELS = { planned: '予定', held: '実施', cut_short: '短縮して実施', cancelled: '中止' };
const KIND_LABELS = { elementary: '小学校', junior_high: '中学校', other: 'その他' };
const BAND_LABELS = {
  lower: '小1・2年', middle: '小3・4年', upper: '小5・6年', junior_high: '中学生', teacher: '教員',
};

const $ = (id) => document.getElementById(id);

let me = null;         // {board, school}
let directory = null;  // {schools, classes}
let isAdmin = false;
let recording = null;  // the session being recorded

// ---- Dates (Japan time) --------------------------------------------------------

function japanToday() {
  const now = new Date(Date.now() + 9 * 3600 * 1000);
  return now.toISOString().slice(0, 10);
}

function monthRange(month) {
  const [y, m] = month.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}

function fiscalYearOf(date) {
  const [y, m] = date.split('-').map(Number);
  return m >= 4 ? y : y - 1;
}

function hoursText(minutes) {
  return `${(Math.round(minutes / 6) / 10).toFixed(1)} 時間`;
}

function splitList(text) {
  return text.split(/[、,，]/).map((s) => s.trim()).filter((s) => s !== '');
}

function schoolName(id) {
  const school = directory.schools.find((s) => s.id === id);
  return school ? school.name : id;
}

function fillPeriods(select) {
  select.replaceChildren(...Array.from({ length: MAX_PERIOD }, (_, i) =>
    el('option', { value: String(i + 1) }, `${i + 1}校時`)));
}

// ---- Scope and directory -------------------------------------------------------

function renderScope() {
  $('scope').textContent = me.board
    ? '教育委員会として、すべての学校の予定と記録を表示しています。'
    : `${me.school ? me.school.name : ''}の先生として、自校が参加する授業と自校の記録を表示しています。`;
}

function renderDirectory() {
  const groups = $('plan-classes');
  groups.replaceChildren();
  for (const school of directory.schools) {
    const classes = directory.classes.filter((c) => c.school_id === school.id);
    if (classes.length === 0) continue;
    const box = el('div', { class: 'checkbox-grid' });
    for (const c of classes) {
      const label = el('label', { class: 'checkbox' },
        el('input', { type: 'checkbox', value: c.id, name: 'class' }),
        `${school.name} ${c.name}${c.special_needs ? '（特別支援）' : ''}`);
      box.append(label);
    }
    const title = `${school.name}（${KIND_LABELS[school.kind] || school.kind}${school.in_city ? '' : '・市外'}）`;
    groups.append(el('div', { class: 'school-class-group' }, el('p', { class: 'school-class-group__title' }, title), box));
  }
  if (groups.childElementCount === 0) {
    groups.append(el('p', { class: 'empty' }, '学級が登録されていません。'));
  }

  const own = directory.classes.filter((c) => c.special_needs && !me.board && c.school_id === me.school?.id);
  $('ict-class').replaceChildren(...own.map((c) => el('option', { value: c.id }, c.name)));
  $('ict-form').hidden = me.board || own.length === 0;

  const schoolOptions = () => directory.schools.map((s) => el('option', { value: s.id }, s.name));
  $('class-school').replaceChildren(...schoolOptions());
  $('staff-school').replaceChildren(el('option', { value: '' }, '教育委員会（全校）'), ...schoolOptions());
}

async function loadDirectory() {
  directory = await api('GET', '/school/directory');
  renderDirectory();
}

// ---- Calendar ----------------------------------------------------------------

function satisfactionText(s) {
  return s.count === 0 ? '—' : `${s.mean.toFixed(1)}（${s.count}件）`;
}

function actionButtons(session) {
  const cell = el('div', { class: 'actions' });
  const own = !me.board && session.schools.find((s) => s.school_id === me.school?.id);
  if (own && !own.confirmed && session.status !== 'cancelled') {
    const confirm = el('button', { type: 'button', class: 'button button--small' }, '参加を確認する');
    confirm.addEventListener('click', () => confirmSession(session, confirm));
    cell.append(confirm);
  }
  const record = el('button', { type: 'button', class: 'button button--secondary button--small' },
    session.status === 'planned' ? '実施を記録する' : '記録を直す');
  record.addEventListener('click', () => openRecord(session));
  cell.append(record);
  if (session.status !== 'cancelled') {
    const survey = el('button', { type: 'button', class: 'button button--secondary button--small' }, 'アンケート');
    survey.addEventListener('click', () => openSurvey(session));
    cell.append(survey);
  }
  return cell;
}

function renderSessions(sessions) {
  const body = $('calendar-body');
  body.replaceChildren();
  $('calendar-empty').hidden = sessions.length > 0;
  for (const s of sessions) {
    const schools = el('ul', { class: 'school-list' });
    for (const school of s.schools) {
      schools.append(el('li', {}, `${school.school_name} `,
        el('span', { class: school.confirmed ? 'badge badge--active' : 'badge badge--muted' },
          school.confirmed ? '確認済み' : '未確認')));
    }
    const periods = s.period_from === s.period_to ? `${s.period_from}校時` : `${s.period_from}〜${s.period_to}校時`;
    const status = STATUS_LABELS[s.status] + (s.actual_minutes ? `（${s.actual_minutes}分）` : '');
    const subject = el('div', {}, el('strong', {}, s.subject), s.unit ? el('div', { class: 'hint' }, s.unit) : '');
    if (s.conference_url) {
      subject.append(el('div', {}, el('a', { href: s.conference_url, target: '_blank', rel: 'noopener noreferrer' },
        'Web会議に参加')));
    }
    body.append(el('tr', { 'data-session-id': s.id },
      el('td', { class: 'cell-date' }, s.date), el('td', {}, periods), el('td', {}, subject),
      el('td', {}, schools), el('td', { 'data-testid': 'session-status' }, status),
      el('td', { 'data-testid': 'session-satisfaction' }, satisfactionText(s.satisfaction)),
      el('td', {}, actionButtons(s))));
  }
}

async function loadSessions() {
  clearMessage($('calendar-alert'));
  try {
    const { from, to } = monthRange($('calendar-month').value || japanToday().slice(0, 7));
    const data = await api('GET', `/school/sessions?from=${from}&to=${to}`);
    renderSessions(data.sessions);
  } catch (e) {
    showError($('calendar-alert'), e.message, '予定を読み込めませんでした');
  }
}

async function confirmSession(session, button) {
  button.disabled = true;
  try {
    await api('POST', `/school/sessions/${encodeURIComponent(session.id)}/confirm`, {});
    await loadSessions();
    showStatus($('calendar-status'), `${session.date}「${session.subject}」への参加を確認しました`);
  } catch (e) {
    button.disabled = false;
    showError($('calendar-alert'), e.message, '確認できませんでした');
  }
}

function openRecord(session) {
  recording = session;
  clearMessage($('record-alert'));
  $('record-session').textContent = `${session.date} ${session.subject}`;
  $('record-status').value = session.status === 'planned' ? 'held' : session.status;
  $('record-minutes').value = String(session.actual_minutes ?? (session.period_to - session.period_from + 1) * 45);
  $('record-note').value = session.record_note || '';
  $('record-dialog').showModal();
}

async function submitRecord(event) {
  event.preventDefault();
  const status = $('record-status').value;
  const body = { status, note: $('record-note').value };
  if (status !== 'cancelled') body.actual_minutes = Number($('record-minutes').value || 0);
  try {
    await api('POST', `/school/sessions/${encodeURIComponent(recording.id)}/record`, body);
    $('record-dialog').close();
    showStatus($('calendar-status'), `${recording.date}「${recording.subject}」を「${STATUS_LABELS[status]}」として記録しました`);
    await Promise.all([loadSessions(), loadKpi()]);
  } catch (e) {
    showError($('record-alert'), e.message);
  }
}

function openSurvey(session) {
  const url = new URL(session.survey.path, location.origin).href;
  const link = $('survey-link');
  link.href = url;
  link.textContent = url;
  const qr = qrSvg(url, `アンケートのQRコード（${session.date} ${session.subject}）`);
  $('survey-qr').replaceChildren(...(qr ? [qr] : []));
  $('survey-dialog').showModal();
}

// ---- Plan ----------------------------------------------------------------------

async function submitPlan(event) {
  event.preventDefault();
  clearMessage($('plan-alert'));
  clearMessage($('plan-status'));
  const body = {
    date: $('plan-date').value,
    period_from: Number($('plan-period-from').value),
    period_to: Number($('plan-period-to').value),
    subject: $('plan-subject').value.trim(),
    unit: $('plan-unit').value.trim(),
    conference_url: $('plan-url').value.trim(),
    ict_tools: splitList($('plan-tools').value),
    class_ids: [...document.querySelectorAll('#plan-classes input:checked')].map((i) => i.value),
  };
  try {
    const { session } = await api('POST', '/school/sessions', body);
    showStatus($('plan-status'), `${session.date}「${session.subject}」を計画しました。参加校の確認を待っています。`);
    event.target.reset();
    $('plan-date').value = body.date;
    $('calendar-month').value = session.date.slice(0, 7);
    await loadSessions();
  } catch (e) {
    showError($('plan-alert'), e.message, '計画を登録できませんでした');
  }
}

// ---- ICT use ---------------------------------------------------------------------

async function loadIct() {
  const { from, to } = monthRange($('calendar-month').value || japanToday().slice(0, 7));
  try {
    const { ict_uses: uses } = await api('GET', `/school/ict-uses?from=${from}&to=${to}`);
    $('ict-empty').hidden = uses.length > 0;
    $('ict-body').replaceChildren(...uses.map((u) => el('tr', {},
      el('td', { class: 'cell-date' }, u.date), el('td', {}, `${u.period}校時`),
      el('td', {}, me.board ? `${schoolName(u.school_id)} ${u.class_name}` : u.class_name),
      el('td', { class: 'num' }, String(u.minutes)), el('td', {}, u.tools.join('、')),
      el('td', {}, u.aim, u.child_notes ? el('div', { class: 'hint' }, `メモ: ${u.child_notes}`) : ''))));
  } catch (e) {
    showError($('ict-alert'), e.message, 'ICT活用の記録を読み込めませんでした');
  }
}

async function submitIct(event) {
  event.preventDefault();
  clearMessage($('ict-alert'));
  clearMessage($('ict-status'));
  const body = {
    class_id: $('ict-class').value,
    date: $('ict-date').value,
    period: Number($('ict-period').value),
    minutes: Number($('ict-minutes').value || 0),
    tools: splitList($('ict-tools').value),
    aim: $('ict-aim').value.trim(),
    child_notes: $('ict-notes').value.trim(),
  };
  try {
    await api('POST', '/school/ict-uses', body);
    showStatus($('ict-status'), `${body.date} ${body.period}校時のICT活用を記録しました`);
    $('ict-aim').value = '';
    $('ict-notes').value = '';
    await Promise.all([loadIct(), loadKpi()]);
  } catch (e) {
    showError($('ict-alert'), e.message, '記録できませんでした');
  }
}

// ---- KPI -------------------------------------------------------------------------

function statsRow(label, s) {
  const d = s.distribution;
  return el('tr', {}, el('th', { scope: 'row' }, label), el('td', { class: 'num' }, String(s.count)),
    el('td', { class: 'num' }, s.mean === null ? '—' : s.mean.toFixed(2)),
    ...[4, 3, 2, 1, 0].map((i) => el('td', { class: 'num' }, String(d[i]))));
}

async function loadKpi() {
  clearMessage($('kpi-alert'));
  try {
    const k = await api('GET', `/school/kpi?fiscal_year=${$('kpi-year').value}`);
    $('kpi-online-total').textContent = hoursText(k.online_hours.total_minutes);
    $('kpi-ict-total').textContent = hoursText(k.ict_hours.total_minutes);
    const overall = k.satisfaction.overall;
    $('kpi-satisfaction').textContent = overall.count === 0 ? '回答なし' : `${overall.mean.toFixed(2)}（${overall.count}件）`;
    $('kpi-months').replaceChildren(...k.online_hours.by_month.map((m, i) => el('tr', {},
      el('th', { scope: 'row' }, `${Number(m.month.slice(5))}月`),
      el('td', { class: 'num' }, m.hours.toFixed(1)),
      el('td', { class: 'num' }, k.ict_hours.by_month[i].hours.toFixed(1)))));
    const ids = new Set([...k.online_hours.by_school, ...k.ict_hours.by_school].map((s) => s.school_id));
    const find = (list, id) => list.find((s) => s.school_id === id)?.hours ?? 0;
    $('kpi-schools').replaceChildren(...[...ids].map((id) => el('tr', {},
      el('th', { scope: 'row' }, schoolName(id)),
      el('td', { class: 'num' }, find(k.online_hours.by_school, id).toFixed(1)),
      el('td', { class: 'num' }, find(k.ict_hours.by_school, id).toFixed(1)))));
    const rows = [statsRow('全体', overall)];
    for (const [kind, s] of Object.entries(k.satisfaction.by_school_kind)) rows.push(statsRow(KIND_LABELS[kind] || kind, s));
    for (const [band, s] of Object.entries(k.satisfaction.by_grade_band)) rows.push(statsRow(BAND_LABELS[band] || band, s));
    $('kpi-satisfaction-body').replaceChildren(...rows);
  } catch (e) {
    showError($('kpi-alert'), e.message, '指標を読み込めませんでした');
  }
}

// ---- Directory (board and admin) ----------------------------------------------------

async function loadStaff() {
  const { staff } = await api('GET', '/school/staff');
  $('staff-user').replaceChildren(...staff.map((s) => {
    const where = s.board ? '教育委員会' : s.school_id ? schoolName(s.school_id) : '未登録';
    return el('option', { value: s.user_id }, `${s.display_name}（${s.username}）— ${where}`);
  }));
}

function formHandler(alertId, statusId, title, run) {
  return async (event) => {
    event.preventDefault();
    clearMessage($(alertId));
    clearMessage($(statusId));
    try {
      const message = await run();
      showStatus($(statusId), message);
    } catch (e) {
      showError($(alertId), e.message, title);
    }
  };
}

// ---- Start -------------------------------------------------------------------------

async function main() {
  const session = await requireSession();
  isAdmin = session.user.roles.includes('admin');
  try {
    me = await api('GET', '/school/me');
    await loadDirectory();
  } catch (e) {
    $('loading').hidden = true;
    const title = e instanceof ApiError && e.status === 403 ? '権限がありません' : '読み込めませんでした';
    showError($('alert'), e.message, title);
    return;
  }
  renderScope();
  for (const id of ['plan-period-from', 'plan-period-to', 'ict-period']) fillPeriods($(id));
  const today = japanToday();
  $('plan-date').value = today;
  $('ict-date').value = today;
  $('calendar-month').value = today.slice(0, 7);
  const year = fiscalYearOf(today);
  $('kpi-year').replaceChildren(...[0, 1, 2, 3].map((i) => el('option', { value: String(year - i) }, `${year - i}年度`)));
  $('kpi-scope').textContent = me.board
    ? '年度（4月〜翌年3月）ごとの全校の集計です。満足度は回答者の学校種別・学年別にも示します。'
    : '年度（4月〜翌年3月）ごとの自校の集計です。満足度は自校の児童生徒・先生の回答です。';
  $('directory-section').hidden = !me.board;
  $('staff-form').hidden = !isAdmin;

  $('plan-form').addEventListener('submit', submitPlan);
  $('plan-period-from').addEventListener('change', () => {
    if (Number($('plan-period-to').value) < Number($('plan-period-from').value)) {
      $('plan-period-to').value = $('plan-period-from').value;
    }
  });
  $('calendar-month').addEventListener('change', () => Promise.all([loadSessions(), loadIct()]));
  $('record-form').addEventListener('submit', submitRecord);
  $('record-cancel').addEventListener('click', () => $('record-dialog').close());
  $('survey-close').addEventListener('click', () => $('survey-dialog').close());
  $('survey-copy').addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText($('survey-link').href);
      $('survey-copy').textContent = 'コピーしました';
    } catch {
      $('survey-copy').textContent = 'コピーできませんでした';
    }
  });
  $('ict-form').addEventListener('submit', submitIct);
  $('kpi-year').addEventListener('change', loadKpi);
  $('school-form').addEventListener('submit', formHandler('school-alert', 'school-status', '登録できませんでした',
    async () => {
      const { school } = await api('POST', '/school/schools', {
        name: $('school-name').value.trim(), kind: $('school-kind').value, in_city: !$('school-outside').checked,
      });
      $('school-name').value = '';
      await loadDirectory();
      return `「${school.name}」を登録しました`;
    }));
  $('class-form').addEventListener('submit', formHandler('class-alert', 'class-status', '登録できませんでした',
    async () => {
      const { class: created } = await api('POST', '/school/classes', {
        school_id: $('class-school').value, name: $('class-name').value.trim(),
        grade: Number($('class-grade').value || 0), special_needs: $('class-special').checked,
      });
      $('class-name').value = '';
      await loadDirectory();
      return `${schoolName(created.school_id)}「${created.name}」を登録しました`;
    }));
  $('staff-form').addEventListener('submit', formHandler('staff-alert', 'staff-status', '登録できませんでした',
    async () => {
      const school = $('staff-school').value;
      await api('PUT', `/school/staff/${encodeURIComponent($('staff-user').value)}`,
        school ? { school_id: school } : { board: true });
      await loadStaff();
      return `所属を「${school ? schoolName(school) : '教育委員会'}」に登録しました`;
    }));

  $('loading').hidden = true;
  $('content').hidden = false;
  const loads = [loadSessions(), loadIct(), loadKpi()];
  if (isAdmin) loads.push(loadStaff().catch((e) => showError($('staff-alert'), e.message)));
  await Promise.all(loads);
}

main().catch((e) => {
  $('loading').hidden = true;
  showError($('alert'), e.message, '読み込めませんでした');
});
