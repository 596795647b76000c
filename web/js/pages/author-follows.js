// Following on an author's page: the Follow / Following toggle (signed in, not on your own page;
// signed out a link to the login page, which comes back here), how many follow them and how many
// they follow, and those two lists, opened under the header a page at a time ("More", by
// `next_cursor`). `/u/{id}#followers` and `/u/{id}#following` open with that list shown.

import { api, ApiError } from '../api.js';
import { h, notify, replace } from '../dom.js';
import { t } from '../i18n.js';
import { avatar } from '../photos.js';
import { currentUser } from '../session.js';

/** People per page of a list. */
const PAGE_SIZE = 20;

/**
 * The following parts of author `user` (an answer of `GET /users/{id}`, asked with the
 * credential when signed in). Answers `{control, counts, lists}`: the toggle (null on your own
 * page), the line of counts, and the place where the lists open.
 */
export function followParts(user, { signal } = {}) {
  const followers = followList(user, 'followers', signal);
  const following = followList(user, 'following', signal);
  let followerCount = user.follower_count;
  const followersButton = followers.toggle;
  const setFollowerCount = (n) => {
    followerCount = n;
    followersButton.textContent = t('follows.followers', { count: followerCount });
  };
  setFollowerCount(followerCount);
  following.toggle.textContent = t('follows.followingCount', { count: user.following_count });
  const counts = h('p', { class: 'follow-counts muted' }, followersButton, ' · ', following.toggle);
  const control = followControl(user, {
    onChange: (info) => {
      setFollowerCount(info.follower_count);
      followers.reset();
    },
  });
  const lists = h('div', { class: 'follow-lists' }, followers.el, following.el);
  const opened = { '#followers': followers, '#following': following }[location.hash];
  if (opened) opened.open();
  return { control, counts, lists };
}

/** The login page, coming back to author `id` afterwards. */
function loginHref(id) {
  return `/login?${new URLSearchParams({ next: `/u/${id}` })}`;
}

/**
 * Follow / Following: a toggle when signed in (`onChange(info)` hears of the new state), a link
 * to log in when not, nothing on your own page.
 */
function followControl(user, { onChange }) {
  const me = currentUser();
  if (!me) {
    return h('a', { href: loginHref(user.id), class: 'button follow-login', title: t('follows.logInTo', { name: user.username }) },
      t('follows.follow'), h('span', { class: 'visually-hidden' }, ` ${t('follows.logInFirst', { name: user.username })}`));
  }
  if (me.id === user.id) return null;
  let on = Boolean(user.is_following);
  const label = h('span', {});
  const button = h('button', { type: 'button', class: 'follow-toggle' }, label,
    h('span', { class: 'visually-hidden' }, ` ${user.username}`));
  const paint = () => {
    label.textContent = on ? t('follows.following') : t('follows.follow');
    button.setAttribute('aria-pressed', on ? 'true' : 'false');
    button.classList.toggle('secondary', on);
    button.title = on ? t('follows.stop', { name: user.username }) : t('follows.start', { name: user.username });
  };
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const { data } = await api(on ? 'DELETE' : 'PUT', `/users/${user.id}/follow`, { auth: true });
      on = data.info.following;
      paint();
      onChange(data.info);
      notify(on
        ? t('follows.followed', { name: user.username })
        : t('follows.unfollowed', { name: user.username }));
    } catch (error) {
      notify(error.message, 'error');
    } finally {
      button.disabled = false;
    }
  });
  paint();
  return button;
}

/**
 * The list of `user`'s followers or followings (`kind`), loaded when first opened. Answers
 * `{el, toggle, open(), reset()}`: its section (hidden until opened), the button that opens and
 * closes it, and a way to load it afresh (after following or unfollowing).
 */
function followList(user, kind, signal) {
  const title = kind === 'followers' ? t('follows.whoFollows', { name: user.username }) : t('follows.whom', { name: user.username });
  const titleId = `${kind}-title`;
  const items = h('ul', { class: 'rows follow-list', 'aria-labelledby': titleId });
  const status = h('div', { class: 'list-status' });
  const more = h('button', { type: 'button', class: 'secondary more', onclick: () => loadNext() }, t('common.more'));
  const el = h('section', { id: kind, class: 'follow-section', tabindex: '-1', 'aria-labelledby': titleId, hidden: true },
    h('h2', { id: titleId }, title), items, status);
  const toggle = h('button', {
    type: 'button',
    class: 'link-button follow-count',
    'aria-expanded': 'false',
    'aria-controls': kind,
    onclick: () => (el.hidden ? open() : close()),
  });
  let cursor = null;
  let loaded = false;
  let loadingNow = false;
  let generation = 0; // a reset while a page is on its way drops that page

  async function loadNext() {
    if (loadingNow || signal?.aborted) return;
    loadingNow = true;
    const mine = generation;
    items.setAttribute('aria-busy', 'true');
    replace(status, h('p', { class: 'loading', role: 'status' }, t('common.loading')));
    try {
      const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
      if (cursor) query.set('cursor', cursor);
      const { data } = await api('GET', `/users/${user.id}/${kind}?${query}`, { signal });
      if (mine !== generation) return;
      items.append(...data.result_list.map(personItem));
      cursor = data.next_cursor;
      loaded = true;
      if (items.children.length === 0) {
        replace(status, h('p', { class: 'empty' }, kind === 'followers'
          ? t('follows.nobodyFollows', { name: user.username })
          : t('follows.followsNobody', { name: user.username })));
      } else {
        replace(status, cursor && more);
      }
    } catch (error) {
      if (error.name === 'AbortError' || mine !== generation) return;
      const message = error instanceof ApiError ? error.message : t('common.failed');
      replace(status, h('p', { class: 'form-error', role: 'alert' }, message, ' ',
        h('button', { type: 'button', class: 'secondary', onclick: () => loadNext() }, t('common.tryAgain'))));
    } finally {
      if (mine === generation) {
        loadingNow = false;
        items.removeAttribute('aria-busy');
      }
    }
  }

  function open() {
    el.hidden = false;
    toggle.setAttribute('aria-expanded', 'true');
    if (!loaded) loadNext();
  }

  function close() {
    el.hidden = true;
    toggle.setAttribute('aria-expanded', 'false');
  }

  function reset() {
    generation += 1;
    loadingNow = false;
    loaded = false;
    cursor = null;
    items.replaceChildren();
    items.removeAttribute('aria-busy');
    status.replaceChildren();
    if (!el.hidden) loadNext();
  }

  return { el, toggle, open, reset };
}

/** One person of a list: their picture and name, a link to their page. */
function personItem(person) {
  return h('li', { dataset: { userId: person.id } },
    h('a', { href: `/u/${person.id}`, class: 'user-name follow-person' }, avatar(person, 24),
      h('span', { class: 'follow-name' }, person.username)));
}
