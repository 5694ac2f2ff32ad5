// Annotator, 15 s window: opens the hub's stitched window around a point of the day (MacroView
// draws and plays it), closes it when its day goes, plays and pauses it, and jumps to the next or
// previous loud segment of the day.
import { api, attempt, el, isoDay, tagColour, timeOfDay, toast } from '../common.js';
import { MacroView } from './macro-view.js';

export function createWindow(ctx, { onSelection, onAnnotationClick, onOpened }) {
  const { $, state } = ctx;

  const view = new MacroView({
    root: $('macro'), wave: $('wave'), spec: $('spec'), overlay: $('macro-overlay'),
    onSelection,
    onAnnotationClick,
    onTime: (sec, playing) => {
      $('play').replaceChildren(playing ? '❚❚ Pause ' : '▶ Play ', el('kbd', {}, 'space'));
      if (state.macro) $('macro-time').textContent = timeOfDay(state.macro.startMs + sec * 1000, true);
    },
  });
  view.tagColour = id => tagColour(ctx.tagIndex(id));
  view.tagName = id => (state.tags.find(t => t.id === id) || { name: `tag ${id}` }).name;

  /** Opens the window of deviceId around centerMs; selects the annotation selectAnnotId if given. */
  async function open(deviceId, centerMs, selectAnnotId) {
    const win = await attempt(() => api('GET', `/api/v1/macro?deviceId=${deviceId}&centerMs=${Math.round(centerMs)}`));
    if (!win) return;
    $('macro-card').hidden = false;
    $('macro').classList.add('loading');
    $('macro-time').textContent = 'loading…';
    try {
      await view.load(win);
    } catch (e) {
      toast(e.message, 'error');
      return;
    } finally {
      $('macro').classList.remove('loading');
    }
    state.macro = win;
    state.selection = null;
    $('macro-title').textContent = `${ctx.deviceName(deviceId)} · ${isoDay(win.startMs)} ${timeOfDay(win.startMs)} – ${timeOfDay(win.endMs)}`;
    $('macro-time').textContent = timeOfDay(win.startMs, true);
    const gapMs = (win.gaps || []).reduce((n, g) => n + g.endMs - g.startMs, 0);
    $('macro').title = gapMs > 0 ? `${(gapMs / 1000).toFixed(1)} s of this window had no upload (hatched: silence)` : '';
    const annot = selectAnnotId ? state.dayAnnots.find(a => a.id === selectAnnotId) : null;
    renderAnnotations();
    onOpened(annot || null);
    $('macro-card').scrollIntoView({ behavior: 'smooth', block: 'nearest' });
  }

  /** Closes the window (it belongs to the day it was opened on). */
  function close() {
    view.close();
    state.macro = null;
    state.selection = null;
    state.selectedAnnot = null;
    $('annot-editor').hidden = true;
    $('macro-card').hidden = true;
  }

  /** Draws the day's annotations of the window's device over it, the selected one marked. */
  function renderAnnotations() {
    if (!state.macro) return;
    view.setAnnotations(state.dayAnnots.filter(a => a.deviceId === state.macro.deviceId), state.selectedAnnot && state.selectedAnnot.id);
  }

  /** Opens the window of the next (direction 1) or previous (-1) segment at or above the threshold. */
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
    open(next.deviceId, next.startMs + next.durationMs / 2);
  }

  $('play').addEventListener('click', () => view.toggle());
  $('prev-seg').addEventListener('click', () => jumpLoud(-1));
  $('next-seg').addEventListener('click', () => jumpLoud(1));

  return { view, open, close, renderAnnotations, jumpLoud };
}
