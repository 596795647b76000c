// The administration page's invitation codes (`/admin/invites`): a form that creates one (how
// many accounts it may create, when it expires, a note on whom it is for), the new code and its
// registration link shown once, and the codes so far, newest first, each revocable while it
// still admits a signup.

import { api } from '../api.js';
import { formatDateTime, h, notify, replace } from '../dom.js';
import { field, form, valueOf } from '../forms.js';
import { t } from '../i18n.js';
import { pagedRows } from '../rows.js';
import { actionButton } from './admin.js';

export function invitesTab(panel, query, signal) {
  const created = h('div', { class: 'new-token', 'aria-live': 'polite' });
  const list = pagedRows({
    className: 'admin-rows',
    path: '/admin/invites',
    row: inviteRow,
    empty: t('admin.noInvites'),
    label: t('admin.invites'),
    signal,
  });
  const create = form({
    label: t('admin.newInvite'),
    submitLabel: t('admin.createInvite'),
    onSubmit: async (el) => {
      const note = valueOf(el, 'note').trim();
      const hours = valueOf(el, 'expires_in_hours');
      const body = {
        max_uses: Number(valueOf(el, 'max_uses')),
        ...(hours ? { expires_in_hours: Number(hours) } : {}),
        ...(note ? { note } : {}),
      };
      const { data } = await api('POST', '/admin/invites', { auth: true, body });
      const link = `${location.origin}/register#invite=${encodeURIComponent(data.invite.code)}`;
      replace(created,
        h('p', {}, t('admin.inviteCreated')),
        h('p', {}, h('code', { class: 'token-value invite-code' }, data.invite.code)),
        h('p', {}, t('admin.inviteLink'), ' ', h('code', { class: 'token-value invite-link' }, link)));
      notify(t('admin.inviteCreatedShort'));
      el.elements.namedItem('note').value = '';
      list.reload();
    },
  },
  h('div', { class: 'field-row' },
    field({ label: t('admin.maxUses'), name: 'max_uses', type: 'number', min: 1, max: 10000, value: '1', required: true }),
    field({ label: t('admin.expiresIn'), name: 'expires_in_hours', type: 'number', min: 1, max: 8784, value: '72', hint: t('admin.expiresHint') })),
  field({ label: t('admin.note'), name: 'note', maxlength: 200, hint: t('admin.inviteNoteHint') }));
  panel.append(
    h('section', { class: 'panel', 'aria-labelledby': 'new-invite-title' },
      h('h2', { id: 'new-invite-title' }, t('admin.newInvite')), create, created),
    h('h2', {}, t('admin.invitesSoFar')),
    list.el);
}

/** Why a code no longer admits anyone, or that it does. */
function state(invite) {
  if (invite.revoked_at) return [t('admin.inviteRevoked'), 'badge-disabled'];
  if (invite.usable) return [t('admin.inviteUsable'), 'badge-published'];
  if (invite.uses >= invite.max_uses) return [t('admin.inviteUsedUp'), 'badge-draft'];
  return [t('admin.inviteExpired'), 'badge-draft'];
}

/** One code: its first characters, note, uses, expiry, and Revoke while it is usable. */
function inviteRow(invite) {
  const item = h('li', { class: 'admin-invite', dataset: { inviteId: invite.id } });
  const [label, badge] = state(invite);
  replace(item,
    h('span', {},
      h('code', {}, `${invite.hint}…`),
      h('span', { class: `badge ${badge}` }, label),
      invite.note && h('span', { class: 'admin-invite-note' }, ` ${invite.note}`)),
    h('span', { class: 'muted' },
      t('admin.inviteUses', { uses: invite.uses, max: invite.max_uses }), ' · ',
      invite.expires_at ? t('admin.inviteExpires', { when: formatDateTime(invite.expires_at) }) : t('admin.inviteNeverExpires')),
    h('span', { class: 'row-actions' }, invite.usable && actionButton(t('admin.revoke'), {
      danger: true,
      run: async () => {
        const { data } = await api('DELETE', `/admin/invites/${invite.id}`, { auth: true });
        notify(t('admin.inviteRevokedNotice'));
        item.replaceWith(inviteRow(data.invite));
      },
    })));
  return item;
}
