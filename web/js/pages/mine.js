// "My recipes": the signed-in user's recipes, drafts included, filtered by status.

import { api } from '../api.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { pageQuery, recipeList } from '../list.js';
import { navigate } from '../router.js';
import { requireUser } from './signed-in.js';

const FILTERS = ['all', 'published', 'draft'];

export function myRecipesPage(main, params, query, signal) {
  if (!requireUser()) return;
  document.title = `${t('nav.myRecipes')} — recipe-api`;
  const visibility = FILTERS.includes(query.get('visibility')) ? query.get('visibility') : 'all';
  const labels = { all: t('mine.all'), published: t('mine.published'), draft: t('mine.drafts') };
  const filter = h('div', { class: 'segmented', role: 'group', 'aria-label': t('mine.show') },
    FILTERS.map((value) => h('button', {
      type: 'button',
      'aria-pressed': value === visibility ? 'true' : 'false',
      onclick: () => navigate(value === 'all' ? '/my' : `/my?visibility=${value}`),
    }, labels[value])));
  const empty = {
    all: t('mine.emptyAll'),
    published: t('mine.emptyPublished'),
    draft: t('mine.emptyDrafts'),
  }[visibility];
  main.append(
    h('div', { class: 'page-head' },
      h('h1', {}, t('nav.myRecipes')),
      h('a', { href: '/new', class: 'button' }, t('nav.newRecipe'))),
    filter,
    recipeList({
      label: t('nav.myRecipes'),
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
