// The public shelter page: each open shelter's occupancy against its capacity,
// from GET /api/v1/public/shelters (counts only, no personal data), refreshed
// every minute. Text from the server is put on the page only as text nodes.

// On a server shared by several municipalities, /shelters/?municipality=CODE
// shows that municipality's shelters; without it, the server's own.
const requestedMunicipality = new URLSearchParams(location.search).get('municipality');
const sheltersUrl = '/api/v1/public/shelters' +
  (requestedMunicipality ? '?municipality=' + encodeURIComponent(requestedMunicipality) : '');
const POLL_MS = 60_000;
const $ = (id) => document.getElementById(id);

function node(tag, className, text) {
  const n = document.createElement(tag);
  if (className) n.className = className;
  if (text !== undefined) n.textContent = text;
  return n;
}

function state(s) {
  if (s.capacity <= 0) return { key: '', label: '受入中' };
  const share = s.occupancy / s.capacity;
  if (share >= 1) return { key: 'full', label: '満員' };
  if (share >= 0.8) return { key: 'busy', label: '混雑' };
  return { key: '', label: '受入中' };
}

function render(data) {
  const list = $('shelters');
  list.replaceChildren();
  $('empty').hidden = data.shelters.length > 0;
  for (const s of data.shelters) {
    const st = state(s);
    const item = node('li', 'shelter');
    item.setAttribute('data-testid', 'public-shelter');
    const title = node('h2', '', s.name);
    const address = node('p', 'shelter__address', s.address);
    const count = node('p', '');
    const number = node('span', 'shelter__count', s.capacity > 0 ? `${s.occupancy} / ${s.capacity}人` : `${s.occupancy}人`);
    number.setAttribute('data-testid', 'occupancy');
    const badge = node('span', 'shelter__state' + (st.key ? ` shelter__state--${st.key}` : ''), st.label);
    count.append(number, badge);
    item.append(title, address, count);
    if (s.capacity > 0) {
      const meter = node('div', 'meter');
      meter.setAttribute('role', 'meter');
      meter.setAttribute('aria-valuemin', '0');
      meter.setAttribute('aria-valuemax', String(s.capacity));
      meter.setAttribute('aria-valuenow', String(Math.min(s.occupancy, s.capacity)));
      meter.setAttribute('aria-label', `${s.name}の混雑状況`);
      const bar = node('div', 'meter__bar' + (st.key ? ` meter__bar--${st.key}` : ''));
      bar.style.width = `${Math.round(Math.min(1, s.occupancy / s.capacity) * 100)}%`;
      meter.append(bar);
      item.append(meter);
    }
    list.append(item);
  }
  $('updated-at').textContent = new Date(data.updated_at).toLocaleString('ja-JP', { timeZone: 'Asia/Tokyo' });
}

async function refresh() {
  try {
    const response = await fetch(sheltersUrl, { cache: 'no-store' });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    render(await response.json());
    $('alert').hidden = true;
  } catch {
    $('alert').textContent = '最新の情報を読み込めませんでした。しばらくして自動で再読み込みします。';
    $('alert').hidden = false;
  }
}

refresh();
setInterval(refresh, POLL_MS);
