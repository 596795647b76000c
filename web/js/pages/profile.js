// The profile: picture, name, email address, password, the account's recipes as an archive (export, import),
// login sessions, personal access tokens, and deleting the account.

import { api, send } from '../api.js';
import { confirmDialog } from '../dialog.js';
import { formatDate, h, loading, notify, replace } from '../dom.js';
import { field, form, valueOf } from '../forms.js';
import { t, tNodes } from '../i18n.js';
import { navigate } from '../router.js';
import { forgetUser, updateUser } from '../session.js';
import { archivePanel } from './profile-archive.js';
import { avatarEditor } from './profile-avatar.js';
import { emailPanel } from './profile-email.js';
import { requireUser } from './signed-in.js';

export function profilePage(main, params, query, signal) {
  const user = requireUser();
  if (!user) return;
  document.title = `${t('nav.profile')} — recipe-api`;
  const sessions = h('div', {}, loading(t('profile.loadingSessions')));
  const tokens = h('div', {}, loading(t('profile.loadingTokens')));
  main.append(h('div', { class: 'narrow profile' },
    h('h1', {}, t('nav.profile')),
    h('p', { class: 'muted' }, t('profile.signedInAs', { email: user.email }), ' · ', h('a', { href: `/u/${user.id}` }, t('profile.publicPage'))),
    section('picture', t('profile.picture'), avatarEditor(user)),
    section('name', t('common.name'), nameForm(user)),
    section('email', t('profile.email'), emailPanel(user)),
    section('password', t('common.password'), passwordForm()),
    section('your-recipes', t('profile.yourRecipes'), archivePanel()),
    section('sessions', t('profile.sessions'), h('p', { class: 'hint' }, t('profile.sessionsHint')), sessions),
    section('personal-access-tokens', t('profile.tokens'),
      h('p', { class: 'hint' }, tNodes('profile.tokensHint', { header: h('code', {}, 'Authorization: Bearer <token>') })),
      tokens),
    section('delete-account', t('profile.deleteAccount'), deleteForm())));
  drawSessions(sessions, signal);
  drawTokens(tokens, signal);
}

/** A panel of the page; `name` makes its heading's id (`section-<name>`), whatever the language. */
function section(name, title, ...content) {
  const id = `section-${name}`;
  return h('section', { class: 'panel', 'aria-labelledby': id }, h('h2', { id }, title), content);
}

/** "Chrome on Linux" from a User-Agent header; the whole header is the title. */
export function describeAgent(agent) {
  if (!agent) return t('profile.unknownClient');
  const browsers = [['Edg/', 'Edge'], ['OPR/', 'Opera'], ['Firefox/', 'Firefox'], ['Chrome/', 'Chrome'], ['Safari/', 'Safari']];
  const systems = [['Android', 'Android'], ['iPhone', 'iPhone'], ['iPad', 'iPad'], ['Windows', 'Windows'], ['Mac OS', 'macOS'], ['CrOS', 'ChromeOS'], ['Linux', 'Linux']];
  const browser = browsers.find(([mark]) => agent.includes(mark));
  const system = systems.find(([mark]) => agent.includes(mark));
  if (!browser) return agent.split(/[\s/]/)[0] || t('profile.unknownClient'); // curl/8.5 → curl
  return system ? t('profile.agent', { browser: browser[1], system: system[1] }) : browser[1];
}

function nameForm(user) {
  return form({
    label: t('profile.changeName'),
    submitLabel: t('profile.saveName'),
    onSubmit: async (el) => {
      const { data } = await api('PATCH', '/users/me', { body: { username: valueOf(el, 'username') }, auth: true });
      updateUser(data.user);
      notify(t('profile.nameSaved'));
    },
  }, field({ label: t('common.name'), name: 'username', value: user.username, maxlength: 64, required: true, autocomplete: 'nickname' }));
}

