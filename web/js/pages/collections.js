// "Collections": the signed-in user's collections of recipes (every visibility), newest first,
// a page at a time ("More"), and a form to start one (name, description, visibility). A
// collection's own page is collection.js; recipes are added from a recipe's page
// (recipe-collections.js).

import { api } from '../api.js';
import { h, notify } from '../dom.js';
import { field, form, valueOf } from '../forms.js';
import { t } from '../i18n.js';
import { navigate } from '../router.js';
import { pagedRows } from '../rows.js';
import { requireUser } from './signed-in.js';

/** The visibilities, as the API names them and as the page says them. */
export function visibilities() {
  return [
    ['private', t('visibility.privateLong')],
    ['unlisted', t('visibility.unlistedLong')],
    ['public', t('visibility.publicLong')],
  ];
}

/** "Private", "Unlisted", "Public". */
export function visibilityName(visibility) {
  const names = { private: t('visibility.private'), unlisted: t('visibility.unlisted'), public: t('visibility.public') };
  return names[visibility] ?? visibility;
}

export function collectionsPage(main, params, query, signal) {
  if (!requireUser()) return;
  document.title = `${t('nav.collections')} — recipe-api`;
  const list = pagedRows({
    path: '/users/me/collections',
    row: collectionRow,
    empty: t('collections.empty'),
    label: t('collections.yours'),
    className: 'collection-list',
    loadingText: t('collections.loading'),
    signal,
  });

  main.append(h('div', { class: 'narrow collections' },
    h('h1', {}, t('nav.collections')),
    h('p', { class: 'muted' }, t('collections.intro')),
    list.el,
    h('section', { class: 'panel', 'aria-labelledby': 'new-collection-title' },
      h('h2', { id: 'new-collection-title' }, t('collections.new')),
      createForm())));
}

/** One collection: its name (a link to its page), visibility and how many recipes it holds. */
function collectionRow(collection) {
  return h('li', { dataset: { collectionId: collection.id } },
    h('span', {},
      h('a', { href: `/c/${collection.id}`, class: 'collection-name' }, collection.name),
      h('span', { class: `badge badge-${collection.visibility}` }, visibilityName(collection.visibility))),
    h('span', { class: 'muted collection-count' }, t('collections.recipes', { count: collection.recipe_count })));
}

/** The form that creates a collection and opens its page. */
function createForm() {
  return form({
    label: t('collections.new'),
    submitLabel: t('collections.create'),
    onSubmit: async (el) => {
      const description = valueOf(el, 'description').trim();
      const body = {
        name: valueOf(el, 'name').trim(),
        visibility: valueOf(el, 'visibility'),
        ...(description ? { description } : {}),
      };
      const { data } = await api('POST', '/collections', { auth: true, body });
      notify(t('collections.created', { name: data.info.name }));
      navigate(`/c/${data.info.id}`);
    },
  },
  field({ label: t('common.name'), name: 'name', required: true, maxlength: 100 }),
  field({ label: t('common.description'), name: 'description', kind: 'textarea', rows: 3, maxlength: 2000, hint: t('collections.optional') }),
  field({ label: t('collections.visibility'), name: 'visibility', kind: 'select', options: visibilities(), value: 'private' }));
}

/**
 * The public collections of author `user` (an answer of `GET /users/{id}`), as links to their
 * pages: a section that stays hidden while they have none.
 */
export function publicCollections(user, { signal } = {}) {
  const items = h('ul', { class: 'collection-links', 'aria-labelledby': 'author-collections-title' });
  const el = h('section', { class: 'author-collections', 'aria-labelledby': 'author-collections-title', hidden: true },
    h('h2', { id: 'author-collections-title' }, t('nav.collections')), items);
  (async () => {
    try {
      const q = new URLSearchParams({ limit: '100' });
      const { data } = await api('GET', `/users/${user.id}/collections?${q}`, { signal });
      items.append(...data.result_list.map((c) => h('li', { dataset: { collectionId: c.id } },
        h('a', { href: `/c/${c.id}` }, c.name),
        h('span', { class: 'muted' }, ` · ${t('collections.recipes', { count: c.recipe_count })}`))));
      el.hidden = items.children.length === 0;
    } catch {
      // The collections are extra: the page stands without them.
    }
  })();
  return el;
}
