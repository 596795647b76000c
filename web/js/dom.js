// Building the page. User text only ever becomes text nodes (textContent), never HTML; the
// Content-Security-Policy's Trusted Types make the browser refuse any HTML string anyway.
// Dates and durations are written in the UI's language.

import { locale, t } from './i18n.js';

/**
 * Creates an element. `attrs`: attributes, plus `on<event>` handlers, `class`, and `dataset`.
 * Children: nodes, strings (as text), arrays of those; null/false are skipped.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value);
    } else if (key === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (value === true) {
      el.setAttribute(key, '');
    } else {
      el.setAttribute(key, String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else if (child instanceof Node) el.append(child);
    else el.append(document.createTextNode(String(child)));
  }
}

/** Replaces the children of `el`. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

let uid = 0;
/** A unique element id with `prefix`. */
export function newId(prefix) {
  uid += 1;
  return `${prefix}-${uid}`;
}

/** "3 Dec 2026" ("2026. 12. 3.") in the UI's language. */
export function formatDate(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleDateString(locale(), { dateStyle: 'medium' });
}

/** "3 Dec 2026, 14:05" in the UI's language. */
export function formatDateTime(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleString(locale(), { dateStyle: 'medium', timeStyle: 'short' });
}

/** "1 h 30 min" ("1시간 30분") */
export function formatMinutes(minutes) {
  if (minutes === null || minutes === undefined) return '';
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return t('time.minutes', { minutes: rest });
  return rest === 0 ? t('time.hours', { hours }) : t('time.hoursMinutes', { hours, minutes: rest });
}

/** A "Loading…" placeholder that screen readers announce. */
export function loading(what = t('common.loading')) {
  return h('p', { class: 'loading', role: 'status' }, what);
}

/** Shows a short message in the page's live region. */
export function notify(message, kind = 'info') {
  const notice = document.getElementById('notice');
  replace(notice, h('p', { class: `notice-${kind}` }, message));
  clearTimeout(notify.timer);
  notify.timer = setTimeout(() => notice.replaceChildren(), 6000);
}
