// Suggestions under the header's search box, as its user types (`GET /recipes/suggest`): tags
// that begin with the word being typed and recipes whose names hold every word. A combobox in
// the ARIA sense: arrow keys move through the list, Enter opens the chosen one (or searches
// when none is chosen), Escape closes it. The box's text is sent as typed — a space at the end
// means the last word is complete — a moment after the last keystroke; an answer that arrives
// after more typing is dropped.

import { api } from './api.js';
import { h, replace } from './dom.js';
import { t } from './i18n.js';
import { navigate } from './router.js';

/** Quiet time after a keystroke before asking. */
const PAUSE_MS = 120;
const LIST_ID = 'search-suggestions';

/** Adds suggestions to the search box `input` of `form`. */
export function startSuggestions(form, input) {
  const list = h('ul', { id: LIST_ID, class: 'suggestions', role: 'listbox', 'aria-label': t('search.suggestions'), hidden: true });
  form.append(list);
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-controls', LIST_ID);
  input.setAttribute('aria-expanded', 'false');

  let shown = []; // the suggestions in the list
  let active = -1; // the one chosen with the arrow keys
  let timer = null;
  let pending = null; // the AbortController of the answer awaited

  function close() {
    clearTimeout(timer);
    pending?.abort();
    pending = null;
    shown = [];
    active = -1;
    list.hidden = true;
    replace(list);
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  }

  function mark(index) {
    active = index;
    [...list.children].forEach((item, at) => item.setAttribute('aria-selected', String(at === index)));
    if (index >= 0) input.setAttribute('aria-activedescendant', `${LIST_ID}-${index}`);
    else input.removeAttribute('aria-activedescendant');
  }

  function choose(suggestion) {
    close();
    if (suggestion.kind === 'tag') {
      input.value = '';
      navigate(`/?${new URLSearchParams({ tag: suggestion.text })}`);
    } else {
      navigate(`/r/${suggestion.id}`);
    }
  }

  function show(suggestions) {
    shown = suggestions;
    active = -1;
    list.setAttribute('aria-label', t('search.suggestions'));
    replace(list, suggestions.map((suggestion, index) => h('li', {
      id: `${LIST_ID}-${index}`,
      role: 'option',
      'aria-selected': 'false',
      class: `suggestion suggestion-${suggestion.kind}`,
      // Keeps the focus in the box, so that the list is not closed before the click.
      onmousedown: (event) => event.preventDefault(),
      onclick: () => choose(suggestion),
    }, suggestion.kind === 'tag'
      ? [h('span', { class: 'suggestion-text' }, `#${suggestion.text}`),
        h('span', { class: 'suggestion-note' }, t('search.tagCount', { count: suggestion.recipe_count }))]
      : h('span', { class: 'suggestion-text' }, suggestion.text))));
    list.hidden = suggestions.length === 0;
    input.setAttribute('aria-expanded', String(suggestions.length > 0));
    input.removeAttribute('aria-activedescendant');
  }

  async function ask() {
    const q = input.value;
    if (q.trim() === '') {
      close();
      return;
    }
    const controller = new AbortController();
    pending?.abort();
    pending = controller;
    try {
      const { data } = await api('GET', `/recipes/suggest?${new URLSearchParams({ q })}`, { signal: controller.signal });
      if (pending !== controller || input.value !== q) return;
      show(data.suggestions);
    } catch (error) {
      // Suggestions are a convenience: when they cannot be had, the box still searches.
      if (error.name !== 'AbortError' && pending === controller) close();
    } finally {
      if (pending === controller) pending = null;
    }
  }

  input.addEventListener('input', () => {
    clearTimeout(timer);
    pending?.abort();
    pending = null;
    timer = setTimeout(ask, PAUSE_MS);
  });
  input.addEventListener('keydown', (event) => {
    if (event.isComposing) return;
    if (event.key === 'Escape') {
      if (!list.hidden) event.preventDefault();
      close();
    } else if ((event.key === 'ArrowDown' || event.key === 'ArrowUp') && shown.length > 0) {
      event.preventDefault();
      // Positions -1 (none, the typed text) to the last suggestion, round in a circle.
      const step = event.key === 'ArrowDown' ? 1 : -1;
      const positions = shown.length + 1;
      mark(((active + 1 + step) % positions + positions) % positions - 1);
    } else if (event.key === 'Enter' && active >= 0) {
      event.preventDefault();
      choose(shown[active]);
    }
  });
  input.addEventListener('blur', close);
  form.addEventListener('submit', close);
  window.addEventListener('routechange', close);
}
