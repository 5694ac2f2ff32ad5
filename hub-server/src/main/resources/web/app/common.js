// Shared helpers of the Buddybork pages: API calls with CSRF token and clear errors, toasts,
// the help dialog, keyboard navigation, tag colours and time: times are shown in the browser's
// zone, days are days of the hub's zone (the API's days), and each page says both once.

const csrfMeta = /** @type {HTMLMetaElement | null} */ (document.querySelector('meta[name="csrf-token"]'));

/** Error of an API call: the problem's detail, with HTTP status and problem code. */
export class ApiError extends Error {
  constructor(status, code, detail) {
    super(detail || `request failed (${status})`);
    this.status = status;
    this.code = code;
  }
}

/** Headers every call of a page script sends: JSON answers, no browser login dialog, the CSRF token. */
export function pageHeaders() {
  const headers = { 'Accept': 'application/json', 'X-Buddybork-Page': '1' };
  if (csrfMeta && csrfMeta.content) headers['X-CSRF-TOKEN'] = csrfMeta.content;
  return headers;
}

/**
 * Calls the hub's JSON API; resolves to the parsed body (null for 204), rejects with ApiError.
 * @param {string} method
 * @param {string} url
 * @param {unknown} [body] sent as JSON when given
 * @returns {Promise<any>}
 */
export async function api(method, url, body) {
  /** @type {Record<string, string>} */
  const headers = pageHeaders();
  /** @type {RequestInit} */
  const init = { method, headers, credentials: 'same-origin' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(url, init);
  } catch {
    throw new ApiError(0, 'network', 'The hub cannot be reached. Check the connection and try again.');
  }
  if (res.status === 401) {
    toast('Your session has ended. Please sign in again.', 'error');
    setTimeout(() => { window.location.assign('/login'); }, 900);
    throw new ApiError(401, 'unauthorized', 'Your session has ended.');
  }
  if (res.status === 204) return null;
  const type = res.headers.get('Content-Type') || '';
  const data = type.includes('json') ? await res.json().catch(() => null) : null;
  if (!res.ok) {
    const detail = data && (data.detail || data.title);
    throw new ApiError(res.status, data && data.code, detail || `The hub answered ${res.status}.`);
  }
  return data;
}

/** Shows a short message in the corner; kind: 'ok' | 'error' | undefined. */
export function toast(message, kind) {
  const box = document.getElementById('toasts');
  if (!box) return;
  const t = document.createElement('div');
  t.className = 'toast' + (kind ? ' ' + kind : '');
  t.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  t.textContent = message;
  box.appendChild(t);
  setTimeout(() => t.remove(), kind === 'error' ? 7000 : 3500);
}

/** Runs an async action and shows its error (if any) as a toast. */
export async function attempt(action, okMessage) {
  try {
    const r = await action();
    if (okMessage) toast(okMessage, 'ok');
    return r;
  } catch (e) {
    toast(e.message, 'error');
    return undefined;
  }
}

/** Whether the signed-in user is an admin. */
export const isAdmin = document.body.dataset.admin === 'true';

// Tag colours: colour-blind-friendly palette (Okabe-Ito + extras), by position in the tag list.
const PALETTE = ['#E69F00', '#56B4E9', '#009E73', '#D55E00', '#CC79A7', '#0072B2', '#F0E442', '#7F3C8D',
  '#11A579', '#E73F74', '#3969AC', '#80BA5A'];
export function tagColour(index) {
  return PALETTE[((index % PALETTE.length) + PALETTE.length) % PALETTE.length];
}

// Device colours for multi-device charts.
const DEVICE_PALETTE = ['#2f6fed', '#e4572e', '#17a398', '#a259ff', '#f2a541', '#4c5b5c', '#d7263d', '#1b998b'];
export function deviceColour(index) {
  return DEVICE_PALETTE[index % DEVICE_PALETTE.length];
}

export function pad(n, w = 2) { return String(n).padStart(w, '0'); }

