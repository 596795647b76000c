// Lists that load a page at a time by cursor (`next_cursor`, "More"), and what they say when a
// page cannot be loaded.

import { api, ApiError } from './api.js';
import { h, replace } from './dom.js';
import { t } from './i18n.js';

/** Why a page of a list did not load, with a button that runs `retry`. */
export function loadFailure(error, retry) {
  const message = error instanceof ApiError ? error.message : t('common.failed');
  return h('p', { class: 'form-error', role: 'alert' }, message, ' ',
    h('button', { type: 'button', class: 'secondary', onclick: retry }, t('common.tryAgain')));
}

/**
 * A list that loads `path` (a signed-in list route answering `result_list` and `next_cursor`;
 * `params`: its query) a page at a time, each item drawn by `row(item)`; `empty`: what to say
 * when there is none; `className`: the list's classes. Answers `{el, reload}`.
 */
export function pagedRows({ path, params = {}, row, empty, label, className, loadingText = t('common.loading'), signal }) {
  const items = h('ul', { class: `rows ${className}`, 'aria-label': label });
  const status = h('div', { class: 'list-status' });
  let cursor = null;
  let loadingNow = false;

  async function loadNext() {
    if (loadingNow) return;
    loadingNow = true;
    replace(status, h('p', { class: 'loading', role: 'status' }, loadingText));
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
      replace(status, loadFailure(error, loadNext));
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

