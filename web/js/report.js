// "Report": a signed-in reader tells the administrators what is wrong with a recipe, an account
// or a comment (`POST /recipes|users|comments/{id}/report`). A modal form asks why (one of the
// API's reasons) and, optionally, more; reporting the same thing again while the first report
// is open files nothing new. Also the modal form that asks an administrator for a reason
// (hiding a recipe, disabling an account, resolving a report).

import { api } from './api.js';
import { h, notify } from './dom.js';
import { field, form, valueOf } from './forms.js';
import { t } from './i18n.js';

/** The reasons, as the API names them, and as the page says them. */
export function reportReasons() {
  return [
    ['spam', t('report.spam')],
    ['offensive', t('report.offensive')],
    ['copyright', t('report.copyright')],
    ['dangerous', t('report.dangerous')],
    ['other', t('report.other')],
  ];
}

/** "Spam", "Offensive or abusive", … for the API's `reason`. */
export function reasonName(reason) {
  return reportReasons().find(([value]) => value === reason)?.[1] ?? reason;
}

/** The longest `details` the API takes. */
const DETAILS_MAX = 1000;

/** "Report “Kimchi stew”" and the like. */
function titleOf(kind, what) {
  if (kind === 'recipe') return t('report.titleRecipe', { what });
  if (kind === 'user') return t('report.titleUser', { what });
  return t('report.titleComment', { what });
}

/**
 * A "Report" button for `kind` (`recipe`, `user` or `comment`) number `id`; `what`: its name, for
 * the form's title.
 */
export function reportButton(kind, id, what) {
  return h('button', {
    type: 'button',
    class: 'link-button report-button',
    onclick: () => formDialog({
      title: titleOf(kind, what),
      submitLabel: t('report.send'),
      fields: [
        field({ label: t('report.why'), name: 'reason', kind: 'select', required: true, options: [['', t('report.choose')], ...reportReasons()] }),
        field({ label: t('report.details'), name: 'details', kind: 'textarea', rows: 3, maxlength: DETAILS_MAX, hint: t('report.detailsHint') }),
      ],
      onSubmit: async (el) => {
        const details = valueOf(el, 'details').trim();
        const body = { reason: valueOf(el, 'reason'), ...(details ? { details } : {}) };
        const { status } = await api('POST', `/${kind}s/${id}/report`, { auth: true, body });
        notify(status === 201 ? t('report.sent') : t('report.alreadyOpen'));
      },
    }),
  }, t('report.button'));
}

/**
 * A modal form (the native <dialog>: focus stays inside, Escape cancels) of `fields`; it closes
 * once `onSubmit(form)` succeeds, and shows what the server refused otherwise.
 */
export function formDialog({ title, submitLabel, fields, onSubmit }) {
  const titleId = 'form-dialog-title';
  const content = form({
    label: title,
    submitLabel,
    onSubmit: async (el) => {
      await onSubmit(el);
      dialog.close();
    },
  }, fields);
  content.querySelector('.actions').prepend(
    h('button', { type: 'button', class: 'secondary', onclick: () => dialog.close() }, t('common.cancel')));
  const dialog = h('dialog', { class: 'confirm form-dialog', 'aria-labelledby': titleId },
    h('h2', { id: titleId }, title), content);
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  return dialog;
}
