// KPIレポート・分野横断分析 (planning staff): the KPI report of a fiscal year
// against baselines and targets, monthly values with an SVG chart drawn here
// (no external service), the grant-report export (XLSX, CSV), baselines and
// targets, uploaded statistics tables joined with Denen's visits by district,
// and the links to open data. Suppressed cells come from the server as null
// with `suppressed: true` and are shown as X. Text from the server is put on
// the page only as text nodes.

import { api, clearMessage, el, formatDateTime, requireSession, showError, showStatus } from './app.js';

const $ = (id) => document.getElementById(id);
const SVG = 'http://www.w3.org/2000/svg';
const TREND = { up: '上昇', down: '下降', flat: '横ばい' };

let report = null;
let versions = [];

function japanToday() {
  return new Date(Date.now() + 9 * 3600 * 1000).toISOString().slice(0, 10);
}

function fiscalYearOf(date) {
  const [y, m] = date.split('-').map(Number);
  return m >= 4 ? y : y - 1;
}

function fmt(value, decimals) {
  if (value === null || value === undefined) return '';
  return Number(value).toLocaleString('ja-JP', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

function shown(value, suppressed, decimals) {
  if (suppressed) return el('span', { class: 'kpi-suppressed', title: '人数が少ないため秘匿' }, 'X');
  if (value === null || value === undefined) return '—';
  return fmt(value, decimals);
}

function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

// A bar chart of the months, the previous year's line and the target line.
function drawChart(kpi) {
  const width = 760, height = 280, left = 60, right = 16, top = 16, bottom = 40;
  const months = kpi.months;
  const values = months.flatMap((m) => [m.value, m.previous]).filter((v) => typeof v === 'number');
  const target = kpi.goal && typeof kpi.goal.target === 'number' && kpi.aggregate !== 'sum' ? kpi.goal.target : null;
  if (target !== null) values.push(target);
  const max = Math.max(1, ...values) * 1.1;
  const plotW = width - left - right, plotH = height - top - bottom;
  const step = plotW / Math.max(1, months.length);
  const y = (v) => top + plotH - (v / max) * plotH;
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': `${kpi.name}の月別の推移`,
    'data-testid': 'kpi-svg' });
  root.append(svg('title', {}, `${kpi.name}（${kpi.unit}）`));
  root.append(svg('line', { class: 'axis', x1: left, y1: top + plotH, x2: width - right, y2: top + plotH }));
  root.append(svg('line', { class: 'axis', x1: left, y1: top, x2: left, y2: top + plotH }));
  for (const frac of [0, 0.5, 1]) {
    const v = (max / 1.1) * frac;
    root.append(svg('text', { x: left - 6, y: y(v) + 4, 'text-anchor': 'end' }, fmt(v, kpi.decimals)));
  }
  months.forEach((m, i) => {
    const x = left + i * step;
    const label = m.month.slice(5).replace(/^0/, '') + '月';
    root.append(svg('text', { x: x + step / 2, y: height - bottom + 16, 'text-anchor': 'middle' }, label));
    if (m.suppressed) {
      root.append(svg('text', { x: x + step / 2, y: top + plotH - 4, 'text-anchor': 'middle', class: 'kpi-x' }, 'X'));
      return;
    }
    if (typeof m.value !== 'number') return;
    const bar = svg('rect', { class: 'bar', x: x + step * 0.15, y: y(m.value), width: step * 0.7,
      height: Math.max(0, top + plotH - y(m.value)) });
    bar.append(svg('title', {}, `${m.month}: ${fmt(m.value, kpi.decimals)} ${kpi.unit}`));
    root.append(bar);
  });
  const points = months.map((m, i) => (typeof m.previous === 'number' ? `${left + i * step + step / 2},${y(m.previous)}` : null))
    .filter(Boolean);
  if (points.length > 1) root.append(svg('polyline', { class: 'previous', points: points.join(' ') }));
  if (target !== null) {
    root.append(svg('line', { class: 'target', x1: left, y1: y(target), x2: width - right, y2: y(target) }));
  }
  return root;
}

