// Dashboard, episodes: the away button ("I'm away" / "I'm back"), the greeting with the summary of
// the absence (or of the time since the last visit, as the page was served with), the summary of a
// chosen period per tag with a small SVG timeline, and the latest episodes. Episode events arrive
// over the dashboard's live feed (dashboard.js re-dispatches each message as 'buddybork:live').
import { api, attempt, dateTime, dayStartMs, el, hubDay, tagColour, timeOfDay } from './common.js';

const SVG = 'http://www.w3.org/2000/svg';
const TIMELINE_W = 1000;
const ROW_H = 14;

/** '45 s', '6 min 20 s', '2 h 5 min'. */
export function durationText(ms) {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60), r = s % 60;
  if (m < 60) return r ? `${m} min ${r} s` : `${m} min`;
  const h = Math.floor(m / 60), rm = m % 60;
  return rm ? `${h} h ${rm} min` : `${h} h`;
}

/** "bark: 14 episodes, 6 min 20 s total, longest 2 min at 14:02". */
export function summaryLine(t) {
  const n = t.episodes === 1 ? '1 episode' : `${t.episodes} episodes`;
  return `${t.tag}: ${n}, ${durationText(t.totalMs)} total, longest ${durationText(t.longestMs)} at ${timeOfDay(t.longestStartMs).slice(0, 5)}`;
}

function svgEl(tag, attrs, ...children) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  for (const c of children) e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
  return e;
}

/** The period's episodes as bands, one row per tag, scaled to the period; start and end labelled below. */
export function timelineSvg(summary, colourOf) {
  const rows = summary.tags.map(t => t.tag);
  const h = Math.max(1, rows.length) * ROW_H + 18;
  const span = Math.max(1, summary.toMs - summary.fromMs);
  const x = ms => Math.min(TIMELINE_W, Math.max(0, ((ms - summary.fromMs) / span) * TIMELINE_W));
  const svg = svgEl('svg', { viewBox: `0 0 ${TIMELINE_W} ${h}`, class: 'timeline-svg' });
  rows.forEach((_, i) => svg.appendChild(svgEl('rect', { x: 0, y: i * ROW_H + 1, width: TIMELINE_W, height: ROW_H - 2, class: 'timeline-row' })));
  for (const b of summary.timeline) {
    const row = rows.indexOf(b.tag);
    if (row < 0) continue;
    const x1 = x(b.startMs);
    svg.appendChild(svgEl('rect', { x: x1, y: row * ROW_H + 1, width: Math.max(2, x(b.endMs) - x1), height: ROW_H - 2,
      fill: colourOf(b.tag), class: 'timeline-band', 'data-tag': b.tag },
    svgEl('title', {}, `${b.tag} ${timeOfDay(b.startMs)} – ${timeOfDay(b.endMs)}`)));
  }
  const labelY = rows.length * ROW_H + 14;
  svg.appendChild(svgEl('text', { x: 2, y: labelY, class: 'timeline-label' }, dateTime(summary.fromMs)));
  svg.appendChild(svgEl('text', { x: TIMELINE_W - 2, y: labelY, class: 'timeline-label', 'text-anchor': 'end' }, dateTime(summary.toMs)));
  return svg;
}

