// The UI's words in English and Korean. `t(key, params)` answers the text of `key` in the chosen
// language (i18n/en.js, i18n/ko.js: the same keys in both, a test holds them to it), with each
// `{name}` replaced by `params.name` (as given: format numbers with `formatNumber` first where
// they need it); an entry with `one` and `other` forms is picked by `params.count`
// (Intl.PluralRules). Dates and numbers are written for `locale()`.
//
// The language: the account's when signed in (language.js applies it), else the one chosen in
// this browser (kept in localStorage under LANGUAGE_KEY: the one thing the UI keeps there),
// else the first of Korean and English in the browser's languages, else English.

import en from './i18n/en.js';
import ko from './i18n/ko.js';

const DICTIONARIES = { en, ko };
/** The languages offered, each named in itself. */
export const LANGUAGES = [['en', 'English'], ['ko', '한국어']];
/** Where the choice made in this browser is kept. */
const LANGUAGE_KEY = 'recipe-api-language';

const listeners = new Set();
let current = storedChoice() || browserLanguage();

/** `code` if it is one of the UI's languages, else null. */
export function supported(code) {
  return Object.hasOwn(DICTIONARIES, code) ? code : null;
}

/** The language chosen in this browser, or null when none was. */
export function storedChoice() {
  try {
    return supported(localStorage.getItem(LANGUAGE_KEY));
  } catch {
    return null; // storage refused (privacy settings): the choice lasts for this page
  }
}

/** Korean when a `ko*` language comes before any `en*` one in the browser's list, else English. */
function browserLanguage() {
  const wanted = navigator.languages?.length ? navigator.languages : [navigator.language || ''];
  for (const tag of wanted) {
    const primary = String(tag).toLowerCase().split('-')[0];
    if (supported(primary)) return primary;
  }
  return 'en';
}

/** The UI's language: 'en' or 'ko'. */
export function locale() {
  return current;
}

/** Runs `listener(code)` after the language changes. */
export function onLanguageChange(listener) {
  listeners.add(listener);
}

/**
 * Shows the UI in `code` from now on; `remember`: keep it as this browser's choice. Listeners
 * hear of it only when it changes.
 */
export function setLanguage(code, { remember = true } = {}) {
  const next = supported(code);
  if (!next) return;
  if (remember) {
    try {
      localStorage.setItem(LANGUAGE_KEY, next);
    } catch {
      // Not kept: the choice lasts for this page.
    }
  }
  if (next === current) return;
  current = next;
  translatePage();
  listeners.forEach((listener) => listener(current));
}

/** `n` written the locale's way ("1,234"); `digits`: exactly that many decimals. */
export function formatNumber(n, digits) {
  const options = digits === undefined ? {} : { minimumFractionDigits: digits, maximumFractionDigits: digits };
  return new Intl.NumberFormat(current, options).format(n);
}

/** The text of `key` in the UI's language, with `params` filled in. */
export function t(key, params = {}) {
  let entry = DICTIONARIES[current][key] ?? en[key];
  if (entry === undefined) return key;
  if (typeof entry === 'object') {
    const form = new Intl.PluralRules(current).select(Number(params.count));
    entry = entry[form] ?? entry.other;
  }
  return entry.replace(/\{(\w+)\}/g, (whole, name) => (Object.hasOwn(params, name) ? String(params[name]) : whole));
}

/**
 * Like `t`, for a text with elements in it: each `{name}` of `nodes` becomes that node (e.g. a
 * link). Answers the pieces, for `h()`.
 */
export function tNodes(key, nodes, params = {}) {
  return t(key, params).split(/(\{\w+\})/).filter((piece) => piece !== '').map((piece) => {
    const name = /^\{(\w+)\}$/.exec(piece)?.[1];
    return name && Object.hasOwn(nodes, name) ? nodes[name] : piece;
  });
}

/**
 * Writes the words of the page's fixed parts (index.html): `data-i18n` names the key of an
 * element's text, `data-i18n-placeholder` and `data-i18n-aria-label` those of its attributes;
 * and `<html lang>`.
 */
export function translatePage() {
  document.documentElement.lang = current;
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of document.querySelectorAll('[data-i18n-placeholder]')) el.placeholder = t(el.dataset.i18nPlaceholder);
  for (const el of document.querySelectorAll('[data-i18n-aria-label]')) el.setAttribute('aria-label', t(el.dataset.i18nAriaLabel));
}
