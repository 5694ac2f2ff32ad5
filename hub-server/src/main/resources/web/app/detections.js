// Dashboard detection panel (issue 10): detector state, per-tag counters for today (the hub's
// day, as every day of the pages) with time since the last detection, a stacked per-tag chart (history from
// /api/v1/detections/histogram, then live from the SSE feed; unknown in grey), the latest
// detections with play, annotator link and one-click review, and "what the detector hears".
import { ago, api, attempt, dateTime, dayStartMs, el, hubDay, isoDay, tagColour, timeOfDay, toast } from './common.js';
import { StackedBars, axisTimes } from './charts.js';
import './detections.css';

const UNKNOWN = 'unknown';
const GREY = '#9e9e9e';
const RANGES = { hour: { spanMs: 3600_000, bucketMs: 60_000 }, day: { spanMs: 86_400_000, bucketMs: 1800_000 } };
const LATEST = 15;
const HEARS = 10;
const UNCERTAIN = 10;

export function initDetections() {
  const root = document.getElementById('detections');
  if (!root) return;
  const $ = id => document.getElementById(id);
  const state = {
    status: null, tags: [], devices: [], allTags: [], range: 'hour',
    buckets: new Map(), // bucketStartMs -> Map(tag name | 'unknown' -> count)
    counters: new Map(), // tag name | 'unknown' -> { today, lastMs }
    latest: [], hears: [], hearsDevice: null,
    uncertain: [], // sounds worth labelling, most useful first
  };
  let uncertainTimer = null;
  const chart = new StackedBars($('detection-chart'), {
    height: 220, time: true, xLabel: 'time', yLabel: 'detections', xValues: axisTimes,
    xLegend: x => timeOfDay((x - RANGES[state.range].bucketMs / 2000) * 1000).slice(0, 5),
  });
  let renderQueued = false;
  // Events that arrive while history loads wait here, so that neither is lost nor counted twice.
  let loading = null;
  const pending = [];

  const colourOf = name => {
    if (name == null || name === UNKNOWN) return GREY;
    const i = state.tags.findIndex(t => t.name === name);
    return tagColour(i < 0 ? state.tags.length : i);
  };
  const deviceName = id => (state.devices.find(d => d.id === id) || { name: `#${id}` }).name;
  let midnight = { day: null, ms: 0 };
  /** Start of today in the hub's zone, the day the counters count (found once a day). */
  const hubMidnight = () => {
    const day = hubDay(Date.now());
    if (midnight.day !== day) midnight = { day, ms: dayStartMs(day) };
    return midnight.ms;
  };

  /** Loads history once at a time; events meanwhile are replayed after it unless history held them. */
  function load() {
    if (loading) return loading;
    loading = loadHistory().finally(() => {
      loading = null;
      const seen = new Set([...state.latest, ...state.hears].map(d => d.id));
      pending.splice(0).filter(d => !seen.has(d.id)).forEach(onDetection);
    });
    return loading;
  }

  async function loadHistory() {
    const [status, devices, tags] = await Promise.all([
      attempt(() => api('GET', '/api/v1/detections/status')),
      attempt(() => api('GET', '/api/v1/dashboard/devices')),
      attempt(() => api('GET', '/api/v1/tags')),
    ]);
    state.status = status;
    state.devices = devices || [];
    state.allTags = tags || [];
    state.tags = status ? status.tags : [];
    if (state.hearsDevice == null && state.devices.length) state.hearsDevice = state.devices[0].id;
    renderStatus();
    renderDeviceSelect();
    if (!status || status.modelId == null) {
      state.buckets.clear(); state.counters.clear(); state.latest = []; state.hears = []; state.uncertain = [];
      renderAll();
      return;
    }
    await Promise.all([loadChart(), loadCounters(), loadLatest(), loadHears(), loadUncertain()]);
    renderAll();
  }

  async function loadChart() {
    const r = RANGES[state.range];
    const now = Date.now();
    const from = Math.floor((now - r.spanMs) / r.bucketMs) * r.bucketMs;
    const rows = await attempt(() => api('GET', `/api/v1/detections/histogram?modelId=${state.status.modelId}`
      + `&from=${from}&to=${now + 60_000}&bucketMs=${r.bucketMs}`)) || [];
    state.buckets.clear();
    rows.forEach(b => addToBucket(b.startMs, b.tag, b.count));
  }

  function addToBucket(startMs, tag, n) {
    const r = RANGES[state.range];
    const key = Math.floor(startMs / r.bucketMs) * r.bucketMs;
    if (!state.buckets.has(key)) state.buckets.set(key, new Map());
    const m = state.buckets.get(key);
    const name = tag == null ? UNKNOWN : tag;
    m.set(name, (m.get(name) || 0) + n);
  }

  async function loadCounters() {
    const now = Date.now() + 60_000;
    const model = state.status.modelId;
    const today = await attempt(() => api('GET', `/api/v1/detections/tags?modelId=${model}&from=${hubMidnight()}&to=${now}`));
    state.counters.clear();
    state.tags.forEach(t => state.counters.set(t.name, { today: 0, lastMs: null }));
    (today || []).forEach(c => { const k = counter(c.tag); k.today = c.count; k.lastMs = c.lastMs; });
  }

  function counter(tag) {
    const name = tag == null ? UNKNOWN : tag;
    if (!state.counters.has(name)) state.counters.set(name, { today: 0, lastMs: null });
    return state.counters.get(name);
  }

  async function loadLatest() {
    state.latest = await attempt(() => api('GET', `/api/v1/detections/latest?modelId=${state.status.modelId}&limit=${LATEST}`)) || [];
  }

  async function loadHears() {
    if (state.hearsDevice == null) { state.hears = []; return; }
    state.hears = await attempt(() => api('GET', `/api/v1/detections/latest?modelId=${state.status.modelId}`
      + `&deviceId=${state.hearsDevice}&unknown=true&limit=${HEARS}`)) || [];
  }

  async function loadUncertain() {
    state.uncertain = await attempt(() => api('GET', `/api/v1/detections/uncertain?modelId=${state.status.modelId}&limit=${UNCERTAIN}`)) || [];
  }

  /** New detections may change the list: reload it at most every few seconds, not per event. */
  function refreshUncertainSoon() {
    if (uncertainTimer) return;
    uncertainTimer = setTimeout(async () => {
      uncertainTimer = null;
      if (!state.status || state.status.modelId == null) return;
      await loadUncertain();
      renderUncertain();
    }, 5000);
  }

  const WHY = {
    'just-over-threshold': 'just over the threshold',
    'just-under-threshold': 'just under the threshold',
    novel: 'unlike anything it knows',
  };

  async function label(u, verdict, tagId) {
    const d = u.detection;
    const body = tagId ? { review: verdict, tagId } : { review: verdict };
    const tagName = tagId ? (state.allTags.find(t => t.id === tagId) || {}).name : d.tag;
    const done = await attempt(() => api('POST', `/api/v1/detections/${d.id}/review`, body),
      tagName ? `Labelled as ${tagName}.` : 'Marked as none of the tags.');
    if (!done) return;
    state.uncertain = state.uncertain.filter(x => x.detection.id !== d.id);
    renderUncertain();
  }

  function renderUncertain() {
    const tbody = $('uncertain-sounds').querySelector('tbody');
    if (!state.uncertain.length) {
      tbody.replaceChildren(el('tr', {}, el('td', { colspan: 6, class: 'muted' },
        state.status && state.status.modelId != null ? 'Nothing the model is unsure about right now.' : 'No active model.')));
      return;
    }
    tbody.replaceChildren(...state.uncertain.map(u => {
      const d = u.detection;
      const playButton = el('button', { type: 'button', title: 'Play this segment', 'aria-label': 'Play' }, '▶');
      playButton.addEventListener('click', () => play(d, playButton));
      const guess = state.allTags.find(t => t.name === d.bestTag);
      const buttons = [];
      if (d.tag) {
        const yes = el('button', { type: 'button', class: 'confirm', title: `Yes, it is ${d.tag}` }, `✓ ${d.tag}`);
        yes.addEventListener('click', () => label(u, 'confirmed'));
        buttons.push(yes);
      } else if (guess) {
        const yes = el('button', { type: 'button', class: 'confirm', title: `It is ${guess.name}: annotate it` }, `✓ ${guess.name}`);
        yes.addEventListener('click', () => label(u, 'rejected', guess.id));
        buttons.push(yes);
      }
      const no = el('button', { type: 'button', class: 'reject', title: d.tag ? 'No: a false alarm' : 'None of the tags' }, '✗ none');
      no.addEventListener('click', () => label(u, 'rejected', other.value ? Number(other.value) : null));
      const other = el('select', { 'aria-label': 'It is (another tag)' }, el('option', { value: '' }, 'it is…'),
        ...state.allTags.filter(t => !guess || t.id !== guess.id).map(t => el('option', { value: String(t.id) }, t.name)));
      other.addEventListener('change', () => { if (other.value) label(u, 'rejected', Number(other.value)); });
      buttons.push(no, other);
      const why = WHY[u.reason] || u.reason;
      const detail = u.reason === 'novel'
        ? `novelty ${u.novelty == null ? '—' : u.novelty.toFixed(2)}`
        : `${d.score.toFixed(2)} vs ${u.threshold.toFixed(2)}`;
      return el('tr', { dataset: { detection: String(d.id), reason: u.reason } },
        el('td', { title: dateTime(d.startMs, true) }, `${isoDay(d.startMs).slice(5)} ${timeOfDay(d.startMs).slice(0, 5)}`),
        el('td', {}, deviceName(d.deviceId)),
        el('td', { class: 'small' }, why, el('br'), el('span', { class: 'muted' }, detail)),
        el('td', {}, d.tag ? d.tag : `${d.bestTag}?`),
        el('td', {}, playButton, ' ', el('a', { href: annotatorLink(d), title: 'Open the 15 s window in the annotator' }, 'annotate')),
        el('td', { class: 'review' }, ...buttons.flatMap(b => [b, ' '])));
    }));
  }

  function renderStatus() {
    const s = state.status;
    const pill = $('detector-state');
    const reason = $('detector-reason');
    if (!s) { pill.dataset.state = 'unavailable'; pill.textContent = 'status unknown'; return; }
    pill.dataset.state = s.state;
    pill.textContent = { ready: 'detecting', none: 'no active model', unavailable: 'model unavailable' }[s.state] || s.state;
    $('detector-model').textContent = s.modelId != null
      ? `model ${s.modelName || ''} #${s.modelId}` + (s.backlog ? ` · catching up: ${s.backlog} segment(s) to score` : '')
        + (s.queueDepth > 50 ? ` · ${s.queueDepth} waiting` : '')
      : 'Activate a model in the model library to see detections.';
    reason.hidden = s.state !== 'unavailable';
    reason.textContent = s.state === 'unavailable' ? `The active model cannot be used: ${s.reason}. Segments are still stored; they are scored once a usable model is active.` : '';
  }

  function renderDeviceSelect() {
    const sel = $('hears-device');
    sel.replaceChildren(...state.devices.map(d => el('option', { value: String(d.id) }, d.name)));
    if (state.hearsDevice != null) sel.value = String(state.hearsDevice);
  }

  function renderCounters() {
    const box = $('tag-counters');
    const names = state.tags.map(t => t.name);
    if (state.counters.has(UNKNOWN)) names.push(UNKNOWN);
    box.replaceChildren(...names.map(name => {
      const c = counter(name === UNKNOWN ? null : name);
      const dot = el('span', { class: 'dot' });
      dot.style.background = colourOf(name);
      return el('div', { class: 'tag-counter', dataset: { tag: name } },
        el('div', { class: 'name' }, dot, name),
        el('div', { class: 'figures' }, 'today ', el('b', { class: 'today' }, String(c.today))),
        el('div', { class: 'figures last', title: c.lastMs ? dateTime(c.lastMs, true) : '' },
          'last: ', c.lastMs ? ago(c.lastMs) : 'never'));
    }));
  }

  function renderChart() {
    const r = RANGES[state.range];
    const now = Date.now();
    const first = Math.floor((now - r.spanMs) / r.bucketMs) * r.bucketMs;
    const keys = [];
    for (let t = first; t <= now; t += r.bucketMs) keys.push(t);
    const names = state.tags.map(t => t.name).concat([UNKNOWN]);
    const layers = names.map(name => ({
      label: name,
      colour: colourOf(name),
      values: keys.map(k => (state.buckets.get(k) || new Map()).get(name) || 0),
    }));
    // a bar spans its bucket: x is the bucket's middle, in epoch seconds
    chart.update(keys.map(k => (k + r.bucketMs / 2) / 1000), r.bucketMs / 1000, layers);
  }

  function annotatorLink(d) {
    const day = hubDay(d.startMs);
    return `/annotator#from=${day}&to=${day}&device=${d.deviceId}&day=${day}&win=${d.deviceId}&at=${d.startMs + Math.round((d.durationMs || 3000) / 2)}`;
  }

  function play(d, button) {
    const audio = new Audio(`/api/v1/raw/${d.rawId}/audio`);
    button.disabled = true;
    audio.addEventListener('ended', () => { button.disabled = false; });
    audio.play().catch(() => { button.disabled = false; toast('This segment cannot be played.', 'error'); });
  }

  async function review(d, verdict, tagId) {
    const body = tagId ? { review: verdict, tagId } : { review: verdict };
    const updated = await attempt(() => api('POST', `/api/v1/detections/${d.id}/review`, body),
      verdict === 'confirmed' ? `Confirmed: annotated as ${d.tag}.` : 'Marked as a false alarm.');
    if (!updated) return;
    for (const list of [state.latest, state.hears]) {
      const i = list.findIndex(x => x.id === d.id);
      if (i >= 0) list[i] = updated;
    }
    renderLatest();
  }

  function renderLatest() {
    const tbody = $('latest-detections').querySelector('tbody');
    if (!state.latest.length) {
      tbody.replaceChildren(el('tr', {}, el('td', { colspan: 6, class: 'muted' },
        state.status && state.status.modelId != null ? 'No detections yet.' : 'No active model.')));
      return;
    }
    tbody.replaceChildren(...state.latest.map(d => {
      const playButton = el('button', { type: 'button', title: 'Play this segment', 'aria-label': 'Play' }, '▶');
      playButton.addEventListener('click', () => play(d, playButton));
      const chip = el('span', { class: 'tag-chip' }, el('span', { class: 'dot' }), d.tag || UNKNOWN);
      chip.firstChild.style.background = colourOf(d.tag);
      let reviewCell;
      if (d.review) {
        reviewCell = el('span', { class: 'small' }, d.review === 'confirmed' ? '✓ confirmed' : '✗ rejected',
          d.review === 'rejected' && d.reviewTag ? ` (${d.reviewTag})` : '');
      } else {
        const ok = el('button', { type: 'button', class: 'confirm', title: 'Confirm: annotate with this tag' }, '✓');
        ok.addEventListener('click', () => review(d, 'confirmed'));
        const no = el('button', { type: 'button', class: 'reject', title: 'Reject: a false alarm' }, '✗');
        no.addEventListener('click', () => review(d, 'rejected', right.value ? Number(right.value) : null));
        const right = el('select', { 'aria-label': 'It really was (optional)' }, el('option', { value: '' }, 'really was…'),
          ...state.allTags.filter(t => t.id !== d.tagId).map(t => el('option', { value: String(t.id) }, t.name)));
        reviewCell = el('span', { class: 'review' }, ok, ' ', no, ' ', right);
      }
      return el('tr', { class: d.review ? `reviewed-${d.review}` : '', dataset: { detection: String(d.id), tag: d.tag || UNKNOWN } },
        el('td', { title: dateTime(d.startMs, true) }, timeOfDay(d.startMs)),
        el('td', {}, deviceName(d.deviceId)),
        el('td', {}, chip),
        el('td', { class: 'num' }, d.score.toFixed(2)),
        el('td', {}, playButton, ' ', el('a', { href: annotatorLink(d), title: 'Open the 15 s window in the annotator' }, 'annotate')),
        el('td', { class: 'review' }, reviewCell));
    }));
  }

  function renderHears() {
    const box = $('hears-strip');
    const thresholds = new Map(state.tags.map(t => [t.name, t.threshold]));
    if (!state.hears.length) {
      box.replaceChildren(el('p', { class: 'muted small' }, 'No scored segments of this device yet.'));
      return;
    }
    box.replaceChildren(...state.hears.map(d => {
      const bars = state.tags.map(t => {
        const score = (d.scores && d.scores[t.name]) || 0;
        const fill = el('span', { class: 'fill' });
        fill.style.width = `${Math.round(score * 100)}%`;
        fill.style.background = colourOf(t.name);
        const mark = el('span', { class: 'threshold' });
        mark.style.left = `${Math.round((thresholds.get(t.name) || 0) * 100)}%`;
        return el('div', { class: 'hears-bar', title: `${t.name}: ${score.toFixed(2)} (threshold ${(thresholds.get(t.name) || 0).toFixed(2)})` }, fill, mark);
      });
      return el('div', { class: 'hears-row', dataset: { rawId: String(d.rawId) } },
        el('span', {}, timeOfDay(d.startMs)),
        el('div', { class: 'hears-bars' }, ...bars),
        el('span', { class: 'hears-verdict' + (d.tag ? '' : ' unknown') }, d.tag ? `${d.tag} ${d.score.toFixed(2)}` : `unknown (${d.bestTag} ${d.score.toFixed(2)})`));
    }));
  }

  function renderAll() {
    renderStatus();
    renderCounters();
    renderChart();
    renderLatest();
    renderHears();
    renderUncertain();
  }

  function scheduleRender() {
    if (renderQueued) return;
    renderQueued = true;
    requestAnimationFrame(() => { renderQueued = false; renderCounters(); renderChart(); renderLatest(); renderHears(); });
  }

  function onDetection(d) {
    if (loading) { pending.push(d); return; }
    if (!state.status || d.modelId !== state.status.modelId) { refreshStatus(); return; }
    addToBucket(d.startMs, d.tag, 1);
    const c = counter(d.tag);
    if (d.startMs >= hubMidnight()) c.today += 1;
    if (!c.lastMs || d.startMs > c.lastMs) c.lastMs = d.startMs;
    if (d.tag) {
      state.latest.unshift(d);
      state.latest.sort((a, b) => b.startMs - a.startMs || b.id - a.id);
      state.latest.length = Math.min(state.latest.length, LATEST);
    }
    if (d.deviceId === state.hearsDevice) {
      state.hears.unshift(d);
      state.hears.sort((a, b) => b.startMs - a.startMs || b.id - a.id);
      state.hears.length = Math.min(state.hears.length, HEARS);
    }
    refreshUncertainSoon();
    scheduleRender();
  }

  async function refreshStatus() {
    const s = await api('GET', '/api/v1/detections/status').catch(() => null);
    if (!s) return;
    const changed = !state.status || s.modelId !== state.status.modelId || s.state !== state.status.state;
    if (changed) { load(); return; }
    state.status = s;
    renderStatus();
  }

  // The feed opens first and history loads once it is open (again after every reconnect): a
  // detection made before the feed was listening is then in the history, never in neither.
  function connect() {
    const source = new EventSource('/api/v1/live');
    source.onopen = () => load().then(() => { root.dataset.feed = 'open'; });
    source.onerror = () => {
      root.dataset.feed = 'reconnecting';
      if (!state.status) load(); // show history even while the feed cannot open
    };
    source.onmessage = msg => {
      let ev;
      try { ev = JSON.parse(msg.data); } catch { return; }
      if (ev.type === 'detection') onDetection(ev);
    };
  }

  function setRange(range) {
    state.range = range;
    $('det-range-hour').setAttribute('aria-pressed', String(range === 'hour'));
    $('det-range-day').setAttribute('aria-pressed', String(range === 'day'));
    if (state.status && state.status.modelId != null) loadChart().then(renderChart);
  }

  $('det-range-hour').addEventListener('click', () => setRange('hour'));
  $('det-range-day').addEventListener('click', () => setRange('day'));
  $('hears-device').addEventListener('change', ev => {
    state.hearsDevice = Number(ev.target.value);
    if (state.status && state.status.modelId != null) loadHears().then(renderHears);
  });
  connect();
  setInterval(refreshStatus, 10_000); // model switches, unavailable files, catch-up progress
  setInterval(() => { renderCounters(); renderChart(); }, 30_000); // "last: 3 min ago", the chart's moving window
}