export function initEpisodes() {
  const root = document.getElementById('episodes');
  if (!root) return;
  const $ = id => document.getElementById(id);
  const tbody = $('episodes-table').querySelector('tbody');
  const awayButton = /** @type {HTMLButtonElement} */ ($('away-toggle'));
  const awayPill = $('away-state');
  const greeting = $('away-greeting');
  let tags = [];
  let away = null;
  let period = null; // {kind, fromMs, toMs (0: until now)}

  const others = []; // tags the active model does not know (or no model): colours after its own
  const colourOf = name => {
    let i = tags.indexOf(name);
    if (i < 0) {
      if (!others.includes(name)) others.push(name);
      i = tags.length + others.indexOf(name);
    }
    return tagColour(i);
  };

  async function loadTags() {
    const status = await attempt(() => api('GET', '/api/v1/detections/status'));
    tags = status ? status.tags.map(t => t.name) : [];
  }

  function renderAway() {
    awayButton.disabled = false;
    awayButton.textContent = away.away ? "I'm back" : "I'm away";
    awayButton.setAttribute('aria-pressed', String(away.away));
    awayPill.dataset.state = away.away ? 'away' : 'home';
    awayPill.className = 'pill ' + (away.away ? 'away' : 'online');
    awayPill.textContent = away.away ? `away since ${dateTime(away.sinceMs)}${away.source === 'button' ? '' : ` (${away.source})`}` : 'home';
  }

  async function loadAway() {
    const state = await attempt(() => api('GET', '/api/v1/away'));
    if (!state) return;
    away = state;
    renderAway();
  }

  async function toggleAway() {
    awayButton.disabled = true;
    const state = await attempt(() => api('PUT', '/api/v1/away', { away: !away.away }));
    if (!state) { awayButton.disabled = false; return; }
    const cameBack = away.away && !state.away;
    away = state;
    renderAway();
    if (cameBack && state.lastAbsence) show({ kind: 'absence', fromMs: state.lastAbsence.fromMs, toMs: state.lastAbsence.toMs });
    else if (state.away) show({ kind: 'away', fromMs: state.sinceMs, toMs: 0 });
  }

  function title(p) {
    switch (p.kind) {
      case 'absence': return `While you were away (${dateTime(p.fromMs)} – ${dateTime(p.toMs)})`;
      case 'away': return `Since you left (${dateTime(p.fromMs)})`;
      case 'visit': return `Since your last visit (${dateTime(p.fromMs)})`;
      case 'today': return 'Today';
      case 'day': return 'The last 24 hours';
      case 'week': return 'The last 7 days';
      default: return `${dateTime(p.fromMs)} – ${dateTime(p.toMs)}`;
    }
  }

  /** Shows the summary of period p; an absence also gets the greeting. */
  async function show(p) {
    period = p;
    if (p.kind === 'absence') {
      greeting.textContent = `Welcome back! You were away for ${durationText(p.toMs - p.fromMs)}; here is what the hub heard.`;
      greeting.hidden = false;
    } else if (p.kind !== 'visit') {
      greeting.hidden = true;
    }
    $('summary-title').textContent = title(p);
    const to = p.toMs || Date.now();
    const summary = await attempt(() => api('GET', `/api/v1/summary?from=${p.fromMs}&to=${Math.max(to, p.fromMs + 1)}`));
    if (!summary || period !== p) return;
    const list = $('summary-tags');
    list.replaceChildren(...(summary.tags.length ? summary.tags.map(t => {
      const dot = el('span', { class: 'dot' });
      dot.style.background = colourOf(t.tag);
      return el('li', { dataset: { tag: t.tag } }, el('span', { class: 'tag-chip' }, dot), summaryLine(t));
    }) : [el('li', { class: 'muted' }, 'No episodes in this period.')]));
    $('summary-timeline').replaceChildren(summary.tags.length ? timelineSvg(summary, colourOf) : '');
  }

  function periodOf(kind) {
    const now = Date.now();
    if (kind === 'today') {
      return { kind, fromMs: dayStartMs(hubDay(now)), toMs: 0 };
    }
    return { kind, fromMs: now - (kind === 'week' ? 7 : 1) * 86400000, toMs: 0 };
  }

  function annotatorLink(e) {
    const day = hubDay(e.startMs);
    return `/annotator#from=${day}&to=${day}&device=${e.deviceId}&day=${day}&win=${e.deviceId}&at=${e.startMs + 1500}`;
  }

  async function loadLatest() {
    const list = await attempt(() => api('GET', '/api/v1/episodes/latest?limit=10'));
    if (!list) return;
    if (list.length === 0) {
      tbody.replaceChildren(el('tr', {}, el('td', { colspan: 7, class: 'muted' },
        'No episodes yet. Detections of one tag close together (gaps up to 30 s) form one.')));
      return;
    }
    tbody.replaceChildren(...list.map(e => {
      const dot = el('span', { class: 'dot' });
      dot.style.background = colourOf(e.tag);
      return el('tr', { dataset: { episode: String(e.id) } },
        el('td', {}, el('span', { class: 'tag-chip' }, dot, e.tag), e.open ? el('span', { class: 'pill online small', title: 'may still grow' }, 'now') : null),
        el('td', {}, e.deviceName),
        el('td', { title: dateTime(e.startMs, true) }, dateTime(e.startMs)),
        el('td', { class: 'num' }, durationText(e.durationMs)),
        el('td', { class: 'num' }, String(e.segments)),
        el('td', { class: 'num' }, e.peakScore.toFixed(2)),
        el('td', {}, el('a', { href: annotatorLink(e) }, 'annotate')));
    }));
  }

  let refresh = null;
  document.addEventListener('buddybork:live', ev => {
    if (/** @type {CustomEvent} */ (ev).detail.type !== 'episode') return;
    clearTimeout(refresh);
    refresh = setTimeout(() => {
      loadLatest();
      if (period && !period.toMs) show(period);
    }, 1000);
  });

  awayButton.addEventListener('click', toggleAway);
  /** @type {NodeListOf<HTMLElement>} */ (root.querySelectorAll('[data-period]')).forEach(b => b.addEventListener('click', () => show(periodOf(b.dataset.period))));
  $('summary-range').addEventListener('click', () => {
    const from = Date.parse(/** @type {HTMLInputElement} */ ($('summary-from')).value);
    const to = Date.parse(/** @type {HTMLInputElement} */ ($('summary-to')).value);
    if (Number.isNaN(from) || Number.isNaN(to) || to <= from) {
      $('summary-title').textContent = 'Choose a start and a later end';
      return;
    }
    show({ kind: 'range', fromMs: from, toMs: to });
  });

  const kind = root.dataset.greeting;
  const first = kind === 'absence' ? { kind, fromMs: Number(root.dataset.greetingFrom), toMs: Number(root.dataset.greetingTo) }
    : kind === 'visit' || kind === 'away' ? { kind, fromMs: Number(root.dataset.greetingFrom), toMs: 0 }
      : periodOf('today');
  loadTags().then(() => Promise.all([loadAway(), loadLatest(), show(first)]));
  setInterval(loadAway, 60000);
}
