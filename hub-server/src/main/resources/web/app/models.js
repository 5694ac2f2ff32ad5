// Models page: data overview with the split, training form and job progress, model library and
// one model's results (confusion heat map, per-tag figures, PR curves, time of day).
import uPlot from 'uplot';
import { api, attempt, dateTime, el, hubDay, isAdmin, pad, tagColour, toast } from './common.js';
import { StackedBars, followWidth, zeroToNice } from './charts.js';

const $ = id => document.getElementById(id);
const pct = v => (v == null ? '—' : `${(v * 100).toFixed(0)} %`);
const num = (v, d = 2) => (v == null ? '—' : Number(v).toFixed(d));
const range = ci => (ci ? `${(ci[0] * 100).toFixed(0)}–${(ci[1] * 100).toFixed(0)} %` : '');

// Colours of the split strip under each day.
const SPLIT = { train: '#2f6fed', test: '#e4572e', bg: '#9ca3af' };
const CURVE_HEIGHT = 240;

export function initModels() {
  let tags = [];           // [{id, name, annotations}]
  let days = [];           // [{day, segments, annotations: {tagId: n}}]
  const split = new Map(); // day -> {use: 'train'|'test'|'none', bg: bool}
  let prChart = null, todChart = null;
  const daysChart = new StackedBars($('days-chart'), {
    height: 280, xLabel: 'day', yLabel: 'annotations',
    xValues: (u, splits) => splits.map(i => (days[i] ? days[i].day : '')),
    xLegend: i => {
      const d = days[Math.round(i)];
      if (!d) return '';
      const s = state(d.day);
      return `${d.day} · ${d.segments} segment(s) · ${s.use}${s.bg ? ' + everyday sound' : ''}`;
    },
    xAxis: { space: 90, gap: 18 }, // room for the split strip between the bars and the day labels
    afterDraw: drawSplitStrip,
  });
  followWidth($('pr-chart'), () => prChart, CURVE_HEIGHT);
  followWidth($('tod-chart'), () => todChart, CURVE_HEIGHT);
  let models = [];
  let watching = null;

  const tagIndex = id => tags.findIndex(t => t.id === Number(id));
  const annotated = d => Object.values(d.annotations).reduce((a, b) => a + b, 0);
  const state = day => split.get(day) || { use: 'none', bg: false };

  async function loadData() {
    const [t, d] = await Promise.all([attempt(() => api('GET', '/api/v1/tags')), attempt(() => api('GET', '/api/v1/models/days'))]);
    if (!t || !d) return;
    tags = t;
    days = d;
    const annotatedDays = days.filter(x => annotated(x) > 0).length;
    $('data-summary').textContent = `${days.length} day(s) with audio or labels, ${annotatedDays} with annotations`;
    const tbody = $('tag-totals').querySelector('tbody');
    tbody.replaceChildren(...tags.map((tg, i) => {
      const dayCount = days.filter(x => (x.annotations[tg.id] || 0) > 0).length;
      const dot = el('span', { class: 'dot' });
      dot.style.background = tagColour(i);
      return el('tr', {}, el('td', {}, el('span', { class: 'tag-chip' }, dot, tg.name)), el('td', { class: 'num' }, String(tg.annotations)),
        el('td', { class: 'num' }, String(dayCount)));
    }));
    drawDays();
    if (isAdmin) {
      renderSplitTable();
      renderTagChoice();
    }
  }

  function drawDays() {
    const layers = tags.map((tg, i) => ({
      label: tg.name, values: days.map(d => d.annotations[tg.id] || 0), colour: tagColour(i),
    })).filter(l => l.values.some(v => v > 0));
    daysChart.update(days.map((_, i) => i), 1, layers); // redraws the split strip too
  }

  /** Under each day's bar: its use (train, test) and, below, whether its unlabelled sound is everyday sound. */
  function drawSplitStrip(u, column) {
    const g = u.ctx;
    const dpr = window.devicePixelRatio || 1;
    const bottom = u.bbox.top + u.bbox.height;
    days.forEach((d, i) => {
      const s = state(d.day);
      const { left, width } = column(i);
      if (s.use !== 'none') {
        g.fillStyle = SPLIT[s.use];
        g.fillRect(left, bottom + 3 * dpr, width, 5 * dpr);
      }
      if (s.bg) {
        g.fillStyle = SPLIT.bg;
        g.fillRect(left, bottom + 10 * dpr, width, 4 * dpr);
      }
    });
  }

  function renderSplitTable() {
    const tbody = $('split-table').querySelector('tbody');
    tbody.replaceChildren(...days.map(d => {
      const s = state(d.day);
      const use = el('select', { 'aria-label': `Use of ${d.day}`, dataset: { day: d.day } },
        ...['none', 'train', 'test'].map(v => el('option', { value: v, selected: s.use === v }, v === 'none' ? '—' : v)));
      use.addEventListener('change', () => { split.set(d.day, { ...state(d.day), use: use.value }); changed(); });
      const bg = el('input', { type: 'checkbox', 'aria-label': `Unlabelled sound of ${d.day} is everyday sound`, dataset: { day: d.day }, checked: s.bg });
      bg.addEventListener('change', () => { split.set(d.day, { ...state(d.day), bg: bg.checked }); changed(); });
      return el('tr', { dataset: { day: d.day } }, el('td', {}, d.day), el('td', { class: 'num' }, String(d.segments)),
        el('td', { class: 'num' }, String(annotated(d))), el('td', {}, use), el('td', {}, bg));
    }));
  }

  function renderTagChoice() {
    const box = $('tag-choice');
    box.querySelectorAll('label').forEach(l => l.remove());
    tags.filter(t => t.annotations > 0).forEach(t => {
      box.appendChild(el('label', { class: 'check' }, el('input', { type: 'checkbox', name: 'tag', value: String(t.id), checked: true }), el('span', {}, `${t.name} (${t.annotations})`)));
    });
    box.addEventListener('change', changed);
  }

  function changed() {
    drawDays();
    const problem = splitProblem();
    $('split-problem').hidden = !problem;
    $('split-problem').textContent = problem || '';
  }

  // The day a background day belongs to: the side of its own use, else training unless it is a test day.
  function request() {
    const chosen = [.../** @type {NodeListOf<HTMLInputElement>} */ (document.querySelectorAll('#tag-choice input[name=tag]:checked'))].map(i => Number(i.value));
    const train = { days: [], backgroundDays: [] };
    const test = { days: [], backgroundDays: [] };
    for (const d of days) {
      const s = state(d.day);
      if (s.use === 'train') train.days.push(d.day);
      if (s.use === 'test') test.days.push(d.day);
      if (s.bg) (s.use === 'test' ? test : train).backgroundDays.push(d.day);
    }
    return { name: /** @type {HTMLInputElement} */ ($('model-name')).value.trim(), tagIds: chosen, train, test, options: readOptions() };
  }

  function splitProblem() {
    const r = request();
    if (r.tagIds.length === 0) return 'Choose at least one tag.';
    if (r.train.days.length === 0) return 'Choose at least one training day.';
    if (r.train.backgroundDays.length === 0) return 'Tick "Everyday sound" on at least one training day: each tag\'s threshold is set on sounds you did not label, so that everyday noise stays unknown.';
    const missing = r.tagIds.filter(id => !days.some(d => r.train.days.includes(d.day) && (d.annotations[id] || 0) > 0));
    if (missing.length) return `No training examples of ${missing.map(id => tags[tagIndex(id)].name).join(', ')}: add a day where they occur or leave them out.`;
    return null;
  }

  function presetTest() {
    const withLabels = days.filter(d => annotated(d) > 0).map(d => d.day);
    // 20 % of the labelled days, rounded: with one or two labelled days none can be spared, and a
    // first model trained on half of a handful of clips is worse than one without a test day
    const nTest = Math.round(withLabels.length * 0.2);
    withLabels.forEach((day, i) => split.set(day, { ...state(day), use: i >= withLabels.length - nTest ? 'test' : 'train' }));
    $('preset-note').hidden = nTest > 0;
    $('preset-note').textContent = nTest > 0 ? ''
      : `With ${withLabels.length} labelled day${withLabels.length === 1 ? '' : 's'} every one is needed for training, so none is kept for testing. `
        + 'The model page then shows what the training clips themselves say (sensitivity); label sounds on 3 or more days to test on a day of its own.';
    renderSplitTable();
    changed();
  }

  function presetBackground() {
    // What the button says: the unlabelled sound of every day counts as everyday sound. Days without
    // labels join the side they fall on (after the first test day: test, measuring false alarms;
    // before: training, setting thresholds); labelled days not yet in use join training, because
    // their unlabelled sound can only count on a day the model uses (training leaves out unlabelled
    // look-alikes of a tag and lists them for the owner to label).
    const firstTest = days.map(d => d.day).find(day => state(day).use === 'test');
    let unlabelled = 0, labelled = 0, joined = 0;
    days.forEach(d => {
      const s = state(d.day);
      let use = s.use;
      if (use === 'none') {
        use = annotated(d) === 0 && firstTest && d.day >= firstTest ? 'test' : 'train';
        if (annotated(d) > 0) joined++;
      }
      if (annotated(d) === 0) unlabelled++; else labelled++;
      split.set(d.day, { use, bg: true });
    });
    const note = $('preset-note');
    note.hidden = days.length === 0;
    note.textContent = `The unlabelled sound of ${plural(unlabelled + labelled, 'day')} now counts as everyday sound: `
      + `${plural(unlabelled, 'day')} without labels and ${plural(labelled, 'labelled day')}`
      + (joined ? `, of which ${joined} ${joined === 1 ? 'was' : 'were'} not in use and now ${joined === 1 ? 'trains' : 'train'} the model.` : '.');
    renderSplitTable();
    changed();
  }

  function plural(n, word) {
    return `${n} ${word}${n === 1 ? '' : 's'}`;
  }

  let optionFields = [];
  async function loadOptions() {
    const o = await attempt(() => api('GET', '/api/v1/models/options'));
    if (!o) return;
    optionFields = o.options;
    $('options').replaceChildren(...o.options.map(f => {
      let input;
      if (f.kind === 'choice') input = el('select', { name: f.name }, ...f.choices.map(c => el('option', { value: c, selected: c === f.defaultValue }, c)));
      else if (f.kind === 'boolean') input = el('input', { type: 'checkbox', name: f.name, checked: !!f.defaultValue });
      else input = el('input', { name: f.name, type: 'number', step: f.kind === 'integer' ? '1' : 'any', value: String(f.defaultValue) });
      return el('label', { class: 'option' }, el('span', {}, f.name), input, f.help ? el('small', { class: 'muted' }, f.help) : null);
    }));
  }

  function readOptions() {
    const out = {};
    for (const f of optionFields) {
      const input = /** @type {HTMLInputElement | HTMLSelectElement | null} */ (document.querySelector(`#options [name="${f.name}"]`));
      if (!input) continue;
      /** @type {string | boolean | number} */
      let v = f.kind === 'boolean' ? /** @type {HTMLInputElement} */ (input).checked : input.value;
      if (f.kind === 'number' || f.kind === 'integer') v = Number(v);
      if (v !== f.defaultValue) out[f.name] = v;
    }
    return out;
  }

  async function train(ev) {
    ev.preventDefault();
    const problem = splitProblem();
    if (problem) { toast(problem, 'error'); return; }
    const r = await attempt(() => api('POST', '/api/v1/models', request()));
    if (r) { toast('Training started.', 'ok'); watch(r.jobId); }
  }

  async function watch(jobId) {
    watching = jobId;
    let version = 0;
    $('job-card').hidden = false;
    while (watching === jobId) {
      let job;
      try {
        job = await api('GET', `/api/v1/models/jobs/${jobId}?wait=20&version=${version}`);
      } catch (e) {
        $('job-stage').textContent = `Lost contact with the hub (${e.message}); retrying…`;
        await new Promise(r => setTimeout(r, 3000));
        continue;
      }
      version = job.version;
      showJob(job);
      if (!['queued', 'running'].includes(job.state)) {
        watching = null;
        if (job.state === 'succeeded') { toast(`Model "${job.name}" is ready.`, 'ok'); await loadModels(); showModel(job.modelId); }
        return;
      }
    }
  }

  function showJob(job) {
    $('job-card').hidden = false;
    $('job-card').dataset.state = job.state;
    $('job-name').textContent = job.name ? `"${job.name}"` : '';
    $('job-state').textContent = job.state;
    /** @type {HTMLProgressElement} */ ($('job-progress')).value = job.progress;
    $('job-stage').textContent = `${job.stage} · ${Math.round(job.progress * 100)} %`;
    $('job-error').hidden = !job.error;
    $('job-error').textContent = job.error || '';
    const cancel = $('job-cancel');
    if (cancel) { cancel.hidden = !['queued', 'running'].includes(job.state); cancel.onclick = () => attempt(() => api('POST', `/api/v1/models/jobs/${job.jobId}/cancel`), 'Cancelling…'); }
  }

  async function loadModels() {
    const list = await attempt(() => api('GET', '/api/v1/models'));
    if (!list) return;
    models = list;
    const active = models.find(m => m.active);
    $('active-summary').textContent = active ? `Live detection uses "${active.name}".` : 'No model is active: live detection is off.';
    const tbody = $('models-table').querySelector('tbody');
    if (models.length === 0) {
      tbody.replaceChildren(el('tr', {}, el('td', { colspan: 8, class: 'muted' }, isAdmin ? 'No models yet: split your days and train one above.' : 'No models yet.')));
      return;
    }
    tbody.replaceChildren(...models.map(m => {
      const t = m.training || {};
      const ex = t.examples_per_tag ? Object.values(t.examples_per_tag).reduce((a, b) => a + b, 0) : null;
      const data = t.imported ? 'imported' : `${ex ?? '?'} examples, ${t.background_segments ?? '?'} of ${t.background_available ?? '?'} background`;
      const actions = [el('button', { type: 'button', onclick: () => showModel(m.id) }, 'Results'),
        el('a', { class: 'button', href: `/api/v1/models/${m.id}/file`, download: '' }, 'Model file'),
        el('a', { class: 'button', href: `/api/v1/models/${m.id}/metadata`, download: '' }, 'JSON')];
      if (isAdmin) {
        actions.push(el('button', { type: 'button', class: m.active ? '' : 'primary', onclick: () => activate(m.active ? null : m.id) }, m.active ? 'Deactivate' : 'Activate'));
        actions.push(el('button', { type: 'button', onclick: () => rename(m) }, 'Rename'));
        actions.push(el('button', { type: 'button', class: 'danger', disabled: m.active, title: m.active ? 'Activate another model (or none) first' : '', onclick: () => remove(m) }, 'Delete'));
      }
      return el('tr', { dataset: { model: String(m.id) } }, el('td', {}, m.name), el('td', {}, m.tags.map(x => x.name).join(', ')),
        el('td', {}, m.created.slice(0, 16).replace('T', ' ')), el('td', { class: 'small' }, data),
        el('td', { class: 'num' }, pct(m.metrics.open_set_macro_f1)), el('td', { class: 'num' }, num(m.metrics.false_alarms_per_hour, 1)),
        el('td', {}, m.active ? el('span', { class: 'badge ok' }, 'active') : ''), el('td', {}, el('div', { class: 'actions' }, ...actions)));
    }));
  }

  async function activate(id) {
    const r = await attempt(() => api('PUT', '/api/v1/models/active', { modelId: id }), id == null ? 'Live detection is off.' : 'Model activated.');
    if (r !== undefined) loadModels();
  }

  async function rename(m) {
    const name = window.prompt(`New name for "${m.name}":`, m.name);
    if (!name || name === m.name) return;
    await attempt(() => api('PUT', `/api/v1/models/${m.id}`, { name }), 'Renamed.');
    loadModels();
  }

  async function remove(m) {
    if (!window.confirm(`Delete the model "${m.name}" and its file? This cannot be undone.`)) return;
    await attempt(() => api('DELETE', `/api/v1/models/${m.id}`), 'Deleted.');
    $('model-card').hidden = $('model-card').dataset.model === String(m.id) || $('model-card').hidden;
    loadModels();
  }

  async function importFile(file) {
    const csrf = /** @type {HTMLMetaElement} */ (document.querySelector('meta[name="csrf-token"]')).content;
    const res = await fetch(`/api/v1/models/import?name=${encodeURIComponent(file.name.replace(/\.model$/, ''))}`, {
      method: 'POST', body: file, credentials: 'same-origin',
      headers: { 'Content-Type': 'application/octet-stream', 'X-CSRF-TOKEN': csrf, 'Accept': 'application/json' },
    });
    const body = await res.json().catch(() => null);
    if (!res.ok) { toast(`Import refused: ${body && body.detail ? body.detail : res.status}`, 'error'); return; }
    toast(`Imported "${body.name}".`, 'ok');
    loadModels();
  }

  async function showModel(id) {
    const m = await attempt(() => api('GET', `/api/v1/models/${id}`));
    if (!m) return;
    const card = $('model-card');
    card.hidden = false;
    card.dataset.model = String(id);
    $('model-title').textContent = m.name;
    $('model-sub').textContent = `${m.tags.map(t => t.name).join(', ')} · created ${dateTime(m.created)}${m.active ? ' · active' : ''}`;
    const metrics = m.metrics || {};
    drawConfusion(metrics.confusion_matrix);
    const perTag = metrics.per_tag || {};
    // jsonb does not keep key order: show the model's tag order, unknown last
    const classes = [...m.tags.map(t => t.name), 'unknown'].filter(n => perTag[n]);
    $('per-tag').querySelector('tbody').replaceChildren(...classes.map(name => [name, perTag[name]]).map(([name, v]) => el('tr', { dataset: { tag: name } },
      el('td', {}, name),
      el('td', { class: 'num' }, pct(v.precision), v.precision_ci
        ? el('span', { class: 'muted small ci' }, ` (${range(v.precision_ci)}; ${v.true_positives} of ${v.predicted})`) : ''),
      el('td', { class: 'num' }, pct(v.recall), v.recall_ci
        ? el('span', { class: 'muted small ci' }, ` (${range(v.recall_ci)}; ${v.true_positives} of ${v.support})`) : ''),
      el('td', { class: 'num' }, pct(v.f1)), el('td', { class: 'num' }, String(v.support ?? '—')), el('td', { class: 'num' }, num(v.threshold, 3)))));
    const upper = metrics.false_alarms_per_hour_upper;
    $('false-alarms').textContent = metrics.false_alarms_per_hour == null
      ? 'No test background days: false alarms were not measured.'
      : `False alarms on test background: ${metrics.false_alarms} in ${minutes(metrics.background_hours)} of sound`
        + ` (${num(metrics.false_alarms_per_hour, 1)} per hour; up to ${upper == null ? '—' : num(upper, 1)} per hour is still possible, 95 %).`;
    const unseen = metrics.unseen_hours;
    $('unseen-hours').textContent = !unseen || !unseen.examples ? ''
      : `At an hour training never saw (the same test sounds 12 hours later): ${unseen.caught_12_hours_later} of ${unseen.examples} caught`
        + ` (${unseen.caught_at_their_hour} at their own hour; time-of-day prior ${unseen.time_prior_weight > 0 ? `on, weight ${unseen.time_prior_weight}` : 'off'}).`;
    const warnings = metrics.warnings || [];
    $('model-warnings').hidden = warnings.length === 0;
    $('model-warnings').querySelector('ul').replaceChildren(...warnings.map(w => el('li', {}, w)));
    renderSuspects(m);
    loadSensitivity(m);
    const live = m.livePrecision || [];
    $('live-precision').querySelector('tbody').replaceChildren(...(live.length === 0
      ? [el('tr', {}, el('td', { colspan: '4', class: 'muted' }, 'No live detections of this model yet.'))]
      : live.map(p => el('tr', {}, el('td', {}, p.tag), el('td', { class: 'num' }, String(p.confirmed)),
        el('td', { class: 'num' }, String(p.rejected)),
        el('td', { class: 'num' }, p.precision == null ? 'not reviewed yet' : pct(p.precision))))));
    drawPr(m.tags.map(t => t.name), metrics.pr_curves || {});
    // models trained before the hub had a zone of its own counted UTC hours
    drawTimeOfDay(m.tags.map(t => t.name), metrics.time_of_day || {}, metrics.time_of_day_zone || 'UTC');
    const t = m.training || {};
    const dl = $('training-summary');
    const rows = [
      ['Examples per tag', perTagText(m, t.examples_per_tag)],
      ['Annotations per tag', perTagText(m, t.annotations_per_tag)],
      ['Background segments', t.background_segments == null ? '—' : `${t.background_segments} used of ${t.background_available} (cap ${t.background_cap})`
        + (t.rejected_detections_used ? `, plus ${t.rejected_detections_used} rejected detection(s)` : '')],
      ['Training days', (t.train_days || []).join(', ') || '—'],
      ['Training background days', (t.train_background_days || []).join(', ') || '—'],
      ['Test days', (t.test_days || []).join(', ') || '—'],
      ['Test background', t.test_background_segments == null ? '—' : `${t.test_background_segments} of ${t.test_background_available} segments`],
      ['Pipeline', t.pipeline || '—'],
      ['Options', t.options ? Object.entries(t.options).map(([k, v]) => `${k}=${v}`).join(', ') : '—'],
      ['Time', t.seconds ? `${t.seconds.total} s (featurising ${t.seconds.featurising} s, fitting ${t.seconds.fitting} s)` : '—'],
    ];
    dl.replaceChildren(...rows.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));
    card.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }

  function minutes(hours) {
    if (hours == null) return '—';
    const secs = hours * 3600;
    return secs < 90 ? `${Math.round(secs)} s` : secs < 5400 ? `${Math.round(secs / 60)} min` : `${num(hours, 1)} h`;
  }

  function renderSuspects(m) {
    const rows = (m.training && m.training.background_suspects) || [];
    const tbody = $('suspects').querySelector('tbody');
    if (!rows.length) {
      tbody.replaceChildren(el('tr', {}, el('td', { colspan: '4', class: 'muted' }, 'None: no background sound scored like a tag.')));
      return;
    }
    tbody.replaceChildren(...rows.map(r => {
      const playButton = el('button', { type: 'button', title: 'Play this segment', 'aria-label': 'Play' }, '▶');
      playButton.addEventListener('click', () => {
        const audio = new Audio(`/api/v1/raw/${r.rawId}/audio`);
        audio.play().catch(() => toast('This segment cannot be played.', 'error'));
      });
      const when = dateTime(r.startMs);
      const day = hubDay(r.startMs);
      return el('tr', {}, el('td', {}, when), el('td', {}, r.tag), el('td', { class: 'num' }, num(r.score, 2)),
        el('td', {}, playButton, ' ', el('a', { href: `/annotator#from=${day}&to=${day}&day=${day}&at=${r.startMs + 1500}` }, 'annotate')));
    }));
  }

  async function loadSensitivity(m) {
    const box = $('sensitivity');
    box.replaceChildren(el('p', { class: 'muted small' }, 'Loading…'));
    const view = await api('GET', `/api/v1/models/${m.id}/sensitivity`).catch(e => {
      box.replaceChildren(el('p', { class: 'muted small' }, `Not available: ${e.message}`));
      return null;
    });
    if (view) renderSensitivity(view);
  }

  function describePoint(p, perDay) {
    const parts = [];
    parts.push(`precision ${pct(p.precision)} (${pct(p.precisionLow)}–${pct(p.precisionHigh)})`);
    parts.push(`catches ${p.caught} of ${p.examples} training clips (${pct(p.recallLow)}–${pct(p.recallHigh)})`);
    parts.push(p.backgroundSegments
      ? `${p.backgroundHits} of ${p.backgroundSegments} background sounds`
        + (perDay != null ? ` ≈ ${num(p.falseAlarmsPerDay, 1)} false alarms a day (${num(p.falseAlarmsPerHour, 2)} an hour)` : '')
      : 'no background to count false alarms');
    return parts.join(' · ');
  }

  function renderSensitivity(view) {
    const box = $('sensitivity');
    box.replaceChildren(...view.tags.map(t => {
      const points = t.points.slice();
      // the slider goes from strict (left) to lenient (right): points are ordered that way
      let index = nearest(points, t.threshold);
      const out = el('div', { class: 'figures small' });
      const status = el('span', { class: 'pill' });
      const slider = el('input', {
        type: 'range', min: '0', max: String(Math.max(0, points.length - 1)), step: '1', value: String(index),
        'aria-label': `Sensitivity of ${t.tag}`, disabled: points.length < 2 || !isAdmin,
      });
      const show = () => {
        const p = points[index] || t.current;
        const moved = Math.abs(p.threshold - t.threshold) > 1e-9;
        out.textContent = `threshold ${num(p.threshold, 3)} · ${describePoint(p, view.soundSegmentsPerDay)}`;
        status.textContent = (t.custom ? 'custom' : 'as trained') + (moved ? ' · not saved' : '');
      };
      slider.addEventListener('input', () => { index = Number(slider.value); show(); });
      const save = el('button', { type: 'button', class: 'primary' }, 'Save');
      save.addEventListener('click', async () => {
        const p = points[index];
        const updated = await attempt(() => api('PUT', `/api/v1/models/${view.modelId}/sensitivity`, { thresholds: { [t.tag]: p.threshold } }),
          `${t.tag}: threshold ${num(p.threshold, 3)} saved${view.active ? '; live detection uses it now' : ''}.`);
        if (updated) renderSensitivity(updated);
      });
      const reset = el('button', { type: 'button', class: 'ghost' }, 'Back to trained');
      reset.addEventListener('click', async () => {
        const updated = await attempt(() => api('PUT', `/api/v1/models/${view.modelId}/sensitivity`, { thresholds: { [t.tag]: null } }),
          `${t.tag}: back to the trained threshold.`);
        if (updated) renderSensitivity(updated);
      });
      show();
      return el('div', { class: 'sensitivity-row', dataset: { tag: t.tag } },
        el('div', { class: 'head' }, el('b', {}, t.tag), ' ', status,
          el('span', { class: 'muted small' }, ` trained ${num(t.trainedThreshold, 3)} (${basisText(t.basis)}); ${t.positives} clips, ${t.background} background sounds`)),
        t.warning ? el('p', { class: 'alert warn small' }, t.warning) : '',
        el('div', { class: 'slider-row' }, el('span', { class: 'small muted' }, 'fewer false alarms'), slider, el('span', { class: 'small muted' }, 'catch more')),
        out,
        isAdmin ? el('div', { class: 'row' }, save, ' ', reset) : '');
    }));
  }

  function nearest(points, threshold) {
    let best = 0;
    points.forEach((p, i) => { if (Math.abs(p.threshold - threshold) < Math.abs(points[best].threshold - threshold)) best = i; });
    return best;
  }

  function basisText(basis) {
    return {
      'precision-target': 'reaches the target precision',
      'best-f1': 'best balance; target precision out of reach',
      'recall-cap': 'lowered to catch its own clips',
      'background-floor': 'as low as the background allows',
      'open-space': 'raised above most sounds that are not this tag',
      'score-floor': 'raised to the score floor',
    }[basis] || 'chosen by an earlier version';
  }

  function perTagText(m, counts) {
    return counts ? m.tags.filter(t => t.name in counts).map(t => `${t.name}: ${counts[t.name]}`).join(', ') : '—';
  }

  function drawConfusion(cm) {
    const table = $('confusion');
    if (!cm) { table.replaceChildren(el('tr', {}, el('td', { class: 'muted' }, 'Not tested (no test days).'))); return; }
    const head = el('tr', {}, el('th', {}, 'truth \\ said'), ...cm.labels.map(l => el('th', {}, l)));
    const rows = cm.counts.map((row, r) => {
      const total = row.reduce((a, b) => a + b, 0);
      return el('tr', {}, el('th', {}, cm.labels[r]), ...row.map((c, j) => {
        const share = total ? c / total : 0;
        const td = el('td', { class: 'num', title: `${c} of ${total} (${Math.round(share * 100)} %)`, dataset: { row: String(r), col: String(j) } }, String(c));
        td.style.background = j === r ? `rgba(23, 163, 152, ${0.1 + 0.85 * share})` : `rgba(228, 87, 46, ${share * 0.9})`;
        if (share > 0.55) td.style.color = '#fff';
        return td;
      }));
    });
    table.replaceChildren(head, ...rows);
  }

  /** Per-tag precision-recall curves (stepped) with each tag's operating point as a diamond. */
  function drawPr(names, curves) {
    const shown = names.map((name, i) => ({ name, colour: tagColour(i), curve: curves[name] })).filter(c => c.curve);
    const drawCurves = u => {
      const g = u.ctx;
      const dpr = window.devicePixelRatio || 1;
      const px = (x, y) => [u.valToPos(x, 'x', true), u.valToPos(y, 'y', true)];
      g.save();
      shown.forEach((c, k) => {
        if (!u.series[k + 1].show) return;
        const { recall, precision, operating_point: op } = c.curve;
        g.strokeStyle = c.colour;
        g.lineWidth = 2 * dpr;
        g.beginPath();
        recall.forEach((r, j) => {
          const [x, y] = px(r, precision[j]);
          if (j === 0) { g.moveTo(x, y); return; }
          g.lineTo(u.valToPos(recall[j - 1], 'x', true), y); // a step: precision changes, then recall
          g.lineTo(x, y);
        });
        g.stroke();
        if (op && op.precision != null) {
          const [x, y] = px(op.recall, op.precision);
          const r = 6 * dpr;
          g.beginPath();
          g.moveTo(x, y - r); g.lineTo(x + r, y); g.lineTo(x, y + r); g.lineTo(x - r, y); g.closePath();
          g.fillStyle = c.colour;
          g.fill();
          g.strokeStyle = '#111';
          g.lineWidth = dpr;
          g.stroke();
        }
      });
      g.restore();
    };
    if (prChart) prChart.destroy();
    // uPlot gives scales, axes and the legend; each curve has recall values of its own, so the
    // draw hook strokes them
    prChart = new uPlot({
      width: $('pr-chart').clientWidth || 500, height: CURVE_HEIGHT,
      scales: { x: { time: false, range: [0, 1] }, y: { range: [0, 1.02] } },
      series: [{ label: 'recall' }, ...shown.map(c => ({ label: c.name, stroke: c.colour, width: 2, paths: () => null, points: { show: false } }))],
      axes: [{ label: 'recall' }, { label: 'precision', size: 50 }],
      legend: { live: false },
      cursor: { show: false },
      hooks: { draw: [drawCurves] },
    }, [[0, 1], ...shown.map(() => [null, null])], $('pr-chart'));
  }

  /** Share of each tag's training examples per local hour of {@code zone} (the hub's when it trained), as smooth lines. */
  function drawTimeOfDay(names, tod, zone) {
    $('tod-zone').textContent = zone;
    const hours = Array.from({ length: 24 }, (_, h) => h);
    const shown = names.map((name, i) => ({ name, colour: tagColour(i), values: tod[name] })).filter(c => c.values);
    const max = Math.max(0, ...shown.flatMap(c => c.values));
    if (todChart) todChart.destroy();
    todChart = new uPlot({
      width: $('tod-chart').clientWidth || 500, height: CURVE_HEIGHT,
      scales: { x: { time: false, range: [0, 23] }, y: { range: () => zeroToNice(max) } },
      series: [{ label: 'hour', value: (u, v) => (v == null ? '—' : `${pad(v)}h`) },
        ...shown.map(c => ({ label: c.name, stroke: c.colour, width: 2, paths: uPlot.paths.spline(), points: { show: false },
          value: (u, v) => (v == null ? '—' : v.toFixed(3)) }))],
      axes: [{ label: `hour (${zone})`, incrs: [1, 2, 3, 6], values: (u, splits) => splits.map(h => `${pad(h)}h`) },
        { label: 'share of examples', size: 60 }],
      cursor: { points: { show: false }, drag: { x: false, y: false } },
    }, [hours, ...shown.map(c => c.values)], $('tod-chart'));
  }

  if (isAdmin) {
    $('preset-test').addEventListener('click', presetTest);
    $('preset-bg').addEventListener('click', presetBackground);
    $('preset-clear').addEventListener('click', () => { split.clear(); renderSplitTable(); changed(); });
    $('train-form').addEventListener('submit', train);
    $('import-file').addEventListener('change', ev => {
      const input = /** @type {HTMLInputElement} */ (ev.target);
      const f = input.files[0];
      if (f) importFile(f);
      input.value = '';
    });
    loadOptions();
  }
  loadData();
  loadModels();
  // A training started earlier (maybe in another browser) is shown and followed.
  api('GET', '/api/v1/models/jobs/current').then(job => {
    if (!job) return;
    if (['queued', 'running'].includes(job.state)) watch(job.jobId);
  }).catch(() => {});
}
