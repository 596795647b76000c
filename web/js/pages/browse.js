// The home page: published recipes, newest first, with full-text search (`?q=`), tag filters
// (`?tag=`, repeatable: every tag must match), ingredient filters (`?ingredient=`, repeatable:
// every food must be named; browse-ingredients.js) and sort order (also the most favourited and
// the top rated first) — all in the address, so a search can be bookmarked and shared. Signed
// in, the cards mark your favourites.

import { api } from '../api.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { navigate } from '../router.js';
import { pageQuery, recipeList, sortOrders } from '../list.js';
import { foodsOf, ingredientFilter } from './browse-ingredients.js';

export async function browsePage(main, params, query, signal) {
  const q = (query.get('q') || '').trim();
  const tags = query.getAll('tag');
  const foods = foodsOf(query);
  const sort = query.get('sort') || (q ? 'relevance' : 'newest');
  document.title = `${q ? `“${q}”` : t('browse.title')} — recipe-api`;

  const heading = q ? t('browse.matching', { q })
    : tags.length > 0 ? t('browse.tagged')
      : foods.length > 0 ? t('browse.with', { foods: foods.join(', ') }) : t('browse.latest');
  const tagBar = h('div', { class: 'tag-filter', role: 'group', 'aria-label': t('browse.filterByTag') });
  const sortSelect = h('select', { id: 'sort', name: 'sort' },
    sortOrders({ search: Boolean(q) }).map(([value, label]) => h('option', { value, selected: value === sort }, label)));
  sortSelect.addEventListener('change', () => navigate(`/?${withParam(query, 'sort', sortSelect.value)}`));

  const apiQuery = new URLSearchParams();
  if (q) apiQuery.set('q', q);
  tags.forEach((tag) => apiQuery.append('tag', tag));
  foods.forEach((food) => apiQuery.append('ingredient', food));
  apiQuery.set('sort', sort);
  const emptyText = q || tags.length > 0 || foods.length > 0
    ? (foods.length > 0 ? t('browse.noMatchFoods') : t('browse.noMatch'))
    : t('browse.none');

  main.append(
    h('div', { class: 'page-head' },
      h('h1', {}, heading, tags.length > 0 && !q ? ` ${tags.map((t) => `#${t}`).join(' ')}` : ''),
      h('div', { class: 'sort' }, h('label', { for: 'sort' }, t('common.sort')), sortSelect)),
    ingredientFilter(query),
    tagBar,
    recipeList({
      label: heading,
      empty: emptyText,
      signal,
      fetchPage: async (cursor, s) => (await api('GET', `/recipes?${pageQuery(apiQuery, cursor)}`, { auth: 'optional', signal: s })).data,
    }),
  );
  fillTagBar(tagBar, query, tags, signal);
}

/** `query` with `name` set to `value`. */
function withParam(query, name, value) {
  const next = new URLSearchParams(query);
  next.set(name, value);
  return next;
}

/** Toggle buttons for the most used tags (and the selected ones). */
async function fillTagBar(bar, query, selected, signal) {
  let popular = [];
  try {
    popular = (await api('GET', '/tags?limit=12', { signal })).data.tags.map((t) => t.name);
  } catch {
    // Without the tag list the selected tags still show.
  }
  const names = [...selected, ...popular.filter((t) => !selected.includes(t))];
  if (names.length === 0) return;
  bar.append(h('span', { class: 'tag-filter-label' }, t('browse.tagsLabel')), ...names.map((tag) => {
    const on = selected.includes(tag);
    return h('button', {
      type: 'button',
      class: 'chip',
      'aria-pressed': on ? 'true' : 'false',
      onclick: () => {
        const next = new URLSearchParams(query);
        next.delete('tag');
        const chosen = on ? selected.filter((t) => t !== tag) : [...selected, tag];
        chosen.forEach((t) => next.append('tag', t));
        const text = next.toString();
        navigate(text ? `/?${text}` : '/');
      },
    }, `#${tag}`);
  }));
}
