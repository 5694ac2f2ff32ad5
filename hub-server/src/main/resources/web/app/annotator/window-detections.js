// Annotator, detections in the 15 s window: what the active model detected in the window's
// segments, with one-click review (✓ confirm annotates the segment with the detected tag, ✗ rejects
// it as a false alarm, optionally with the tag it really was; a segment labelled before it was
// scored has nothing to review). The same API as the dashboard's.
import { api, attempt, el, timeOfDay } from '../common.js';

export function createWindowDetections(ctx, { afterReview }) {
  const { $, state } = ctx;
  let detections = [];

  /** Loads the detections of the open window (a window opened meanwhile wins). */
  async function load() {
    const win = state.macro;
    if (!win) return;
    const tbody = $('window-detections').querySelector('tbody');
    const status = await attempt(() => api('GET', '/api/v1/detections/status'));
    if (state.macro !== win) return;
    if (!status || status.modelId == null) {
      $('window-detections-model').textContent = '';
      detections = [];
      tbody.replaceChildren(el('tr', {}, el('td', { colspan: 4, class: 'muted' }, 'No active model.')));
      return;
    }
    $('window-detections-model').textContent = `model: ${status.modelName || '#' + status.modelId}`;
    // a segment is at most a few seconds long: segments starting up to 3 s before the window reach into it
    const rows = await attempt(() => api('GET', `/api/v1/detections?from=${win.startMs - 3000}&to=${win.endMs}`
      + `&deviceId=${win.deviceId}&modelId=${status.modelId}&limit=50`));
    if (state.macro !== win) return;
    detections = (rows || []).filter(d => d.startMs + d.durationMs > win.startMs && d.startMs < win.endMs)
      .sort((a, b) => a.startMs - b.startMs);
    render();
  }

  function render() {
    const tbody = $('window-detections').querySelector('tbody');
    if (!detections.length) {
      tbody.replaceChildren(el('tr', {}, el('td', { colspan: 4, class: 'muted' }, 'No detections in this window.')));
      return;
    }
    tbody.replaceChildren(...detections.map(d => {
      let cell;
      if (d.review) {
        cell = el('span', { class: 'small reviewed' }, d.review === 'confirmed' ? '✓ confirmed' : '✗ rejected',
          d.review === 'rejected' && d.reviewTag ? ` (really ${d.reviewTag})` : '', d.reviewedBy ? ` by ${d.reviewedBy}` : '');
      } else if (d.labelled) { // annotated before the model scored it: the label says it already
        cell = el('span', { class: 'small muted', title: 'An annotation covered this segment before it was scored' }, 'already labelled');
      } else {
        const right = el('select', { 'aria-label': 'It really was (optional)' }, el('option', { value: '' }, 'really was…'),
          ...state.tags.filter(t => t.id !== d.tagId).map(t => el('option', { value: String(t.id) }, t.name)));
        const no = el('button', { type: 'button', class: 'reject', title: 'Reject: a false alarm (with the tag it really was, if chosen)' }, '✗');
        no.addEventListener('click', () => review(d, 'rejected', right.value ? Number(right.value) : null));
        const parts = [no, ' ', right];
        if (d.tagId != null) {
          const ok = el('button', { type: 'button', class: 'confirm', title: 'Confirm: annotate this segment with this tag' }, '✓');
          ok.addEventListener('click', () => review(d, 'confirmed'));
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

  async function review(d, verdict, tagId) {
    const body = tagId ? { review: verdict, tagId } : { review: verdict };
    const updated = await attempt(() => api('POST', `/api/v1/detections/${d.id}/review`, body),
      verdict === 'confirmed' ? `Confirmed: annotated as ${d.tag}.` : 'Marked as a false alarm.');
    if (!updated) return;
    const i = detections.findIndex(x => x.id === d.id);
    if (i >= 0) detections[i] = updated;
    render();
    await afterReview(); // the review's annotation shows in the window and the charts
  }

  return { load };
}
