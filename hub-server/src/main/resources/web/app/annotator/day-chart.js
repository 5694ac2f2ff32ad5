// Annotator, day chart: the max amplitude of every segment of the day (uPlot, one colour per
// device) with a coloured band per annotation (labels stacked in rows so they stay legible) and
// a strip along the bottom with the day's episodes (detections of one tag close together). Zoom
// by dragging, the mouse wheel or two fingers, always inside the day; a click on a dot or an
// annotation opens its 15 s window.
import uPlot from 'uplot';
import { deviceColour, tagColour, timeOfDay } from '../common.js';
import { amplitudeAxis, axisTimes, followWidth } from '../charts.js';

const HEIGHT = 280;

export function createDayChart(ctx, { onOpen }) {
  const { $, state } = ctx;
  let chart = null;

  /** Draws the day in state (segments, annotations, zoom) afresh. */
  function draw() {
    const box = $('day-chart');
    const devs = state.deviceId ? state.devices.filter(d => d.id === state.deviceId)
      : state.devices.filter(d => state.segments.some(s => s.deviceId === d.id));
    const xs = state.segments.map(s => s.startMs / 1000);
    const cols = [xs, ...devs.map(d => state.segments.map(s => (s.deviceId === d.id ? s.maxAmp : null)))];
    const [dayStart, dayEnd] = dayBounds();
    const colour = d => deviceColour(ctx.deviceIndex(d.id));
    /** @type {uPlot.Options} */
    const opts = {
      width: box.clientWidth || 1000, height: HEIGHT,
      // the x range is the whole day unless zoomed; uPlot asks this function on every rescale
      scales: { x: { time: true, range: () => (state.zoom ? [state.zoom.min, state.zoom.max] : [dayStart, dayEnd]) }, y: { range: [0, 32768] } },
      series: [{ label: 'time', value: (u, v) => (v == null ? '—' : timeOfDay(v * 1000)) },
        ...devs.map(d => ({ label: d.name, stroke: colour(d), paths: () => null,
          points: { show: true, size: 5, fill: colour(d) }, value: (u, v) => (v == null ? '—' : String(v)) }))],
      axes: [{ label: 'time of day', space: 60, values: axisTimes }, amplitudeAxis],
      cursor: {
        drag: { x: true, y: false, setScale: false },
        // double-click resets the zoom (uPlot's own handler would rescale to the data instead)
        bind: { dblclick: () => () => { zoomTo(null); return null; } },
      },
      hooks: {
        draw: [u => { drawEpisodeBands(u); drawAnnotationMarkers(u); }],
        ready: [u => { installClicks(u); installZoom(u); }],
        setSelect: [u => {
          if (u.select.width < 4) return;
          const min = u.posToVal(u.select.left, 'x'), max = u.posToVal(u.select.left + u.select.width, 'x');
          u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
          zoomTo({ min, max });
        }],
      },
    };
    if (chart) chart.destroy();
    chart = new uPlot(opts, cols, box);
    showZoom();
  }

  /** The day shown, [start, end) in epoch s: the hub's day, which the day chart's answer gives. */
  function dayBounds() {
    return [state.dayRange.startMs / 1000, state.dayRange.endMs / 1000];
  }

  /** Redraws the annotation bands (after annotations changed); the zoom stays. */
  function redraw() {
    if (chart) chart.redraw(false);
  }

  /** Zooms to {min, max} (epoch s, clamped to the day, at least 20 s), or out with null. */
  function zoomTo(range) {
    if (!state.day || !state.dayRange) return;
    const [dayStart, dayEnd] = dayBounds();
    let z = null;
    if (range) {
      let { min, max } = range;
      if (max - min < 20) { const mid = (min + max) / 2; min = mid - 10; max = mid + 10; }
      if (min < dayStart) { max += dayStart - min; min = dayStart; }
      if (max > dayEnd) { min -= max - dayEnd; max = dayEnd; }
      min = Math.max(dayStart, min);
      if (max - min < dayEnd - dayStart - 1) z = { min, max };
    }
    state.zoom = z;
    if (chart) chart.setScale('x', z ? { min: z.min, max: z.max } : { min: dayStart, max: dayEnd });
    showZoom();
  }

  function showZoom() {
    const z = state.zoom;
    $('zoom-reset').hidden = !z;
    $('zoom-range').textContent = z ? `${timeOfDay(z.min * 1000)} – ${timeOfDay(z.max * 1000)}` : '';
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

  /** Episodes as bars in a strip along the plot's bottom edge, in their tag's colour. */
  function drawEpisodeBands(u) {
    const g = u.ctx;
    const dpr = window.devicePixelRatio || 1;
    const h = 6 * dpr;
    const y = u.bbox.top + u.bbox.height - h;
    g.save();
    for (const e of state.dayEpisodes) {
      const x = Math.round(u.valToPos(e.startMs / 1000, 'x', true));
      const x2 = Math.round(u.valToPos(e.endMs / 1000, 'x', true));
      const i = state.tags.findIndex(t => t.id === e.tagId);
      g.fillStyle = tagColour(i < 0 ? state.tags.length : i);
      g.globalAlpha = 0.85;
      g.fillRect(x, y, Math.max(2 * dpr, x2 - x), h);
    }
    g.restore();
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
      const col = tagColour(ctx.tagIndex(a.tagId));
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

  function installClicks(u) {
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
        onOpen(best.deviceId, (best.startMs + best.endMs) / 2, best.id);
        return;
      }
      const i = u.cursor.idx;
      if (i == null || !state.segments[i]) return;
      const s = state.segments[i];
      onOpen(s.deviceId, s.startMs + s.durationMs / 2);
    });
  }

  followWidth($('day-chart'), () => chart, HEIGHT);
  return { draw, redraw, zoomTo };
}
