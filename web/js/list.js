// A list of recipe cards, one page at a time by cursor (`next_cursor`), with endless scroll:
// the next page loads when the "More recipes" button comes into view (or is pressed). A card
// says in one line what readers make of the recipe: favourites, average stars, comments.

import { fillAuthor } from './authors.js';
import { formatDate, formatMinutes, h, replace } from './dom.js';
import { formatNumber, t, tNodes } from './i18n.js';
import { photoFrame } from './photos.js';
import { navigate } from './router.js';
import { loadFailure } from './rows.js';

/** How wide a card's cover is shown: the grid's columns (see .cards in style.css). */
const CARD_SIZES = '(max-width: 520px) calc(100vw - 24px), (max-width: 900px) calc(50vw - 32px), 330px';

/** One recipe as a card. `showStatus`: mark drafts and published recipes (one's own list). */
export function recipeCard(recipe, { showStatus = false } = {}) {
  const author = h('a', { href: `/u/${recipe.user_id}`, class: 'author' }, t('card.someone'));
  fillAuthor(author, recipe.user_id, { avatar: true });
  const facts = [
    recipe.cook_time !== null && h('span', {}, formatMinutes(recipe.cook_time)),
    recipe.num_of_servings !== null && h('span', {}, t('card.servings', { count: recipe.num_of_servings })),
  ].filter(Boolean);
  return h('li', { class: recipe.cover ? 'card card-with-cover' : 'card', dataset: { recipeId: recipe.id } },
    recipe.cover && cardCover(recipe),
    h('h3', {}, h('a', { href: `/r/${recipe.id}` }, recipe.name)),
    showStatus && statusBadge(recipe),
    recipe.description && h('p', { class: 'summary' }, recipe.description),
    facts.length > 0 && h('p', { class: 'facts' }, facts),
    h('p', { class: 'byline' }, tNodes('card.by', { author }), ' · ', h('time', { datetime: recipe.created_at }, formatDate(recipe.created_at))),
    cardStats(recipe),
    recipe.tags.length > 0 && tagList(recipe.tags));
}

/** "4.5": an average of stars, to one decimal. */
export function formatAverage(average) {
  return formatNumber(average, 1);
}

/**
 * ♥ 3 · ★ 4.5 (2) · 1 comment — the stars once someone rated it, the comments once there are
 * some; the symbols and short numbers are spelled out for screen readers.
 */
function cardStats(recipe) {
  const { rating } = recipe;
  const favourites = t('card.favourites', { count: recipe.favorite_count });
  return h('p', { class: 'card-stats' },
    stat(recipe.is_favorite ? 'favorites stat-mine' : 'favorites', recipe.is_favorite ? '♥' : '♡',
      formatNumber(recipe.favorite_count), recipe.is_favorite ? t('card.favouritesYours', { favourites }) : favourites),
    rating.count > 0 && stat('rating', '★', `${formatAverage(rating.average)} (${formatNumber(rating.count)})`,
      t('card.rated', { average: formatAverage(rating.average), count: rating.count })),
    recipe.comment_count > 0 && h('span', { class: 'stat stat-comments' },
      t('card.comments', { count: recipe.comment_count })));
}

/** A symbol and a number, with `spelled` what they mean (for screen readers, and as a tooltip). */
function stat(kind, symbol, shown, spelled) {
  return h('span', { class: `stat stat-${kind}`, title: spelled },
    h('span', { class: 'stat-symbol', 'aria-hidden': 'true' }, symbol), ' ',
    h('span', { class: 'stat-value', 'aria-hidden': 'true' }, shown),
    h('span', { class: 'visually-hidden' }, spelled));
}

/**
 * The cover on a card. It only illustrates the name written under it: no alt text of its own,
 * and no second link to the same page for keyboards and screen readers (a click opens it).
 */
function cardCover(recipe) {
  const frame = photoFrame(recipe.cover, { sizes: CARD_SIZES, alt: '', className: 'card-cover' });
  frame.addEventListener('click', () => navigate(`/r/${recipe.id}`));
  return frame;
}

