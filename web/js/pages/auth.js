// Log in and register. After either, the session is kept in the HttpOnly cookie and the page
// goes where the visitor was headed (`?next=`), or to their recipes.

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
    h('p', {}, 'New here? ', h('a', { href: '/register' }, 'Create an account'), '.')));
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
