// A recipe page's ingredients, in the amounts the reader wants: for another number of servings
// (a − / number / + stepper, 1–1000, when the recipe says how many it makes) and in other units
// (as written, metric, US), scaled and converted by the server (`GET /recipes/{id}?servings=&
// units=`). The choice is kept in the page's address (`/r/12?servings=4&units=metric`), so the
// page can be shared and reloaded as it is. A newer choice cancels the answer to an older one;
// when an answer fails, the list shown stays and the reason is said.

import { api } from '../api.js';
import { h, newId, replace } from '../dom.js';
import { t } from '../i18n.js';
import { measureNote } from '../measures.js';

/** The units a recipe can be shown in, with their names. */
function unitChoices() {
  return [
    ['original', t('amounts.asWritten')],
    ['metric', t('amounts.metric')],
    ['us', t('amounts.us')],
  ];
}
const SERVINGS_MIN = 1;
const SERVINGS_MAX = 1000;

/** Codes of an answer refused because of the amounts asked for (not because of the recipe). */
const ABOUT_AMOUNTS = new Set(['validation_error', 'servings_unknown']);

/** The query of `GET /recipes/{id}` for `amounts` (`{servings, units}`, null: as written). */
function amountsQuery({ servings, units }) {
  const query = new URLSearchParams();
  if (servings !== null && servings !== undefined) query.set('servings', String(servings));
  if (units && units !== 'original') query.set('units', units);
  return query;
}

/** The recipe `id` in `amounts`; throws `ApiError`. */
async function read(id, amounts, signal) {
  const query = amountsQuery(amounts).toString();
  const { data } = await api('GET', `/recipes/${id}${query ? `?${query}` : ''}`, { auth: 'optional', signal });
  return data.info;
}

/**
 * The recipe `id` in the amounts the page's address asks for: `{recipe, units, problem}`. When
 * the server refuses those amounts (servings out of range, a recipe that does not say its
 * servings, unknown units), the recipe as written, with the refusal as `problem`.
 */
export async function loadRecipe(id, query, signal) {
  const asked = { servings: query.get('servings'), units: query.get('units') };
  try {
    return { recipe: await read(id, asked, signal), units: asked.units || 'original', problem: null };
  } catch (error) {
    const askedAny = asked.servings !== null || asked.units !== null;
    if (!askedAny || !ABOUT_AMOUNTS.has(error.code)) throw error;
    return { recipe: await read(id, {}, signal), units: 'original', problem: error };
  }
}