/** "Draft" or "Published". */
export function statusBadge(recipe) {
  return recipe.is_publish
    ? h('span', { class: 'badge badge-published' }, t('card.published'))
    : h('span', { class: 'badge badge-draft' }, t('card.draft'));
}

/** The orders of a recipe list, with their names; `search`: relevance first (a search's). */
export function sortOrders({ search = false } = {}) {
  return [
    search && ['relevance', t('sort.relevance')],
    ['newest', t('sort.newest')],
    ['oldest', t('sort.oldest')],
    ['cook_time', t('sort.cookTime')],
    ['name', t('sort.name')],
    ['popular', t('sort.popular')],
    ['rating', t('sort.rating')],
  ].filter(Boolean);
}

/**
 * The "Sort" control of the list page at `path` (`id`: its select's): the order `?sort=` names
 * (else newest); choosing another opens the page in it. Answers `{sort, el}`.
 */
export function sortControl(id, path, query) {
  const orders = sortOrders();
  const sort = orders.some(([value]) => value === query.get('sort')) ? query.get('sort') : 'newest';
  const select = h('select', { id, name: 'sort' },
    orders.map(([value, label]) => h('option', { value, selected: value === sort }, label)));
  select.addEventListener('change', () => navigate(
    select.value === 'newest' ? path : `${path}?${new URLSearchParams({ sort: select.value })}`));
  return { sort, el: h('div', { class: 'sort' }, h('label', { for: id }, t('common.sort')), select) };
}

/** Tags as links to the recipes carrying them. */
export function tagList(tags) {
  return h('ul', { class: 'tags', 'aria-label': t('common.tags') },
    tags.map((tag) => h('li', {}, h('a', { href: `/?${new URLSearchParams({ tag })}` }, `#${tag}`))));
}

/**
 * A list that loads pages with `fetchPage(cursor, signal)` → `{result_list, next_cursor}`.
 * `empty`: what to say when there is nothing; `decorate(card, recipe)`, when given, adds to
 * each card as it is made. Answers the list's element.
 */
export function recipeList({ fetchPage, empty, label, showStatus = false, signal, decorate }) {
  const items = h('ul', { class: 'cards', 'aria-label': label });
  const status = h('div', { class: 'list-status' });
  const more = h('button', { type: 'button', class: 'secondary more' }, t('list.more'));
  const root = h('section', { class: 'recipe-list', 'aria-busy': 'true' }, items, status);
  let cursor = null;
  let loadingNow = false;
  const observer = 'IntersectionObserver' in window
    ? new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) loadNext();
    }, { rootMargin: '400px' })
    : null;
  signal?.addEventListener('abort', () => observer?.disconnect());

  async function loadNext() {
    if (loadingNow || signal?.aborted) return;
    loadingNow = true;
    root.setAttribute('aria-busy', 'true');
    replace(status, h('p', { class: 'loading', role: 'status' }, t('list.loading')));
    try {
      const page = await fetchPage(cursor, signal);
      items.append(...page.result_list.map((r) => {
        const card = recipeCard(r, { showStatus });
        decorate?.(card, r);
        return card;
      }));
      cursor = page.next_cursor;
      if (items.children.length === 0) {
        replace(status, h('p', { class: 'empty' }, empty));
      } else if (cursor) {
        replace(status, more);
        observer?.observe(more);
      } else {
        observer?.disconnect();
        replace(status);
      }
    } catch (error) {
      if (error.name === 'AbortError') return;
      replace(status, loadFailure(error, loadNext));
    } finally {
      loadingNow = false;
      root.removeAttribute('aria-busy');
    }
  }

  more.addEventListener('click', loadNext);
  loadNext();
  return root;
}

/** The list parameters (`URLSearchParams`) with the cursor and a page size. */
export function pageQuery(params, cursor, limit = 20) {
  const query = new URLSearchParams(params);
  query.set('limit', String(limit));
  if (cursor) query.set('cursor', cursor);
  return query;
}
