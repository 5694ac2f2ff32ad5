// Dashboard: device table with online state and capture switches, and the live max_amp chart fed
// by server-sent events (/api/v1/live).
import uPlot from 'uplot';
import { api, attempt, ago, axisTimes, deviceColour, el, isAdmin, timeOfDay, toast } from './common.js';
import { initUsers } from './users.js';
import { initStorage } from './storage.js';

const LIVE_WINDOW_S = 600;

export function initDashboard() {
  const tbody = document.querySelector('#devices-table tbody');
  const updated = document.getElementById('devices-updated');
  const liveState = document.getElementById('live-state');
  const liveEmpty = document.getElementById('live-empty');
  let devices = [];
  const seriesOf = new Map(); // deviceId -> series index (1-based)
  let points = []; // {t (s), deviceId, amp}
  let chart = null;

  async function loadDevices() {
    const list = await attempt(() => api('GET', '/api/v1/dashboard/devices'));
    if (!list) return;
    devices = list;
    renderDevices();
    rebuildChart();
  }

  function renderDevices() {
    if (devices.length === 0) {
      tbody.replaceChildren(el('tr', {}, el('td', { colspan: 5, class: 'muted' },
        'No devices yet. Create one with POST /api/v1/devices (see docs/api.md) and start edge-capture with its token.')));
      return;
    }
    tbody.replaceChildren(...devices.map((d, i) => {
      const state = d.revoked ? ['revoked', 'revoked'] : d.online ? ['online', 'online'] : ['offline', 'offline'];
      const input = el('input', { type: 'checkbox', checked: d.captureEnabled, disabled: !isAdmin || d.revoked,
        'aria-label': `Capture on ${d.name}`, dataset: { device: String(d.id) } });
      input.addEventListener('change', () => setCapture(d, input));
      const sw = el('label', { class: 'switch', title: isAdmin ? 'Turn capture on or off on this device' : 'Only admins can switch capture' },
        input, el('span', { class: 'track' }), el('span', { class: 'switch-text' }, d.captureEnabled ? 'on' : 'off'));
      const swatch = el('span', { class: 'dot' });
      swatch.style.background = deviceColour(i);
      return el('tr', { dataset: { device: String(d.id) } },
        el('td', {}, el('span', { class: 'tag-chip' }, swatch, d.name), el('span', { class: 'muted small' }, ` #${d.id}`)),
        el('td', {}, el('span', { class: 'pill ' + state[0] }, state[1])),
        el('td', { title: d.lastSeenMs ? new Date(d.lastSeenMs).toISOString() : '' }, ago(d.lastSeenMs)),
        el('td', { class: 'num' }, String(d.segmentsLastHour)),
        el('td', {}, sw));
    }));
    updated.textContent = 'updated ' + timeOfDay(Date.now()) + ' UTC';
  }

  async function setCapture(d, input) {
    const enabled = input.checked;
    input.disabled = true;
    const r = await attempt(() => api('PUT', `/api/v1/devices/${d.id}/capture`, { enabled }));
    input.disabled = false;
    if (r === undefined) {
      input.checked = !enabled;
      return;
    }
    d.captureEnabled = enabled;
    toast(`Capture ${enabled ? 'on' : 'off'} for ${d.name}; the device follows within seconds.`, 'ok');
    renderDevices();
  }

  function rebuildChart() {
    const box = document.getElementById('live-chart');
    seriesOf.clear();
    devices.forEach((d, i) => seriesOf.set(d.id, i + 1));
    const series = [{ label: 'time (UTC)', value: (u, v) => v == null ? '—' : timeOfDay(v * 1000) }].concat(devices.map((d, i) => ({
      label: d.name,
      stroke: deviceColour(i),
      width: 1.5,
      points: { show: true, size: 6, fill: deviceColour(i) },
      spanGaps: false,
      value: (u, v) => v == null ? '—' : String(v),
    })));
    const opts = {
      width: box.clientWidth || 900,
      height: 260,
      series,
      scales: { x: { time: true }, y: { range: [0, 32768] } },
      axes: [
        { label: 'time (UTC)', space: 70, values: axisTimes },
        { label: 'max amplitude', size: 60, values: (u, splits) => splits.map(v => v >= 1000 ? (v / 1000) + 'k' : String(v)) },
      ],
      legend: { live: true },
      tzDate: ts => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
    };
    if (chart) chart.destroy();
    chart = new uPlot(opts, data(), box);
  }

  function data() {
    const now = Date.now() / 1000;
    points = points.filter(p => p.t >= now - LIVE_WINDOW_S);
    const xs = points.map(p => p.t);
    const cols = [xs];
    for (let s = 1; s <= devices.length; s++) cols.push(points.map(() => null));
    points.forEach((p, i) => {
      const s = seriesOf.get(p.deviceId);
      if (s) cols[s][i] = p.amp;
    });
    return cols;
  }

  function redraw() {
    if (!chart) return;
    const now = Date.now() / 1000;
    chart.setData(data(), false);
    chart.setScale('x', { min: now - LIVE_WINDOW_S, max: now + 5 });
    liveEmpty.hidden = points.length > 0;
  }

  function onSegment(ev) {
    points.push({ t: ev.startMs / 1000, deviceId: ev.deviceId, amp: ev.maxAmp });
    points.sort((a, b) => a.t - b.t);
    const d = devices.find(x => x.id === ev.deviceId);
    if (!d) {
      loadDevices();
      return;
    }
    d.lastSeenMs = Date.now();
    d.online = !d.revoked;
    d.segmentsLastHour += 1;
    renderDevices();
    redraw();
  }

  function connect() {
    const source = new EventSource('/api/v1/live');
    source.onopen = () => { liveState.dataset.state = 'open'; liveState.textContent = 'live'; };
    source.onerror = () => {
      liveState.dataset.state = 'closed';
      liveState.textContent = 'reconnecting…';
      // EventSource retries by itself; if the session ended, this call sends the user to /login.
      api('GET', '/api/v1/dashboard/devices').catch(() => {});
    };
    source.onmessage = msg => {
      let ev;
      try { ev = JSON.parse(msg.data); } catch { return; }
      if (ev.type === 'segment') onSegment(ev);
      else if (ev.type === 'capture') {
        const d = devices.find(x => x.id === ev.deviceId);
        if (d) { d.captureEnabled = ev.captureEnabled; renderDevices(); }
      }
    };
  }

  window.addEventListener('resize', () => { if (chart) chart.setSize({ width: document.getElementById('live-chart').clientWidth, height: 260 }); });
  loadDevices().then(() => { connect(); redraw(); });
  setInterval(redraw, 5000);
  setInterval(loadDevices, 60000);
  const admin = document.getElementById('user-admin');
  if (admin) initUsers(admin);
  const storage = document.getElementById('storage');
  if (storage) initStorage(storage);
}