/** An API error in words: each field's message after its name, else the message. */
function inWords(error) {
  const names = { servings: t('common.servings'), units: t('amounts.units') };
  const fields = Object.entries(error.fields || {});
  const text = fields.length > 0
    ? fields.map(([name, message]) => t('amounts.fieldProblem', { field: names[name] || name, message })).join('; ')
    : error.message;
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}${/[.!?]$/.test(text) ? '' : '.'}`;
}

/** The lines to show: each item's `display` (the lines as written if the items are missing). */
function displayedLines(recipe) {
  const items = recipe.ingredient_items || [];
  if (items.length !== recipe.ingredients.length) return recipe.ingredients.map((text) => ({ text, display: text }));
  return items;
}

/**
 * The ingredients section of recipe `recipe` (an answer of `GET /recipes/{id}`, maybe scaled),
 * shown in `units`; `problem`: why the amounts the address asked for could not be shown.
 * Answers `{el, amounts(), choose(amounts)}`: the section, the amounts it shows when they are
 * not the recipe's own, and a way to show others.
 */
export function ingredientsSection(recipe, { units = 'original', problem = null, signal } = {}) {
  const id = recipe.id;
  const written = recipe.scaled_from ?? recipe.num_of_servings; // the servings it is written for
  let shown = { servings: recipe.num_of_servings, units };
  let pending = null; // the AbortController of the answer awaited
  signal?.addEventListener('abort', () => pending?.abort());

  const list = h('ul', { class: 'ingredients', id: newId('ingredient-list'), 'aria-live': 'polite' });
  const status = h('div', { class: 'amounts-status' });
  const note = h('p', { class: 'measure-note hint' });
  const servingsInput = h('input', {
    id: newId('servings'),
    name: 'servings',
    type: 'number',
    min: SERVINGS_MIN,
    max: SERVINGS_MAX,
    step: 1,
    inputmode: 'numeric',
    'aria-controls': list.id,
  });
  const unitsSelect = h('select', { id: newId('units'), name: 'units', 'aria-controls': list.id },
    unitChoices().map(([value, label]) => h('option', { value }, label)));

  const step = (by) => {
    const current = Number(servingsInput.value) || shown.servings || SERVINGS_MIN;
    const next = Math.min(SERVINGS_MAX, Math.max(SERVINGS_MIN, Math.round(current) + by));
    servingsInput.value = String(next);
    change();
  };
  const fewer = h('button', { type: 'button', class: 'secondary stepper-button', 'aria-label': t('amounts.fewer'), onclick: () => step(-1) }, '−');
  const more = h('button', { type: 'button', class: 'secondary stepper-button', 'aria-label': t('amounts.more'), onclick: () => step(1) }, '+');
  servingsInput.addEventListener('change', () => change());
  unitsSelect.addEventListener('change', () => change());

  /** Shows `answer` (the recipe in `answerUnits`) in the list, the controls and the notes. */
  function show(answer, answerUnits) {
    shown = { servings: answer.num_of_servings, units: answerUnits };
    replace(list, displayedLines(answer).map((item) => h('li', {
      class: item.display !== item.text ? 'amount-changed' : null,
      title: item.display !== item.text ? t('amounts.writtenAs', { text: item.text }) : null,
    }, item.display)));
    replace(note, measureNote(answer.measure_system, answer.measure_system_assumed));
    resetControls();
    const parts = [];
    if (answer.scaled_from !== null && answer.scaled_from !== undefined && answer.num_of_servings !== answer.scaled_from) {
      parts.push(t('amounts.scaled', { servings: servingsText(answer.num_of_servings), written: answer.scaled_from }));
    }
    if (answerUnits !== 'original') {
      parts.push(answerUnits === 'us' ? t('amounts.inUs') : t('amounts.inMetric'));
    }
    replace(status, parts.length > 0 && h('p', { class: 'hint' }, parts.join(' ')));
  }

  function resetControls() {
    servingsInput.value = shown.servings === null ? '' : String(shown.servings);
    unitsSelect.value = shown.units;
    fewer.disabled = shown.servings === null || shown.servings <= SERVINGS_MIN;
    more.disabled = shown.servings === null || shown.servings >= SERVINGS_MAX;
  }

  function fail(message) {
    replace(status, h('p', { class: 'form-error', role: 'alert' }, message));
  }

  /** Asks for the amounts the controls show (a servings number out of range is refused here). */
  function change() {
    const raw = servingsInput.value.trim();
    if (written !== null && raw === '') return; // erased, to type another number
    const servings = written === null ? null : Number(raw);
    if (written !== null && (!/^[0-9]+$/.test(raw) || servings < SERVINGS_MIN || servings > SERVINGS_MAX)) {
      resetControls();
      fail(t('amounts.servingsRange', { min: SERVINGS_MIN, max: SERVINGS_MAX, shown: servingsText(shown.servings) }));
      servingsInput.focus();
      return;
    }
    const wanted = { servings: servings === written ? null : servings, units: unitsSelect.value };
    apply(wanted);
  }

  /** Fetches the recipe in `wanted` amounts and shows it; a newer call cancels this one. */
  async function apply(wanted) {
    pending?.abort();
    const controller = new AbortController();
    pending = controller;
    list.setAttribute('aria-busy', 'true');
    try {
      const answer = await read(id, wanted, controller.signal);
      if (pending !== controller) return;
      show(answer, wanted.units);
      keepInAddress();
    } catch (error) {
      if (error.name === 'AbortError' || pending !== controller) return;
      resetControls();
      fail(t('amounts.notChanged', { why: inWords(error), shown: shownText() }));
    } finally {
      if (pending === controller) {
        pending = null;
        list.removeAttribute('aria-busy');
      }
    }
  }

  /** The page's address names the amounts shown (without reloading the page). */
  function keepInAddress() {
    if (location.pathname !== `/r/${id}`) return;
    const query = amountsQuery({
      servings: shown.servings === written ? null : shown.servings,
      units: shown.units,
    }).toString();
    history.replaceState(history.state, '', `${location.pathname}${query ? `?${query}` : ''}${location.hash}`);
  }

  function shownText() {
    const what = shown.servings === null ? t('amounts.theAmounts') : t('amounts.theAmountsFor', { servings: servingsText(shown.servings) });
    if (shown.units === 'original') return t('amounts.shownAsWritten', { what });
    return shown.units === 'us' ? t('amounts.shownInUs', { what }) : t('amounts.shownInMetric', { what });
  }

  show(recipe, units);
  if (problem) {
    fail(t('amounts.addressRefused', { why: inWords(problem) }));
    keepInAddress();
  }

  const hasLines = recipe.ingredients.length > 0;
  const controls = hasLines && h('div', { class: 'amounts', role: 'group', 'aria-label': t('amounts.label') },
    written !== null && h('div', { class: 'amounts-control' },
      h('label', { for: servingsInput.id }, t('common.servings')),
      h('div', { class: 'stepper' }, fewer, servingsInput, more)),
    h('div', { class: 'amounts-control' },
      h('label', { for: unitsSelect.id }, t('amounts.units')),
      unitsSelect));
  const el = h('section', { class: 'recipe-ingredients', 'aria-labelledby': 'ingredients-title' },
    h('h2', { id: 'ingredients-title' }, t('common.ingredients')),
    controls,
    hasLines && note,
    hasLines && status,
    hasLines ? list : h('p', { class: 'muted' }, t('amounts.none')));

  /** Shows the amounts `{servings, units}` (e.g. kept from before a redraw). */
  function choose(amounts) {
    if (written !== null && amounts.servings !== null) servingsInput.value = String(amounts.servings);
    unitsSelect.value = amounts.units;
    change();
  }

  return {
    el,
    /** The amounts shown (`{servings, units}`), or null when they are the recipe's own. */
    amounts: () => (shown.servings !== written || shown.units !== 'original' ? { ...shown } : null),
    choose,
  };
}

/** "1 serving", "4 servings" ("4인분"). */
function servingsText(n) {
  return t('card.servings', { count: n });
}
