// User management (admins): list, add, reset password, change role, enable/disable, sign out
// everywhere. Drives templates/tags/userAdmin.html (dashboard and Users page); app.js mounts it.
import { api, attempt, el, formDialog, toast } from './common.js';

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
    const reset = el('button', { type: 'button', onclick: () => resetPassword(u) }, 'Reset password');
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

  /** The password dialog: masked fields, typed twice, the creation rule (10+ characters) checked before sending. */
  function resetPassword(u) {
    const error = el('p', { class: 'alert error', role: 'alert', hidden: true });
    formDialog({
      id: 'password-dialog',
      title: `New password for ${u.username}`,
      submitLabel: 'Set password',
      body: [
        el('label', {}, 'New password', el('input', { type: 'password', name: 'password', required: true, minlength: '10',
          autocomplete: 'new-password', id: 'new-password' })),
        el('label', {}, 'Repeat it', el('input', { type: 'password', name: 'repeat', required: true, minlength: '10',
          autocomplete: 'new-password', id: 'repeat-password' })),
        el('p', { class: 'muted small' }, 'At least 10 characters. Their open sessions end at once.'),
        error,
      ],
      onSubmit: async f => {
        const password = f.elements.password.value;
        if (password !== f.elements.repeat.value) {
          error.textContent = 'The two passwords differ.';
          error.hidden = false;
          return false;
        }
        try {
          await api('PUT', `/api/v1/users/${encodeURIComponent(u.username)}/password`, { password });
        } catch (e) {
          error.textContent = e.message;
          error.hidden = false;
          return false;
        }
        toast(`Password of ${u.username} changed; their sessions were ended.`, 'ok');
        load();
        return true;
      },
    });
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
