// The profile: picture, name, password, the account's recipes as an archive (export, import),
// login sessions, personal access tokens, and deleting the account.

import { api, send } from '../api.js';
import { confirmDialog } from '../dialog.js';
import { formatDate, h, loading, notify, replace } from '../dom.js';
import { field, form, valueOf } from '../forms.js';
import { navigate } from '../router.js';
import { forgetUser, updateUser } from '../session.js';
import { archivePanel } from './profile-archive.js';
import { avatarEditor } from './profile-avatar.js';
import { requireUser } from './signed-in.js';

export function profilePage(main, params, query, signal) {
  const user = requireUser();
  if (!user) return;
  document.title = 'Profile — recipe-api';
  const sessions = h('div', {}, loading('Loading sessions…'));
  const tokens = h('div', {}, loading('Loading tokens…'));
  main.append(h('div', { class: 'narrow profile' },
    h('h1', {}, 'Profile'),
    h('p', { class: 'muted' }, `Signed in as ${user.email} · `, h('a', { href: `/u/${user.id}` }, 'your public page')),
    section('Picture', avatarEditor(user)),
    section('Name', nameForm(user)),
    section('Password', passwordForm()),
    section('Your recipes', archivePanel()),
    section('Sessions', h('p', { class: 'hint' }, 'Browsers and devices where you are logged in.'), sessions),
    section('Personal access tokens',
      h('p', { class: 'hint' }, 'For scripts and other apps: send one as ', h('code', {}, 'Authorization: Bearer <token>'), '.'),
      tokens),
    section('Delete account', deleteForm())));
  drawSessions(sessions, signal);
  drawTokens(tokens, signal);
}

function section(title, ...content) {
  const id = `section-${title.toLowerCase().replace(/\W+/g, '-')}`;
  return h('section', { class: 'panel', 'aria-labelledby': id }, h('h2', { id }, title), content);
}

/** "Chrome on Linux" from a User-Agent header; the whole header is the title. */
export function describeAgent(agent) {
  if (!agent) return 'Unknown client';
  const browsers = [['Edg/', 'Edge'], ['OPR/', 'Opera'], ['Firefox/', 'Firefox'], ['Chrome/', 'Chrome'], ['Safari/', 'Safari']];
  const systems = [['Android', 'Android'], ['iPhone', 'iPhone'], ['iPad', 'iPad'], ['Windows', 'Windows'], ['Mac OS', 'macOS'], ['CrOS', 'ChromeOS'], ['Linux', 'Linux']];
  const browser = browsers.find(([mark]) => agent.includes(mark));
  const system = systems.find(([mark]) => agent.includes(mark));
  if (!browser) return agent.split(/[\s/]/)[0] || 'Unknown client'; // curl/8.5 → curl
  return system ? `${browser[1]} on ${system[1]}` : browser[1];
}

function nameForm(user) {
  return form({
    label: 'Change name',
    submitLabel: 'Save name',
    onSubmit: async (el) => {
      const { data } = await api('PATCH', '/users/me', { body: { username: valueOf(el, 'username') }, auth: true });
      updateUser(data.user);
      notify('Name saved.');
    },
  }, field({ label: 'Name', name: 'username', value: user.username, maxlength: 64, required: true, autocomplete: 'nickname' }));
}

function passwordForm() {
  return form({
    label: 'Change password',
    submitLabel: 'Change password',
    onSubmit: async (el) => {
      await api('POST', '/users/me/password', {
        body: { current_password: valueOf(el, 'current_password'), new_password: valueOf(el, 'new_password') },
        auth: true,
      });
      el.reset();
      notify('Password changed. Your other sessions have been logged out.');
      drawSessions(document.querySelector('[data-sessions]'));
    },
  },
  field({ label: 'Current password', name: 'current_password', type: 'password', autocomplete: 'current-password', required: true }),
  field({ label: 'New password', name: 'new_password', type: 'password', autocomplete: 'new-password', required: true }));
}

