// A page address the UI does not know.

import { h } from '../dom.js';

export function notFoundPage(main, what = 'This page does not exist.') {
  document.title = 'Not found — recipe-api';
  main.append(h('h1', {}, 'Not found'), h('p', {}, what), h('p', {}, h('a', { href: '/' }, 'Back to the recipes')));
}
