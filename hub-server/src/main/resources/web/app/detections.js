// Dashboard detection panel (issue 10): detector state and catch-up progress, per-tag counters for
// today (the hub's day, as every day of the pages) with time since the last detection, a stacked
// per-tag chart (history from /api/v1/detections/histogram, then live from the SSE feed; unknown in
// grey), the latest detections (filtered by tag and device, unknowns and history on request, "More"
// pages back in time) with play, annotator link and one-click review, and "what the detector hears".
// Counters, chart and strip show live detections only: what catch-up scores from recordings made
// before the model was active (history), or what the owner had labelled already, is not news.
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
    // the latest list's filters; shown: how many rows the list keeps (grows with "More")
    filter: { tagId: '', deviceId: '', unknown: false, history: false }, shown: LATEST, more: false,
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
    renderFilterSelects();
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
      + `&from=${from}&to=${now + 60_000}&bucketMs=${r.bucketMs}&live=true`)) || [];
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
    const today = await attempt(() => api('GET', `/api/v1/detections/tags?modelId=${model}&from=${hubMidnight()}&to=${now}&live=true`));
    state.counters.clear();
    state.tags.forEach(t => state.counters.set(t.name, { today: 0, lastMs: null }));
    (today || []).forEach(c => { const k = counter(c.tag); k.today = c.count; k.lastMs = c.lastMs; });
  }

  function counter(tag) {
    const name = tag == null ? UNKNOWN : tag;
    if (!state.counters.has(name)) state.counters.set(name, { today: 0, lastMs: null });
    return state.counters.get(name);
  }

  /** The latest list's query for its filters; {@code before}: the row to continue after ("More"). */
  function latestQuery(before) {
    const f = state.filter;
    const q = new URLSearchParams({ modelId: String(state.status.modelId), limit: String(LATEST) });
    if (f.tagId === UNKNOWN) q.set('unknown', 'only');
    else if (f.tagId) q.set('tagId', f.tagId);
    else if (f.unknown) q.set('unknown', 'true');
    if (f.deviceId) q.set('deviceId', f.deviceId);
    if (!f.history) q.set('live', 'true');
    if (before) q.set('before', `${before.startMs}.${before.id}`);
    return `/api/v1/detections/latest?${q}`;
  }

  // Every (re)load of the latest list takes a ticket: an answer for filters changed since is dropped.
  let latestTicket = 0;

  async function loadLatest() {
    const ticket = ++latestTicket;
    const rows = await attempt(() => api('GET', latestQuery(null)));
    if (ticket !== latestTicket) return;
    state.shown = LATEST;
    state.latest = rows || [];
    state.more = !!rows && rows.length === LATEST; // a full page: there may be older ones
  }

  /** "More": the next page of older detections under the same filters. */
  async function loadMore() {
    const last = state.latest[state.latest.length - 1];
    if (!last || !state.status || state.status.modelId == null) return;
    const button = /** @type {HTMLButtonElement} */ ($('latest-more'));
    const ticket = latestTicket;
    button.disabled = true;
    const rows = await attempt(() => api('GET', latestQuery(last)));
    button.disabled = false;
    if (!rows || ticket !== latestTicket) return;
    const seen = new Set(state.latest.map(d => d.id));
    state.latest.push(...rows.filter(d => !seen.has(d.id)));
    state.shown = state.latest.length;
    state.more = rows.length === LATEST;
    renderLatest();
  }

  /** Whether detection d belongs in the latest list under its filters. */
  function matchesFilter(d) {
    const f = state.filter;
    if (!f.history && (d.history || d.labelled)) return false;
    if (f.deviceId && String(d.deviceId) !== f.deviceId) return false;
    if (f.tagId === UNKNOWN) return d.tag == null;
    if (f.tagId) return d.tagId != null && String(d.tagId) === f.tagId;
    return d.tag != null || f.unknown;
  }

  async function loadHears() {
    if (state.hearsDevice == null) { state.hears = []; return; }
    state.hears = await attempt(() => api('GET', `/api/v1/detections/latest?modelId=${state.status.modelId}`
      + `&deviceId=${state.hearsDevice}&unknown=true&live=true&limit=${HEARS}`)) || [];
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
    renderCatchUp();
    if (!s) { pill.dataset.state = 'unavailable'; pill.textContent = 'status unknown'; return; }
    pill.dataset.state = s.state;
    pill.textContent = { ready: 'detecting', none: 'no active model', unavailable: 'model unavailable' }[s.state] || s.state;
    $('detector-model').textContent = s.modelId != null
      ? `model ${s.modelName || ''} #${s.modelId}` + (s.queueDepth > 50 ? ` · ${s.queueDepth} waiting` : '')
        + (s.yielding ? ' · paused while uploads come first' : '')
      : 'Activate a model in the model library to see detections.';
    reason.hidden = s.state !== 'unavailable';
    reason.textContent = s.state === 'unavailable' ? `The active model cannot be used: ${s.reason}. Segments are still stored; they are scored once a usable model is active.` : '';
  }

  /** "Catching up on N segments of history…" with its progress, while the detector's catch-up runs. */
  function renderCatchUp() {
    const c = state.status && state.status.modelId != null ? state.status.catchUp : null;
    const box = $('catch-up');
    box.hidden = !c;
    if (!c) return;
    $('catch-up-text').textContent = `Catching up on ${c.total} segment${c.total === 1 ? '' : 's'} of history… ${c.done} of ${c.total} scored.`;
    const bar = /** @type {HTMLProgressElement} */ ($('catch-up-progress'));
    bar.max = Math.max(1, c.total);
    bar.value = c.done;
  }

  /** The latest list's tag and device choices (the model's tags, every device), keeping the choice made. */
  function renderFilterSelects() {
    const tag = /** @type {HTMLSelectElement} */ ($('latest-tag'));
    tag.replaceChildren(el('option', { value: '' }, 'all tags'),
      ...state.tags.filter(t => t.tagId != null).map(t => el('option', { value: String(t.tagId) }, t.name)),
      el('option', { value: UNKNOWN }, 'unknown sounds only'));
    tag.value = state.filter.tagId;
    if (tag.value !== state.filter.tagId) { tag.value = ''; state.filter.tagId = ''; }
    const dev = /** @type {HTMLSelectElement} */ ($('latest-device'));
    dev.replaceChildren(el('option', { value: '' }, 'all devices'),
      ...state.devices.map(d => el('option', { value: String(d.id) }, d.name)));
    dev.value = state.filter.deviceId;
    if (dev.value !== state.filter.deviceId) { dev.value = ''; state.filter.deviceId = ''; }
    /** @type {HTMLInputElement} */ ($('latest-unknown')).disabled = state.filter.tagId !== '';
  }

  function renderDeviceSelect() {
    const sel = /** @type {HTMLSelectElement} */ ($('hears-device'));
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
    $('latest-more').hidden = !state.more || !state.latest.length;
    if (!state.latest.length) {
      const f = state.filter;
      const filtered = f.tagId || f.deviceId;
      tbody.replaceChildren(el('tr', {}, el('td', { colspan: 6, class: 'muted' },
        !state.status || state.status.modelId == null ? 'No active model.'
          : f.history ? (filtered ? 'No detections match these filters.' : 'No detections yet.')
            : `No live detections ${filtered ? 'match these filters' : 'yet'}. Earlier recordings scored by catch-up are under "Show history".`)));
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
      } else if (d.labelled) {
        // the owner had labelled this segment before the model scored it: nothing to review
        reviewCell = el('span', { class: 'small muted', title: 'An annotation covered this segment before it was scored' }, 'already labelled');
      } else {
        const buttons = [];
        if (d.tag) { // an unknown has no tag to confirm: reject it, with the right tag if there is one
          const ok = el('button', { type: 'button', class: 'confirm', title: 'Confirm: annotate with this tag' }, '✓');
          ok.addEventListener('click', () => review(d, 'confirmed'));
          buttons.push(ok, ' ');
        }
        const no = el('button', { type: 'button', class: 'reject', title: d.tag ? 'Reject: a false alarm' : 'None of the tags' }, '✗');
        no.addEventListener('click', () => review(d, 'rejected', right.value ? Number(right.value) : null));
        const right = el('select', { 'aria-label': 'It really was (optional)' }, el('option', { value: '' }, 'really was…'),
          ...state.allTags.filter(t => t.id !== d.tagId).map(t => el('option', { value: String(t.id) }, t.name)));
        reviewCell = el('span', { class: 'review' }, ...buttons, no, ' ', right);
      }
      const history = d.history || d.labelled;
      const rowClass = [d.review ? `reviewed-${d.review}` : '', history ? 'history' : ''].filter(Boolean).join(' ');
      const today = isoDay(d.startMs) === isoDay(Date.now());
      return el('tr', { class: rowClass, dataset: { detection: String(d.id), tag: d.tag || UNKNOWN, history: String(history) } },
        el('td', { title: dateTime(d.startMs, true) }, today ? timeOfDay(d.startMs) : `${isoDay(d.startMs).slice(5)} ${timeOfDay(d.startMs).slice(0, 5)}`,
          history ? el('span', { class: 'history-badge', title: d.labelled ? 'Labelled before it was scored' : 'Recorded before the model was active: scored by catch-up' }, 'history') : null),
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
    if (matchesFilter(d)) addToLatest(d);
    refreshUncertainSoon();
    if (d.history || d.labelled) { // catch-up of earlier recordings: no news, and nothing to hear now
      scheduleRender();
      return;
    }
    addToBucket(d.startMs, d.tag, 1);
    const c = counter(d.tag);
    if (d.startMs >= hubMidnight()) c.today += 1;
    if (!c.lastMs || d.startMs > c.lastMs) c.lastMs = d.startMs;
    if (d.deviceId === state.hearsDevice) {
      state.hears.unshift(d);
      state.hears.sort((a, b) => b.startMs - a.startMs || b.id - a.id);
      state.hears.length = Math.min(state.hears.length, HEARS);
    }
    scheduleRender();
  }

  /** Adds d in time order, unless it is older than every row shown while older ones wait behind "More". */
  function addToLatest(d) {
    const last = state.latest[state.latest.length - 1];
    const older = last && (d.startMs < last.startMs || (d.startMs === last.startMs && d.id < last.id));
    if (older && state.latest.length >= state.shown) return; // it comes with "More", in its place
    if (state.latest.some(x => x.id === d.id)) return;
    state.latest.push(d);
    state.latest.sort((a, b) => b.startMs - a.startMs || b.id - a.id);
    if (state.latest.length > state.shown) { state.latest.length = state.shown; state.more = true; }
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
      // A refused feed (429 too-many-streams: too many tabs) is not retried by EventSource.
      if (source.readyState === EventSource.CLOSED) setTimeout(connect, 30000);
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
    state.hearsDevice = Number(/** @type {HTMLSelectElement} */ (ev.target).value);
    if (state.status && state.status.modelId != null) loadHears().then(renderHears);
  });
  /** Reloads the latest list for the filters chosen. */
  function applyFilter() {
    const f = state.filter;
    f.tagId = /** @type {HTMLSelectElement} */ ($('latest-tag')).value;
    f.deviceId = /** @type {HTMLSelectElement} */ ($('latest-device')).value;
    f.unknown = /** @type {HTMLInputElement} */ ($('latest-unknown')).checked;
    f.history = /** @type {HTMLInputElement} */ ($('latest-history')).checked;
    /** @type {HTMLInputElement} */ ($('latest-unknown')).disabled = f.tagId !== '';
    if (state.status && state.status.modelId != null) loadLatest().then(renderLatest);
  }
  for (const id of ['latest-tag', 'latest-device', 'latest-unknown', 'latest-history']) $(id).addEventListener('change', applyFilter);
  $('latest-more').addEventListener('click', loadMore);
  connect();
  // model switches, unavailable files; every 2 s while a catch-up runs, so its progress moves
  (function pollStatus() {
    setTimeout(() => refreshStatus().finally(pollStatus), state.status && state.status.catchUp ? 2000 : 10_000);
  })();
  setInterval(() => { renderCounters(); renderChart(); }, 30_000); // "last: 3 min ago", the chart's moving window
}
