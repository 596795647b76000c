// A page address the UI does not know.

import { h } from '../dom.js';
import { t } from '../i18n.js';

export function notFoundPage(main, what = t('notFound.page')) {
  document.title = `${t('notFound.title')} — recipe-api`;
  main.append(h('h1', {}, t('notFound.title')), h('p', {}, what), h('p', {}, h('a', { href: '/' }, t('notFound.back'))));
}
