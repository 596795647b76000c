// An author's page: their picture, name and published recipes, who follows them and whom they
// follow, their public collections (when they have some), and — signed in, on someone else's
// page — Follow / Following (author-follows.js) and Report.

import { api } from '../api.js';
import { h, loading } from '../dom.js';
import { t } from '../i18n.js';
import { pageQuery, recipeList } from '../list.js';
import { avatar } from '../photos.js';
import { reportButton } from '../report.js';
import { currentUser } from '../session.js';
import { followParts } from './author-follows.js';
import { publicCollections } from './collections.js';
import { notFoundPage } from './not-found.js';

export async function authorPage(main, { id }, query, signal) {
  main.append(loading());
  let user;
  try {
    // With the credential when signed in: the answer then says whether you follow them.
    user = (await api('GET', `/users/${id}`, { auth: 'optional', signal })).data.user;
  } catch (error) {
    main.replaceChildren();
    if (error.status === 404) return notFoundPage(main, t('author.notFound'));
    throw error;
  }
  document.title = `${user.username} — recipe-api`;
  const count = t('author.recipes', { count: user.recipe_count });
  const follows = followParts(user, { signal });
  main.replaceChildren(
    h('div', { class: 'page-head author-head' },
      avatar(user, 64),
      h('div', {}, h('h1', {}, user.username), h('p', { class: 'muted' }, count), follows.counts),
      h('div', { class: 'author-actions' },
        follows.control,
        currentUser() && currentUser().id !== user.id && reportButton('user', user.id, user.username))),
    follows.lists,
    publicCollections(user, { signal }),
    recipeList({
      label: t('author.label', { name: user.username }),
      empty: t('author.empty', { name: user.username }),
      signal,
      fetchPage: async (cursor, s) => (await api('GET', `/users/${id}/recipes?${pageQuery({}, cursor)}`, { auth: 'optional', signal: s })).data,
    }),
  );
}
