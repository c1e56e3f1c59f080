// The library counter monitor (issue 7). It asks the local edge agent
// (denen-edge, counter role) for the latest tap result by long polling
//   GET <agent>/counter/events?after=<seq>&wait=25
//   -> {"seq": n, "event": null | {"at_ms": ..., "result": <tap result>}}
// where <tap result> is what the server's POST /api/v1/library/counter/tap
// answered ({"status": "show" | "refused" | "error", ...}); see docs/library.md.
// The agent serves this page, so <agent> is its origin (?agent= overrides it in development).
// Shows the barcode at a whole multiple of its pixel size, clears it after
// clear_after_seconds or on the next tap.

const params = new URLSearchParams(location.search);
const AGENT = (params.get('agent') || '').replace(/\/$/, '');
const WAIT_SECONDS = 25;
const RETRY_MS = 2000;
const SVG_NS = 'http://www.w3.org/2000/svg';
const SVG_ELEMENTS = new Set(['svg', 'rect', 'path', 'text']);

const $ = (id) => document.getElementById(id);
let seq = -1;
let clearTimer = null;
let countdownTimer = null;

function setState(state) {
  $('main').dataset.state = state;
  for (const id of ['idle', 'show', 'refused']) $(id).hidden = id !== state;
}

function setStatus(text) {
  $('status').textContent = text;
  $('status').hidden = text === '';
}

function stopTimers() {
  clearTimeout(clearTimer);
  clearInterval(countdownTimer);
  clearTimer = null;
  countdownTimer = null;
}

function clearAfter(seconds) {
  stopTimers();
  const until = Date.now() + seconds * 1000;
  const tick = () => {
    const left = Math.max(0, Math.ceil((until - Date.now()) / 1000));
    $('countdown').textContent = `あと${left}秒で消えます`;
  };
  tick();
  countdownTimer = setInterval(tick, 500);
  clearTimer = setTimeout(() => {
    stopTimers();
    setState('idle');
  }, seconds * 1000);
}

/** The server's SVG, parsed as XML and kept only if it is plain drawing (no scripts, links or handlers). */
function safeSvg(text) {
  const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
  const root = doc.documentElement;
  if (root.namespaceURI !== SVG_NS || root.localName !== 'svg') return null;
  for (const el of [root, ...root.querySelectorAll('*')]) {
    if (!SVG_ELEMENTS.has(el.localName)) return null;
    for (const attr of [...el.attributes]) {
      if (/^on/i.test(attr.name) || /href$/i.test(attr.name)) return null;
    }
  }
  return document.importNode(root, true);
}

/** Enlarges by a whole factor only, so every module stays a whole number of pixels. */
function fitScale(width, height) {
  const ratio = window.devicePixelRatio || 1;
  const maxWidth = window.innerWidth * 0.95;
  const maxHeight = window.innerHeight * 0.55;
  const factor = Math.max(1, Math.floor(Math.min(maxWidth / width, maxHeight / height) * ratio));
  return factor / ratio;
}

function show(result) {
  const svg = safeSvg(result.barcode_svg || '');
  if (!svg) {
    showError('バーコードを表示できませんでした。職員にお声がけください');
    return;
  }
  const width = Number(result.barcode_width_px) || Number(svg.getAttribute('width'));
  const height = Number(result.barcode_height_px) || Number(svg.getAttribute('height'));
  const scale = fitScale(width, height);
  svg.setAttribute('width', String(width * scale));
  svg.setAttribute('height', String(height * scale));
  $('barcode').replaceChildren(svg);
  $('number').textContent = result.number || '';
  $('greeting').textContent = result.name_kana ? `${result.name_kana} さん` : '';
  setState('show');
  clearAfter(Number(result.clear_after_seconds) || 15);
}

function refuse(result) {
  $('refused-message').textContent = result.message || 'このカードでは表示できません';
  $('refused-hint').textContent = result.hint || '職員にお声がけください';
  $('refused-link').textContent = result.link_path || '/console/library.html#link';
  setState('refused');
  clearAfter(Number(result.clear_after_seconds) || 10);
}

function showError(message) {
  refuse({ message, hint: '職員にお声がけください', clear_after_seconds: 10 });
}

function handle(event) {
  const result = event && event.result;
  if (!result) return;
  if (result.status === 'show') {
    show(result);
  } else if (result.status === 'refused') {
    refuse(result);
  } else {
    showError(result.message || 'カードを読み取れませんでした。もう一度置いてください');
  }
}

async function poll() {
  for (;;) {
    try {
      const url = `${AGENT}/counter/events?after=${seq}&wait=${WAIT_SECONDS}`;
      const response = await fetch(url, { cache: 'no-store' });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const body = await response.json();
      setStatus('');
      if (typeof body.seq === 'number' && body.seq !== seq) {
        // The first answer tells where the agent is; an old tap is not shown again.
        const first = seq === -1;
        seq = body.seq;
        if (!first || (body.event && Date.now() - body.event.at_ms < 3000)) handle(body.event);
      }
    } catch {
      setStatus('読み取り機との接続を確認しています…');
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
  }
}

setState('idle');
poll();
