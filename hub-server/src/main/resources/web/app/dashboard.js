// Dashboard: the devices panel (online state, last seen, segments today, capture switch; admins
// add, rename and revoke devices) and the live max_amp chart, filled from the last ten minutes of
// history on load and then by server-sent events (/api/v1/live).
import uPlot from 'uplot';
import { api, attempt, ago, dateTime, deviceColour, el, formDialog, isAdmin, timeOfDay, toast } from './common.js';
import { amplitudeAxis, axisTimes, followWidth } from './charts.js';
import { initStorage } from './storage.js';

const LIVE_WINDOW_S = 600;
const LIVE_HEIGHT = 260;

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
      tbody.replaceChildren(el('tr', {}, el('td', { colspan: 7, class: 'muted' }, isAdmin
        ? 'No devices yet. Add one with "+ Add device": you get the token and the command for the Pi.'
        : 'No devices yet. An admin adds them here.')));
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
      const actions = isAdmin ? el('td', {}, el('div', { class: 'actions' },
        el('button', { type: 'button', onclick: () => renameDevice(d) }, 'Rename'),
        d.revoked ? null : el('button', { type: 'button', class: 'danger', onclick: () => revokeDevice(d) }, 'Revoke'))) : null;
      return el('tr', { dataset: { device: String(d.id) } },
        el('td', {}, el('span', { class: 'tag-chip' }, swatch, d.name), el('span', { class: 'muted small' }, ` #${d.id}`)),
        el('td', {}, el('span', { class: 'pill ' + state[0] }, state[1])),
        el('td', { title: d.lastSeenMs ? dateTime(d.lastSeenMs, true) : '' }, ago(d.lastSeenMs)),
        el('td', { class: 'num' }, String(d.segmentsToday)),
        el('td', { class: 'num' }, String(d.segmentsLastHour)),
        el('td', {}, sw),
        actions);
    }));
    updated.textContent = 'updated ' + timeOfDay(Date.now());
  }

  /** Add device: a name, then the token (shown this once) with a copy button and the Pi's install command. */
  function addDevice() {
    const error = el('p', { class: 'alert error', role: 'alert', hidden: true });
    const dialog = formDialog({
      id: 'device-dialog', title: 'Add a device', submitLabel: 'Add device',
      body: [
        el('label', {}, 'Name', el('input', { name: 'name', required: true, maxlength: '64', id: 'device-name',
          placeholder: 'e.g. kitchen-pi', autocomplete: 'off' })),
        el('p', { class: 'muted small' }, 'One device per microphone. Its token is shown once, right after this step.'),
        error,
      ],
      onSubmit: async f => {
        let created;
        try {
          created = await api('POST', '/api/v1/devices', { name: f.elements.name.value.trim() });
        } catch (e) {
          error.textContent = e.message;
          error.hidden = false;
          return false;
        }
        showToken(dialog, created);
        loadDevices();
        return false; // stays open on the token step
      },
    });
  }

  function showToken(dialog, created) {
    const hub = window.location.origin;
    const command = `(umask 077; printf '%s' '${created.token}' > token)\n`
      + `sudo pi-setup/install-edge.sh --hub ${hub} --token-file ./token`;
    const token = el('code', { class: 'secret', id: 'device-token' }, created.token);
    const cmd = el('pre', { class: 'command', id: 'device-command' }, command);
    const copy = (text, what) => el('button', { type: 'button', onclick: async () => {
      try {
        await navigator.clipboard.writeText(text);
        toast(`${what} copied.`, 'ok');
      } catch {
        toast('The browser refused the clipboard: select the text and copy it by hand.', 'error');
      }
    } }, `Copy ${what.toLowerCase()}`);
    const body = el('div', { class: 'stack token-step' },
      el('p', {}, el('b', {}, created.name), ` (#${created.id}) was added. Its token is shown `, el('b', {}, 'only now'),
        ': the hub keeps only a hash of it.'),
      el('div', { class: 'copy-row' }, token, copy(created.token, 'Token')),
      el('p', { class: 'small' }, 'On the Pi, in the Buddybork checkout, run:'),
      cmd,
      el('div', { class: 'row' }, copy(cmd.textContent, 'Command'),
        el('button', { type: 'button', class: 'primary', onclick: () => dialog.close() }, 'Done')));
    dialog.querySelector('.dialog-head h2').textContent = `Device ${created.name} added`;
    dialog.querySelector('form').replaceWith(body);
  }

  function renameDevice(d) {
    const error = el('p', { class: 'alert error', role: 'alert', hidden: true });
    formDialog({
      id: 'rename-dialog', title: `Rename ${d.name}`, submitLabel: 'Rename',
      body: [el('label', {}, 'New name', el('input', { name: 'name', required: true, maxlength: '64', value: d.name })), error],
      onSubmit: async f => {
        try {
          await api('PATCH', `/api/v1/devices/${d.id}`, { name: f.elements.name.value.trim() });
        } catch (e) {
          error.textContent = e.message;
          error.hidden = false;
          return false;
        }
        toast(`Renamed to ${f.elements.name.value.trim()}.`, 'ok');
        loadDevices();
        return true;
      },
    });
  }

  function revokeDevice(d) {
    formDialog({
      id: 'revoke-dialog', title: `Revoke ${d.name}?`, submitLabel: 'Revoke', danger: true,
      body: [el('p', {}, `The hub will refuse ${d.name}'s token from now on; the device stops uploading. `
        + 'Its recordings and labels stay. This cannot be undone: add a new device to connect it again.')],
      onSubmit: async () => {
        const r = await attempt(() => api('POST', `/api/v1/devices/${d.id}/revoke`), `${d.name} is revoked.`);
        if (r !== undefined) loadDevices();
        return true;
      },
    });
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
    const series = [{ label: 'time', value: (u, v) => v == null ? '—' : timeOfDay(v * 1000) }].concat(devices.map((d, i) => ({
      label: d.name,
      stroke: deviceColour(i),
      width: 1.5,
      points: { show: true, size: 6, fill: deviceColour(i) },
      spanGaps: false,
      value: (u, v) => v == null ? '—' : String(v),
    })));
    /** @type {uPlot.Options} */
    const opts = {
      width: box.clientWidth || 900,
      height: LIVE_HEIGHT,
      series,
      scales: { x: { time: true }, y: { range: [0, 32768] } },
      axes: [{ label: 'time', space: 70, values: axisTimes }, amplitudeAxis],
      legend: { live: true },
    };
    if (chart) chart.destroy();
    chart = new uPlot(opts, data(), box);
  }

  /** @returns {uPlot.AlignedData} the live points: times, then one column per device */
  function data() {
    const now = Date.now() / 1000;
    points = points.filter(p => p.t >= now - LIVE_WINDOW_S);
    /** @type {number[]} */
    const xs = points.map(p => p.t);
    /** @type {[number[], ...(number | null)[][]]} */
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
    d.segmentsToday += 1;
    renderDevices();
    redraw();
  }

  let opened = false;
  function connect() {
    const source = new EventSource('/api/v1/live');
    source.onopen = () => {
      liveState.dataset.state = 'open';
      liveState.textContent = 'live';
      // A reconnect (the hub closes a feed that falls too far behind): reload what was missed.
      if (opened) loadDevices().then(loadHistory);
      opened = true;
    };
    source.onerror = () => {
      liveState.dataset.state = 'closed';
      liveState.textContent = 'reconnecting…';
      // EventSource retries a dropped feed by itself; if the session ended, this call sends the user to /login.
      api('GET', '/api/v1/dashboard/devices').catch(() => {});
      // A refused feed (429 too-many-streams: too many tabs) is not retried by EventSource.
      if (source.readyState === EventSource.CLOSED) setTimeout(connect, 30000);
    };
    source.onmessage = msg => {
      let ev;
      try { ev = JSON.parse(msg.data); } catch { return; }
      // other panels (episodes.js) follow the same feed instead of opening one of their own
      document.dispatchEvent(new CustomEvent('buddybork:live', { detail: ev }));
      if (ev.type === 'segment') onSegment(ev);
      else if (ev.type === 'capture') {
        const d = devices.find(x => x.id === ev.deviceId);
        if (d) { d.captureEnabled = ev.captureEnabled; renderDevices(); }
      }
    };
  }

  followWidth(document.getElementById('live-chart'), () => chart, LIVE_HEIGHT);

  /** The chart's window from history, merged with whatever the feed delivered meanwhile. */
  async function loadHistory() {
    const recent = await attempt(() => api('GET', `/api/v1/dashboard/recent-segments?seconds=${LIVE_WINDOW_S}`));
    if (!recent) return;
    const seen = new Set(points.map(p => `${p.deviceId}@${p.t}`));
    for (const r of recent) {
      const p = { t: r.startMs / 1000, deviceId: r.deviceId, amp: r.maxAmp };
      if (!seen.has(`${p.deviceId}@${p.t}`)) points.push(p);
    }
    points.sort((a, b) => a.t - b.t);
    redraw();
  }

  const addButton = document.getElementById('add-device');
  if (addButton) addButton.addEventListener('click', addDevice);
  loadDevices().then(() => { connect(); return loadHistory(); });
  setInterval(redraw, 5000);
  setInterval(loadDevices, 60000);
  const storage = document.getElementById('storage');
  if (storage) initStorage(storage);
}