function drawBars(chart) {
  const bars = chart.bars;
  const width = 760, rowH = 28, left = 120, right = 80;
  const height = bars.length * rowH + 20;
  const max = Math.max(1, ...bars.map((b) => (typeof b.value === 'number' ? b.value : 0)));
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': chart.title,
    'data-testid': 'join-svg' });
  root.append(svg('title', {}, chart.title));
  bars.forEach((b, i) => {
    const yy = 10 + i * rowH;
    root.append(svg('text', { x: left - 8, y: yy + 17, 'text-anchor': 'end' }, b.label));
    if (b.suppressed || typeof b.value !== 'number') {
      root.append(svg('text', { x: left + 4, y: yy + 17 }, b.suppressed ? 'X（秘匿）' : '—'));
      return;
    }
    const w = (b.value / max) * (width - left - right);
    root.append(svg('rect', { class: 'bar', x: left, y: yy + 4, width: w, height: rowH - 8 }));
    root.append(svg('text', { x: left + w + 6, y: yy + 17 }, `${fmt(b.value, 1)} ${chart.unit}`));
  });
  return root;
}

function renderSummary() {
  const body = $('summary-body');
  body.replaceChildren();
  for (const k of report.kpis) {
    const goal = k.goal || {};
    const growth = k.growth_percent === null ? '—' : `${k.growth_percent > 0 ? '+' : ''}${fmt(k.growth_percent, 1)}%`;
    body.append(el('tr', { 'data-kpi': k.id },
      el('th', { scope: 'row' }, k.name),
      el('td', {}, k.unit),
      el('td', { class: 'kpi-number' }, shown(goal.baseline ?? null, false, k.decimals)),
      el('td', { class: 'kpi-number' }, shown(goal.target ?? null, false, k.decimals)),
      el('td', { class: 'kpi-number', 'data-testid': `actual-${k.id}` },
        k.available ? shown(k.actual, k.suppressed, k.decimals) : '対象外'),
      el('td', { class: 'kpi-number' }, k.achievement_percent === null ? '—' : `${fmt(k.achievement_percent, 1)}%`),
      el('td', { class: 'kpi-number' }, shown(k.previous, k.previous_suppressed, k.decimals)),
      el('td', { class: 'kpi-number' }, growth),
      el('td', {}, k.trend_label || '—')));
  }
  $('report-period').textContent = report.from
    ? `集計期間: ${report.from} 〜 ${report.to}（作成日 ${report.created_on}、${report.municipality.name} ${report.municipality.code}）`
    : 'この年度はまだ始まっていません。';
  $('min-cell').textContent = String(report.min_cell_size);
}

function renderKpi() {
  const k = report.kpis.find((x) => x.id === $('kpi-select').value) || report.kpis[0];
  $('kpi-definition').textContent = `${k.definition}（単位: ${k.unit}）`;
  $('chart').replaceChildren(drawChart(k));
  $('months-body').replaceChildren(...k.months.map((m) => el('tr', {},
    el('th', { scope: 'row' }, m.month),
    el('td', { class: 'kpi-number' }, shown(m.value, m.suppressed, k.decimals)),
    el('td', { class: 'kpi-number' }, shown(m.previous, m.previous_suppressed, k.decimals)))));
}

function renderGoals() {
  const body = $('goals-body');
  body.replaceChildren();
  for (const k of report.kpis) {
    const g = k.goal || {};
    const input = (field, value, attrs = {}) => el('input', { type: 'number', step: 'any', min: '0', 'data-field': field,
      'aria-label': `${k.name} ${attrs.label}`, value: value ?? '', ...attrs.extra });
    body.append(el('tr', { 'data-kpi': k.id },
      el('th', { scope: 'row' }, `${k.name}（${k.unit}）`),
      el('td', {}, input('baseline', g.baseline, { label: '基準値' })),
      el('td', {}, input('baseline_year', g.baseline_year, { label: '基準年度', extra: { step: '1', min: '2000' } })),
      el('td', {}, input('target', g.target, { label: '目標値' })),
      el('td', {}, el('input', { type: 'text', maxlength: '200', 'data-field': 'note', 'aria-label': `${k.name} 備考`,
        value: g.note ?? '' }))));
  }
}

