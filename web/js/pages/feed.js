// "Following": the published recipes of the authors the signed-in user follows (Follow on an
// author's page, author-follows.js), newest first unless another order is chosen, a page at a
// time as the list scrolls. With nobody followed yet, it says how to follow someone.

import { api } from '../api.js';
import { h } from '../dom.js';
import { t, tNodes } from '../i18n.js';
import { pageQuery, recipeList, sortControl } from '../list.js';
import { requireUser } from './signed-in.js';

export function feedPage(main, params, query, signal) {
  const user = requireUser();
  if (!user) return;
  document.title = `${t('nav.following')} — recipe-api`;
  const { sort, el: sortBox } = sortControl('feed-sort', '/feed', query);
  const whom = h('a', { href: `/u/${user.id}#following` }, t('feed.seeWhom'));
  const empty = h('span', { class: 'feed-empty' }, t('feed.nothing'), ' ', howToFollow());
  main.append(
    h('div', { class: 'page-head' },
      h('h1', {}, t('nav.following')),
      sortBox),
    h('p', { class: 'muted feed-intro' }, tNodes('feed.intro', { whom })),
    recipeList({
      label: t('feed.label'),
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
  return tNodes('feed.howTo', {
    follow: h('strong', {}, t('follows.follow')),
    browse: h('a', { href: '/' }, t('feed.browse')),
  });
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
  whom.textContent = n === 0 ? t('feed.followNobody') : t('feed.youFollow', { count: n });
  empty.replaceChildren(...(n === 0
    ? [t('feed.notFollowing'), ' ', ...howToFollow()]
    : [t('feed.noneYet', { count: n }), ' ', ...howToFollow()]));
}
