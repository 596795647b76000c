// What readers say of a recipe, under its name: its favourites (a heart that adds it to yours or
// takes it out), its ratings (the average as stars; signed in, five stars to give yours and a
// way to take it back — not on your own recipe, whose stars only show) and how many comments it
// has (a link to them, recipe-comments.js). Signed out, the heart leads to the login page, which
// comes back here.

import { api } from '../api.js';
import { h, newId, notify, replace } from '../dom.js';
import { formatNumber, t, tNodes } from '../i18n.js';
import { formatAverage } from '../list.js';
import { currentUser } from '../session.js';

/** The login page, coming back to recipe `id` afterwards. */
function loginHref(id) {
  return `/login?${new URLSearchParams({ next: `/r/${id}` })}`;
}

/** A link to the login page that comes back to recipe `id` afterwards. */
export function loginLink(id, text) {
  return h('a', { href: loginHref(id) }, text);
}

/**
 * The bar of recipe `recipe` (an answer of `GET /recipes/{id}`). Answers `{el,
 * setCommentCount(n)}`.
 */
export function communityBar(recipe) {
  const user = currentUser();
  const mine = user?.id === recipe.user_id;
  const comments = h('a', { href: '#comments', class: 'comment-link', onclick: toComments });
  const setCommentCount = (n) => {
    comments.textContent = t('card.comments', { count: n });
  };
  setCommentCount(recipe.comment_count);
  const el = h('section', { class: 'community', 'aria-label': t('community.label') },
    h('div', { class: 'community-row' },
      favoriteControl(recipe, user),
      ratingControl(recipe, { rate: Boolean(user) && !mine }),
      comments),
    !user && h('p', { class: 'hint community-hint' },
      tNodes('community.logInTo', { login: loginLink(recipe.id, t('nav.login')) })));
  return { el, setCommentCount };
}

/** Goes to the comments further down this page (without drawing the page again). */
function toComments(event) {
  const section = document.getElementById('comments');
  if (!section) return;
  event.preventDefault();
  section.scrollIntoView();
  section.focus({ preventScroll: true });
}

/** The heart and the number of favourites: a toggle when signed in, a link to log in if not. */
function favoriteControl(recipe, user) {
  let on = Boolean(recipe.is_favorite);
  let count = recipe.favorite_count;
  const heart = h('span', { class: 'heart', 'aria-hidden': 'true' });
  const number = h('span', { class: 'favorite-count' });
  if (!user) {
    heart.textContent = '♡';
    number.textContent = formatNumber(count);
    return h('a', { href: loginHref(recipe.id), class: 'favorite-toggle', title: t('community.favouriteLogIn') },
      heart, h('span', { class: 'visually-hidden' }, t('community.favouritesSignedOut')), ' ', number);
  }
  const button = h('button', { type: 'button', class: 'favorite-toggle' },
    heart, h('span', { class: 'visually-hidden' }, t('community.favourite')), ' ', number);
  const paint = () => {
    heart.textContent = on ? '♥' : '♡';
    number.textContent = formatNumber(count);
    button.setAttribute('aria-pressed', on ? 'true' : 'false');
    button.title = on ? t('community.unfavourite') : t('community.addFavourite');
  };
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const { data } = await api(on ? 'DELETE' : 'PUT', `/recipes/${recipe.id}/favorite`, { auth: true });
      on = data.info.is_favorite;
      count = data.info.favorite_count;
      paint();
      notify(on ? t('community.favourited') : t('community.unfavourited'));
    } catch (error) {
      notify(error.message, 'error');
    } finally {
      button.disabled = false;
    }
  });
  paint();
  return button;
}

/** Five stars for `average` (null: none rated), to the nearest half star. */
export function starGlyphs(average) {
  const halves = average === null ? 0 : Math.round(average * 2);
  return [1, 2, 3, 4, 5].map((n) => {
    const kind = halves >= n * 2 ? 'full' : halves === n * 2 - 1 ? 'half' : 'empty';
    return h('span', { class: `star star-${kind}`, 'aria-hidden': 'true' }, '★');
  });
}

/**
 * The recipe's ratings (average in stars, the number), and with `rate` the reader's own: five
 * star buttons (the one given is pressed) and "Remove my rating".
 */
function ratingControl(recipe, { rate }) {
  let rating = recipe.rating;
  let my = recipe.my_rating ?? null;
  const stars = h('span', { class: 'stars', role: 'img' });
  const summary = h('span', { class: 'rating-summary' });
  const buttons = [1, 2, 3, 4, 5].map((n) => h('button', {
    type: 'button',
    class: 'star-button',
    'aria-label': t('community.stars', { count: n }),
    onclick: () => change(n),
  }, '★'));
  const remove = h('button', { type: 'button', class: 'link-button rate-remove', onclick: () => change(null) }, t('community.removeRating'));
  const labelId = newId('rate-label');
  const group = rate && h('div', { class: 'rate', role: 'group', 'aria-labelledby': labelId },
    h('span', { id: labelId, class: 'rate-label' }, t('community.yourRating')),
    h('span', { class: 'rate-stars' }, buttons),
    remove);

  function paint() {
    replace(stars, starGlyphs(rating.average));
    stars.setAttribute('aria-label', rating.average === null
      ? t('community.notRated')
      : t('community.ratedOutOf5', { average: formatAverage(rating.average) }));
    summary.textContent = rating.count === 0
      ? t('community.noRatings')
      : `${formatAverage(rating.average)} · ${t('community.ratings', { count: rating.count })}`;
    buttons.forEach((button, i) => {
      button.setAttribute('aria-pressed', my === i + 1 ? 'true' : 'false');
      button.classList.toggle('star-on', my !== null && i < my);
    });
    remove.hidden = my === null;
  }

  /** Gives `stars` (null: takes the reader's rating back). */
  async function change(stars) {
    const controls = [...buttons, remove];
    controls.forEach((c) => { c.disabled = true; });
    try {
      const { data } = stars === null
        ? await api('DELETE', `/recipes/${recipe.id}/rating`, { auth: true })
        : await api('PUT', `/recipes/${recipe.id}/rating`, { auth: true, body: { stars } });
      my = data.info.my_rating;
      rating = data.info.rating;
      paint();
      notify(my === null ? t('community.ratingRemoved') : t('community.youGave', { stars: t('community.stars', { count: my }) }));
    } catch (error) {
      notify(error.message, 'error');
    } finally {
      controls.forEach((c) => { c.disabled = false; });
    }
  }

  paint();
  return h('div', { class: 'rating' }, h('div', { class: 'rating-average' }, stars, summary), group);
}
