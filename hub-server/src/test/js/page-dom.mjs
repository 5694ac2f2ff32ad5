// A page for the web app's modules under node's test runner: a jsdom document with the body
// attributes the hub's layout sets, exposed as the globals the modules use. Import the module under
// test only after calling this (common.js reads the body's data attributes when it loads).
import { after } from 'node:test';
import { JSDOM } from 'jsdom';

// The modules' timers (a toast's 7 s, a page's redraw), remembered so that they can be cleared once
// the file's tests are done: otherwise the test file's process stays alive until they have run.
const pendingTimers = new Set();
const nodeSetTimeout = globalThis.setTimeout;
const nodeSetInterval = globalThis.setInterval;
globalThis.setTimeout = (fn, ms, ...args) => {
  const handle = nodeSetTimeout((...a) => { pendingTimers.delete(handle); fn(...a); }, ms, ...args);
  pendingTimers.add(handle);
  return handle;
};
globalThis.setInterval = (fn, ms, ...args) => {
  const handle = nodeSetInterval(fn, ms, ...args);
  pendingTimers.add(handle);
  return handle;
};
after(() => {
  for (const handle of pendingTimers) clearTimeout(handle); // clears intervals too
  pendingTimers.clear();
});

/** Installs a page whose body carries the given data attributes, e.g. { hubZone: 'Europe/Berlin' }. */
export function installPage(dataset = {}, csrfToken = 'token-1') {
  const attrs = Object.entries(dataset)
    .map(([k, v]) => ` data-${k.replace(/[A-Z]/g, c => '-' + c.toLowerCase())}="${v}"`)
    .join('');
  const dom = new JSDOM(
    `<!doctype html><html><head><meta name="csrf-token" content="${csrfToken}"></head>` +
      `<body${attrs}><div id="toasts"></div></body></html>`,
    { url: 'https://hub.test/dashboard', pretendToBeVisual: true });
  const names = ['document', 'HTMLElement', 'HTMLDialogElement', 'Node', 'Event', 'CustomEvent', 'navigator',
    'sessionStorage', 'localStorage', 'location', 'getComputedStyle', 'requestAnimationFrame', 'matchMedia', 'devicePixelRatio'];
  // jsdom has no media queries; uPlot asks one for the pixel ratio when it loads
  dom.window.matchMedia ??= media => ({
    matches: false, media, addEventListener() {}, removeEventListener() {}, addListener() {}, removeListener() {},
  });
  const globals = { window: dom.window };
  for (const name of names) {
    if (name in dom.window) globals[name] = dom.window[name];
  }
  for (const [name, value] of Object.entries(globals)) {
    Object.defineProperty(globalThis, name, { value, configurable: true, writable: true });
  }
  return dom;
}
