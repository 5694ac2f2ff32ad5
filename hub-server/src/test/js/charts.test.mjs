// Unit tests of charts.js helpers that need no canvas: the y range, time axis labels, and the
// stacked bars' totals and x range.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { installPage } from './page-dom.mjs';

process.env.TZ = 'UTC';
installPage({ hubZone: 'UTC' });
const charts = await import('../../main/resources/web/app/charts.js');

test('the y range starts at zero and ends at a round number above the maximum', () => {
  for (const max of [0, 0.3, 1, 7, 13, 98, 1234]) {
    const [lo, hi] = charts.zeroToNice(max);
    assert.equal(lo, 0, `low end for ${max}`);
    assert.ok(hi >= Math.max(1, max), `high end ${hi} covers ${max}`);
    assert.ok(hi <= Math.max(1, max) * 1.5 + 1, `high end ${hi} stays near ${max}`);
  }
});

test('time axis labels drop seconds unless ticks are closer than a minute', () => {
  const s = Date.parse('2026-12-06T14:02:30Z') / 1000;
  assert.deepEqual(charts.axisTimes(null, [s], 0, 50, 3600), ['14:02']);
  assert.deepEqual(charts.axisTimes(null, [s], 0, 50, 10), ['14:02:30']);
});

test('the amplitude axis labels thousands with k', () => {
  assert.deepEqual(charts.amplitudeAxis.values(null, [0, 500, 16000, 32768]), ['0', '500', '16k', '32.768k']);
});

test('stacked bars reach half a step beyond their first and last column', () => {
  const bars = Object.create(charts.StackedBars.prototype);
  bars.xs = [10, 20, 30];
  bars.step = 10;
  assert.deepEqual(bars.xRange(), [5, 35]);
  bars.xs = [];
  assert.deepEqual(bars.xRange(), [0, 1]);
});
