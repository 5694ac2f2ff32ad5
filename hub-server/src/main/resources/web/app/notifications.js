// Notifications (admins): MQTT status and broker settings, push targets with "send a test", per-tag rules and the
// delivery log. Drives templates/NotificationsPage/notifications.html by its ids.
import { api, attempt, dateTime, el, toast } from './common.js';

export function initNotifications() {
  const targets = document.querySelector('#targets-table tbody');
  const rules = document.querySelector('#rules-table tbody');
  const log = document.querySelector('#deliveries-table tbody');
  const form = /** @type {HTMLFormElement} */ (document.getElementById('add-target-form'));
  if (!targets || !rules || !log || !form) return;

  async function load() {
    const [overview, tags, broker] = await Promise.all([
      attempt(() => api('GET', '/api/v1/notifications')),
      attempt(() => api('GET', '/api/v1/tags')),
      attempt(() => api('GET', '/api/v1/notifications/mqtt')),
    ]);
    if (!overview) return;
    if (broker) showBroker(broker);
    showMqtt(overview.mqtt, overview.away);
    targets.replaceChildren(...overview.targets.map(targetRow));
    if (overview.targets.length === 0) targets.replaceChildren(el('tr', {}, el('td', { colspan: 5, class: 'muted' }, 'No targets yet.')));
    const byTag = new Map(overview.rules.filter(r => r.tagId != null).map(r => [r.tagId, r]));
    const fallback = overview.rules.find(r => r.tagId == null);
    rules.replaceChildren(ruleRow(null, 'Default', fallback, true),
      ...(tags || []).map(t => ruleRow(t.id, t.name, byTag.get(t.id) || fallback, byTag.has(t.id))));
    loadLog();
  }

  function showMqtt(m, away) {
    const state = document.getElementById('mqtt-state');
    state.textContent = !m.configured ? 'not configured' : m.connected ? 'connected' : 'degraded';
    state.className = 'pill ' + (!m.configured ? 'disabled' : m.connected ? 'online' : 'offline');
    const facts = [['Broker', m.url || '—'], ['Topic prefix', m.topicPrefix],
      ['Home Assistant discovery', m.discovery ? `on (${m.discoveryPrefix})` : 'off'],
      ['Presence topic', m.presenceTopic || '—'], ['Away mode', away ? 'away' : 'home']];
    if (m.lastError) facts.push(['Last error', m.lastError]);
    document.getElementById('mqtt-facts').replaceChildren(...facts.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));
  }

  /** Fills the broker form; read-only when the environment sets the broker. */
  function showBroker(b) {
    if (!mqttForm) return;
    mqttForm.elements.url.value = b.url || '';
    mqttForm.elements.username.value = b.username || '';
    mqttForm.elements.password.value = '';
    mqttForm.elements.password.placeholder = b.hasPassword ? 'password set (**** kept)' : 'password (optional)';
    mqttForm.elements.topicPrefix.value = b.topicPrefix;
    mqttForm.elements.discoveryEnabled.checked = b.discoveryEnabled;
    mqttForm.elements.discoveryPrefix.value = b.discoveryPrefix;
    const controls = /** @type {Iterable<HTMLInputElement | HTMLButtonElement>} */ (mqttForm.elements);
    for (const f of controls) f.disabled = !b.editable && f.id !== 'mqtt-test';
    if (!b.editable) {
      document.getElementById('mqtt-source').textContent =
        'The broker is set by the environment (BUDDYBORK_MQTT_URL and related variables): change it there; it is read-only here.';
    }
  }

  function targetRow(t) {
    const test = el('button', { type: 'button', onclick: async () => {
      const r = await attempt(() => api('POST', `/api/v1/notifications/targets/${t.id}/test`), `Test queued for ${t.name}.`);
      if (r) followDelivery(r.deliveryId, 0);
    } }, 'Send a test');
    const toggle = el('button', { type: 'button', onclick: async () => {
      await attempt(() => api('PUT', `/api/v1/notifications/targets/${t.id}`, { enabled: !t.enabled }));
      load();
    } }, t.enabled ? 'Disable' : 'Enable');
    const remove = el('button', { type: 'button', class: 'danger', onclick: async () => {
      if (!window.confirm(`Remove ${t.name} and its delivery log?`)) return;
      await attempt(() => api('DELETE', `/api/v1/notifications/targets/${t.id}`), `${t.name} removed.`);
      load();
    } }, 'Remove');
    return el('tr', { dataset: { target: t.id } },
      el('td', {}, el('b', {}, t.name)),
      el('td', {}, t.kind),
      el('td', {}, el('code', {}, t.url), t.hasToken ? el('span', { class: 'muted small' }, ' + token') : null),
      el('td', {}, el('span', { class: 'pill ' + (t.enabled ? 'online' : 'disabled') }, t.enabled ? 'enabled' : 'disabled')),
      el('td', {}, el('div', { class: 'actions' }, test, toggle, remove)));
  }

  function ruleRow(tagId, name, r, own) {
    const f = {
      enabled: el('input', { type: 'checkbox', checked: r.enabled, 'aria-label': `Notify for ${name}` }),
      cooldown: el('input', { type: 'number', min: 0, max: 10080, step: 1, value: r.cooldownSeconds / 60, 'aria-label': `Cooldown of ${name}`, class: 'narrow' }),
      quietStart: el('input', { type: 'time', value: r.quietStart || '', 'aria-label': `Quiet from, ${name}` }),
      quietEnd: el('input', { type: 'time', value: r.quietEnd || '', 'aria-label': `Quiet to, ${name}` }),
      minLength: el('input', { type: 'number', min: 0, max: 3600, step: 1, value: r.minDurationMs / 1000, 'aria-label': `Minimum length of ${name}`, class: 'narrow' }),
      minScore: el('input', { type: 'number', min: 0, max: 1, step: 0.05, value: r.minScore, 'aria-label': `Minimum score of ${name}`, class: 'narrow' }),
      away: el('input', { type: 'checkbox', checked: r.onlyWhenAway, 'aria-label': `Only when away, ${name}` }),
    };
    const url = tagId == null ? '/api/v1/notifications/rules/default' : `/api/v1/notifications/rules/tags/${tagId}`;
    const save = el('button', { type: 'button', class: 'primary', onclick: async () => {
      const body = {
        enabled: f.enabled.checked, cooldownSeconds: Math.round(Number(f.cooldown.value) * 60),
        quietStart: f.quietStart.value || null, quietEnd: f.quietEnd.value || null,
        minDurationMs: Math.round(Number(f.minLength.value) * 1000), minScore: Number(f.minScore.value),
        onlyWhenAway: f.away.checked,
      };
      if (await attempt(() => api('PUT', url, body), `Rule of ${name} saved.`)) load();
    } }, 'Save');
    const reset = own && tagId != null ? el('button', { type: 'button', onclick: async () => {
      await attempt(() => api('DELETE', url), `${name} follows the default again.`);
      load();
    } }, 'Use default') : null;
    return el('tr', { dataset: { rule: tagId == null ? 'default' : tagId } },
      el('td', {}, tagId == null ? el('b', {}, name) : name, own || tagId == null ? null : el('span', { class: 'muted small' }, ' (default)')),
      el('td', {}, f.enabled), el('td', {}, f.cooldown), el('td', {}, f.quietStart), el('td', {}, f.quietEnd),
      el('td', {}, f.minLength), el('td', {}, f.minScore), el('td', {}, f.away),
      el('td', {}, el('div', { class: 'actions' }, save, reset)));
  }

  /** Reloads the log until delivery id is sent or failed (a retried push takes a while; at most 30 s). */
  async function followDelivery(id, tries) {
    await loadLog();
    const pill = log.querySelector(`tr[data-delivery="${id}"] .pill`);
    const done = pill && (pill.textContent === 'sent' || pill.textContent === 'failed');
    if (!done && tries < 30) setTimeout(() => followDelivery(id, tries + 1), 1000);
  }

  async function loadLog() {
    const rows = await attempt(() => api('GET', '/api/v1/notifications/deliveries?limit=100'));
    if (!rows) return;
    log.replaceChildren(...rows.map(d => el('tr', { dataset: { delivery: d.id } },
      el('td', {}, dateTime(d.createdMs, true)),
      el('td', {}, d.target),
      el('td', {}, d.kind === 'test' ? 'test' : `episode ${d.episodeId}`),
      el('td', {}, el('span', { class: 'pill ' + ({ sent: 'online', failed: 'offline' }[d.status] || 'disabled') }, d.status)),
      el('td', { class: 'num' }, d.attempts),
      el('td', { class: 'small' }, d.lastError || ''))));
    if (rows.length === 0) log.replaceChildren(el('tr', {}, el('td', { colspan: 6, class: 'muted' }, 'Nothing sent yet.')));
  }

  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    const data = Object.fromEntries(new FormData(form));
    if (!data.token) delete data.token;
    const created = await attempt(() => api('POST', '/api/v1/notifications/targets', data));
    if (created) {
      toast(`Target ${created.name} added.`, 'ok');
      form.reset();
      load();
    }
  });
  const mqttForm = /** @type {import('./common.js').FieldForm | null} */ (document.getElementById('mqtt-form'));
  function brokerBody() {
    const e = mqttForm.elements;
    const body = {
      url: e.url.value.trim() || null, username: e.username.value.trim() || null,
      topicPrefix: e.topicPrefix.value.trim(), discoveryEnabled: e.discoveryEnabled.checked,
      discoveryPrefix: e.discoveryPrefix.value.trim(),
    };
    if (e.password.value) body.password = e.password.value;
    return body;
  }
  document.getElementById('mqtt-test')?.addEventListener('click', async () => {
    const r = await attempt(() => api('POST', '/api/v1/notifications/mqtt/test', brokerBody()));
    if (r) toast(r.ok ? 'The broker accepted the connection.' : `Connection failed: ${r.error}`, r.ok ? 'ok' : 'error');
  });
  mqttForm?.addEventListener('submit', async ev => {
    ev.preventDefault();
    const body = brokerBody();
    if (await attempt(() => api('PUT', '/api/v1/notifications/mqtt', body), 'Broker saved; connecting.')) {
      load();
      setTimeout(load, 3000); // the reconnect takes a moment: show its outcome
    }
  });
  document.getElementById('reload-log').addEventListener('click', loadLog);
  load();
}
