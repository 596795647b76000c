// The administration page's audit log (`GET /admin/audit`): administrators' actions and
// security events, newest first, or only those about one account (`?user_id=`, linked from the
// accounts tab). A hidden recipe can be shown again from its event.

import { api } from '../api.js';
import { fillAuthor } from '../authors.js';
import { formatDateTime, h, notify, replace } from '../dom.js';
import { t } from '../i18n.js';
import { pagedRows } from '../rows.js';
import { actionButton } from './admin.js';

/** The words of each event the log holds (`action`). */
function actionName(action) {
  const names = {
    account_created: t('audit.accountCreated'),
    account_disabled: t('audit.accountDisabled'),
    account_enabled: t('audit.accountEnabled'),
    role_changed: t('audit.roleChanged'),
    password_reset: t('audit.passwordReset'),
    password_set_by_admin: t('audit.passwordSetByAdmin'),
    password_changed: t('audit.passwordChanged'),
    email_change_requested: t('audit.emailChangeRequested'),
    email_changed: t('audit.emailChanged'),
    recipe_hidden: t('audit.recipeHidden'),
    recipe_unhidden: t('audit.recipeUnhidden'),
    invite_created: t('audit.inviteCreated'),
    invite_revoked: t('audit.inviteRevoked'),
    report_resolved: t('audit.reportResolved'),
  };
  return names[action] ?? action;
}

export function auditTab(panel, query, signal) {
  const userId = /^[1-9][0-9]{0,17}$/.test(query.get('user_id') || '') ? query.get('user_id') : null;
  const list = pagedRows({
    className: 'admin-rows',
    path: '/admin/audit',
    params: userId ? { user_id: userId } : {},
    row: eventRow,
    empty: t('admin.noEvents'),
    label: t('admin.audit'),
    signal,
  });
  replace(panel,
    userId && h('p', { class: 'muted' },
      t('admin.auditOf'), ' ', account(userId), ' · ', h('a', { href: '/admin?tab=audit' }, t('admin.auditAll'))),
    list.el);
}

/** A link to account `id`'s page, named once its name is known. */
function account(id) {
  const link = h('a', { href: `/u/${id}` }, t('admin.targetUser', { id }));
  fillAuthor(link, id);
  return link;
}

/** What the event concerns, as a link where it has a page. */
function target(event) {
  if (event.target_type === 'recipe') return h('a', { href: `/r/${event.target_id}` }, t('admin.targetRecipe', { id: event.target_id }));
  if (event.target_type === 'invite') return h('span', {}, t('admin.targetInvite', { id: event.target_id }));
  if (event.target_type === 'report') return h('span', {}, t('admin.targetReport', { id: event.target_id }));
  return null;
}

/** One event: when, who, what, about whom, and its facts. */
function eventRow(event) {
  const action = actionName(event.action);
  const facts = Object.entries(event.details).map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
  const about = event.target_type ? target(event) : event.subject_user_id && account(event.subject_user_id);
  return h('li', { class: 'admin-event', dataset: { eventId: event.id, action: event.action } },
    h('span', {}, h('strong', {}, action), about && [' · ', about]),
    h('span', { class: 'muted' },
      formatDateTime(event.created_at), ' · ',
      event.actor_id ? account(event.actor_id) : event.actor),
    facts.length > 0 && h('span', { class: 'admin-event-facts' }, facts.join(' · ')),
    h('span', { class: 'row-actions' }, event.action === 'recipe_hidden' && actionButton(t('admin.unhide'), {
      run: async () => {
        const { data } = await api('POST', `/admin/recipes/${event.target_id}/unhide`, { auth: true });
        notify(data.hidden ? t('admin.stillHidden') : t('admin.unhidden', { id: event.target_id }));
      },
    })));
}
