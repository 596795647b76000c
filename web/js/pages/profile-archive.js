// The profile's archive: "Export my recipes" downloads every recipe and photo of the account as
// one .zip (`GET /users/me/export`), and "Import an archive" sends such a file back
// (`POST /users/me/import`), here or on another server, then says what it imported and skipped.
// The download is fetched with the access token (a plain link could not send it), then handed to
// the browser as a local object URL on an `<a download>`: a download, which the CSP does not
// govern.

import { download, upload } from '../api.js';
import { h, replace } from '../dom.js';
import { field, form } from '../forms.js';
import { formatNumber, t } from '../i18n.js';

/** Until the archive download is handed over, the object URL must live; then it is freed. */
const KEEP_OBJECT_URL_MS = 60_000;

/** The export and import controls. */
export function archivePanel() {
  return h('div', { class: 'archive' },
    h('h3', {}, t('archive.export')),
    exportControls(),
    h('h3', {}, t('archive.import')),
    importForm());
}

function exportControls() {
  const status = h('p', { class: 'archive-status', role: 'status' });
  const button = h('button', {
    type: 'button',
    onclick: async () => {
      button.disabled = true;
      status.className = 'archive-status';
      replace(status, t('archive.preparing'));
      try {
        const { blob, filename } = await download('/users/me/export', { fallbackName: 'recipe-api-export.zip' });
        save(blob, filename);
        status.dataset.bytes = String(blob.size);
        replace(status, t('archive.downloaded', { filename, size: formatBytes(blob.size) }));
      } catch (error) {
        status.className = 'archive-status form-error';
        replace(status, error.message);
      } finally {
        button.disabled = false;
      }
    },
  }, t('archive.exportButton'));
  return h('div', { class: 'archive-export' },
    h('p', { class: 'hint' }, t('archive.exportHint')),
    h('div', { class: 'actions' }, button),
    status);
}

/** Hands `blob` to the browser as a download named `filename`. */
function save(blob, filename) {
  const url = URL.createObjectURL(blob);
  const link = h('a', { href: url, download: filename, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), KEEP_OBJECT_URL_MS);
}

function importForm() {
  const status = h('div', { class: 'archive-status archive-result', 'aria-live': 'polite' });
  return h('div', {},
    form({
      label: t('archive.import'),
      submitLabel: t('archive.importButton'),
      onSubmit: async (el) => {
        const file = el.elements.namedItem('archive').files[0];
        const bar = h('progress', { max: 100, value: 0, 'aria-label': t('upload.of', { name: file.name }) });
        replace(status, h('p', {}, t('archive.sending', { name: file.name })), bar);
        const onProgress = (fraction) => {
          if (fraction === null || fraction >= 1) bar.removeAttribute('value');
          else bar.value = Math.round(fraction * 100);
        };
        try {
          const { data } = await upload('POST', '/users/me/import', file, { contentType: 'application/zip', onProgress });
          el.reset();
          showResult(status, data);
        } catch (error) {
          status.replaceChildren();
          throw error; // shown at the top of the form
        }
      },
    },
    field({
      label: t('archive.file'),
      name: 'archive',
      type: 'file',
      accept: '.zip,application/zip',
      required: true,
      hint: t('archive.fileHint'),
    })),
    status);
}

/** "N imported, M skipped", the warnings, and where to find the recipes. */
function showResult(status, { info, warnings }) {
  const { imported, skipped } = info;
  replace(status,
    h('p', { class: 'archive-counts', role: 'status' }, t('archive.counts', { imported, skipped })),
    warnings && warnings.length > 0 && h('div', { class: 'import-warnings', role: 'note' },
      h('h4', {}, t('archive.warnings', { count: warnings.length })),
      h('ul', {}, warnings.map((warning) => h('li', {}, warning)))),
    imported > 0 && h('p', {}, h('a', { href: '/my' }, t('archive.seeThem'))));
}

/** "12.3 KB" */
function formatBytes(bytes) {
  if (bytes < 1024) return t('archive.bytes', { count: bytes });
  if (bytes < 1048576) return `${formatNumber(Number((bytes / 1024).toFixed(1)))} KB`;
  return `${formatNumber(Number((bytes / 1048576).toFixed(1)))} MB`;
}