function exportLink(format) {
  return `/api/v1/kpi/export?fiscal_year=${encodeURIComponent($('fiscal-year').value)}&format=${format}`;
}

async function loadReport() {
  report = await api('GET', `/kpi/report?fiscal_year=${encodeURIComponent($('fiscal-year').value)}`);
  $('export-xlsx').href = exportLink('xlsx');
  $('export-csv').href = exportLink('csv');
  const selected = $('kpi-select').value;
  $('kpi-select').replaceChildren(...report.kpis.filter((k) => k.available).map((k) => el('option', { value: k.id }, k.name)));
  if (selected) $('kpi-select').value = selected;
  renderSummary();
  renderKpi();
  renderGoals();
}

async function saveGoals(event) {
  event.preventDefault();
  clearMessage($('goals-alert'));
  clearMessage($('goals-status'));
  const goals = [];
  for (const row of $('goals-body').querySelectorAll('tr')) {
    const value = (field) => row.querySelector(`[data-field="${field}"]`).value.trim();
    const num = (field) => (value(field) === '' ? null : Number(value(field)));
    if (value('baseline') === '' && value('target') === '' && value('note') === '' && value('baseline_year') === '') continue;
    goals.push({ kpi_id: row.dataset.kpi, baseline: num('baseline'), baseline_year: num('baseline_year'),
      target: num('target'), note: value('note') });
  }
  try {
    await api('PUT', '/kpi/goals', { fiscal_year: Number($('fiscal-year').value), goals });
    showStatus($('goals-status'), '基準値・目標値を保存しました。');
    await loadReport();
  } catch (e) {
    showError($('goals-alert'), e.message, '保存できませんでした');
  }
}

// Fills the goals table from a CSV the planner kept (kpi_id, baseline,
// baseline_year, target, note); nothing is saved until 保存する.
async function importGoals() {
  clearMessage($('goals-alert'));
  clearMessage($('goals-status'));
  const file = $('goals-file').files[0];
  if (!file) return;
  const lines = (await file.text()).replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = (lines.shift() || '').split(',').map((h) => h.trim());
  if (!header.includes('kpi_id')) {
    showError($('goals-alert'), '1行目に「kpi_id」の見出しがありません。', '読み込めませんでした');
    return;
  }
  for (const [i, line] of lines.entries()) {
    const cells = line.split(',').map((c) => c.trim());
    const value = (name) => (header.indexOf(name) >= 0 ? cells[header.indexOf(name)] ?? '' : '');
    const row = [...$('goals-body').querySelectorAll('tr')].find((r) => r.dataset.kpi === value('kpi_id'));
    if (!row) {
      showError($('goals-alert'), `${i + 2}行目: kpi_id「${value('kpi_id')}」はKPIの一覧にありません。`, '読み込めませんでした');
      return;
    }
    for (const field of ['baseline', 'baseline_year', 'target', 'note']) {
      if (header.includes(field)) row.querySelector(`[data-field="${field}"]`).value = value(field);
    }
  }
  showStatus($('goals-status'), `${lines.length}件を表に読み込みました。確認して「保存する」を押してください。`);
}

