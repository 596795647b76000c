// "Add to collection" on a recipe's page, for a signed-in reader: a select of their collections
// and Add (which puts the recipe at the end of the one chosen; adding it again changes nothing),
// then a link to that collection. With no collection yet, a link to the Collections page.

import { api } from '../api.js';
import { h, newId, notify, replace } from '../dom.js';
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
  const el = h('section', { class: 'add-to-collection', 'aria-label': 'Add to collection' });
  fill(el, recipe, signal);
  return el;
}

async function fill(el, recipe, signal) {
  let collections;
  try {
    collections = await myCollections(signal);
  } catch (error) {
    if (error.name !== 'AbortError') replace(el, h('p', { class: 'hint' }, `Your collections could not be loaded: ${error.message}`));
    return;
  }
  if (collections.length === 0) {
    replace(el, h('p', { class: 'hint' },
      h('a', { href: '/c' }, 'Start a collection'), ' to keep this recipe with others you choose.'));
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
        replace(done, 'Added to ', h('a', { href: `/c/${data.info.id}` }, data.info.name), '.');
        notify(`Added to “${data.info.name}”.`);
      } catch (error) {
        notify(error.message, 'error');
      } finally {
        add.disabled = false;
      }
    },
  }, 'Add');
  replace(el,
    h('div', { class: 'add-to-collection-row' }, h('label', { for: id }, 'Add to collection'), select, add),
    done);
}
