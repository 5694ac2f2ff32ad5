// Tags page: list with usage counts and number keys; admins create, rename, merge and delete.
import { api, attempt, el, isAdmin, tagColour, toast } from './common.js';

export function initTags() {
  const tbody = document.querySelector('#tags-table tbody');
  const summary = document.getElementById('tag-summary');
  const createForm = /** @type {HTMLFormElement | null} */ (document.getElementById('create-tag-form'));
  let tags = [];

  async function load() {
    const list = await attempt(() => api('GET', '/api/v1/tags'));
    if (!list) return;
    tags = list;
    const total = tags.reduce((n, t) => n + t.annotations, 0);
    summary.textContent = `${tags.length} tag(s), ${total} annotation(s)`;
    if (tags.length === 0) {
      tbody.replaceChildren(el('tr', {}, el('td', { colspan: 4, class: 'muted' },
        isAdmin ? 'No tags yet: create the first one above (e.g. "bark").' : 'No tags yet: ask an admin to create some.')));
      return;
    }
    tbody.replaceChildren(...tags.map(row));
  }

  function row(t, i) {
    const dot = el('span', { class: 'dot' });
    dot.style.background = tagColour(i);
    const cells = [
      el('td', {}, i < 9 ? el('kbd', {}, String(i + 1)) : el('span', { class: 'muted' }, '—')),
      el('td', {}, el('span', { class: 'tag-chip' }, dot, t.name)),
      el('td', { class: 'num' }, String(t.annotations)),
    ];
    if (isAdmin) {
      cells.push(el('td', {}, el('div', { class: 'actions' },
        el('button', { type: 'button', onclick: () => rename(t) }, 'Rename'),
        el('button', { type: 'button', onclick: () => merge(t), disabled: tags.length < 2 }, 'Merge…'),
        el('button', { type: 'button', class: 'danger', onclick: () => remove(t) }, 'Delete…'))));
    }
    return el('tr', { dataset: { tag: t.name } }, ...cells);
  }

  async function rename(t) {
    const name = window.prompt(`New name for "${t.name}":`, t.name);
    if (!name || name === t.name) return;
    await attempt(() => api('PUT', `/api/v1/tags/${t.id}`, { name }), `Renamed to "${name}".`);
    load();
  }

  function merge(t) {
    const dialog = /** @type {HTMLDialogElement} */ (document.getElementById('merge-dialog'));
    document.getElementById('merge-source').textContent = t.name;
    const target = /** @type {HTMLSelectElement} */ (document.getElementById('merge-target'));
    target.replaceChildren(...tags.filter(x => x.id !== t.id).map(x => el('option', { value: String(x.id) }, `${x.name} (${x.annotations})`)));
    dialog.onclose = async () => {
      if (dialog.returnValue !== 'ok') return;
      const into = Number(target.value);
      const r = await attempt(() => api('POST', `/api/v1/tags/${t.id}/merge`, { into }));
      if (r) toast(`Moved ${r.annotations} annotation(s) from "${t.name}"; "${t.name}" is gone.`, 'ok');
      load();
    };
    dialog.showModal();
  }

  function remove(t) {
    const dialog = /** @type {HTMLDialogElement} */ (document.getElementById('delete-dialog'));
    document.getElementById('delete-name').textContent = t.name;
    const usage = document.getElementById('delete-usage');
    const cascadeLabel = document.getElementById('delete-cascade-label');
    const cascade = /** @type {HTMLInputElement} */ (document.getElementById('delete-cascade'));
    cascade.checked = false;
    usage.hidden = t.annotations === 0;
    cascadeLabel.hidden = t.annotations === 0;
    usage.textContent = `"${t.name}" labels ${t.annotations} annotation(s). Merge it into another tag to keep them, or tick the box to delete them too.`;
    document.getElementById('delete-count').textContent = String(t.annotations);
    dialog.onclose = async () => {
      if (dialog.returnValue !== 'ok') return;
      const r = await attempt(() => api('DELETE', `/api/v1/tags/${t.id}${cascade.checked ? '?cascade=true' : ''}`));
      if (r) toast(`Deleted "${t.name}"` + (r.annotations ? ` and ${r.annotations} annotation(s).` : '.'), 'ok');
      load();
    };
    dialog.showModal();
  }

  if (createForm) {
    createForm.addEventListener('submit', async ev => {
      ev.preventDefault();
      const name = new FormData(createForm).get('name');
      const t = await attempt(() => api('POST', '/api/v1/tags', { name }));
      if (t) {
        toast(`Tag "${t.name}" created.`, 'ok');
        createForm.reset();
        load();
      }
    });
  }
  load();
}