function toBase64(buffer) {
  const bytes = new Uint8Array(buffer);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

async function upload(event) {
  event.preventDefault();
  clearMessage($('tables-alert'));
  clearMessage($('tables-status'));
  const file = $('table-file').files[0];
  const name = $('table-name').value.trim();
  if (!name || !file) {
    showError($('tables-alert'), '表の名前とCSVファイルを指定してください。');
    return;
  }
  try {
    const stored = await api('POST', '/kpi/tables',
      { name, encoding: $('table-encoding').value, content_base64: toBase64(await file.arrayBuffer()) });
    showStatus($('tables-status'), `「${stored.name}」の第${stored.version}版を取り込みました（${stored.rows}行）。`);
    await loadVersions();
    await join(stored.table_id, stored.version);
  } catch (e) {
    showError($('tables-alert'), e.message, '取り込めませんでした');
  }
}

async function loadVersions() {
  versions = (await api('GET', '/kpi/tables')).versions;
  $('versions-body').replaceChildren(...versions.map((v) => {
    const button = el('button', { type: 'button', class: 'button button--secondary button--small' }, '結合して表示');
    button.addEventListener('click', () => join(v.table_id, v.version));
    return el('tr', {}, el('td', {}, v.name), el('td', {}, `第${v.version}版`), el('td', { class: 'kpi-number' }, String(v.rows)),
      el('td', {}, v.encoding === 'shift_jis' ? 'Shift_JIS' : 'UTF-8'), el('td', {}, formatDateTime(v.uploaded_at)),
      el('td', {}, button));
  }));
}

async function join(tableId, version) {
  clearMessage($('tables-alert'));
  const params = new URLSearchParams({ table: tableId, version: String(version), from: $('join-from').value,
    to: $('join-to').value });
  try {
    const j = await api('GET', `/kpi/join?${params}`);
    const head = el('tr', {}, ...j.columns.map((c) => el('th', { scope: 'col' }, c.name)),
      el('th', { scope: 'col' }, '施設利用（延べ）'), el('th', { scope: 'col' }, 'イベント参加（延べ）'),
      el('th', { scope: 'col' }, 'カード受付の割合'), el('th', { scope: 'col' }, '人口1,000人あたり施設利用'));
    const rows = j.rows.map((r) => el('tr', {}, ...r.cells.map((c) => el('td', {}, c)),
      el('td', { class: 'kpi-number' }, shown(r.facility_visits, r.facility_visits_suppressed, 0)),
      el('td', { class: 'kpi-number' }, shown(r.event_participants, r.event_participants_suppressed, 0)),
      el('td', { class: 'kpi-number' }, r.card_share_suppressed ? shown(null, true, 0)
        : (r.card_share_percent === null ? '—' : `${fmt(r.card_share_percent, 1)}%`)),
      el('td', { class: 'kpi-number' }, shown(r.facility_visits_per_1000, r.facility_visits_suppressed, 1))));
    const parts = [el('h3', {}, `${j.table.name}（第${j.table.version}版）× Denen の来訪記録`),
      el('p', { class: 'hint' }, `期間: ${j.period.from} 〜 ${j.period.to}（表に「年度」「年月」があればその期間）`),
      el('div', { class: 'table-wrap' }, el('table', {}, el('thead', {}, head), el('tbody', {}, ...rows)))];
    if (j.chart.bars.length > 0) parts.push(el('h3', {}, j.chart.title), el('div', { class: 'kpi-chart' }, drawBars(j.chart)));
    $('join-result').replaceChildren(...parts);
  } catch (e) {
    showError($('tables-alert'), e.message, '結合できませんでした');
  }
}

async function loadOpenData() {
  const list = await api('GET', '/open/datasets');
  const fy = $('fiscal-year').value;
  $('open-list').replaceChildren(...list.datasets.map((d) => el('li', {},
    el('strong', {}, d.title), ` — ${d.description}: `,
    el('a', { href: `${d.csv}?fiscal_year=${fy}`, download: '' }, 'CSV'), ' / ',
    el('a', { href: `${d.json}?fiscal_year=${fy}` }, 'JSON'))));
}

async function main() {
  await requireSession();
  const fy = fiscalYearOf(japanToday());
  $('fiscal-year').replaceChildren(...[fy, fy - 1, fy - 2, fy - 3].map((y) => el('option', { value: y }, `${y}年度`)));
  $('join-from').value = `${fy}-04-01`;
  $('join-to').value = `${fy + 1}-03-31`;
  $('fiscal-year').addEventListener('change', async () => {
    try {
      await loadReport();
      await loadOpenData();
    } catch (e) {
      showError($('alert'), e.message, '読み込めませんでした');
    }
  });
  $('kpi-select').addEventListener('change', renderKpi);
  $('goals-form').addEventListener('submit', saveGoals);
  $('goals-file').addEventListener('change', importGoals);
  $('upload-form').addEventListener('submit', upload);
  try {
    await loadReport();
    await Promise.all([loadVersions(), loadOpenData()]);
    $('content').hidden = false;
  } catch (e) {
    showError($('alert'), e.message, '読み込めませんでした');
  } finally {
    $('loading').hidden = true;
  }
}

main();
