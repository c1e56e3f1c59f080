// The kiosk page (issue 6). Served by the local edge agent (denen-edge, kiosk
// role), which reads the card, decides the outcome locally when the network is
// down, queues check-ins in its SQLite queue and uploads them. This page only
// shows what the agent reports (long-polling GET /kiosk/events) and sends staff
// walk-in entries to it (POST /kiosk/walkins). The contract is in
// docs/reception.md. Names are shown in kana, as text nodes only.

const POLL_WAIT_S = 25;
const SHOW_MS = 6000;
const RETRY_MS = 2000;
const $ = (id) => document.getElementById(id);

const OUTCOMES = {
  checked_in: { css: 'ok', text: '受付しました', tone: 'ok' },
  checked_out: { css: 'out', text: 'お帰りを記録しました。ありがとうございました', tone: 'ok' },
  already_checked_in: { css: 'warn', text: '受付済みです', tone: 'ok' },
  already_checked_out: { css: 'warn', text: '本日はお帰りの記録が済んでいます', tone: 'ok' },
  refused: { css: 'ng', text: '受付できませんでした。係員にお声がけください', tone: 'ng' },
  error: { css: 'ng', text: '読み取れませんでした。もう一度かざしてください', tone: 'ng' },
};

let after = 0;
let resetTimer = null;
let lastHousehold = null;  // {id, name} of the last shelter check-in
let status = null;
let audio = null;

// ---- Sound ---------------------------------------------------------------------------
// The kiosk browser runs with autoplay allowed (--autoplay-policy=no-user-gesture-required);
// elsewhere the first touch on the page unlocks the sound.

function beep(tone) {
  try {
    audio = audio || new AudioContext();
    if (audio.state === 'suspended') audio.resume();
    const notes = tone === 'ok' ? [[880, 0, 0.12], [1320, 0.14, 0.18]] : [[330, 0, 0.25], [330, 0.32, 0.25]];
    for (const [freq, start, length] of notes) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.frequency.value = freq;
      osc.type = 'sine';
      gain.gain.setValueAtTime(0.25, audio.currentTime + start);
      gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + start + length);
      osc.connect(gain).connect(audio.destination);
      osc.start(audio.currentTime + start);
      osc.stop(audio.currentTime + start + length);
    }
    document.body.dataset.lastTone = tone;
  } catch {
    // No sound device: the screen still says everything.
  }
}

document.addEventListener('pointerdown', () => { if (audio && audio.state === 'suspended') audio.resume(); });

// ---- Screen ----------------------------------------------------------------------------

function idle() {
  $('screen').className = 'screen screen--idle';
  $('headline').hidden = false;
  $('hint').hidden = false;
  $('name').textContent = '';
  $('message').textContent = '';
}

function show(event) {
  const look = OUTCOMES[event.outcome] || OUTCOMES.error;
  $('screen').className = `screen screen--${look.css}`;
  $('headline').hidden = true;
  $('hint').hidden = event.outcome !== 'refused';
  $('name').textContent = event.name_kana ? `${event.name_kana} さま` : '';
  $('message').textContent = event.message || look.text;
  if (event.queued) $('message').textContent += '（通信回復後に送信します）';
  beep(look.tone);
  if (event.household_id && event.outcome === 'checked_in') {
    lastHousehold = { id: event.household_id, name: event.name_kana || '' };
    $('household-name').textContent = lastHousehold.name || '直前の世帯';
  }
  clearTimeout(resetTimer);
  resetTimer = setTimeout(idle, SHOW_MS);
}

function showStatus(s) {
  status = s;
  if (s.place_name) $('place').textContent = s.place_name;
  const modes = { facility: '', event: 'イベント受付', shelter: '避難所受付' };
  $('mode').textContent = s.event ? `${modes.event}: ${s.event.name}` : (modes[s.mode] || '');
  const link = $('link');
  link.textContent = s.online ? 'オンライン' : `オフライン（未送信 ${s.queued || 0} 件）`;
  link.className = 'bar__link' + (s.online ? '' : ' bar__link--offline');
  $('shelter-fields').hidden = s.mode !== 'shelter';
  const events = Array.isArray(s.events) ? s.events : [];
  $('event-field').hidden = events.length === 0 || s.mode === 'shelter';
  const select = $('walkin-event');
  const current = select.value;
  select.replaceChildren();
  const none = document.createElement('option');
  none.value = '';
  none.textContent = '（施設の利用）';
  select.append(none);
  for (const e of events) {
    const option = document.createElement('option');
    option.value = e.id;
    option.textContent = e.name;
    select.append(option);
  }
  select.value = current || (s.event ? s.event.id : '');
}

