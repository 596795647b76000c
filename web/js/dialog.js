// A modal confirmation (the native <dialog>: focus stays inside, Escape cancels).

import { h } from './dom.js';
import { t } from './i18n.js';

/** Answers true when the user confirms. */
export function confirmDialog({ title, message, confirmLabel, danger = true }) {
  return new Promise((resolve) => {
    const titleId = 'confirm-title';
    const dialog = h('dialog', { class: 'confirm', 'aria-labelledby': titleId },
      h('h2', { id: titleId }, title),
      h('p', {}, message),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'secondary', onclick: () => dialog.close('cancel') }, t('common.cancel')),
        h('button', { type: 'button', class: danger ? 'danger' : '', onclick: () => dialog.close('confirm') }, confirmLabel)));
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(dialog.returnValue === 'confirm');
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}
