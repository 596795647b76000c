// The administration page (`/admin`, administrators only): the reports queue, the accounts,
// the invitation codes and the audit log, one tab at a time (`?tab=`). Each tab is its own
// module; they share the paged list of rows.js and the row's button below.
// Administrators' routes need a login session, which the UI always has.

import { h, notify } from '../dom.js';
import { t } from '../i18n.js';
import { navigate } from '../router.js';
import { auditTab } from './admin-audit.js';
import { invitesTab } from './admin-invites.js';
import { reportsTab } from './admin-reports.js';
import { usersTab } from './admin-users.js';
import { requireUser } from './signed-in.js';

/** The tabs, in order: the first is the default. */
const TABS = [
  ['reports', () => t('admin.reports'), reportsTab],
  ['users', () => t('admin.users'), usersTab],
  ['invites', () => t('admin.invites'), invitesTab],
  ['audit', () => t('admin.audit'), auditTab],
];

export function adminPage(main, params, query, signal) {
  const user = requireUser();
  if (!user) return;
  document.title = `${t('admin.title')} — recipe-api`;
  if (user.role !== 'admin') {
    main.append(h('div', { class: 'narrow' },
      h('h1', {}, t('admin.title')),
      h('p', { class: 'form-error', role: 'alert' }, t('admin.notAdmin'))));
    return;
  }
  const chosen = TABS.find(([name]) => name === query.get('tab')) ?? TABS[0];
  const tabs = h('div', { class: 'segmented admin-tabs', role: 'group', 'aria-label': t('admin.sections') },
    TABS.map(([name, label]) => h('button', {
      type: 'button',
      'aria-pressed': name === chosen[0] ? 'true' : 'false',
      dataset: { tab: name },
      onclick: () => navigate(`/admin?tab=${name}`),
    }, label())));
  const panel = h('section', { class: 'admin-panel', 'aria-label': chosen[1]() });
  main.append(h('div', { class: 'admin' }, h('h1', {}, t('admin.title')), tabs, panel));
  chosen[2](panel, query, signal);
}

/** A row's button that runs `run()` (an API call and the redraw it brings); a refusal is shown. */
export function actionButton(label, { danger = false, run }) {
  const button = h('button', {
    type: 'button',
    class: danger ? 'danger small' : 'secondary small',
    onclick: async () => {
      button.disabled = true;
      try {
        await run();
      } catch (error) {
        notify(error.message || t('common.failed'), 'error');
      } finally {
        button.disabled = false;
      }
    },
  }, label);
  return button;
}
