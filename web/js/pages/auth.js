// Log in and register. After either, the session is kept in the HttpOnly cookie and the page
// goes where the visitor was headed (`?next=`), or to their recipes. A forgotten password is
// reset with a link by mail: `/forgot-password` asks for it, `/reset-password#token=…` (the
// link; the token stays in the fragment, never sent to a server) sets the new password.
// `/verify-email#token=…` (the link mailed at registration or for a new address) verifies it.
// Registration follows the site's signup policy (`GET /users/signup`): closed, or asking for an
// invitation code (filled in from an invitation link, `/register#invite=…`).

import { send } from '../api.js';
import { h, replace } from '../dom.js';
import { field, form, valueOf } from '../forms.js';
import { t, tNodes } from '../i18n.js';
import { navigate } from '../router.js';
import { currentUser, logIn, register, updateUser } from '../session.js';

/** Where to go after signing in: a UI path from `?next=`, or "My recipes". */
function nextPath(query) {
  const next = query.get('next') || '';
  return next.startsWith('/') && !next.startsWith('//') ? next : '/my';
}

export function loginPage(main, params, query) {
  document.title = `${t('nav.login')} — recipe-api`;
  main.append(h('div', { class: 'narrow' },
    h('h1', {}, t('nav.login')),
    form({
      label: t('nav.login'),
      submitLabel: t('nav.login'),
      onSubmit: async (el) => {
        await logIn(valueOf(el, 'email'), valueOf(el, 'password'));
        navigate(nextPath(query), { replace: true });
      },
    },
    field({ label: t('common.email'), name: 'email', type: 'email', autocomplete: 'username', required: true }),
    field({ label: t('common.password'), name: 'password', type: 'password', autocomplete: 'current-password', required: true })),
    h('p', {}, h('a', { href: '/forgot-password' }, t('auth.forgot'))),
    h('p', {}, tNodes('auth.newHere', { link: h('a', { href: '/register' }, t('auth.createAccount')) }))));
}

export function forgotPasswordPage(main) {
  document.title = `${t('auth.forgot')} — recipe-api`;
  const status = h('p', { class: 'notice', role: 'status' });
  main.append(h('div', { class: 'narrow' },
    h('h1', {}, t('auth.forgot')),
    h('p', {}, t('auth.forgotIntro')),
    form({
      label: t('auth.askLink'),
      submitLabel: t('auth.mailLink'),
      onSubmit: async (el) => {
        status.textContent = '';
        await send('POST', '/users/password/forgot', { body: { email: valueOf(el, 'email') } });
        status.textContent = t('auth.linkSent');
      },
    },
    field({ label: t('common.email'), name: 'email', type: 'email', autocomplete: 'username', required: true })),
    status,
    h('p', {}, tNodes('auth.back', { link: h('a', { href: '/login' }, t('auth.backLink')) }))));
}

export function resetPasswordPage(main) {
  document.title = `${t('auth.choose')} — recipe-api`;
  const token = new URLSearchParams(location.hash.slice(1)).get('token') || '';
  const box = h('div', { class: 'narrow' }, h('h1', {}, t('auth.choose')));
  main.append(box);
  if (!token) {
    box.append(h('p', { class: 'form-error', role: 'alert' },
      tNodes('auth.needsLink', { link: h('a', { href: '/forgot-password' }, t('auth.askNewLink')) })));
    return;
  }
  const done = h('p', { class: 'notice', role: 'status' });
  const resetForm = form({
    label: t('auth.choose'),
    submitLabel: t('auth.setPassword'),
    onSubmit: async (el) => {
      await send('POST', '/users/password/reset',
        { body: { token, new_password: valueOf(el, 'new_password') } });
      history.replaceState(null, '', '/reset-password');
      resetForm.remove();
      done.append(...tNodes('auth.changed', { link: h('a', { href: '/login' }, t('nav.login')) }));
    },
  },
  field({ label: t('auth.newPassword'), name: 'new_password', type: 'password', autocomplete: 'new-password', required: true, hint: t('auth.passphrase') }));
  box.append(resetForm, done);
}

export async function verifyEmailPage(main) {
  document.title = `${t('verify.title')} — recipe-api`;
  const token = new URLSearchParams(location.hash.slice(1)).get('token') || '';
  const status = h('p', { class: 'notice', role: 'status' });
  main.append(h('div', { class: 'narrow' }, h('h1', {}, t('verify.title')), status));
  const askAgain = () => h('a', { href: '/profile' }, t('verify.askNewLink'));
  if (!token) {
    status.replaceWith(h('p', { class: 'form-error', role: 'alert' },
      ...tNodes('verify.needsLink', { link: askAgain() })));
    return;
  }
  status.textContent = t('verify.working');
  try {
    const { data } = await send('POST', '/users/verify', { body: { token } });
    history.replaceState(null, '', '/verify-email');
    if (currentUser()?.id === data.user.id) updateUser(data.user);
    const back = currentUser()
      ? h('a', { href: '/profile' }, t('verify.backToProfile'))
      : h('a', { href: '/login' }, t('nav.login'));
    replace(status, ...tNodes('verify.done', { email: data.user.email, link: back }));
  } catch (error) {
    const nodes = error.code === 'invalid_verification_token'
      ? tNodes('verify.invalid', { link: askAgain() })
      : tNodes('verify.failed', { message: error.message, link: askAgain() });
    status.replaceWith(h('p', { class: 'form-error', role: 'alert' }, ...nodes));
  }
}

export async function registerPage(main, params, query, signal) {
  document.title = `${t('nav.register')} — recipe-api`;
  const already = h('p', {}, tNodes('auth.already', { link: h('a', { href: '/login' }, t('nav.login')) }));
  const { data: policy } = await send('GET', '/users/signup', { signal });
  if (policy.signup === 'closed') {
    main.append(h('div', { class: 'narrow' },
      h('h1', {}, t('auth.createAccount')),
      h('p', { class: 'empty signup-closed' }, t('auth.signupClosed')),
      already));
    return;
  }
  const invited = policy.signup === 'invite';
  const code = new URLSearchParams(location.hash.slice(1)).get('invite') || '';
  main.append(h('div', { class: 'narrow' },
    h('h1', {}, t('auth.createAccount')),
    invited && h('p', { class: 'muted' }, t('auth.inviteOnly')),
    form({
      label: t('auth.createAccount'),
      submitLabel: t('nav.register'),
      onSubmit: async (el) => {
        await register(valueOf(el, 'username'), valueOf(el, 'email'), valueOf(el, 'password'),
          invited ? valueOf(el, 'invite_code').trim() : undefined);
        navigate(nextPath(query), { replace: true });
      },
    },
    invited && field({ label: t('auth.inviteCode'), name: 'invite_code', value: code, autocomplete: 'off', required: true, maxlength: 200 }),
    field({ label: t('common.name'), name: 'username', autocomplete: 'nickname', maxlength: 64, required: true, hint: t('auth.nameHint') }),
    field({ label: t('common.email'), name: 'email', type: 'email', autocomplete: 'email', required: true, hint: t('auth.emailHint') }),
    field({ label: t('common.password'), name: 'password', type: 'password', autocomplete: 'new-password', required: true, hint: t('auth.passphrase') })),
    already));
}
