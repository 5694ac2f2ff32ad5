// Annotator: day counts and annotation charts (Chart.js), the day chart (uPlot) and the
// macro-segment editor, all linked; every change re-renders the affected charts in place.
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import uPlot from 'uplot';
import { addDays, api, attempt, axisTimes, dayStartMs, deviceColour, el, isoDay, onWidthChange, tagColour, timeOfDay, toast, typing } from './common.js';
import { MacroView } from './macro.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

export function initAnnotator() {
  const $ = id => document.getElementById(id);
  const state = {
    devices: [], tags: [], from: null, to: null, deviceId: null,
    day: null, segments: [], dayAnnots: [], macro: null, selectedAnnot: null, selection: null,
    zoom: null, // {min, max} in epoch seconds while the day chart is zoomed in
  };
  let countsChart = null, annotChart = null, dayChart = null;

  const macro = new MacroView({
    root: $('macro'), wave: $('wave'), spec: $('spec'), overlay: $('macro-overlay'),
    onSelection: sel => {
      state.selection = sel;
      if (sel) selectAnnotation(null);
      $('selection-info').textContent = sel
        ? `Selected ${timeOfDay(sel.startMs, true)} – ${timeOfDay(sel.endMs, true)} UTC (${((sel.endMs - sel.startMs) / 1000).toFixed(2)} s): press a tag's number or click a tag.`
        : 'Drag across the waveform or spectrogram to select a sound, then press a tag\'s number key (or click the tag).';
    },
    onAnnotationClick: a => selectAnnotation(a),
    onTime: (sec, playing) => {
      $('play').replaceChildren(playing ? '❚❚ Pause ' : '▶ Play ', el('kbd', {}, 'space'));
      if (state.macro) $('macro-time').textContent = `${timeOfDay(state.macro.startMs + sec * 1000, true)} UTC`;
    },
  });
  macro.tagColour = id => tagColour(tagIndex(id));
  macro.tagName = id => (state.tags.find(t => t.id === id) || { name: `tag ${id}` }).name;

  function tagIndex(id) { return state.tags.findIndex(t => t.id === id); }
  function deviceIndex(id) { return state.devices.findIndex(d => d.id === id); }
  function deviceName(id) { return (state.devices.find(d => d.id === id) || { name: `device ${id}` }).name; }
  function deviceQuery(prefix) { return state.deviceId ? `${prefix}deviceId=${state.deviceId}` : ''; }

  // ---------- range and overview charts ----------

  function daysOfRange() {
    const days = [];
    for (let d = state.from; d <= state.to; d = addDays(d, 1)) days.push(d);
    return days;
  }

  async function loadOverview() {
    const q = `from=${state.from}&to=${state.to}${deviceQuery('&')}`;
    const [counts, annots] = await Promise.all([
      attempt(() => api('GET', `/api/v1/stats/daily-counts?${q}`)),
      attempt(() => api('GET', `/api/v1/annotations/daily-counts?${q}`)),
    ]);
    // a newer range (Show, or the hash changed) was asked for while this one loaded: it draws instead
    if (q !== `from=${state.from}&to=${state.to}${deviceQuery('&')}`) return;
    if (counts) drawCounts(counts);
    if (annots) drawAnnotCounts(annots);
    $('counts-chart').dataset.range = q; // what the charts show now (tests wait for it)
  }

  function barOptions(yLabel, onDay) {
    return {
      responsive: true, maintainAspectRatio: false, animation: false,
      interaction: { mode: 'index', intersect: false },
      scales: {
        x: { stacked: true, title: { display: true, text: 'day (UTC)' }, ticks: { maxRotation: 0, autoSkipPadding: 12 } },
        y: { stacked: true, beginAtZero: true, title: { display: true, text: yLabel }, ticks: { precision: 0 } },
      },
      plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } } },
      onClick: (evt, elements, chart) => {
        const hit = chart.getElementsAtEventForMode(evt, 'index', { intersect: false }, false);
        if (hit.length) onDay(chart.data.labels[hit[0].index]);
      },
      onHover: (evt, elements, chart) => { chart.canvas.style.cursor = 'pointer'; },
    };
  }

  function drawCounts(rows) {
    const days = daysOfRange();
    const idx = new Map(days.map((d, i) => [d, i]));
    const byDevice = new Map();
    for (const r of rows) {
      if (!byDevice.has(r.deviceId)) byDevice.set(r.deviceId, new Array(days.length).fill(0));
      const i = idx.get(r.day);
      if (i !== undefined) byDevice.get(r.deviceId)[i] += r.count;
    }
    const datasets = [...byDevice.entries()].map(([id, data]) => ({
      label: deviceName(id), data, backgroundColor: deviceColour(Math.max(0, deviceIndex(id))), borderWidth: 0,
    }));
    if (datasets.length === 0) datasets.push({ label: 'segments', data: days.map(() => 0), backgroundColor: '#2f6fed' });
    if (countsChart) countsChart.destroy();
    countsChart = new Chart($('counts-chart'), { type: 'bar', data: { labels: days, datasets }, options: barOptions('segments', openDay) });
  }

  function drawAnnotCounts(rows) {
    const days = daysOfRange();
    const idx = new Map(days.map((d, i) => [d, i]));
    const totals = new Map();
    const datasets = state.tags.map((t, ti) => ({ label: t.name, data: new Array(days.length).fill(0), backgroundColor: tagColour(ti), borderWidth: 0, tagId: t.id }));
    for (const r of rows) {
      const ds = datasets.find(d => d.tagId === r.tagId);
      const i = idx.get(r.day);
      if (ds && i !== undefined) ds.data[i] += r.count;
      totals.set(r.tagId, (totals.get(r.tagId) || 0) + r.count);
    }
    renderTotals(totals);
    if (annotChart) annotChart.destroy();
    annotChart = new Chart($('annot-chart'), { type: 'bar', data: { labels: days, datasets: datasets.filter(d => d.data.some(v => v > 0)) }, options: barOptions('annotations', openDay) });
  }

  function renderTotals(totals) {
    const box = $('tag-totals');
    box.dataset.totals = state.tags.map(t => `${t.name}: ${totals.get(t.id) || 0}`).join(';');
    const used = state.tags.map((t, i) => [t, i]).filter(([t]) => totals.get(t.id));
    if (state.tags.length === 0) {
      box.replaceChildren('no tags yet');
      return;
    }
    if (used.length === 0) {
      box.replaceChildren('no annotations in this range yet');
      return;
    }
    box.replaceChildren(...used.map(([t, i]) => {
      const dot = el('span', { class: 'dot' });
      dot.style.background = tagColour(i);
      return el('span', { class: 'tag-chip total' }, dot, `${t.name} ${totals.get(t.id)}`);
    }));
  }

  // ---------- day chart ----------

  /** The newest day there can be data for (UTC): ] and the next-day button stop here. */
  function today() { return isoDay(Date.now()); }

  /** Closes the 15 s window (it belongs to the day it was opened on). */
  function closeMacro() {
    macro.close();
    state.macro = null;
    state.selection = null;
    state.selectedAnnot = null;
    $('annot-editor').hidden = true;
    $('macro-card').hidden = true;
    delete $('macro').dataset.start;
  }

  /** Moves the day by {@code delta} days, never past today. */
  function stepDay(delta) {
    if (!state.day) return;
    const next = addDays(state.day, delta);
    if (next > today()) {
      toast(`${state.day} is today (UTC): there is no later day yet.`);
      return;
    }
    openDay(next);
  }

  async function openDay(day) {
    if (day > today()) day = today();
    if (day !== state.day) {
      state.zoom = null;
      if (state.macro) closeMacro();
    }
    state.day = day;
    $('next-day').disabled = day >= today();
    $('day-card').hidden = false;
    $('day-title').textContent = `${day} (UTC)` + (state.deviceId ? ` · ${deviceName(state.deviceId)}` : ' · all devices');
    const [segments, annots] = await Promise.all([
      attempt(() => api('GET', `/api/v1/annotator/days/${day}${deviceQuery('?')}`)),
      attempt(() => api('GET', `/api/v1/annotations?from=${day}&to=${day}${deviceQuery('&')}`)),
    ]);
    state.segments = segments ? segments.offsetMs.map((off, i) => ({ deviceId: segments.deviceId[i],
      startMs: segments.dayStartMs + off, maxAmp: segments.maxAmp[i], durationMs: segments.durationMs[i] })) : [];
    state.dayAnnots = annots || [];
    drawDay();
    saveHash();
    if (state.segments.length === 0) toast(`No segments on ${day}${state.deviceId ? ' for this device' : ''}.`);
  }

  async function refreshDayAnnotations() {
    if (!state.day) return;
    const annots = await attempt(() => api('GET', `/api/v1/annotations?from=${state.day}&to=${state.day}${deviceQuery('&')}`));
    if (annots) state.dayAnnots = annots;
    if (dayChart) dayChart.redraw(false);
  }

  function drawDay() {
    const box = $('day-chart');
    const devs = state.deviceId ? state.devices.filter(d => d.id === state.deviceId)
      : state.devices.filter(d => state.segments.some(s => s.deviceId === d.id));
    const xs = state.segments.map(s => s.startMs / 1000);
    const cols = [xs, ...devs.map(d => state.segments.map(s => (s.deviceId === d.id ? s.maxAmp : null)))];
    const dayStart = dayStartMs(state.day) / 1000;
    const opts = {
      width: box.clientWidth || 1000, height: 280,
      // the x range is the whole day unless zoomed; uPlot asks this function on every rescale
      scales: { x: { time: true, range: () => (state.zoom ? [state.zoom.min, state.zoom.max] : [dayStart, dayStart + 86400]) }, y: { range: [0, 32768] } },
      series: [{ label: 'time (UTC)', value: (u, v) => v == null ? '—' : timeOfDay(v * 1000) },
        ...devs.map(d => ({ label: d.name, stroke: deviceColour(deviceIndex(d.id)), paths: () => null,
          points: { show: true, size: 5, fill: deviceColour(deviceIndex(d.id)) }, value: (u, v) => v == null ? '—' : String(v) }))],
      axes: [
        { label: 'time of day (UTC)', space: 60, values: axisTimes },
        { label: 'max amplitude', size: 60, values: (u, splits) => splits.map(v => v >= 1000 ? (v / 1000) + 'k' : String(v)) },
      ],
      tzDate: ts => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
      cursor: {
        drag: { x: true, y: false, setScale: false },
        // double-click resets the zoom (uPlot's own handler would rescale to the data instead)
        bind: { dblclick: () => () => { zoomTo(null); return null; } },
      },
      hooks: {
        draw: [u => drawAnnotationMarkers(u)],
        ready: [u => { installDayClicks(u); installZoom(u); }],
        setSelect: [u => {
          if (u.select.width < 4) return;
          const min = u.posToVal(u.select.left, 'x'), max = u.posToVal(u.select.left + u.select.width, 'x');
          u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
          zoomTo({ min, max });
        }],
      },
    };
    if (dayChart) dayChart.destroy();
    dayChart = new uPlot(opts, cols, box);
    showZoom();
  }

  /** Zooms the day chart to {min, max} (epoch s, clamped to the day, at least 20 s), or out with null. */
  function zoomTo(range) {
    if (!state.day) return;
    const dayStart = dayStartMs(state.day) / 1000, dayEnd = dayStart + 86400;
    let z = null;
    if (range) {
      let { min, max } = range;
      if (max - min < 20) { const mid = (min + max) / 2; min = mid - 10; max = mid + 10; }
      if (min < dayStart) { max += dayStart - min; min = dayStart; }
      if (max > dayEnd) { min -= max - dayEnd; max = dayEnd; }
      min = Math.max(dayStart, min);
      if (max - min < 86400 - 1) z = { min, max };
    }
    state.zoom = z;
    if (dayChart) dayChart.setScale('x', z ? { min: z.min, max: z.max } : { min: dayStart, max: dayEnd });
    showZoom();
  }

  function showZoom() {
    const z = state.zoom;
    $('zoom-reset').hidden = !z;
    $('zoom-range').textContent = z ? `${timeOfDay(z.min * 1000)} – ${timeOfDay(z.max * 1000)}` : '';
    $('day-chart').dataset.zoom = z ? `${Math.round(z.min)}-${Math.round(z.max)}` : '';
  }

  /** Wheel and two-finger pinch zoom around the pointer; the x range stays inside the day. */
  function installZoom(u) {
    const rangeNow = () => ({ min: u.scales.x.min, max: u.scales.x.max });
    const scaleAround = (centre, factor, r) => zoomTo({ min: centre - (centre - r.min) * factor, max: centre + (r.max - centre) * factor });
    u.over.addEventListener('wheel', ev => {
      if (!state.zoom && ev.deltaY > 0) return; // nothing to zoom out of: let the page scroll
      ev.preventDefault();
      const centre = u.posToVal(ev.clientX - u.over.getBoundingClientRect().left, 'x');
      scaleAround(centre, ev.deltaY < 0 ? 0.8 : 1.25, rangeNow());
    }, { passive: false });
    let pinch = null;
    const spread = t => Math.abs(t[0].clientX - t[1].clientX);
    u.over.addEventListener('touchstart', ev => {
      if (ev.touches.length !== 2) return;
      const rect = u.over.getBoundingClientRect();
      const mid = (ev.touches[0].clientX + ev.touches[1].clientX) / 2 - rect.left;
      pinch = { spread: Math.max(10, spread(ev.touches)), centre: u.posToVal(mid, 'x'), range: rangeNow() };
      ev.preventDefault();
    }, { passive: false });
    u.over.addEventListener('touchmove', ev => {
      if (!pinch || ev.touches.length !== 2) return;
      ev.preventDefault();
      scaleAround(pinch.centre, pinch.spread / Math.max(10, spread(ev.touches)), pinch.range);
    }, { passive: false });
    u.over.addEventListener('touchend', () => { pinch = null; });
  }

  function drawAnnotationMarkers(u) {
    const g = u.ctx;
    const top = u.bbox.top, h = u.bbox.height;
    const dpr = window.devicePixelRatio || 1;
    g.save();
    const rowEnds = []; // label rows: a label goes to the first row it does not overlap
    g.font = `${Math.round(10 * dpr)}px system-ui`;
    g.textAlign = 'left'; // uPlot leaves its axis alignment on the context
    g.textBaseline = 'alphabetic';
    for (const a of [...state.dayAnnots].sort((p, q) => p.startMs - q.startMs)) {
      const x = Math.round(u.valToPos(a.startMs / 1000, 'x', true));
      const x2 = Math.round(u.valToPos(a.endMs / 1000, 'x', true));
      const col = tagColour(tagIndex(a.tagId));
      g.fillStyle = col + '33';
      g.fillRect(x, top, Math.max(1, x2 - x), h);
      g.fillStyle = col;
      g.fillRect(x - dpr, top, 2 * dpr, h);
      const name = (state.tags.find(t => t.id === a.tagId) || { name: '?' }).name;
      const w = g.measureText(name).width + 6 * dpr;
      let row = rowEnds.findIndex(end => end <= x);
      if (row < 0) { row = rowEnds.length; rowEnds.push(0); }
      rowEnds[row] = x + w;
      g.fillText(name, x + 3 * dpr, top + (11 + row * 12) * dpr);
    }
    g.restore();
  }

  function installDayClicks(u) {
    let downX = null;
    u.over.addEventListener('mousedown', ev => { downX = ev.clientX; });
    u.over.addEventListener('click', ev => {
      if (downX !== null && Math.abs(ev.clientX - downX) > 3) return; // a drag (zoom), not a click
      const left = ev.offsetX;
      const t = u.posToVal(left, 'x');
      // an annotation marker within 5 px wins
      let best = null, bestPx = 6;
      for (const a of state.dayAnnots) {
        const px = Math.abs(u.valToPos(a.startMs / 1000, 'x') - left);
        const inside = t * 1000 >= a.startMs && t * 1000 <= a.endMs;
        if (inside || px < bestPx) { best = a; bestPx = inside ? 0 : px; }
      }
      if (best) {
        openMacro(best.deviceId, (best.startMs + best.endMs) / 2, best.id);
        return;
      }
      const i = u.cursor.idx;
      if (i == null || !state.segments[i]) return;
      const s = state.segments[i];
      openMacro(s.deviceId, s.startMs + s.durationMs / 2);
    });
  }

  // ---------- macro-segment ----------

  async function openMacro(deviceId, centerMs, selectAnnotId) {
    const win = await attempt(() => api('GET', `/api/v1/macro?deviceId=${deviceId}&centerMs=${Math.round(centerMs)}`));
    if (!win) return;
    $('macro-card').hidden = false;
    $('macro').classList.add('loading');
    $('macro-time').textContent = 'loading…';
    try {
      await macro.load(win);
    } catch (e) {
      toast(e.message, 'error');
      return;
    } finally {
      $('macro').classList.remove('loading');
    }
    state.macro = win;
    state.selection = null;
    $('macro-title').textContent = `${deviceName(deviceId)} · ${isoDay(win.startMs)} ${timeOfDay(win.startMs)} – ${timeOfDay(win.endMs)} UTC`;
    $('macro-time').textContent = `${timeOfDay(win.startMs, true)} UTC`;
    const gapMs = (win.gaps || []).reduce((n, g) => n + g.endMs - g.startMs, 0);
    $('macro').dataset.start = String(win.startMs);
    $('macro').title = gapMs > 0 ? `${(gapMs / 1000).toFixed(1)} s of this window had no upload (hatched: silence)` : '';
    const annot = selectAnnotId ? state.dayAnnots.find(a => a.id === selectAnnotId) : null;
    renderMacroAnnotations();
    selectAnnotation(annot || null);
    saveHash();
    loadWindowDetections();
    $('macro-card').scrollIntoView({ behavior: 'smooth', block: 'nearest' });
  }

  // ---------- detections of the window's segments (review) ----------

  async function loadWindowDetections() {
    const win = state.macro;
    if (!win) return;
    const tbody = $('window-detections').querySelector('tbody');
    const status = await attempt(() => api('GET', '/api/v1/detections/status'));
    if (state.macro !== win) return; // another window was opened meanwhile
    if (!status || status.modelId == null) {
      $('window-detections-model').textContent = '';
      state.windowDetections = [];
      tbody.replaceChildren(el('tr', {}, el('td', { colspan: 4, class: 'muted' }, 'No active model.')));
      return;
    }
    $('window-detections-model').textContent = `model: ${status.modelName || '#' + status.modelId}`;
    // a segment is at most a few seconds long: segments starting up to 3 s before the window reach into it
    const rows = await attempt(() => api('GET', `/api/v1/detections?from=${win.startMs - 3000}&to=${win.endMs}`
      + `&deviceId=${win.deviceId}&modelId=${status.modelId}&limit=50`));
    if (state.macro !== win) return;
    state.windowDetections = (rows || []).filter(d => d.startMs + d.durationMs > win.startMs && d.startMs < win.endMs)
      .sort((a, b) => a.startMs - b.startMs);
    renderWindowDetections();
  }

  function renderWindowDetections() {
    const tbody = $('window-detections').querySelector('tbody');
    const list = state.windowDetections || [];
    if (!list.length) {
      tbody.replaceChildren(el('tr', {}, el('td', { colspan: 4, class: 'muted' }, 'No detections in this window.')));
      return;
    }
    tbody.replaceChildren(...list.map(d => {
      let cell;
      if (d.review) {
        cell = el('span', { class: 'small reviewed' }, d.review === 'confirmed' ? '✓ confirmed' : '✗ rejected',
          d.review === 'rejected' && d.reviewTag ? ` (really ${d.reviewTag})` : '', d.reviewedBy ? ` by ${d.reviewedBy}` : '');
      } else {
        const right = el('select', { 'aria-label': 'It really was (optional)' }, el('option', { value: '' }, 'really was…'),
          ...state.tags.filter(t => t.id !== d.tagId).map(t => el('option', { value: String(t.id) }, t.name)));
        const no = el('button', { type: 'button', class: 'reject', title: 'Reject: a false alarm (with the tag it really was, if chosen)' }, '✗');
        no.addEventListener('click', () => reviewDetection(d, 'rejected', right.value ? Number(right.value) : null));
        const parts = [no, ' ', right];
        if (d.tagId != null) {
          const ok = el('button', { type: 'button', class: 'confirm', title: 'Confirm: annotate this segment with this tag' }, '✓');
          ok.addEventListener('click', () => reviewDetection(d, 'confirmed'));
          parts.unshift(ok, ' ');
        }
        cell = el('span', { class: 'review' }, ...parts);
      }
      return el('tr', { class: d.review ? `reviewed-${d.review}` : '', dataset: { detection: String(d.id), tag: d.tag || 'unknown' } },
        el('td', {}, timeOfDay(d.startMs, true)),
        el('td', {}, d.tag || 'unknown'),
        el('td', { class: 'num' }, d.score.toFixed(2)),
        el('td', {}, cell));
    }));
  }

  async function reviewDetection(d, verdict, tagId) {
    const body = tagId ? { review: verdict, tagId } : { review: verdict };
    const updated = await attempt(() => api('POST', `/api/v1/detections/${d.id}/review`, body),
      verdict === 'confirmed' ? `Confirmed: annotated as ${d.tag}.` : 'Marked as a false alarm.');
    if (!updated) return;
    const list = state.windowDetections || [];
    const i = list.findIndex(x => x.id === d.id);
    if (i >= 0) list[i] = updated;
    renderWindowDetections();
    await afterChange(); // the review's annotation shows in the window and the charts
    renderMacroAnnotations();
  }

  function renderMacroAnnotations() {
    if (!state.macro) return;
    macro.setAnnotations(state.dayAnnots.filter(a => a.deviceId === state.macro.deviceId), state.selectedAnnot && state.selectedAnnot.id);
  }

  function renderTagbar() {
    const bar = $('tagbar');
    if (state.tags.length === 0) {
      bar.replaceChildren(el('span', { class: 'muted small' }, 'No tags yet: ', el('a', { href: '/tags' }, 'create tags'), ' first.'));
      return;
    }
    bar.replaceChildren(...state.tags.map((t, i) => {
      const b = el('button', { type: 'button', title: `Tag the selection as ${t.name}` + (i < 9 ? ` (${i + 1})` : ''), dataset: { tag: t.name },
        onclick: () => applyTag(i) }, i < 9 ? el('kbd', {}, String(i + 1)) : null, t.name);
      b.style.borderLeftColor = tagColour(i);
      return b;
    }));
    const sel = $('annot-editor-tag');
    sel.replaceChildren(...state.tags.map(t => el('option', { value: String(t.id) }, t.name)));
  }

  function selectAnnotation(a) {
    state.selectedAnnot = a;
    const editor = $('annot-editor');
    editor.hidden = !a;
    if (a) {
      macro.clearSelection();
      state.selection = null;
      $('annot-editor-label').textContent = `${macro.tagName(a.tagId)}: ${timeOfDay(a.startMs, true)} – ${timeOfDay(a.endMs, true)} UTC` + (a.createdBy ? ` by ${a.createdBy}` : '');
      $('annot-editor-tag').value = String(a.tagId);
    }
    renderMacroAnnotations();
  }

  async function applyTag(index) {
    const tag = state.tags[index];
    if (!state.macro) return;
    if (!tag) {
      toast(state.tags.length === 0 ? 'There are no tags yet: create some on the Tags page.'
        : `No tag on key ${index + 1}: there ${state.tags.length === 1 ? 'is 1 tag' : `are ${state.tags.length} tags`} (keys 1–${Math.min(9, state.tags.length)}).`, 'error');
      return;
    }
    if (state.selectedAnnot) {
      await retag(state.selectedAnnot, tag.id);
      return;
    }
    const sel = state.selection;
    if (!sel) {
      toast('Select a region first: drag across the waveform.', 'error');
      return;
    }
    if (macro.silentOnly(sel.startMs, sel.endMs)) {
      toast('Nothing was recorded there (a gap: silence). Select a stretch with sound.', 'error');
      return;
    }
    const created = await attempt(() => api('POST', '/api/v1/annotations', {
      deviceId: state.macro.deviceId, startMs: sel.startMs, endMs: sel.endMs, tagId: tag.id, windowStartMs: state.macro.startMs,
    }));
    if (!created) return;
    toast(`Labelled as ${tag.name}.`, 'ok');
    macro.clearSelection();
    macro.onSelection(null);
    await afterChange();
  }

  async function retag(a, tagId) {
    const r = await attempt(() => api('PUT', `/api/v1/annotations/${a.id}`, { tagId }));
    if (!r) return;
    toast(`Now labelled ${r.tagName}.`, 'ok');
    await afterChange(r.id);
  }

  async function removeSelected() {
    const a = state.selectedAnnot;
    if (!a) return;
    const r = await attempt(() => api('DELETE', `/api/v1/annotations/${a.id}`));
    if (r === undefined) return;
    toast('Label removed.', 'ok');
    state.selectedAnnot = null;
    await afterChange();
  }

  async function afterChange(selectId) {
    await Promise.all([refreshDayAnnotations(), loadOverview()]);
    const a = selectId ? state.dayAnnots.find(x => x.id === selectId) : null;
    selectAnnotation(a || null);
  }

  function jumpLoud(direction) {
    if (!state.macro || state.segments.length === 0) return;
    const threshold = Number($('threshold').value) || 0;
    const centre = (state.macro.startMs + state.macro.endMs) / 2;
    const candidates = state.segments.filter(s => s.deviceId === state.macro.deviceId && s.maxAmp >= threshold);
    const next = direction > 0
      ? candidates.find(s => s.startMs + s.durationMs / 2 > centre + 1500)
      : [...candidates].reverse().find(s => s.startMs + s.durationMs / 2 < centre - 1500);
    if (!next) {
      toast(`No ${direction > 0 ? 'later' : 'earlier'} segment at or above ${threshold} on this day.`);
      return;
    }
    openMacro(next.deviceId, next.startMs + next.durationMs / 2);
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

  $('range-form').addEventListener('submit', ev => {
    ev.preventDefault();
    const from = $('from-date').value, to = $('to-date').value;
    if (!from || !to || to < from) {
      toast('Pick a start day on or before the end day.', 'error');
      return;
    }
    state.from = from; state.to = to;
    state.deviceId = $('device-select').value ? Number($('device-select').value) : null;
    loadOverview();
    if (state.day) openDay(state.day);
    saveHash();
  });
  $('device-select').addEventListener('change', () => $('range-form').requestSubmit());
  $('prev-day').addEventListener('click', () => stepDay(-1));
  $('next-day').addEventListener('click', () => stepDay(1));
  $('zoom-reset').addEventListener('click', () => zoomTo(null));
  $('play').addEventListener('click', () => macro.toggle());
  $('prev-seg').addEventListener('click', () => jumpLoud(-1));
  $('next-seg').addEventListener('click', () => jumpLoud(1));
  $('annot-editor-save').addEventListener('click', () => state.selectedAnnot && retag(state.selectedAnnot, Number($('annot-editor-tag').value)));
  $('annot-editor-delete').addEventListener('click', removeSelected);

  document.addEventListener('keydown', ev => {
    if (typing(ev) || ev.ctrlKey || ev.metaKey || ev.altKey || document.querySelector('dialog[open]')) return;
    if (ev.key === ' ' && state.macro) { ev.preventDefault(); macro.toggle(); }
    else if (ev.key === 'n') jumpLoud(1);
    else if (ev.key === 'p') jumpLoud(-1);
    else if (ev.key === '[') stepDay(-1);
    else if (ev.key === ']') stepDay(1);
    else if (ev.key === '0' && state.zoom) zoomTo(null);
    else if ((ev.key === 'Delete' || ev.key === 'Backspace') && state.selectedAnnot) { ev.preventDefault(); removeSelected(); }
    else if (ev.key === 'Escape') { macro.clearSelection(); state.selection = null; selectAnnotation(null); }
    else if (/^[1-9]$/.test(ev.key)) {
      ev.preventDefault();
      if (state.macro) applyTag(Number(ev.key) - 1);
      else toast('Open a 15-second window first: click a dot in the day chart.');
    }
  });
  onWidthChange($('day-chart'), w => { if (dayChart) dayChart.setSize({ width: w, height: 280 }); });

  async function start() {
    const [devices, tags] = await Promise.all([attempt(() => api('GET', '/api/v1/devices')), attempt(() => api('GET', '/api/v1/tags'))]);
    state.devices = devices || [];
    state.tags = tags || [];
    $('device-select').append(...state.devices.map(d => el('option', { value: String(d.id) }, d.name)));
    renderTagbar();
    // a link or an edited address on this page changes only the hash: follow it without a reload.
    // Listen before the first load: a hash changed while it is still loading must not be missed
    // (the newer range wins, see loadOverview).
    window.addEventListener('hashchange', () => applyHash());
    await applyHash();
  }

  /** Shows the range, device, day and window named in the URL's hash (as saveHash writes it). */
  async function applyHash() {
    const p = new URLSearchParams(location.hash.slice(1));
    const today = isoDay(Date.now());
    state.to = p.get('to') || today;
    state.from = p.get('from') || addDays(state.to, -29);
    state.deviceId = p.get('device') ? Number(p.get('device')) : null;
    $('from-date').value = state.from;
    $('to-date').value = state.to;
    $('device-select').value = state.deviceId ? String(state.deviceId) : '';
    await loadOverview();
    if (p.get('day')) {
      await openDay(p.get('day'));
      if (p.get('win') && p.get('at')) openMacro(Number(p.get('win')), Number(p.get('at')));
    }
  }
  start();
}
