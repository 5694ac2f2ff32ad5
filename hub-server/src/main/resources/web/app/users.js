// User management (admins): list, add, reset password, change role, enable/disable, sign out everywhere.
import { api, attempt, el, toast } from './common.js';

export function initUsers(root) {
  const table = root.querySelector('#users-table tbody');
  const form = root.querySelector('#add-user-form');
  if (!table || !form) return;

  async function load() {
    const users = await attempt(() => api('GET', '/api/v1/users'));
    if (!users) return;
    table.replaceChildren(...users.map(row));
  }

  function row(u) {
    const me = u.username === document.body.dataset.user;
    const role = el('select', { 'aria-label': `Role of ${u.username}` },
      el('option', { value: 'viewer', selected: u.role === 'viewer' }, 'viewer'),
      el('option', { value: 'admin', selected: u.role === 'admin' }, 'admin'));
    role.addEventListener('change', async () => {
      const ok = await attempt(() => api('PUT', `/api/v1/users/${encodeURIComponent(u.username)}/role`, { role: role.value }),
        `${u.username} is now ${role.value}; their sessions were ended.`);
      if (ok === undefined) role.value = u.role;
      load();
    });
    const reset = el('button', { type: 'button', onclick: async () => {
      const password = window.prompt(`New password for ${u.username} (at least 10 characters):`);
      if (!password) return;
      await attempt(() => api('PUT', `/api/v1/users/${encodeURIComponent(u.username)}/password`, { password }),
        `Password of ${u.username} changed; their sessions were ended.`);
      load();
    } }, 'Reset password');
    const toggle = el('button', { type: 'button', class: u.enabled ? 'danger' : '', onclick: async () => {
      await attempt(() => api('PUT', `/api/v1/users/${encodeURIComponent(u.username)}/enabled`, { enabled: !u.enabled }),
        u.enabled ? `${u.username} is disabled and signed out.` : `${u.username} is enabled.`);
      load();
    } }, u.enabled ? 'Disable' : 'Enable');
    const signOut = el('button', { type: 'button', title: 'End every session of this user', onclick: async () => {
      await attempt(() => api('POST', `/api/v1/users/${encodeURIComponent(u.username)}/logout`), `${u.username} was signed out everywhere.`);
      if (me) window.location.assign('/login');
    } }, 'Sign out everywhere');
    return el('tr', { dataset: { user: u.username } },
      el('td', {}, el('b', {}, u.username), me ? el('span', { class: 'muted small' }, ' (you)') : null),
      el('td', {}, role),
      el('td', {}, el('span', { class: 'pill ' + (u.enabled ? 'online' : 'disabled') }, u.enabled ? 'enabled' : 'disabled')),
      el('td', {}, el('div', { class: 'actions' }, reset, toggle, signOut)));
  }

  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    const data = Object.fromEntries(new FormData(form));
    const created = await attempt(() => api('POST', '/api/v1/users', data));
    if (created) {
      toast(`User ${created.username} (${created.role}) added.`, 'ok');
      form.reset();
      load();
    }
  });
  load();
}
