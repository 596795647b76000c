// An author's page: their picture, name and published recipes.

import { api } from '../api.js';
import { h, loading } from '../dom.js';
import { pageQuery, recipeList } from '../list.js';
import { avatar } from '../photos.js';
import { notFoundPage } from './not-found.js';

export async function authorPage(main, { id }, query, signal) {
  main.append(loading());
  let user;
  try {
    user = (await api('GET', `/users/${id}`, { signal })).data.user;
  } catch (error) {
    main.replaceChildren();
    if (error.status === 404) return notFoundPage(main, 'There is no such author.');
    throw error;
  }
  document.title = `${user.username} — recipe-api`;
  const count = user.recipe_count === 1 ? '1 published recipe' : `${user.recipe_count} published recipes`;
  main.replaceChildren(
    h('div', { class: 'page-head author-head' },
      avatar(user, 64),
      h('div', {}, h('h1', {}, user.username), h('p', { class: 'muted' }, count))),
    recipeList({
      label: `Recipes by ${user.username}`,
      empty: `${user.username} has not published a recipe yet.`,
      signal,
      fetchPage: async (cursor, s) => (await api('GET', `/users/${id}/recipes?${pageQuery({}, cursor)}`, { signal: s })).data,
    }),
  );
}