// ---- Long-poll of the agent --------------------------------------------------------------

async function poll() {
  // Start after what the agent has already reported, so that a reloaded page
  // never shows an earlier visitor's name.
  for (;;) {
    try {
      const response = await fetch('/kiosk/status', { cache: 'no-store' });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const data = await response.json();
      showStatus(data.status);
      after = data.next;
      break;
    } catch {
      $('link').textContent = '受付端末のプログラムに接続できません';
      $('link').className = 'bar__link bar__link--offline';
      await new Promise((r) => setTimeout(r, RETRY_MS));
    }
  }
  for (;;) {
    try {
      const response = await fetch(`/kiosk/events?after=${after}&wait=${POLL_WAIT_S}`, { cache: 'no-store' });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const data = await response.json();
      if (data.status) showStatus(data.status);
      for (const event of data.events || []) show(event);
      if (Number.isInteger(data.next)) after = data.next;
    } catch {
      $('link').textContent = '受付端末のプログラムに接続できません';
      $('link').className = 'bar__link bar__link--offline';
      await new Promise((r) => setTimeout(r, RETRY_MS));
    }
  }
}

// ---- Staff walk-in ---------------------------------------------------------------------

async function submitWalkIn(e) {
  e.preventDefault();
  const error = $('walkin-error');
  error.textContent = '';
  const name = $('walkin-name').value.trim();
  if (!name) {
    error.textContent = '氏名（カナ）を入力してください';
    return;
  }
  const body = {
    name_kana: name,
    district: $('walkin-district').value.trim(),
    age_band: $('walkin-age').value,
  };
  if (!$('event-field').hidden && $('walkin-event').value) body.event_id = $('walkin-event').value;
  if (status && status.mode === 'shelter') {
    if ($('walkin-household').checked && lastHousehold) body.household_id = lastHousehold.id;
    body.care = {
      needs_care: $('care-needs').checked,
      allergy: $('care-allergy').value.trim(),
      pets: $('care-pets').checked,
      note: $('care-note').value.trim(),
      consent: $('care-consent').checked,
    };
    const anyCare = body.care.needs_care || body.care.pets || body.care.allergy || body.care.note;
    if (anyCare && !body.care.consent) {
      error.textContent = '配慮事項を記録するには、本人（または保護者）の同意を確認してください';
      return;
    }
  }
  // The form is locked while the entry is sent: a second press cannot send it
  // twice, and the next entry cannot be typed in before the reset below clears
  // the form (the greeting on /kiosk/events may arrive before this answer does).
  const form = $('walkin-form');
  setLocked(form, true);
  try {
    const response = await fetch('/kiosk/walkins', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    const data = await response.json().catch(() => ({}));
    if (!response.ok) {
      error.textContent = (data.error && data.error.message) || `受付できませんでした（HTTP ${response.status}）`;
      return;
    }
    form.reset();
    // The agent also reports the walk-in on /kiosk/events; the screen shows it from there.
  } catch {
    error.textContent = '受付端末のプログラムに接続できません';
  } finally {
    setLocked(form, false);
    if (!$('staff').hidden) $('walkin-name').focus();
  }
}

function setLocked(form, locked) {
  for (const element of form.elements) element.disabled = locked;
  form.setAttribute('aria-busy', String(locked));
}

$('staff-toggle').addEventListener('click', () => {
  $('staff').hidden = !$('staff').hidden;
  if (!$('staff').hidden) $('walkin-name').focus();
});
$('staff-close').addEventListener('click', () => { $('staff').hidden = true; });
$('walkin-form').addEventListener('submit', submitWalkIn);

idle();
poll();
