// "Favourites": the recipes the signed-in user keeps among their favourites (the heart on a
// recipe's page), in the order they choose.

import { api } from '../api.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { pageQuery, recipeList, sortControl } from '../list.js';
import { requireUser } from './signed-in.js';

export function favoritesPage(main, params, query, signal) {
  if (!requireUser()) return;
  document.title = `${t('nav.favourites')} — recipe-api`;
  const { sort, el: sortBox } = sortControl('favorites-sort', '/favorites', query);
  main.append(
    h('div', { class: 'page-head' },
      h('h1', {}, t('nav.favourites')),
      sortBox),
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
