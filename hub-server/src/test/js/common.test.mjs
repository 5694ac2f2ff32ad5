// Unit tests of common.js: the hub's days (a Berlin hub across both clock changes), calendar
// arithmetic, API calls and their errors, element building, colours and relative times.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { installPage } from './page-dom.mjs';

process.env.TZ = 'UTC';
installPage({ hubZone: 'Europe/Berlin', admin: 'true' });
const common = await import('../../main/resources/web/app/common.js');
const HOUR = 3600000;

test('the hub day of an instant follows the hub zone, not UTC', () => {
  assert.equal(common.hubZone, 'Europe/Berlin');
  assert.equal(common.hubDay(Date.parse('2026-06-30T22:30:00Z')), '2026-07-01');
  assert.equal(common.hubDay(Date.parse('2026-06-30T21:59:59Z')), '2026-06-30');
});

test('days start at the hub zone midnight and last 23 or 25 hours on clock changes', () => {
  assert.equal(common.dayStartMs('2026-03-29'), Date.parse('2026-03-28T23:00:00Z'));
  assert.equal(common.dayStartMs('2026-03-30') - common.dayStartMs('2026-03-29'), 23 * HOUR);
  assert.equal(common.dayStartMs('2026-10-26') - common.dayStartMs('2026-10-25'), 25 * HOUR);
  assert.equal(common.dayStartMs('2026-07-01') - common.dayStartMs('2026-06-30'), 24 * HOUR);
});

test('calendar days add across months, years and backwards', () => {
  assert.equal(common.addDays('2026-12-31', 1), '2027-01-01');
  assert.equal(common.addDays('2026-03-01', -1), '2026-02-28');
  assert.equal(common.addDays('2028-02-28', 1), '2028-02-29');
  assert.equal(common.addDays('2026-10-25', 0), '2026-10-25');
});

test('times and dates are shown in the browser zone', () => {
  const ms = Date.parse('2026-12-06T09:05:03.042Z');
  assert.equal(common.timeOfDay(ms), '09:05:03');
  assert.equal(common.timeOfDay(ms, true), '09:05:03.042');
  assert.equal(common.isoDay(ms), '2026-12-06');
  assert.equal(common.dateTime(ms), '2026-12-06 09:05');
  assert.equal(common.dateTime(ms, true), '2026-12-06 09:05:03');
});

test('relative times round to the unit that reads naturally', () => {
  const now = Date.now();
  assert.equal(common.ago(null), 'never');
  assert.equal(common.ago(now - 2000), 'just now');
  assert.equal(common.ago(now + 60000), 'just now'); // a clock ahead of ours is not "in the future"
  assert.equal(common.ago(now - 30000), '30 s ago');
  assert.equal(common.ago(now - 90000), '2 min ago');
  assert.equal(common.ago(now - 5 * HOUR), '5 h ago');
  assert.equal(common.ago(now - 72 * HOUR), '3 days ago');
});

test('tag colours cycle through the palette for any index', () => {
  assert.equal(common.tagColour(0), common.tagColour(12));
  assert.equal(common.tagColour(-1), common.tagColour(11));
  assert.notEqual(common.tagColour(0), common.tagColour(1));
  assert.equal(common.pad(7), '07');
  assert.equal(common.pad(7, 3), '007');
});

test('elements are built from text and never parse HTML', () => {
  const e = common.el('p', { class: 'note' }, '<b>bold</b>', common.el('span', {}, 'x'));
  assert.equal(e.tagName, 'P');
  assert.equal(e.querySelector('b'), null);
  assert.equal(e.textContent, '<b>bold</b>x');
  assert.equal(e.querySelector('span').textContent, 'x');
});

test('the admin flag and the CSRF token come from the page', () => {
  assert.equal(common.isAdmin, true);
  assert.equal(common.pageHeaders()['X-CSRF-TOKEN'], 'token-1');
  assert.equal(common.pageHeaders()['X-Buddybork-Page'], '1');
});

function answer(status, body, type = 'application/problem+json') {
  return {
    status, ok: status >= 200 && status < 300,
    headers: { get: name => (name === 'Content-Type' ? type : null) },
    json: async () => body,
  };
}

test('API calls send JSON with the page headers and resolve to the body', async () => {
  let sent;
  globalThis.fetch = async (url, init) => { sent = { url, init }; return answer(201, { id: 7 }, 'application/json'); };
  assert.deepEqual(await common.api('POST', '/api/v1/tags', { name: 'bark' }), { id: 7 });
  assert.equal(sent.url, '/api/v1/tags');
  assert.equal(sent.init.method, 'POST');
  assert.equal(sent.init.body, '{"name":"bark"}');
  assert.equal(sent.init.headers['Content-Type'], 'application/json');
  assert.equal(sent.init.headers['X-CSRF-TOKEN'], 'token-1');
  globalThis.fetch = async () => answer(204, null);
  assert.equal(await common.api('DELETE', '/api/v1/tags/7'), null);
});

test('a problem answer rejects with its status, code and detail', async () => {
  globalThis.fetch = async () => answer(409, { code: 'tag-exists', title: 'Conflict', detail: 'a tag named bark exists' });
  await assert.rejects(common.api('POST', '/api/v1/tags', {}), e =>
    e instanceof common.ApiError && e.status === 409 && e.code === 'tag-exists' && e.message === 'a tag named bark exists');
  globalThis.fetch = async () => answer(502, null, 'text/html');
  await assert.rejects(common.api('GET', '/api/v1/tags'), e => e.status === 502 && e.message === 'The hub answered 502.');
});

test('an unreachable hub rejects with a network error the page can show', async () => {
  globalThis.fetch = async () => { throw new TypeError('Failed to fetch'); };
  await assert.rejects(common.api('GET', '/api/v1/tags'), e =>
    e.code === 'network' && e.status === 0 && /cannot be reached/.test(e.message));
});

test('attempt shows a failure as an error toast and resolves to undefined', async () => {
  const r = await common.attempt(async () => { throw new Error('no such tag'); });
  assert.equal(r, undefined);
  const toast = document.querySelector('#toasts .toast.error');
  assert.equal(toast.textContent, 'no such tag');
  assert.equal(toast.getAttribute('role'), 'alert');
  assert.equal(await common.attempt(async () => 5, 'saved'), 5);
  assert.equal(document.querySelector('#toasts .toast.ok').textContent, 'saved');
});
