// Every chart of the web app is drawn with uPlot, the one chart library of the bundle: it is small
// (about 50 KB), fast with the day chart's tens of thousands of points, and its cursor, legend,
// zoom and time axes fit the time series the pages show. Stacked bars (per tag or device) are drawn
// here on uPlot's scales, one layer after the other, so the same helpers serve counts per day,
// detections per minute and annotations per day.
import uPlot from 'uplot';
import { onWidthChange, timeOfDay } from './common.js';

// Time axes are drawn in the browser's zone, uPlot's default, like every time the pages show.

/** Axis labels for epoch seconds: 24-hour clock, with seconds once ticks are closer than a minute. */
export function axisTimes(u, splits, axisIdx, space, incr) {
  return splits.map(s => (incr < 60 ? timeOfDay(s * 1000) : timeOfDay(s * 1000).slice(0, 5)));
}

/** The y axis of max amplitudes (0 … 32768), in thousands. */
export const amplitudeAxis = {
  label: 'max amplitude', size: 60, values: (u, splits) => splits.map(v => (v >= 1000 ? (v / 1000) + 'k' : String(v))),
};

/** Keeps the chart {@code current()} returns as wide as {@code box} (window, phone rotation, layout). */
export function followWidth(box, current, height) {
  onWidthChange(box, w => {
    const chart = current();
    if (chart) chart.setSize({ width: w, height });
  });
}

/** A y range from 0 to a round number above max (at least 1). */
export function zeroToNice(max) {
  return uPlot.rangeNum(0, Math.max(1, max), 0.1, true);
}

/**
 * A stacked bar chart over evenly spaced x values (days by index, or time buckets in epoch seconds):
 * one layer per tag or device, stacked in their order, each in its own colour; the legend shows
 * the values under the cursor and hides a layer when clicked. {@code update} redraws in place.
 *
 * Options: height, xLabel, yLabel, time (x in epoch seconds), xValues (axis labels),
 * xLegend(x) (the legend's text for an x value), onPick(index) (a click on a bar's column),
 * afterDraw(u, column) with column(i) = {left, width} in canvas pixels, xAxis (extra axis options).
 */
export class StackedBars {
  constructor(box, options) {
    this.box = box;
    this.options = options;
    this.chart = null;
    this.shape = null;
    this.totals = [];
    followWidth(box, () => this.chart, options.height);
  }

  /** Shows {@code layers} ([{label, colour, values}], values by index of xs) over xs, spaced by step. */
  update(xs, step, layers) {
    this.xs = xs;
    this.step = step;
    this.layers = layers;
    this.totals = xs.map((_, i) => layers.reduce((n, l) => n + (l.values[i] || 0), 0));
    const shape = layers.map(l => `${l.label}\u0000${l.colour}`).join('\u0001');
    const data = [xs, ...layers.map(l => l.values)];
    if (this.chart && shape === this.shape) {
      this.chart.setData(data);
      return;
    }
    this.shape = shape;
    if (this.chart) this.chart.destroy();
    this.chart = new uPlot(this.plotOptions(layers), data, this.box);
  }

  /** @returns {uPlot.Options} */
  plotOptions(layers) {
    const o = this.options;
    const self = this;
    return {
      width: this.box.clientWidth || 600,
      height: o.height,
      scales: {
        x: { time: !!o.time, range: () => self.xRange() },
        y: { range: () => zeroToNice(Math.max(0, ...self.totals)) },
      },
      series: [
        { label: o.xLabel, value: (u, v) => (v == null ? '—' : o.xLegend(v)) },
        ...layers.map(l => ({
          label: l.label, stroke: l.colour, fill: l.colour, width: 0, paths: () => null, points: { show: false },
          value: (u, v) => (v == null ? '—' : String(v)),
        })),
      ],
      axes: [
        { label: o.xLabel, values: o.xValues, ...(o.time ? {} : { incrs: [1, 2, 5, 7, 14, 30, 61, 91, 182, 365] }), ...o.xAxis },
        { label: o.yLabel, size: 50, values: (u, splits) => splits.map(v => (Number.isInteger(v) ? String(v) : '')) },
      ],
      cursor: { points: { show: false }, drag: { x: false, y: false } },
      legend: { live: true },
      hooks: {
        draw: [u => this.drawBars(u)],
        ready: [u => {
          if (!o.onPick) return;
          u.over.style.cursor = 'pointer';
          u.over.addEventListener('click', () => {
            const i = u.cursor.idx;
            if (i != null && i < this.xs.length) o.onPick(i);
          });
        }],
      },
    };
  }

  /** @returns {[number, number]} the x range: half a step beyond the first and last column */
  xRange() {
    const xs = this.xs;
    if (!xs || xs.length === 0) return [0, 1];
    return [xs[0] - this.step / 2, xs[xs.length - 1] + this.step / 2];
  }

  /** Column i's bar in canvas pixels: 80 % of the step, centred on its x. */
  column(u, i) {
    const left = u.valToPos(this.xs[i] - this.step * 0.4, 'x', true);
    const right = u.valToPos(this.xs[i] + this.step * 0.4, 'x', true);
    return { left, width: Math.max(1, right - left) };
  }

  drawBars(u) {
    const g = u.ctx;
    const { left, top, width, height } = u.bbox;
    g.save();
    g.beginPath();
    g.rect(left, top, width, height);
    g.clip();
    this.xs.forEach((x, i) => {
      const col = this.column(u, i);
      let base = 0;
      this.layers.forEach((l, k) => {
        const v = l.values[i] || 0;
        if (v <= 0 || !u.series[k + 1].show) return;
        const y0 = u.valToPos(base, 'y', true), y1 = u.valToPos(base + v, 'y', true);
        g.fillStyle = l.colour;
        g.fillRect(col.left, y1, col.width, Math.max(1, y0 - y1));
        base += v;
      });
    });
    g.restore();
    if (this.options.afterDraw) this.options.afterDraw(u, i => this.column(u, i));
  }
}
