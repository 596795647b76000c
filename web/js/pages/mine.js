// "My recipes": the signed-in user's recipes, drafts included, filtered by status.

import { api } from '../api.js';
import { h } from '../dom.js';
import { pageQuery, recipeList } from '../list.js';
import { navigate } from '../router.js';
import { requireUser } from './signed-in.js';

const FILTERS = [
  ['all', 'All'],
  ['published', 'Published'],
  ['draft', 'Drafts'],
];

export function myRecipesPage(main, params, query, signal) {
  if (!requireUser()) return;
  document.title = 'My recipes — recipe-api';
  const visibility = FILTERS.some(([v]) => v === query.get('visibility')) ? query.get('visibility') : 'all';
  const filter = h('div', { class: 'segmented', role: 'group', 'aria-label': 'Show' },
    FILTERS.map(([value, label]) => h('button', {
      type: 'button',
      'aria-pressed': value === visibility ? 'true' : 'false',
      onclick: () => navigate(value === 'all' ? '/my' : `/my?visibility=${value}`),
    }, label)));
  const empty = {
    all: 'You have no recipes yet. Write your first one!',
    published: 'You have not published a recipe yet.',
    draft: 'You have no drafts.',
  }[visibility];
  main.append(
    h('div', { class: 'page-head' },
      h('h1', {}, 'My recipes'),
      h('a', { href: '/new', class: 'button' }, 'New recipe')),
    filter,
    recipeList({
      label: 'My recipes',
      empty,
      showStatus: true,
      signal,
      fetchPage: async (cursor, s) => {
        const q = pageQuery({ visibility }, cursor);
        return (await api('GET', `/recipes/me?${q}`, { auth: true, signal: s })).data;
      },
    }),
  );
}