function passwordForm() {
  return form({
    label: t('profile.changePassword'),
    submitLabel: t('profile.changePassword'),
    onSubmit: async (el) => {
      await api('POST', '/users/me/password', {
        body: { current_password: valueOf(el, 'current_password'), new_password: valueOf(el, 'new_password') },
        auth: true,
      });
      el.reset();
      notify(t('profile.passwordChanged'));
      drawSessions(document.querySelector('[data-sessions]'));
    },
  },
  field({ label: t('profile.currentPassword'), name: 'current_password', type: 'password', autocomplete: 'current-password', required: true }),
  field({ label: t('auth.newPassword'), name: 'new_password', type: 'password', autocomplete: 'new-password', required: true }));
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
  replace(box, h('ul', { class: 'rows', 'aria-label': t('profile.sessions') }, list.map((s) => h('li', {},
    h('div', {},
      h('strong', { title: s.user_agent || '' }, describeAgent(s.user_agent)),
      s.current && h('span', { class: 'badge badge-published' }, t('profile.thisBrowser')),
      h('p', { class: 'hint' }, t('profile.sessionDates', { created: formatDate(s.created_at), used: formatDate(s.last_used_at) }))),
    !s.current && h('button', {
      type: 'button',
      class: 'secondary',
      'aria-label': t('profile.logOutSession', { created: formatDate(s.created_at) }),
      onclick: async () => {
        try {
          await api('DELETE', `/users/me/sessions/${s.id}`, { auth: true });
          notify(t('profile.sessionEnded'));
        } catch (error) {
          notify(error.message, 'error');
        }
        drawSessions(box);
      },
    }, t('nav.logout'))))));
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
    label: t('profile.newTokenLabel'),
    submitLabel: t('profile.createToken'),
    onSubmit: async (el) => {
      const days = valueOf(el, 'expires_in_days').trim();
      const body = { name: valueOf(el, 'name'), scope: valueOf(el, 'scope') };
      if (days) body.expires_in_days = Number(days);
      const { data } = await api('POST', '/users/me/tokens', { body, auth: true });
      await drawTokens(box);
      box.querySelector('.new-token').append(
        h('p', {}, t('profile.copyToken')),
        h('output', { class: 'token-value' }, data.token));
    },
  },
  field({ label: t('profile.tokenName'), name: 'name', maxlength: 100, required: true, placeholder: t('profile.tokenExample') }),
  h('div', { class: 'field-row' },
    field({ label: t('profile.access'), name: 'scope', kind: 'select', value: 'read', options: [['read', t('profile.readOnly')], ['write', t('profile.readWrite')]] }),
    field({ label: t('profile.expiresIn'), name: 'expires_in_days', type: 'number', min: 1, max: 3650, step: 1, hint: t('profile.expiresNever') })));
  replace(box,
    list.length === 0
      ? h('p', { class: 'muted' }, t('profile.noTokens'))
      : h('ul', { class: 'rows', 'aria-label': t('profile.tokenList') }, list.map((token) => h('li', {},
        h('div', {},
          h('strong', {}, token.name),
          h('span', { class: 'badge' }, token.scope === 'write' ? t('profile.readWriteBadge') : t('profile.readOnlyBadge')),
          h('p', { class: 'hint' }, tokenDates(token))),
        h('button', {
          type: 'button',
          class: 'secondary',
          'aria-label': t('profile.revokeLabel', { name: token.name }),
          onclick: async () => {
            try {
              await api('DELETE', `/users/me/tokens/${token.id}`, { auth: true });
              notify(t('profile.tokenRevoked'));
            } catch (error) {
              notify(error.message, 'error');
            }
            drawTokens(box);
          },
        }, t('profile.revoke'))))),
    shown,
    h('h3', {}, t('profile.newToken')),
    create);
}

/** "Created 3 Dec 2026 · expires 2 Jan 2027 · never used" */
function tokenDates(token) {
  return [
    t('profile.tokenCreated', { date: formatDate(token.created_at) }),
    token.expires_at ? t('profile.tokenExpires', { date: formatDate(token.expires_at) }) : t('profile.tokenNeverExpires'),
    token.last_used_at ? t('profile.tokenUsed', { date: formatDate(token.last_used_at) }) : t('profile.tokenNeverUsed'),
  ].join(' · ');
}

function deleteForm() {
  return form({
    label: t('profile.deleteAccount'),
    submitLabel: t('profile.deleteMine'),
    onSubmit: async (el) => {
      const sure = await confirmDialog({
        title: t('profile.deleteTitle'),
        message: t('profile.deleteMessage'),
        confirmLabel: t('profile.deleteEverything'),
      });
      if (!sure) return;
      await api('DELETE', '/users/me', { body: { password: valueOf(el, 'password') }, auth: true });
      await send('DELETE', '/users/cookie').catch(() => {});
      forgetUser();
      notify(t('profile.accountDeleted'));
      navigate('/');
    },
  },
  h('p', { class: 'hint' }, t('profile.deleteHint')),
  field({ label: t('common.password'), name: 'password', type: 'password', autocomplete: 'current-password', required: true }));
}
