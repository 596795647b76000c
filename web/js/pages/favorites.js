// "Favourites": the recipes the signed-in user keeps among their favourites (the heart on a
// recipe's page), in the order they choose.

import { api } from '../api.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { pageQuery, recipeList } from '../list.js';
import { navigate } from '../router.js';
import { requireUser } from './signed-in.js';

/** The orders of the list, with their names. */
function sorts() {
  return [
    ['newest', t('sort.newest')],
    ['oldest', t('sort.oldest')],
    ['cook_time', t('sort.cookTime')],
    ['name', t('sort.name')],
    ['popular', t('sort.popular')],
    ['rating', t('sort.rating')],
  ];
}

export function favoritesPage(main, params, query, signal) {
  if (!requireUser()) return;
  document.title = `${t('nav.favourites')} — recipe-api`;
  const sort = sorts().some(([value]) => value === query.get('sort')) ? query.get('sort') : 'newest';
  const sortSelect = h('select', { id: 'favorites-sort', name: 'sort' },
    sorts().map(([value, label]) => h('option', { value, selected: value === sort }, label)));
  sortSelect.addEventListener('change', () => navigate(
    sortSelect.value === 'newest' ? '/favorites' : `/favorites?${new URLSearchParams({ sort: sortSelect.value })}`));
  main.append(
    h('div', { class: 'page-head' },
      h('h1', {}, t('nav.favourites')),
      h('div', { class: 'sort' }, h('label', { for: 'favorites-sort' }, t('common.sort')), sortSelect)),
    recipeList({
      label: t('nav.favourites'),
      empty: t('favourites.empty'),
      signal,
      fetchPage: async (cursor, s) => {
        const q = pageQuery({ sort }, cursor);
        return (await api('GET', `/users/me/favorites?${q}`, { auth: true, signal: s })).data;
      },
    }),
  );
}
