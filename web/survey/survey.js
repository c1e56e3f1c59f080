// The pupils' satisfaction survey (public; no account). The session's token
// comes in the link (?t=...). Each device keeps a random id in localStorage
// and sends it with the answer; the server counts one answer per device and
// session, so pressing the button again or retrying after a lost connection
// never counts twice. Server text is put on the page only as text nodes.

const API = '/api/v1/school/survey/';
const DEVICE_KEY = 'denen-survey-device';
const GRADES = {
  elementary: [['lower', '1・2年生'], ['middle', '3・4年生'], ['upper', '5・6年生']],
  junior_high: [['junior_high', '中学生']],
  other: [['lower', '小学1・2年生'], ['middle', '小学3・4年生'], ['upper', '小学5・6年生'], ['junior_high', '中学生']],
};

const $ = (id) => document.getElementById(id);
const token = new URLSearchParams(location.search).get('t') || '';
let schools = [];

function showAlert(region, message) {
  region.textContent = message;
  region.hidden = false;
  region.scrollIntoView({ block: 'nearest' });
}

function deviceId() {
  const fresh = () => {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return 'd' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  };
  try {
    let id = localStorage.getItem(DEVICE_KEY);
    if (!id || !/^[A-Za-z0-9_-]{16,64}$/.test(id)) {
      id = fresh();
      localStorage.setItem(DEVICE_KEY, id);
    }
    return id;
  } catch {
    // Storage is off (e.g. a private window): one id for this page at least.
    if (!deviceId.memo) deviceId.memo = fresh();
    return deviceId.memo;
  }
}

function choice(name, value, text, checked) {
  const label = document.createElement('label');
  label.className = 'choice';
  const input = document.createElement('input');
  Object.assign(input, { type: 'radio', name, value, checked: Boolean(checked) });
  const span = document.createElement('span');
  span.textContent = text;
  label.append(input, span);
  return label;
}

function selected(name) {
  const input = document.querySelector(`input[name="${name}"]:checked`);
  return input ? input.value : '';
}

function renderGrades() {
  const teacher = selected('respondent') === 'teacher';
  $('grade-question').hidden = teacher;
  $('rating-number').textContent = teacher ? '3' : '4';
  const school = schools.find((s) => s.id === selected('school'));
  const grades = GRADES[school ? school.kind : 'other'] || GRADES.other;
  const current = selected('grade');
  $('grades').replaceChildren(...grades.map(([value, text]) =>
    choice('grade', value, text, value === current || grades.length === 1)));
}

async function load() {
  if (!token) throw new Error('アンケートのリンクが正しくありません。先生に聞いてください。');
  const response = await fetch(API + encodeURIComponent(token), { cache: 'no-store' });
  const data = await response.json().catch(() => null);
  if (!response.ok) throw new Error(data?.error?.message || 'アンケートを開けませんでした。');
  $('session').textContent = `${data.date}　${data.subject}${data.unit ? '「' + data.unit + '」' : ''}`;
  if (!data.open) throw new Error(data.closed_reason);
  schools = data.schools;
  $('schools').replaceChildren(...schools.map((s, i) => choice('school', s.id, s.name, i === 0)));
  renderGrades();
  $('survey-form').hidden = false;
}

async function submit(event) {
  event.preventDefault();
  const alert = $('form-alert');
  alert.hidden = true;
  const respondent = selected('respondent');
  const rating = Number(selected('rating'));
  if (!rating) {
    showAlert(alert, '「どうでしたか」を えらんでください。');
    return;
  }
  const body = {
    device_id: deviceId(),
    school_id: selected('school'),
    respondent,
    rating,
    comment: $('comment').value.trim(),
  };
  if (respondent === 'pupil') body.grade_band = selected('grade');
  const send = $('send');
  send.disabled = true;
  try {
    const response = await fetch(API + encodeURIComponent(token) + '/answers', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    const data = await response.json().catch(() => null);
    if (!response.ok) throw new Error(data?.error?.message || 'おくれませんでした。もう一度 おしてください。');
    $('survey-form').hidden = true;
    const thanks = $('thanks');
    thanks.textContent = data.status === 'already_answered'
      ? 'この たんまつからは もう こたえています。ありがとう！'
      : 'こたえて くれて ありがとう！';
    thanks.hidden = false;
  } catch (e) {
    send.disabled = false;
    showAlert(alert, e instanceof TypeError ? 'つながりませんでした。もう一度 おしてください。' : e.message);
  }
}

$('survey-form').addEventListener('submit', submit);
$('survey-form').addEventListener('change', (event) => {
  if (event.target.name === 'respondent' || event.target.name === 'school') renderGrades();
});
load()
  .catch((e) => showAlert($('alert'), e.message))
  .finally(() => { $('loading').hidden = true; });
