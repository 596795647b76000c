// The administration page's accounts (`GET /admin/users`): a search by part of a name or
// address, and each account's role, whether its address is verified, and Disable (with a reason
// for the audit log: the account's sessions end at once) or Enable. Nobody disables themselves.

import { api } from '../api.js';
import { formatDate, h, notify, replace } from '../dom.js';
import { field, form, valueOf } from '../forms.js';
import { t } from '../i18n.js';
import { formDialog } from '../report.js';
import { currentUser } from '../session.js';
import { pagedRows } from '../rows.js';
import { actionButton } from './admin.js';

export function usersTab(panel, query, signal) {
  const q = query.get('q') || '';
  const list = pagedRows({
    className: 'admin-rows',
    path: '/admin/users',
    params: q ? { q } : {},
    row: accountRow,
    empty: q ? t('admin.noUsersMatch', { q }) : t('admin.noUsers'),
    label: t('admin.users'),
    signal,
  });
  const search = form({
    label: t('admin.searchUsers'),
    submitLabel: t('search.button'),
    onSubmit: async (el) => {
      const wanted = valueOf(el, 'q').trim();
      const next = new URLSearchParams({ tab: 'users', ...(wanted ? { q: wanted } : {}) });
      history.replaceState(null, '', `/admin?${next}`);
      panel.replaceChildren();
      usersTab(panel, next, signal);
    },
  }, field({ label: t('admin.searchUsers'), name: 'q', type: 'search', value: q, maxlength: 100, hint: t('admin.searchHint') }));
  search.classList.add('admin-search');
  panel.append(search, list.el);
}

/** One account, with what an administrator can do to it. */
function accountRow(account) {
  const item = h('li', { class: 'admin-user', dataset: { userId: account.id } });
  const self = currentUser()?.id === account.id;
  const toggle = account.disabled
    ? actionButton(t('admin.enable'), {
      run: async () => {
        const { data } = await api('POST', `/admin/users/${account.id}/enable`, { auth: true });
        notify(t('admin.enabled', { name: account.username }));
        item.replaceWith(accountRow(data.user));
      },
    })
    : actionButton(t('admin.disable'), {
      danger: true,
      run: async () => formDialog({
        title: t('admin.disableTitle', { name: account.username }),
        submitLabel: t('admin.disable'),
        fields: [field({ label: t('admin.reason'), name: 'reason', kind: 'textarea', rows: 2, maxlength: 500, hint: t('admin.disableHint') })],
        onSubmit: async (el) => {
          const reason = valueOf(el, 'reason').trim();
          const { data } = await api('POST', `/admin/users/${account.id}/disable`, { auth: true, body: reason ? { reason } : {} });
          notify(t('admin.disabled', { name: account.username }));
          item.replaceWith(accountRow(data.user));
        },
      }),
    });
  replace(item,
    h('span', { class: 'admin-user-name' },
      h('a', { href: `/u/${account.id}` }, account.username),
      account.role === 'admin' && h('span', { class: 'badge badge-admin' }, t('admin.roleAdmin')),
      account.disabled && h('span', { class: 'badge badge-disabled' }, t('admin.disabledBadge')),
      !account.email_verified && h('span', { class: 'badge badge-draft' }, t('admin.unverified'))),
    h('span', { class: 'muted' }, account.email, ' · ', t('admin.joined', { date: formatDate(account.created_at) })),
    h('span', { class: 'row-actions' },
      h('a', { href: `/admin?tab=audit&user_id=${account.id}` }, t('admin.auditLink')),
      !self && toggle));
  return item;
}
