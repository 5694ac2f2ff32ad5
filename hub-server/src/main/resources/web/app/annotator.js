// Annotator page: the coordinating entry of its views (annotator/): the overview counts, the day
// chart, the 15 s window with its detections, and the annotation editor. It owns what links them:
// opening a day, refreshing after a change, the URL hash (range, device, day, window) and the keys.
import { addDays, api, attempt, dayStartMs, el, toast, typing } from './common.js';
import { createContext } from './annotator/context.js';
import { createCounts } from './annotator/counts.js';
import { createDayChart } from './annotator/day-chart.js';
import { createWindow } from './annotator/window.js';
import { createWindowDetections } from './annotator/window-detections.js';
import { createEditor } from './annotator/editor.js';

export function initAnnotator() {
  const ctx = createContext();
  const { $, state } = ctx;

  const counts = createCounts(ctx, { onDay: day => openDay(day) });
  const dayChart = createDayChart(ctx, { onOpen: (deviceId, centerMs, annotId) => win.open(deviceId, centerMs, annotId) });
  const win = createWindow(ctx, {
    onSelection: sel => editor.onSelection(sel),
    onAnnotationClick: a => editor.select(a),
    onOpened: annot => {
      editor.select(annot);
      saveHash();
      detections.load();
    },
  });
  const detections = createWindowDetections(ctx, {
    afterReview: async () => {
      await afterChange();
      win.renderAnnotations();
    },
  });
  const editor = createEditor(ctx, win, { afterChange });

  /** Moves the day by {@code delta} days, never past today. */
  function stepDay(delta) {
    if (!state.day) return;
    const next = addDays(state.day, delta);
    if (next > ctx.today()) {
      toast(`${state.day} is today: there is no later day yet.`);
      return;
    }
    openDay(next);
  }

  /** Shows a day in the day chart; another day than the one shown closes the window and the zoom. */
  async function openDay(day) {
    if (day > ctx.today()) day = ctx.today();
    if (day !== state.day) {
      state.zoom = null;
      if (state.macro) win.close();
    }
    state.day = day;
    /** @type {HTMLButtonElement} */ ($('next-day')).disabled = day >= ctx.today();
    $('day-card').hidden = false;
    $('day-title').textContent = day + (state.deviceId ? ` · ${ctx.deviceName(state.deviceId)}` : ' · all devices');
    const [segments, annots, episodes] = await Promise.all([
      attempt(() => api('GET', `/api/v1/annotator/days/${day}${ctx.deviceQuery('?')}`)),
      attempt(() => api('GET', `/api/v1/annotations?from=${day}&to=${day}${ctx.deviceQuery('&')}`)),
      attempt(() => api('GET', `/api/v1/episodes?from=${dayStartMs(day)}&to=${dayStartMs(addDays(day, 1))}&limit=5000${ctx.deviceQuery('&')}`)),
    ]);
    state.segments = segments ? segments.offsetMs.map((off, i) => ({ deviceId: segments.deviceId[i],
      startMs: segments.dayStartMs + off, maxAmp: segments.maxAmp[i], durationMs: segments.durationMs[i] })) : [];
    // the hub's day, 23 or 25 hours long when the clocks change; computed here when the chart's answer failed
    state.dayRange = segments ? { startMs: segments.dayStartMs, endMs: segments.dayEndMs }
      : { startMs: dayStartMs(day), endMs: dayStartMs(addDays(day, 1)) };
    state.dayAnnots = annots || [];
    state.dayEpisodes = episodes || [];
    dayChart.draw();
    saveHash();
    if (state.segments.length === 0) toast(`No segments on ${day}${state.deviceId ? ' for this device' : ''}.`);
  }

  async function refreshDayAnnotations() {
    if (!state.day) return;
    const annots = await attempt(() => api('GET', `/api/v1/annotations?from=${state.day}&to=${state.day}${ctx.deviceQuery('&')}`));
    if (annots) state.dayAnnots = annots;
    dayChart.redraw();
  }

  /** After an annotation changed: the day chart, the counts and the window follow; selectId stays selected. */
  async function afterChange(selectId) {
    await Promise.all([refreshDayAnnotations(), counts.load()]);
    const a = selectId ? state.dayAnnots.find(x => x.id === selectId) : null;
    editor.select(a || null);
  }

  // ---------- URL state, controls, keys ----------

  function saveHash() {
    const p = new URLSearchParams();
    p.set('from', state.from); p.set('to', state.to);
    if (state.deviceId) p.set('device', String(state.deviceId));
    if (state.day) p.set('day', state.day);
    if (state.macro) { p.set('win', String(state.macro.deviceId)); p.set('at', String(Math.round((state.macro.startMs + state.macro.endMs) / 2))); }
    history.replaceState(null, '', '#' + p.toString());
  }

  /** Shows the range, device, day and window named in the URL's hash (as saveHash writes it). */
  async function applyHash() {
    const p = new URLSearchParams(location.hash.slice(1));
    state.to = p.get('to') || ctx.today();
    state.from = p.get('from') || addDays(state.to, -29);
    state.deviceId = p.get('device') ? Number(p.get('device')) : null;
    /** @type {HTMLInputElement} */ ($('from-date')).value = state.from;
    /** @type {HTMLInputElement} */ ($('to-date')).value = state.to;
    /** @type {HTMLSelectElement} */ ($('device-select')).value = state.deviceId ? String(state.deviceId) : '';
    await counts.load();
    if (p.get('day')) {
      await openDay(p.get('day'));
      if (p.get('win') && p.get('at')) win.open(Number(p.get('win')), Number(p.get('at')));
    }
  }

  $('range-form').addEventListener('submit', ev => {
    ev.preventDefault();
    const from = /** @type {HTMLInputElement} */ ($('from-date')).value;
    const to = /** @type {HTMLInputElement} */ ($('to-date')).value;
    if (!from || !to || to < from) {
      toast('Pick a start day on or before the end day.', 'error');
      return;
    }
    state.from = from; state.to = to;
    const device = /** @type {HTMLSelectElement} */ ($('device-select')).value;
    state.deviceId = device ? Number(device) : null;
    counts.load();
    if (state.day) openDay(state.day);
    saveHash();
  });
  $('device-select').addEventListener('change', () => /** @type {HTMLFormElement} */ ($('range-form')).requestSubmit());
  $('prev-day').addEventListener('click', () => stepDay(-1));
  $('next-day').addEventListener('click', () => stepDay(1));
  $('zoom-reset').addEventListener('click', () => dayChart.zoomTo(null));

  document.addEventListener('keydown', ev => {
    if (typing(ev) || ev.ctrlKey || ev.metaKey || ev.altKey || document.querySelector('dialog[open]')) return;
    if (ev.key === ' ' && state.macro) { ev.preventDefault(); win.view.toggle(); }
    else if (ev.key === 'n') win.jumpLoud(1);
    else if (ev.key === 'p') win.jumpLoud(-1);
    else if (ev.key === '[') stepDay(-1);
    else if (ev.key === ']') stepDay(1);
    else if (ev.key === '0' && state.zoom) dayChart.zoomTo(null);
    else if ((ev.key === 'Delete' || ev.key === 'Backspace') && state.selectedAnnot) { ev.preventDefault(); editor.removeSelected(); }
    else if (ev.key === 'Escape') editor.clear();
    else if (/^[1-9]$/.test(ev.key)) {
      ev.preventDefault();
      if (state.macro) editor.applyTag(Number(ev.key) - 1);
      else toast('Open a 15-second window first: click a dot in the day chart.');
    }
  });

  async function start() {
    const [devices, tags] = await Promise.all([attempt(() => api('GET', '/api/v1/devices')), attempt(() => api('GET', '/api/v1/tags'))]);
    state.devices = devices || [];
    state.tags = tags || [];
    $('device-select').append(...state.devices.map(d => el('option', { value: String(d.id) }, d.name)));
    editor.renderTagbar();
    // a link or an edited address on this page changes only the hash: follow it without a reload.
    // Listen before the first load: a hash changed while it is still loading must not be missed
    // (the newer range wins, see counts.load).
    window.addEventListener('hashchange', () => applyHash());
    await applyHash();
  }
  start();
}
