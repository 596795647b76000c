// The home page's ingredient filter: foods typed into one field — several separated by commas,
// or one at a time, each added with Enter — become repeated `ingredient=` parameters of the
// address, kept with the search, the tags and the sort (a recipe must name every food). Each
// chosen food is a chip that removes it.

import { h, newId, replace } from '../dom.js';
import { t } from '../i18n.js';
import { navigate } from '../router.js';

/** The API's limits: how many foods, and how long one may be. */
const FOODS_MAX = 10;
const FOOD_MAX_CHARS = 100;

/** The foods of the address (`ingredient=`, repeatable), as given. */
export function foodsOf(query) {
  return query.getAll('ingredient').map((food) => food.trim()).filter(Boolean);
}

/** Goes to the home page of `query` with `foods` as its ingredient filter. */
function goWith(query, foods) {
  const next = new URLSearchParams(query);
  next.delete('ingredient');
  foods.forEach((food) => next.append('ingredient', food));
  const text = next.toString();
  return navigate(text ? `/?${text}` : '/');
}

/** The filter for the home page of `query` (a `URLSearchParams`). */
export function ingredientFilter(query) {
  const chosen = foodsOf(query);
  const id = newId('ingredient-filter');
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const input = h('input', {
    id,
    name: 'ingredient',
    type: 'text',
    autocomplete: 'off',
    placeholder: chosen.length > 0 ? t('foods.another') : t('foods.example'),
    'aria-describedby': `${hintId} ${errorId}`,
  });
  const error = h('p', { class: 'field-error', id: errorId, role: 'alert' });
  const el = h('form', { class: 'ingredient-filter', role: 'search', 'aria-label': t('foods.filter'), novalidate: true },
    h('label', { for: id }, t('foods.label')),
    h('div', { class: 'ingredient-filter-row' },
      input,
      h('button', { type: 'submit', class: 'secondary' }, t('common.add'))),
    h('p', { class: 'hint', id: hintId }, t('foods.hint')),
    error,
    chosen.length > 0 && h('div', { class: 'ingredient-chips', role: 'group', 'aria-label': t('foods.chosen') },
      chosen.map((food) => h('button', {
        type: 'button',
        class: 'chip chip-on',
        'aria-label': t('foods.remove', { food }),
        onclick: () => goWith(query, chosen.filter((f) => f !== food)),
      }, `${food} ×`)),
      chosen.length > 1 && h('button', {
        type: 'button',
        class: 'link-button',
        onclick: () => goWith(query, []),
      }, t('foods.clear'))));

  el.addEventListener('submit', (event) => {
    event.preventDefault();
    replace(error);
    input.removeAttribute('aria-invalid');
    const typed = input.value.split(',').map((food) => food.trim()).filter(Boolean);
    const same = (a, b) => a.toLocaleLowerCase() === b.toLocaleLowerCase();
    const foods = [...chosen];
    typed.forEach((food) => {
      if (!foods.some((f) => same(f, food))) foods.push(food);
    });
    const problem = typed.length === 0
      ? t('foods.typeOne')
      : typed.find((food) => [...food].length > FOOD_MAX_CHARS)
        ? t('foods.tooLong', { max: FOOD_MAX_CHARS })
        : foods.length > FOODS_MAX
          ? t('foods.tooMany', { max: FOODS_MAX })
          : null;
    if (problem) {
      replace(error, problem);
      input.setAttribute('aria-invalid', 'true');
      input.focus();
      return;
    }
    goWith(query, foods).then(() => document.querySelector('.ingredient-filter input')?.focus());
  });
  return el;
}
