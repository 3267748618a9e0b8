/* global document, window, WebSocket, location, setTimeout, sessionStorage, fetch */
// nmrbot dashboard: renders the API's state snapshot, follows /api/stream, and calls the control
// endpoints with the bearer token the operator types (kept in sessionStorage for this tab only).

const TOKEN_KEY = 'nmrbot.apiToken';
const NA = 'n/a';

const $ = (id) => document.getElementById(id);

const isNum = (x) => typeof x === 'number' && Number.isFinite(x);
const money = (x) => (isNum(x) ? x.toFixed(2) : NA);
const num = (x, digits = 4) => (isNum(x) ? String(Number(x.toFixed(digits))) : NA);
const pct = (x) => (isNum(x) ? `${(x * 100).toFixed(1)} %` : NA);
const times = (x) => (isNum(x) ? `${x.toFixed(2)}x` : NA);
const when = (ms) => (isNum(ms) ? new Date(ms).toISOString().replace('T', ' ').slice(0, 19) : NA);
const duration = (ms) => {
  if (!isNum(ms)) return NA;
  const minutes = Math.ceil(ms / 60_000);
  return minutes >= 60 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min` : `${minutes} min`;
};

function setText(id, text, tone) {
  const el = $(id);
  el.textContent = text;
  el.classList.toggle('ok', tone === 'ok');
  el.classList.toggle('bad', tone === 'bad');
}

/** Replaces a table body's rows; every cell is set as text, never as HTML. */
function fillRows(id, rows, columns) {
  const body = $(id);
  body.replaceChildren();
  if (!Array.isArray(rows) || rows.length === 0) {
    const tr = document.createElement('tr');
    const td = document.createElement('td');
    td.colSpan = columns;
    td.textContent = NA;
    tr.append(td);
    body.append(tr);
    return;
  }
  for (const cells of rows) {
    const tr = document.createElement('tr');
    for (const cell of cells) {
      const td = document.createElement('td');
      td.textContent = cell;
      tr.append(td);
    }
    body.append(tr);
  }
}

// --- equity chart ---

let chart;
let series;
let lastChartTime = -Infinity;
let chartPoints = 0;

function ensureChart() {
  if (series !== undefined) return series;
  const lib = window.LightweightCharts;
  if (lib === undefined) return undefined;
  const el = $('equity-chart');
  chart = lib.createChart(el, {
    autoSize: true,
    // The logo injects an inline <style> the CSP refuses; the page footer carries the attribution.
    layout: { background: { color: '#1a1f26' }, textColor: '#9fb0c3', attributionLogo: false },
    grid: { vertLines: { color: '#232a33' }, horzLines: { color: '#232a33' } },
    timeScale: { timeVisible: true },
  });
  series = chart.addSeries(lib.LineSeries, { color: '#5fa8ff', lineWidth: 2 });
  return series;
}

/** Appends one point per new session second (the chart's time unit); a same-second update replaces it. */
function appendEquity(time, equity) {
  const line = ensureChart();
  if (line === undefined || !isNum(time) || !isNum(equity)) return;
  const t = Math.floor(time / 1000);
  if (t < lastChartTime) return;
  line.update({ time: t, value: equity });
  if (t > lastChartTime) chartPoints += 1;
  lastChartTime = t;
  $('equity-chart').dataset.points = String(chartPoints);
}

// --- state ---

function render(state) {
  const a = state.account ?? {};
  setText('session-time', when(state.time ?? undefined));
  setText(
    'paused',
    state.paused === true ? 'paused' : state.paused === false ? 'trading' : NA,
    state.paused ? 'bad' : 'ok',
  );
  setText('equity', money(a.equity));
  setText('realised', money(a.realisedPnl), a.realisedPnl >= 0 ? 'ok' : 'bad');
  setText('unrealised', money(a.unrealisedPnl), a.unrealisedPnl >= 0 ? 'ok' : 'bad');
  setText('fees', money(a.fees));
  setText('funding-total', money(a.funding));
  // Over a journal the first snapshot carries the whole curve: draw it before the live points.
  if (Array.isArray(state.journal?.equityCurve) && chartPoints === 0)
    for (const p of state.journal.equityCurve) appendEquity(p.time, p.equity);
  appendEquity(state.time, a.equity);

  const x = state.exposure ?? {};
  setText('leverage', isNum(x.leverage) ? `${times(x.leverage)} of ${times(x.leverageCap)}` : NA);
  setText(
    'margin',
    isNum(x.marginUsed) ? `${money(x.marginUsed)} (cap ${pct(x.marginCapFraction)} of equity)` : NA,
  );
  setText('margin-utilisation', pct(x.marginUtilisation), x.marginUtilisation > 1 ? 'bad' : undefined);

  const f = state.funding;
  setText('funding-rate', f ? `${num(f.rate * 100, 4)} % / ${f.intervalHours} h` : NA);
  setText('funding-next', f ? when(f.nextSettlement) : NA);
  setText(
    'funding-expected',
    f ? money(f.expectedPayment) : NA,
    f && f.expectedPayment < 0 ? 'bad' : undefined,
  );

  const b = state.breaker;
  setText('breaker-state', b ? b.state : NA, b ? (b.state === 'active' ? 'ok' : 'bad') : undefined);
  setText('breaker-rule', b?.rule ?? NA);
  setText('breaker-calm', b ? (b.state === 'active' ? '0 min' : duration(b.calmRemainingMs)) : NA);

  const positions = Array.isArray(state.positions) ? state.positions : [];
  setText('position-count', Array.isArray(state.positions) ? String(positions.length) : NA);
  fillRows(
    'positions',
    positions.map((p) => [
      p.symbol,
      num(p.quantity),
      num(p.entryPrice),
      num(p.markPrice),
      times(p.leverage),
      money(p.unrealisedPnl),
    ]),
    6,
  );

  const s = state.signals;
  setText('signal-score', s ? num(s.score ?? undefined, 3) : NA);
  fillRows(
    'signals',
    (s?.families ?? []).map((g) => [g.name, num(g.weight, 3), num(g.score ?? undefined, 3)]),
    3,
  );
  fillRows(
    'feeds',
    (state.feeds ?? []).map((g) => [
      g.name,
      isNum(g.ageSeconds) ? `${g.ageSeconds.toFixed(0)} s` : NA,
      g.healthy ? 'yes' : 'NO',
    ]),
    3,
  );
  fillRows(
    'latency',
    (state.latency ?? []).map((l) => [
      l.stage,
      String(l.count),
      `${num(l.p50, 1)} ms`,
      `${num(l.p99, 1)} ms`,
      `${num(l.max, 1)} ms`,
    ]),
    5,
  );
  fillRows(
    'trades',
    (state.recentTrades ?? []).map((t) => [
      when(t.exitTime),
      t.side,
      num(t.entryPrice),
      num(t.exitPrice),
      t.exitReason,
      money(t.netPnl),
    ]),
    6,
  );
  fillRows(
    'refused',
    (state.refusedDecisions ?? []).map((d) => [when(d.time), d.rule, d.outcome, d.message]),
    4,
  );
}

// --- stream ---

let retryMs = 500;

function connect() {
  const socket = new WebSocket(
    `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/stream`,
  );
  socket.addEventListener('open', () => {
    retryMs = 500;
    setText('connection', 'live', 'ok');
  });
  socket.addEventListener('message', (event) => {
    const message = JSON.parse(event.data);
    if (message.type === 'snapshot') render(message.state);
  });
  socket.addEventListener('close', () => {
    setText('connection', 'disconnected, retrying…', 'bad');
    setTimeout(connect, retryMs);
    retryMs = Math.min(retryMs * 2, 10_000);
  });
}

// --- controls ---

function token() {
  let value = sessionStorage.getItem(TOKEN_KEY);
  if (value === null || value === '') {
    value = window.prompt('API token (the value of server.tokenEnv, NMRBOT_API_TOKEN by default)') ?? '';
    if (value !== '') sessionStorage.setItem(TOKEN_KEY, value);
  }
  return value;
}

async function control(path, label) {
  const bearer = token();
  if (bearer === '') {
    setText('control-result', `${label}: no token given`, 'bad');
    return;
  }
  setText('control-result', `${label}: sending…`);
  try {
    const response = await fetch(path, {
      method: 'POST',
      headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
      body: '{}',
    });
    const body = await response.json().catch(() => ({}));
    if (response.ok) {
      setText('control-result', `${label}: ok${body.detail ? ` (${body.detail})` : ''}`, 'ok');
      return;
    }
    if (response.status === 401) sessionStorage.removeItem(TOKEN_KEY);
    const why =
      response.status === 401 ? 'unauthorized: wrong or missing token' : (body.error ?? response.statusText);
    setText('control-result', `${label}: ${response.status} ${why}`, 'bad');
  } catch (error) {
    setText('control-result', `${label}: ${error.message}`, 'bad');
  }
}

$('pause').addEventListener('click', () => void control('/api/pause', 'pause'));
$('resume').addEventListener('click', () => void control('/api/resume', 'resume'));
$('flatten').addEventListener('click', () => {
  if (window.confirm('Close every position now?')) void control('/api/flatten', 'flatten');
});
$('forget-token').addEventListener('click', () => {
  sessionStorage.removeItem(TOKEN_KEY);
  setText('control-result', 'token forgotten');
});

fetch('/api/state')
  .then((r) => r.json())
  .then(render)
  .catch(() => undefined);
connect();
