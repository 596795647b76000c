// The administration page (`/admin`, administrators only): the reports queue, the accounts,
// the invitation codes and the audit log, one tab at a time (`?tab=`). Each tab is its own
// module; they share the paged list below (a page at a time by `next_cursor`, "More").
// Administrators' routes need a login session, which the UI always has.

import { api, ApiError } from '../api.js';
import { h, notify, replace } from '../dom.js';
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

/**
 * A list that loads `path` (an administrators' list route; `params`: its query) a page at a
 * time, each item drawn by `row(item, list)`; `empty`: what to say when there is none. Answers
 * `{el, reload}`.
 */
export function pagedRows({ path, params = {}, row, empty, label, signal }) {
  const items = h('ul', { class: 'rows admin-rows', 'aria-label': label });
  const status = h('div', { class: 'list-status' });
  let cursor = null;
  let loadingNow = false;

  async function loadNext() {
    if (loadingNow) return;
    loadingNow = true;
    replace(status, h('p', { class: 'loading', role: 'status' }, t('common.loading')));
    try {
      const q = new URLSearchParams({ ...params, limit: '50' });
      if (cursor) q.set('cursor', cursor);
      const { data } = await api('GET', `${path}?${q}`, { auth: true, signal });
      items.append(...data.result_list.map((item) => row(item)));
      cursor = data.next_cursor;
      if (items.children.length === 0) {
        replace(status, h('p', { class: 'empty' }, empty));
      } else {
        replace(status, cursor && h('button', { type: 'button', class: 'secondary more', onclick: loadNext }, t('common.more')));
      }
    } catch (error) {
      if (error.name === 'AbortError') return;
      const message = error instanceof ApiError ? error.message : t('common.failed');
      replace(status, h('p', { class: 'form-error', role: 'alert' }, message, ' ',
        h('button', { type: 'button', class: 'secondary', onclick: loadNext }, t('common.tryAgain'))));
    } finally {
      loadingNow = false;
    }
  }

  /** Starts again from the first page. */
  function reload() {
    items.replaceChildren();
    cursor = null;
    loadNext();
  }

  loadNext();
  return { el: h('div', {}, items, status), reload };
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
