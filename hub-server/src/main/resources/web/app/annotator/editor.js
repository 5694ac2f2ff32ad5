// Annotator, annotation editor: the tag bar (tag buttons with their number keys), the selection's
// description, labelling a selection, and changing or removing the selected label.
import { api, attempt, el, tagColour, timeOfDay, toast } from '../common.js';

export function createEditor(ctx, win, { afterChange }) {
  const { $, state } = ctx;

  /** The MacroView's selection changed (null: cleared). */
  function onSelection(sel) {
    state.selection = sel;
    if (sel) select(null);
    $('selection-info').textContent = sel
      ? `Selected ${timeOfDay(sel.startMs, true)} – ${timeOfDay(sel.endMs, true)} (${((sel.endMs - sel.startMs) / 1000).toFixed(2)} s): press a tag's number or click a tag.`
      : 'Drag across the waveform or spectrogram to select a sound, then press a tag\'s number key (or click the tag).';
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
    $('annot-editor-tag').replaceChildren(...state.tags.map(t => el('option', { value: String(t.id) }, t.name)));
  }

  /** Selects the label a (or none with null): the editor shows it, the window marks it. */
  function select(a) {
    state.selectedAnnot = a;
    $('annot-editor').hidden = !a;
    if (a) {
      win.view.clearSelection();
      state.selection = null;
      $('annot-editor-label').textContent = `${win.view.tagName(a.tagId)}: ${timeOfDay(a.startMs, true)} – ${timeOfDay(a.endMs, true)}` + (a.createdBy ? ` by ${a.createdBy}` : '');
      $('annot-editor-tag').value = String(a.tagId);
    }
    win.renderAnnotations();
  }

  /** Tag number index+1 (key or button): labels the selection, or retags the selected label. */
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
    if (win.view.silentOnly(sel.startMs, sel.endMs)) {
      toast('Nothing was recorded there (a gap: silence). Select a stretch with sound.', 'error');
      return;
    }
    const created = await attempt(() => api('POST', '/api/v1/annotations', {
      deviceId: state.macro.deviceId, startMs: sel.startMs, endMs: sel.endMs, tagId: tag.id, windowStartMs: state.macro.startMs,
    }));
    if (!created) return;
    toast(`Labelled as ${tag.name}.`, 'ok');
    win.view.clearSelection();
    onSelection(null);
    await afterChange();
  }

  async function retag(a, tagId) {
    const r = await attempt(() => api('PUT', `/api/v1/annotations/${a.id}`, { tagId }));
    if (!r) return;
    toast(`Now labelled ${r.tagName}.`, 'ok');
    await afterChange(r.id);
  }

  /** Removes the selected label, if any. */
  async function removeSelected() {
    const a = state.selectedAnnot;
    if (!a) return;
    const r = await attempt(() => api('DELETE', `/api/v1/annotations/${a.id}`));
    if (r === undefined) return;
    toast('Label removed.', 'ok');
    state.selectedAnnot = null;
    await afterChange();
  }

  /** Esc: no selection, no selected label. */
  function clear() {
    win.view.clearSelection();
    state.selection = null;
    select(null);
  }

  $('annot-editor-save').addEventListener('click', () => state.selectedAnnot && retag(state.selectedAnnot, Number($('annot-editor-tag').value)));
  $('annot-editor-delete').addEventListener('click', removeSelected);

  return { onSelection, renderTagbar, select, applyTag, removeSelected, clear };
}
