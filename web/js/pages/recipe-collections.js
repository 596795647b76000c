// "Add to collection" on a recipe's page, for a signed-in reader: a select of their collections
// and Add (which puts the recipe at the end of the one chosen; adding it again changes nothing),
// then a link to that collection. With no collection yet, a link to the Collections page.

import { api } from '../api.js';
import { h, newId, notify, replace } from '../dom.js';
import { t, tNodes } from '../i18n.js';
import { currentUser } from '../session.js';

/** Collections asked for per request (the API's largest page). */
const PAGE_SIZE = 100;

/** The reader's collections, every page of them. */
async function myCollections(signal) {
  const all = [];
  let cursor = null;
  do {
    const q = new URLSearchParams({ limit: String(PAGE_SIZE) });
    if (cursor) q.set('cursor', cursor);
    const { data } = await api('GET', `/users/me/collections?${q}`, { auth: true, signal });
    all.push(...data.result_list);
    cursor = data.next_cursor;
  } while (cursor);
  return all;
}

/** The control for `recipe` (an answer of `GET /recipes/{id}`); null when signed out. */
export function collectionPicker(recipe, { signal } = {}) {
  if (!currentUser()) return null;
  const el = h('section', { class: 'add-to-collection', 'aria-label': t('addTo.label') });
  fill(el, recipe, signal);
  return el;
}

async function fill(el, recipe, signal) {
  let collections;
  try {
    collections = await myCollections(signal);
  } catch (error) {
    if (error.name !== 'AbortError') replace(el, h('p', { class: 'hint' }, t('addTo.notLoaded', { message: error.message })));
    return;
  }
  if (collections.length === 0) {
    replace(el, h('p', { class: 'hint' }, tNodes('addTo.start', { link: h('a', { href: '/c' }, t('addTo.startLink')) })));
    return;
  }
  const id = newId('add-collection');
  const select = h('select', { id, name: 'collection' },
    collections.map((c) => h('option', { value: c.id }, c.name)));
  const done = h('p', { class: 'hint collection-added', role: 'status' });
  const add = h('button', {
    type: 'button',
    class: 'secondary',
    onclick: async () => {
      add.disabled = true;
      try {
        const { data } = await api('PUT', `/collections/${select.value}/recipes/${recipe.id}`, { auth: true });
        replace(done, tNodes('addTo.addedTo', { collection: h('a', { href: `/c/${data.info.id}` }, data.info.name) }));
        notify(t('addTo.added', { name: data.info.name }));
      } catch (error) {
        notify(error.message, 'error');
      } finally {
        add.disabled = false;
      }
    },
  }, t('common.add'));
  replace(el,
    h('div', { class: 'add-to-collection-row' }, h('label', { for: id }, t('addTo.label')), select, add),
    done);
}
