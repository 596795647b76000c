// The administration page's reports queue (`GET /admin/reports`): open reports oldest first
// (or the resolved ones, or all), each naming what was reported, why, and by whom. An
// administrator hides a reported recipe or disables a reported account from here, and resolves
// the report with an optional note for the record.

import { api } from '../api.js';
import { fillAuthor } from '../authors.js';
import { formatDateTime, h, notify, replace } from '../dom.js';
import { field, valueOf } from '../forms.js';
import { t } from '../i18n.js';
import { navigate } from '../router.js';
import { formDialog, reasonName } from '../report.js';
import { pagedRows } from '../rows.js';
import { actionButton } from './admin.js';

const STATUSES = ['open', 'resolved', 'all'];

export function reportsTab(panel, query, signal) {
  const status = STATUSES.includes(query.get('status')) ? query.get('status') : 'open';
  const labels = { open: t('admin.reportsOpen'), resolved: t('admin.reportsResolved'), all: t('admin.reportsAll') };
  const filter = h('div', { class: 'segmented', role: 'group', 'aria-label': t('admin.reportsShow') },
    STATUSES.map((value) => h('button', {
      type: 'button',
      'aria-pressed': value === status ? 'true' : 'false',
      onclick: () => navigate(`/admin?tab=reports&status=${value}`),
    }, labels[value])));
  const list = pagedRows({
    className: 'admin-rows',
    path: '/admin/reports',
    params: { status },
    row: reportRow,
    empty: status === 'open' ? t('admin.noOpenReports') : t('admin.noReports'),
    label: t('admin.reports'),
    signal,
  });
  panel.append(filter, list.el);
}

/** What was reported, as a link where it has a page of its own. */
function target(report) {
  const id = report.target_id;
  switch (report.target_type) {
    case 'recipe': return h('a', { href: `/r/${id}` }, t('admin.targetRecipe', { id }));
    case 'user': return account(id);
    default: return h('span', {}, t('admin.targetComment', { id }));
  }
}

/** A link to account `id`'s page, named once its name is known. */
function account(id) {
  const link = h('a', { href: `/u/${id}` }, t('admin.targetUser', { id }));
  fillAuthor(link, id);
  return link;
}

/** One report, with what an administrator can do about it. */
function reportRow(report) {
  const item = h('li', { class: 'admin-report', dataset: { reportId: report.id } });
  const open = report.status === 'open';
  const actions = h('span', { class: 'row-actions' });
  if (open && report.target_type === 'recipe') {
    actions.append(actionButton(t('recipe.hide'), {
      danger: true,
      run: async () => formDialog({
        title: t('admin.hideRecipe', { id: report.target_id }),
        submitLabel: t('recipe.hide'),
        fields: [field({ label: t('recipe.hideReason'), name: 'reason', kind: 'textarea', rows: 3, maxlength: 500, required: true, value: reasonName(report.reason), hint: t('recipe.hideHint') })],
        onSubmit: async (el) => {
          await api('POST', `/admin/recipes/${report.target_id}/hide`, { auth: true, body: { reason: valueOf(el, 'reason').trim() } });
          notify(t('admin.recipeHidden', { id: report.target_id }));
        },
      }),
    }));
  }
  if (open && report.target_type === 'user') {
    actions.append(actionButton(t('admin.disable'), {
      danger: true,
      run: async () => {
        await api('POST', `/admin/users/${report.target_id}/disable`, { auth: true, body: { reason: reasonName(report.reason) } });
        notify(t('admin.accountDisabled', { id: report.target_id }));
      },
    }));
  }
  if (open) {
    actions.append(actionButton(t('admin.resolve'), {
      run: async () => formDialog({
        title: t('admin.resolveTitle', { id: report.id }),
        submitLabel: t('admin.resolve'),
        fields: [field({ label: t('admin.note'), name: 'note', kind: 'textarea', rows: 2, maxlength: 500, hint: t('admin.noteHint') })],
        onSubmit: async (el) => {
          const note = valueOf(el, 'note').trim();
          const { data } = await api('POST', `/admin/reports/${report.id}/resolve`, { auth: true, body: note ? { note } : {} });
          notify(t('admin.resolved'));
          item.replaceWith(reportRow(data.report));
        },
      }),
    }));
  }
  replace(item,
    h('span', { class: 'admin-report-what' },
      target(report), ' · ', h('strong', {}, reasonName(report.reason)),
      h('span', { class: open ? 'badge badge-draft' : 'badge badge-published' }, open ? t('admin.statusOpen') : t('admin.statusResolved'))),
    report.details && h('span', { class: 'admin-report-details' }, report.details),
    h('span', { class: 'muted' },
      report.reporter_id
        ? [t('admin.reportedBy'), ' ', account(report.reporter_id)]
        : t('admin.reporterGone'),
      ' · ', formatDateTime(report.created_at)),
    !open && h('span', { class: 'muted admin-resolution' },
      t('admin.resolvedAt', { when: formatDateTime(report.resolved_at) }), report.resolution && ` — ${report.resolution}`),
    actions);
  return item;
}