async function drawSessions(box, signal) {
  if (!box) return;
  box.dataset.sessions = '';
  let list;
  try {
    list = (await api('GET', '/users/me/sessions', { auth: true, signal })).data.sessions;
  } catch (error) {
    if (error.name !== 'AbortError') replace(box, h('p', { class: 'form-error' }, error.message));
    return;
  }
  replace(box, h('ul', { class: 'rows', 'aria-label': 'Sessions' }, list.map((s) => h('li', {},
    h('div', {},
      h('strong', { title: s.user_agent || '' }, describeAgent(s.user_agent)),
      s.current && h('span', { class: 'badge badge-published' }, 'This browser'),
      h('p', { class: 'hint' }, `Logged in ${formatDate(s.created_at)} · last used ${formatDate(s.last_used_at)}`)),
    !s.current && h('button', {
      type: 'button',
      class: 'secondary',
      'aria-label': `Log out session from ${formatDate(s.created_at)}`,
      onclick: async () => {
        try {
          await api('DELETE', `/users/me/sessions/${s.id}`, { auth: true });
          notify('Session logged out.');
        } catch (error) {
          notify(error.message, 'error');
        }
        drawSessions(box);
      },
    }, 'Log out')))));
}

async function drawTokens(box, signal) {
  let list;
  try {
    list = (await api('GET', '/users/me/tokens', { auth: true, signal })).data.tokens;
  } catch (error) {
    if (error.name !== 'AbortError') replace(box, h('p', { class: 'form-error' }, error.message));
    return;
  }
  const shown = h('div', { class: 'new-token', 'aria-live': 'polite' });
  const create = form({
    label: 'New personal access token',
    submitLabel: 'Create token',
    onSubmit: async (el) => {
      const days = valueOf(el, 'expires_in_days').trim();
      const body = { name: valueOf(el, 'name'), scope: valueOf(el, 'scope') };
      if (days) body.expires_in_days = Number(days);
      const { data } = await api('POST', '/users/me/tokens', { body, auth: true });
      await drawTokens(box);
      box.querySelector('.new-token').append(
        h('p', {}, 'Copy this token now; it will not be shown again:'),
        h('output', { class: 'token-value' }, data.token));
    },
  },
  field({ label: 'Token name', name: 'name', maxlength: 100, required: true, placeholder: 'e.g. backup script' }),
  h('div', { class: 'field-row' },
    field({ label: 'Access', name: 'scope', kind: 'select', value: 'read', options: [['read', 'Read only'], ['write', 'Read and write']] }),
    field({ label: 'Expires in (days)', name: 'expires_in_days', type: 'number', min: 1, max: 3650, step: 1, hint: 'Empty: never.' })));
  replace(box,
    list.length === 0
      ? h('p', { class: 'muted' }, 'No tokens.')
      : h('ul', { class: 'rows', 'aria-label': 'Tokens' }, list.map((t) => h('li', {},
        h('div', {},
          h('strong', {}, t.name),
          h('span', { class: 'badge' }, t.scope === 'write' ? 'read and write' : 'read only'),
          h('p', { class: 'hint' }, `Created ${formatDate(t.created_at)} · ${t.expires_at ? `expires ${formatDate(t.expires_at)}` : 'never expires'}`
            + (t.last_used_at ? ` · last used ${formatDate(t.last_used_at)}` : ' · never used'))),
        h('button', {
          type: 'button',
          class: 'secondary',
          'aria-label': `Revoke token ${t.name}`,
          onclick: async () => {
            try {
              await api('DELETE', `/users/me/tokens/${t.id}`, { auth: true });
              notify('Token revoked.');
            } catch (error) {
              notify(error.message, 'error');
            }
            drawTokens(box);
          },
        }, 'Revoke')))),
    shown,
    h('h3', {}, 'New token'),
    create);
}

function deleteForm() {
  return form({
    label: 'Delete account',
    submitLabel: 'Delete my account',
    onSubmit: async (el) => {
      const sure = await confirmDialog({
        title: 'Delete your account?',
        message: 'Your account and all your recipes, drafts, sessions and tokens will be deleted for good.',
        confirmLabel: 'Delete everything',
      });
      if (!sure) return;
      await api('DELETE', '/users/me', { body: { password: valueOf(el, 'password') }, auth: true });
      await send('DELETE', '/users/cookie').catch(() => {});
      forgetUser();
      notify('Your account has been deleted.');
      navigate('/');
    },
  },
  h('p', { class: 'hint' }, 'This deletes all your recipes too. It cannot be undone.'),
  field({ label: 'Password', name: 'password', type: 'password', autocomplete: 'current-password', required: true }));
}
