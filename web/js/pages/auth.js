// Log in and register. After either, the session is kept in the HttpOnly cookie and the page
// goes where the visitor was headed (`?next=`), or to their recipes. A forgotten password is
// reset with a link by mail: `/forgot-password` asks for it, `/reset-password#token=…` (the
// link; the token stays in the fragment, never sent to a server) sets the new password.

import { send } from '../api.js';
import { h } from '../dom.js';
import { field, form, valueOf } from '../forms.js';
import { navigate } from '../router.js';
import { logIn, register } from '../session.js';

/** Where to go after signing in: a UI path from `?next=`, or "My recipes". */
function nextPath(query) {
  const next = query.get('next') || '';
  return next.startsWith('/') && !next.startsWith('//') ? next : '/my';
}

export function loginPage(main, params, query) {
  document.title = 'Log in — recipe-api';
  main.append(h('div', { class: 'narrow' },
    h('h1', {}, 'Log in'),
    form({
      label: 'Log in',
      submitLabel: 'Log in',
      onSubmit: async (el) => {
        await logIn(valueOf(el, 'email'), valueOf(el, 'password'));
        navigate(nextPath(query), { replace: true });
      },
    },
    field({ label: 'Email', name: 'email', type: 'email', autocomplete: 'username', required: true }),
    field({ label: 'Password', name: 'password', type: 'password', autocomplete: 'current-password', required: true })),
    h('p', {}, h('a', { href: '/forgot-password' }, 'Forgot your password?')),
    h('p', {}, 'New here? ', h('a', { href: '/register' }, 'Create an account'), '.')));
}

export function forgotPasswordPage(main) {
  document.title = 'Forgot your password? — recipe-api';
  const status = h('p', { class: 'notice', role: 'status' });
  main.append(h('div', { class: 'narrow' },
    h('h1', {}, 'Forgot your password?'),
    h('p', {}, 'Give the address you log in with: we mail you a link to choose a new password.'),
    form({
      label: 'Ask for a reset link',
      submitLabel: 'Mail me a link',
      onSubmit: async (el) => {
        status.textContent = '';
        await send('POST', '/users/password/forgot', { body: { email: valueOf(el, 'email') } });
        status.textContent = 'If an account has this address, a message with a link is on its way. '
          + 'The link works once, and only for a while.';
      },
    },
    field({ label: 'Email', name: 'email', type: 'email', autocomplete: 'username', required: true })),
    status,
    h('p', {}, h('a', { href: '/login' }, 'Back to log in'), '.')));
}

export function resetPasswordPage(main) {
  document.title = 'Choose a new password — recipe-api';
  const token = new URLSearchParams(location.hash.slice(1)).get('token') || '';
  const box = h('div', { class: 'narrow' }, h('h1', {}, 'Choose a new password'));
  main.append(box);
  if (!token) {
    box.append(h('p', { class: 'form-error', role: 'alert' },
      'This page needs the link from the reset message. ',
      h('a', { href: '/forgot-password' }, 'Ask for a new link'), '.'));
    return;
  }
  const done = h('p', { class: 'notice', role: 'status' });
  const resetForm = form({
    label: 'Choose a new password',
    submitLabel: 'Set the password',
    onSubmit: async (el) => {
      await send('POST', '/users/password/reset',
        { body: { token, new_password: valueOf(el, 'new_password') } });
      history.replaceState(null, '', '/reset-password');
      resetForm.remove();
      done.append('Your password is changed and every session was logged out. ',
        h('a', { href: '/login' }, 'Log in'), ' with the new one.');
    },
  },
  field({ label: 'New password', name: 'new_password', type: 'password', autocomplete: 'new-password', required: true, hint: 'A long passphrase is best.' }));
  box.append(resetForm, done);
}

export function registerPage(main, params, query) {
  document.title = 'Register — recipe-api';
  main.append(h('div', { class: 'narrow' },
    h('h1', {}, 'Create an account'),
    form({
      label: 'Create an account',
      submitLabel: 'Register',
      onSubmit: async (el) => {
        await register(valueOf(el, 'username'), valueOf(el, 'email'), valueOf(el, 'password'));
        navigate(nextPath(query), { replace: true });
      },
    },
    field({ label: 'Name', name: 'username', autocomplete: 'nickname', maxlength: 64, required: true, hint: 'Shown with your recipes.' }),
    field({ label: 'Email', name: 'email', type: 'email', autocomplete: 'email', required: true, hint: 'Only you see it; you log in with it.' }),
    field({ label: 'Password', name: 'password', type: 'password', autocomplete: 'new-password', required: true, hint: 'A long passphrase is best.' })),
    h('p', {}, 'Already registered? ', h('a', { href: '/login' }, 'Log in'), '.')));
}
