// A page for the web app's modules under node's test runner: a jsdom document with the body
// attributes the hub's layout sets, exposed as the globals the modules use. Import the module under
// test only after calling this (common.js reads the body's data attributes when it loads).
import { JSDOM } from 'jsdom';

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
