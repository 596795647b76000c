// "Following": the published recipes of the authors the signed-in user follows (Follow on an
// author's page, author-follows.js), newest first unless another order is chosen, a page at a
// time as the list scrolls. With nobody followed yet, it says how to follow someone.

import { api } from '../api.js';
import { h } from '../dom.js';
import { pageQuery, plural, recipeList } from '../list.js';
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

export function feedPage(main, params, query, signal) {
  const user = requireUser();
  if (!user) return;
  document.title = 'Following — recipe-api';
  const sort = SORTS.some(([value]) => value === query.get('sort')) ? query.get('sort') : 'newest';
  const sortSelect = h('select', { id: 'feed-sort', name: 'sort' },
    SORTS.map(([value, label]) => h('option', { value, selected: value === sort }, label)));
  sortSelect.addEventListener('change', () => navigate(
    sortSelect.value === 'newest' ? '/feed' : `/feed?${new URLSearchParams({ sort: sortSelect.value })}`));
  const whom = h('a', { href: `/u/${user.id}#following` }, 'See whom you follow');
  const empty = h('span', { class: 'feed-empty' }, 'Nothing here yet. ', howToFollow());
  main.append(
    h('div', { class: 'page-head' },
      h('h1', {}, 'Following'),
      h('div', { class: 'sort' }, h('label', { for: 'feed-sort' }, 'Sort'), sortSelect)),
    h('p', { class: 'muted feed-intro' }, 'Recipes published by the authors you follow. ', whom, '.'),
    recipeList({
      label: 'Recipes by the authors you follow',
      empty,
      signal,
      fetchPage: async (cursor, s) => {
        const q = pageQuery({ sort }, cursor);
        return (await api('GET', `/users/me/feed?${q}`, { auth: true, signal: s })).data;
      },
    }),
  );
  explainEmpty(user, { whom, empty, signal });
}

/** How to follow an author, with a link to the recipes to find one among. */
function howToFollow() {
  return [
    'To follow an author, open their page — their name on any recipe — and press ',
    h('strong', {}, 'Follow'), '; the recipes they publish then show here. ',
    h('a', { href: '/' }, 'Browse recipes'), '.',
  ];
}

/** Says how many authors the user follows, and why the feed may be empty. */
async function explainEmpty(user, { whom, empty, signal }) {
  let profile;
  try {
    profile = (await api('GET', `/users/${user.id}`, { signal })).data.user;
  } catch {
    return; // the general words stay
  }
  const n = profile.following_count;
  whom.textContent = n === 0 ? 'You follow nobody yet' : `You follow ${plural(n, 'author', 'authors')}`;
  empty.replaceChildren(...(n === 0
    ? ['You do not follow anyone yet. ', ...howToFollow()]
    : [n === 1 ? 'The author you follow has not published a recipe yet. '
      : `The ${n} authors you follow have not published a recipe yet. `, ...howToFollow()]));
}
