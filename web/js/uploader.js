// Choosing photos and watching them upload: a drop zone holding a labelled file input (shown as
// a button; the keyboard reaches it like any control), a card per file with its local preview
// and a progress bar, and the API's refusals (too large, not an image, …) said plainly.

import { h, newId } from './dom.js';
import { formatNumber, t } from './i18n.js';

/** What the file picker offers (the server judges the content, whatever the name says). */
const ACCEPT = 'image/jpeg,image/png,image/webp,image/gif';

/**
 * A drop zone with a "choose" button. `label`: the button's text; `multiple`: several files at
 * once; `onFiles(files)` gets the chosen or dropped files (an array, never empty).
 */
export function dropZone({ label, hint, multiple = false, onFiles }) {
  const id = newId('photo-file');
  const input = h('input', { type: 'file', id, class: 'visually-hidden', accept: ACCEPT, multiple });
  input.addEventListener('change', () => {
    const files = [...input.files];
    input.value = ''; // choosing the same file again is a new choice
    if (files.length > 0) onFiles(files);
  });
  const zone = h('div', { class: 'dropzone' },
    input,
    h('label', { for: id, class: 'button secondary' }, label),
    h('span', { class: 'hint' }, hint ?? (multiple ? t('upload.dropMany') : t('upload.dropOne'))));
  const carriesFiles = (event) => [...(event.dataTransfer?.types || [])].includes('Files');
  zone.addEventListener('dragover', (event) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    zone.classList.add('dropzone-active');
  });
  zone.addEventListener('dragleave', (event) => {
    if (!zone.contains(event.relatedTarget)) zone.classList.remove('dropzone-active');
  });
  zone.addEventListener('drop', (event) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    zone.classList.remove('dropzone-active');
    const files = [...event.dataTransfer.files];
    if (files.length > 0) onFiles(multiple ? files : files.slice(0, 1));
  });
  return zone;
}

/**
 * A card showing `file` on its way up: its preview (a local object URL: nothing leaves the
 * browser for it), name, a progress bar and what is happening. `data-state` says where it is:
 * uploading → processing (every byte sent, the server is making its sizes) → done | failed.
 */
export function uploadCard(file) {
  const previewUrl = URL.createObjectURL(file);
  const bar = h('progress', { max: 100, value: 0, 'aria-label': t('upload.of', { name: file.name }) });
  const text = h('span', { class: 'upload-text' }, t('upload.uploading'));
  const error = h('p', { class: 'form-error', role: 'alert' });
  const el = h('div', { class: 'upload', dataset: { state: 'uploading' }, 'aria-live': 'polite' },
    h('img', { class: 'upload-preview', src: previewUrl, alt: '' }),
    h('div', { class: 'upload-info' },
      h('span', { class: 'upload-name' }, file.name),
      bar,
      text,
      error));
  const processing = () => {
    el.dataset.state = 'processing';
    bar.removeAttribute('value'); // indeterminate: the server's work has no percentage
    text.textContent = t('upload.processing');
  };
  return {
    el,
    /** The share sent so far (0…1), or null when unknown. */
    progress(fraction) {
      if (fraction === null) {
        bar.removeAttribute('value');
      } else if (fraction >= 1) {
        processing();
      } else if (el.dataset.state === 'uploading') {
        bar.value = Math.round(fraction * 100);
        text.textContent = t('upload.progress', { percent: Math.round(fraction * 100) });
      }
    },
    done() {
      el.dataset.state = 'done';
      bar.value = 100;
      text.textContent = t('upload.done');
      URL.revokeObjectURL(previewUrl);
    },
    failed(message) {
      el.dataset.state = 'failed';
      bar.remove();
      text.textContent = t('upload.failed');
      error.textContent = message;
    },
  };
}

/** What to tell the user about a refused or failed upload (`ApiError`). */
export function uploadMessage(error) {
  switch (error.code) {
    case 'payload_too_large': {
      // The message names the limit in bytes ("larger than 20971520 bytes").
      const bytes = Number((/(\d{4,})/.exec(error.message) || [])[1]);
      const size = bytes >= 1048576
        ? `${formatNumber(Number((bytes / 1048576).toFixed(1)))} MB`
        : `${formatNumber(Math.floor(bytes / 1024))} KB`;
      return bytes > 0 ? t('upload.tooLargeAtMost', { size }) : t('upload.tooLarge');
    }
    case 'unsupported_image_type':
      return t('upload.notAPhoto');
    case 'image_too_large':
      return t('upload.tooManyPixels');
    case 'invalid_image':
      return t('upload.damaged');
    case 'gallery_full':
      return t('upload.galleryFull');
    default:
      return error.message || t('common.failed');
  }
}