/** The hub's time zone (buddybork.time-zone): the API's 'YYYY-MM-DD' days are its local days. */
export const hubZone = document.body.dataset.hubZone || 'UTC';

/** The browser's time zone, in which times are shown. */
export const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'local time';

/** 'HH:MM:SS' (the browser's zone) of epoch milliseconds. */
export function timeOfDay(ms, withMillis) {
  const d = new Date(ms);
  const base = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  return withMillis ? `${base}.${pad(d.getMilliseconds(), 3)}` : base;
}

/** 'YYYY-MM-DD' (the browser's zone) of epoch milliseconds or a Date: the date shown beside a time. */
export function isoDay(msOrDate) {
  const d = msOrDate instanceof Date ? msOrDate : new Date(msOrDate);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** 'YYYY-MM-DD HH:MM' (the browser's zone) of epoch milliseconds or an ISO instant; with seconds when asked. */
export function dateTime(msOrIso, withSeconds) {
  const d = new Date(msOrIso);
  const t = timeOfDay(d.getTime());
  return `${isoDay(d)} ${withSeconds ? t : t.slice(0, 5)}`;
}

const hubDate = new Intl.DateTimeFormat('en-US', { timeZone: hubZone, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The hub's day 'YYYY-MM-DD' on which epoch milliseconds fall: the day the API files them under. */
export function hubDay(ms) {
  const p = Object.fromEntries(hubDate.formatToParts(new Date(ms)).map(x => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}`;
}

/**
 * Epoch ms at which the hub's day 'YYYY-MM-DD' starts: the first instant whose hub date is that
 * day. Found by bisection, since the date only grows with time: right on 23- and 25-hour days and
 * where the clocks skip midnight, without tables of offsets.
 */
export function dayStartMs(day) {
  const noonUtc = Date.parse(day + 'T12:00:00Z'); // every zone's midnight of the day lies within ±15 h of it
  let lo = noonUtc - 36 * 3600000, hi = noonUtc + 12 * 3600000; // hubDay(lo) < day <= hubDay(hi)
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (hubDay(mid) < day) lo = mid; else hi = mid;
  }
  return hi;
}

/** The calendar day n days after 'YYYY-MM-DD' (n may be negative). */
export function addDays(day, n) {
  const d = new Date(Date.parse(day + 'T00:00:00Z') + n * 86400000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** Says once per page which zone its times are in and which zone its days follow. */
function showZones() {
  const note = document.getElementById('zone-note');
  if (!note) return;
  note.textContent = `Times in ${browserZone} (your browser); days follow the hub's zone ${hubZone}.`;
}

/** '3 min ago', '2 h ago', 'never'. */
export function ago(ms) {
  if (ms == null) return 'never';
  const s = Math.max(0, Math.round((Date.now() - ms) / 1000));
  if (s < 5) return 'just now';
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} days ago`;
}

/** Creates an element with attributes and children (text or nodes); never parses HTML. */
export function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(e.dataset, v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c == null || c === false) continue;
    e.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
  return e;
}

/** Whether a key event happens while typing into a field (shortcuts stay off then). */
export function typing(ev) {
  const t = ev.target;
  return t && (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA' || t.isContentEditable);
}

function setupHelp() {
  const dialog = /** @type {HTMLDialogElement | null} */ (document.getElementById('help-dialog'));
  if (!dialog) return;
  document.querySelectorAll('[data-help-open]').forEach(b => b.addEventListener('click', () => dialog.showModal()));
  dialog.querySelectorAll('[data-help-close]').forEach(b => b.addEventListener('click', () => dialog.close()));
  dialog.addEventListener('click', ev => { if (ev.target === dialog) dialog.close(); });
  let pendingG = false;
  document.addEventListener('keydown', ev => {
    if (typing(ev) || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (ev.key === '?') {
      ev.preventDefault();
      if (dialog.open) dialog.close(); else dialog.showModal();
      return;
    }
    if (!document.body.dataset.user) return;
    if (pendingG) {
      pendingG = false;
      const target = { d: '/', a: '/annotator', t: '/tags', m: '/models', u: isAdmin ? '/users' : null, n: isAdmin ? '/notifications' : null }[ev.key];
      if (target) { ev.preventDefault(); window.location.assign(target); }
      return;
    }
    if (ev.key === 'g') { pendingG = true; setTimeout(() => { pendingG = false; }, 1200); }
  });
}

/** Phones: the top bar's Menu button shows and hides the navigation. */
function setupMenu() {
  const toggle = document.getElementById('menu-toggle');
  const bar = toggle && toggle.closest('.topbar');
  if (!bar) return;
  toggle.addEventListener('click', () => {
    const open = !bar.classList.contains('open');
    bar.classList.toggle('open', open);
    toggle.setAttribute('aria-expanded', String(open));
  });
}

// A deep link (e.g. /annotator#day=...&win=...) opened while signed out: the browser carries the
// hash through the redirect to /login, but the server never sees it, so the page it returns to
// after sign-in (the form login remembers the path, also over failed attempts) would lack it. The
// login page keeps the hash for this tab; the next signed-in page without a hash puts it back.
const AFTER_LOGIN = 'buddybork.afterLoginHash';
function keepHashThroughLogin() {
  if (document.getElementById('login-form')) {
    // /login?error=1 after a failed attempt has no hash: the one kept before still holds
    if (location.hash.length > 1) sessionStorage.setItem(AFTER_LOGIN, location.hash);
    return;
  }
  const kept = sessionStorage.getItem(AFTER_LOGIN);
  if (kept === null || !document.body.dataset.user) return;
  sessionStorage.removeItem(AFTER_LOGIN);
  if (location.hash.length <= 1) history.replaceState(null, '', location.pathname + location.search + kept);
}

/** Calls {@code onResize(width)} whenever the element's width changes (window, phone rotation, layout). */
export function onWidthChange(element, onResize) {
  let last = element.clientWidth;
  new ResizeObserver(() => {
    const w = element.clientWidth;
    if (w > 0 && w !== last) { last = w; onResize(w); }
  }).observe(element);
}

keepHashThroughLogin();
setupHelp();
setupMenu();
showZones();

/**
 * A form whose named fields are inputs (a {@link formDialog}'s, the notification page's broker form),
 * so that {@code form.elements.name.value} is typed.
 * @typedef {HTMLFormElement & {elements: {[name: string]: HTMLInputElement}}} FieldForm
 */

/**
 * Opens a modal dialog built from {title, body (nodes), submitLabel, danger, onSubmit(form)};
 * onSubmit resolves true to close it, false to keep it open (e.g. after a refusal it showed).
 * The dialog is removed from the page when closed. Returns the dialog element.
 * @param {{id: string, title: string, body: Node[], submitLabel: string, danger?: boolean,
 *          onSubmit: (form: FieldForm) => Promise<boolean>}} options
 */
export function formDialog({ id, title, body, submitLabel, danger, onSubmit }) {
  const form = el('form', { class: 'stack', method: 'dialog' }, ...body,
    el('div', { class: 'row' },
      el('button', { type: 'button', class: 'ghost', dataset: { dialogCancel: '' } }, 'Cancel'),
      el('button', { type: 'submit', class: danger ? 'danger' : 'primary' }, submitLabel)));
  const dialog = el('dialog', { class: 'small-dialog', id, 'aria-label': title },
    el('div', { class: 'dialog-head' }, el('h2', {}, title)), form);
  form.querySelector('[data-dialog-cancel]').addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => dialog.remove());
  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    const submit = form.querySelector('button[type=submit]');
    submit.disabled = true;
    try {
      if (await onSubmit(form)) dialog.close();
    } finally {
      submit.disabled = false;
    }
  });
  document.body.appendChild(dialog);
  dialog.showModal();
  const first = form.querySelector('input');
  if (first) first.focus();
  return dialog;
}
