// The profile's email address: whether it is verified (with a button that mails a new link),
// the address waiting for its verification, and a form to change it. A new address applies
// once the link mailed to it is opened (`/verify-email`); until then you log in with the
// current one.

import { api } from '../api.js';
import { h, notify, replace } from '../dom.js';
import { field, form, valueOf } from '../forms.js';
import { t, tNodes } from '../i18n.js';
import { updateUser } from '../session.js';

/** The email panel of `user` (the signed-in account). */
export function emailPanel(user) {
  const status = h('div', { 'aria-live': 'polite' });
  const draw = (account) => {
    const waiting = account.pending_email || (!account.email_verified && account.email);
    replace(status,
      h('p', {}, ...tNodes('profile.yourAddress', { email: h('strong', {}, account.email) }), ' ',
        account.email_verified
          ? h('span', { class: 'badge badge-published' }, t('profile.verified'))
          : h('span', { class: 'badge' }, t('profile.unverified'))),
      account.pending_email && h('p', { class: 'hint' },
        t('profile.pending', { email: account.pending_email })),
      waiting && h('button', {
        type: 'button',
        class: 'secondary',
        onclick: async (event) => {
          event.target.disabled = true;
          try {
            const { data } = await api('POST', '/users/me/verification', { auth: true });
            notify(data.already_verified ? t('profile.alreadyVerified') : t('profile.linkSent', { email: waiting }));
          } catch (error) {
            notify(error.message, 'error');
          }
          event.target.disabled = false;
        },
      }, t('profile.resend')));
  };
  draw(user);
  const change = form({
    label: t('profile.changeEmail'),
    submitLabel: t('profile.changeEmail'),
    onSubmit: async (el) => {
      const { data } = await api('PATCH', '/users/me', { body: { email: valueOf(el, 'email') }, auth: true });
      updateUser(data.user);
      draw(data.user);
      el.reset();
      if (data.user.pending_email) notify(t('profile.linkSent', { email: data.user.pending_email }));
    },
  }, field({ label: t('profile.newEmail'), name: 'email', type: 'email', autocomplete: 'email', required: true }));
  return h('div', {}, status, change);
}
