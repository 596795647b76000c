// How the editor's ingredient lines are read: under the Ingredients field, each line with the
// amount, unit, food and note the server reads in it (`POST /ingredients/parse`, nothing saved),
// refreshed a short time after typing stops. A newer text cancels the request for an older one,
// so an answer never shows lines that are no longer there. A recipe opened for editing shows its
// stored reading at once. Lines the server would refuse (too long, past the 100th) are said so
// here, before saving.

import { api } from '../api.js';
import { h, newId, replace } from '../dom.js';
import { t } from '../i18n.js';

/** How long typing must pause before the lines are read again. */
const PAUSE_MS = 400;
const LINES_MAX = 100;
const LINE_MAX_CHARS = 200;

/** Unit ids of the API, in words. */
function unitNames() {
  return {
    tsp: t('units.tsp'),
    tbsp: t('units.tbsp'),
    cup: t('units.cup'),
    ml: 'ml',
    l: t('units.l'),
    fl_oz: 'fl oz',
    g: 'g',
    kg: 'kg',
    oz: 'oz',
    lb: 'lb',
  };
}

/** The non-blank lines of `text`, trimmed (what saving keeps). */
function linesOf(text) {
  return text.split('\n').map((line) => line.trim()).filter(Boolean);
}

/** "2", "1.5", "1–2"; "—" without an amount. */
function amountText(item) {
  if (item.quantity === null || item.quantity === undefined) return '—';
  const number = (n) => String(Math.round(n * 1000) / 1000);
  return item.quantity_max === null || item.quantity_max === undefined
    ? number(item.quantity)
    : `${number(item.quantity)}–${number(item.quantity_max)}`;
}

/**
 * The preview of `textarea`'s lines. `items`: the stored reading of the lines it holds (a
 * recipe being edited), shown until the text changes; `signal` ends it with the page.
 */
export function ingredientPreview(textarea, { items = [], signal } = {}) {
  const titleId = newId('ingredient-preview-title');
  const body = h('tbody');
  const table = h('table', { class: 'parsed-lines' },
    h('thead', {}, h('tr', {}, [t('parsed.line'), t('parsed.amount'), t('parsed.unit'), t('parsed.food'), t('parsed.note')]
      .map((name) => h('th', { scope: 'col' }, name)))),
    body);
  const status = h('div', { class: 'ingredient-preview-status' });
  const id = newId('ingredient-preview');
  const el = h('section', { id, class: 'ingredient-preview', 'aria-labelledby': titleId, hidden: true },
    h('h3', { id: titleId }, t('parsed.title')),
    status,
    h('div', { class: 'table-scroll' }, table));
  textarea.setAttribute('aria-controls', id);

  let timer = null;
  let pending = null; // the AbortController of the answer awaited
  signal?.addEventListener('abort', () => {
    clearTimeout(timer);
    pending?.abort();
  });

  /** Shows `rows`: the items read, and the lines not sent with why. */
  function show(rows) {
    el.hidden = rows.length === 0;
    replace(body, rows.map((row) => (row.problem
      ? h('tr', {}, h('td', {}, row.text), h('td', { colspan: 4, class: 'parsed-problem' }, row.problem))
      : h('tr', {},
        h('td', {}, row.text),
        h('td', { class: row.quantity === null ? 'parsed-none' : null }, amountText(row)),
        h('td', { class: row.unit ? null : 'parsed-none' }, row.unit ? unitNames()[row.unit] || row.unit : '—'),
        h('td', { class: 'parsed-food' }, row.food),
        h('td', {}, row.note || '')))));
  }

  async function read() {
    pending?.abort();
    const lines = linesOf(textarea.value);
    const sent = lines.slice(0, LINES_MAX).filter((line) => [...line].length <= LINE_MAX_CHARS);
    replace(status, lines.length > LINES_MAX && h('p', { class: 'form-error' },
      t('parsed.tooMany', { max: LINES_MAX, extra: lines.length - LINES_MAX })));
    if (sent.length === 0) {
      pending = null;
      table.removeAttribute('aria-busy');
      show(lines.slice(0, LINES_MAX).map((text) => ({ text, problem: tooLong() })));
      return;
    }
    const controller = new AbortController();
    pending = controller;
    table.setAttribute('aria-busy', 'true');
    try {
      const { data } = await api('POST', '/ingredients/parse', { body: { lines: sent }, signal: controller.signal });
      if (pending !== controller) return;
      const items = [...data.items];
      show(lines.slice(0, LINES_MAX).map((text) => ([...text].length <= LINE_MAX_CHARS
        ? items.shift()
        : { text, problem: tooLong() })));
    } catch (error) {
      if (error.name === 'AbortError' || pending !== controller) return;
      replace(status, h('p', { class: 'form-error', role: 'alert' },
        t('parsed.failed', { message: error.message })));
    } finally {
      if (pending === controller) {
        pending = null;
        table.removeAttribute('aria-busy');
      }
    }
  }

  textarea.addEventListener('input', () => {
    clearTimeout(timer);
    pending?.abort();
    pending = null;
    table.setAttribute('aria-busy', 'true');
    timer = setTimeout(read, PAUSE_MS);
  });
  const lines = linesOf(textarea.value);
  if (items.length > 0 && items.length === lines.length) show(items);
  else if (lines.length > 0) read();
  return el;
}

function tooLong() {
  return t('parsed.tooLong', { max: LINE_MAX_CHARS });
}
