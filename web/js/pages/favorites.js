// "Favourites": the recipes the signed-in user keeps among their favourites (the heart on a
// recipe's page), in the order they choose.

import { api } from '../api.js';
import { h } from '../dom.js';
import { pageQuery, recipeList } from '../list.js';
import { navigate } from '../router.js';
import { requireUser } from './signed-in.js';

const SORTS = [
  ['newest', 'Newest'],
  ['oldest', 'Oldest'],
  ['cook_time', 'Quickest'],
  ['name', 'Name'],
  ['popular', 'Most favourited'],
  ['rating', 'Top rated'],
];

export function favoritesPage(main, params, query, signal) {
  if (!requireUser()) return;
  document.title = 'Favourites — recipe-api';
  const sort = SORTS.some(([value]) => value === query.get('sort')) ? query.get('sort') : 'newest';
  const sortSelect = h('select', { id: 'favorites-sort', name: 'sort' },
    SORTS.map(([value, label]) => h('option', { value, selected: value === sort }, label)));
  sortSelect.addEventListener('change', () => navigate(
    sortSelect.value === 'newest' ? '/favorites' : `/favorites?${new URLSearchParams({ sort: sortSelect.value })}`));
  main.append(
    h('div', { class: 'page-head' },
      h('h1', {}, 'Favourites'),
      h('div', { class: 'sort' }, h('label', { for: 'favorites-sort' }, 'Sort'), sortSelect)),
    recipeList({
      label: 'Favourites',
      empty: 'No favourites yet. Press the heart (♡) on a recipe to keep it here.',
      signal,
      fetchPage: async (cursor, s) => {
        const q = pageQuery({ sort }, cursor);
        return (await api('GET', `/users/me/favorites?${q}`, { auth: true, signal: s })).data;
      },
    }),
  );
}
