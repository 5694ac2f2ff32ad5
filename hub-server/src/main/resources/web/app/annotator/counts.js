// Annotator, overview: segments per day (stacked per device) and annotations per day (stacked per
// tag, with per-tag totals) over the chosen range and device; a click on a day opens it.
import { addDays, api, attempt, deviceColour, el, tagColour } from '../common.js';
import { StackedBars } from '../charts.js';

const HEIGHT = 220;

export function createCounts(ctx, { onDay }) {
  const { $, state } = ctx;
  let days = [];

  const dayBars = yLabel => new StackedBars($(yLabel === 'segments' ? 'counts-chart' : 'annot-chart'), {
    height: HEIGHT, xLabel: 'day', yLabel,
    xValues: (u, splits) => splits.map(i => days[i] || ''),
    xLegend: i => days[Math.round(i)] || '',
    xAxis: { space: 90 },
    onPick: i => onDay(days[i]),
  });
  const countsChart = dayBars('segments');
  const annotChart = dayBars('annotations');

  function daysOfRange() {
    const list = [];
    for (let d = state.from; d <= state.to; d = addDays(d, 1)) list.push(d);
    return list;
  }

  /** Loads and draws both charts for the range and device in state. */
  async function load() {
    const q = `from=${state.from}&to=${state.to}${ctx.deviceQuery('&')}`;
    const [counts, annots] = await Promise.all([
      attempt(() => api('GET', `/api/v1/stats/daily-counts?${q}`)),
      attempt(() => api('GET', `/api/v1/annotations/daily-counts?${q}`)),
    ]);
    // a newer range (Show, or the hash changed) was asked for while this one loaded: it draws instead
    if (q !== `from=${state.from}&to=${state.to}${ctx.deviceQuery('&')}`) return;
    days = daysOfRange();
    if (counts) drawCounts(counts);
    if (annots) drawAnnotCounts(annots);
    $('counts-range').textContent = `${state.from} – ${state.to} · ${state.deviceId ? ctx.deviceName(state.deviceId) : 'all devices'}`;
  }

  function drawCounts(rows) {
    const idx = new Map(days.map((d, i) => [d, i]));
    const byDevice = new Map();
    for (const r of rows) {
      if (!byDevice.has(r.deviceId)) byDevice.set(r.deviceId, new Array(days.length).fill(0));
      const i = idx.get(r.day);
      if (i !== undefined) byDevice.get(r.deviceId)[i] += r.count;
    }
    const layers = [...byDevice.entries()].map(([id, values]) => ({
      label: ctx.deviceName(id), values, colour: deviceColour(Math.max(0, ctx.deviceIndex(id))),
    }));
    if (layers.length === 0) layers.push({ label: 'segments', values: days.map(() => 0), colour: '#2f6fed' });
    countsChart.update(days.map((_, i) => i), 1, layers);
  }

  function drawAnnotCounts(rows) {
    const idx = new Map(days.map((d, i) => [d, i]));
    const totals = new Map();
    const layers = state.tags.map((t, ti) => ({ label: t.name, values: new Array(days.length).fill(0), colour: tagColour(ti), tagId: t.id }));
    for (const r of rows) {
      const layer = layers.find(l => l.tagId === r.tagId);
      const i = idx.get(r.day);
      if (layer && i !== undefined) layer.values[i] += r.count;
      totals.set(r.tagId, (totals.get(r.tagId) || 0) + r.count);
    }
    renderTotals(totals);
    annotChart.update(days.map((_, i) => i), 1, layers.filter(l => l.values.some(v => v > 0)));
  }

  function renderTotals(totals) {
    const box = $('tag-totals');
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

  return { load };
}
