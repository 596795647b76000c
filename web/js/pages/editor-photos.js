// The editor's photos of a saved recipe: its cover (choose or drop one, watch it upload, remove
// it) and its gallery (add several, caption, reorder, delete). Each change is sent at once, on
// its own, apart from the form's text fields; `onChange(recipe, etag)` hears the recipe as the
// server has it after every change, so the editor can keep its version current.

import { api, upload } from '../api.js';
import { confirmDialog } from '../dialog.js';
import { h, newId, notify, replace } from '../dom.js';
import { field } from '../forms.js';
import { t } from '../i18n.js';
import { photoFrame } from '../photos.js';
import { dropZone, uploadCard, uploadMessage } from '../uploader.js';

/** Most photos in one recipe's gallery (the API's limit). */
const GALLERY_MAX = 20;

/**
 * The photos panel of `initial` (a recipe as the API answers it). Answers `{el, settled}`:
 * `settled()` resolves once every change started so far has finished.
 */
export function photosPanel(initial, { onChange }) {
  let recipe = initial;
  const pending = new Set();
  const track = (promise) => {
    pending.add(promise);
    promise.catch(() => {}).finally(() => pending.delete(promise));
    return promise;
  };
  const changed = (next, etag) => {
    recipe = next;
    onChange(next, etag);
  };
  /** After a change answered by a photo alone: the recipe and its version, from the server. */
  const refresh = async () => {
    const { data, headers } = await api('GET', `/recipes/${recipe.id}`, { auth: true });
    changed(data.info, headers.get('ETag'));
  };

  const cover = coverEditor(() => recipe, { changed, track });
  const gallery = galleryEditor(() => recipe, { changed, refresh, track });
  const el = h('section', { class: 'panel photos-panel', id: 'photos', tabindex: '-1', 'aria-labelledby': 'photos-title' },
    h('h2', { id: 'photos-title' }, t('common.photos')),
    h('p', { class: 'hint' }, t('photos.hint')),
    cover,
    gallery);
  return { el, settled: () => Promise.allSettled([...pending]) };
}

/** The panel of a recipe not saved yet: photos need the recipe to belong to. */
export function photosLater() {
  return h('section', { class: 'panel photos-panel', id: 'photos', 'aria-labelledby': 'photos-title' },
    h('h2', { id: 'photos-title' }, t('common.photos')),
    h('p', { class: 'muted' }, t('photos.later')));
}

function coverEditor(current, { changed, track }) {
  const view = h('div', { class: 'cover-current' });
  const status = h('div', { class: 'cover-status' });
  const alt = field({
    label: t('photos.coverAlt'),
    name: 'cover_alt',
    maxlength: 500,
    hint: t('photos.coverAltHint'),
    autocomplete: 'off',
  });
  const altInput = alt.querySelector('input');
  const remove = h('button', {
    type: 'button',
    class: 'secondary',
    onclick: async () => {
      const sure = await confirmDialog({
        title: t('photos.removeCoverTitle'),
        message: t('photos.removeCoverMessage'),
        confirmLabel: t('photos.removeCoverConfirm'),
      });
      if (!sure) return;
      remove.disabled = true;
      try {
        const { data, headers } = await track(api('DELETE', `/recipes/${current().id}/cover`, { auth: true }));
        changed(data.info, headers.get('ETag'));
        notify(t('photos.coverRemoved'));
      } catch (error) {
        notify(error.message, 'error');
      }
      remove.disabled = false;
      draw();
    },
  }, t('photos.removeCover'));

  function draw() {
    const photo = current().cover;
    view.hidden = false;
    replace(view, photo
      ? [photoFrame(photo, { sizes: '(max-width: 600px) calc(100vw - 24px), 300px', className: 'cover-photo' }),
        photo.alt && h('p', { class: 'hint' }, t('photos.describedAs', { alt: photo.alt }))]
      : h('p', { class: 'photo-empty' }, t('photos.noCover')));
    remove.hidden = !photo;
  }

  async function send([file]) {
    const card = uploadCard(file);
    replace(status, card.el);
    view.hidden = true; // the preview stands in for the current cover meanwhile
    const form = new FormData();
    form.append('cover', file);
    if (altInput.value.trim()) form.append('alt', altInput.value);
    try {
      const url = `/recipes/${current().id}/cover`;
      const { data, headers } = await track(upload('PUT', url, form, { onProgress: card.progress }));
      card.done();
      status.replaceChildren();
      altInput.value = '';
      changed(data.info, headers.get('ETag'));
      notify(t('photos.coverSaved'));
    } catch (error) {
      if (error.name === 'AbortError') return;
      card.failed(uploadMessage(error));
    }
    draw();
  }

  draw();
  return h('div', { class: 'cover-editor' },
    h('h3', {}, t('photos.cover')),
    h('div', { class: 'cover-body' },
      h('div', { class: 'cover-side' }, view, status),
      h('div', { class: 'cover-controls' },
        alt,
        h('div', { class: 'actions' },
          dropZone({ label: t('photos.chooseCover'), onFiles: send }),
          remove))));
}

function galleryEditor(current, { changed, refresh, track }) {
  const list = h('ol', { class: 'gallery-editor', 'aria-label': t('photos.galleryPhotos') });
  const uploads = h('ul', { class: 'gallery-uploads', 'aria-label': t('photos.uploads') });
  const count = h('p', { class: 'hint' });
  let waiting = 0; // files chosen and not uploaded yet
  let queue = Promise.resolve();

  /** Redraws the list from the recipe, keeping unsaved captions and the focus. */
  function draw() {
    const typed = new Map();
    for (const item of list.querySelectorAll('li[data-image-id]')) {
      const input = item.querySelector('input');
      if (input.value !== (item.dataset.savedAlt || '')) typed.set(item.dataset.imageId, input.value);
    }
    const focused = document.activeElement;
    const focusKey = list.contains(focused) && focused.dataset.key
      ? [focused.closest('li').dataset.imageId, focused.dataset.key] : null;
    const images = current().images;
    replace(list, images.map((photo, index) => item(photo, index, images.length)));
    for (const [id, value] of typed) {
      const input = list.querySelector(`li[data-image-id="${id}"] input`);
      if (input) input.value = value;
    }
    if (focusKey) {
      const again = list.querySelector(`li[data-image-id="${focusKey[0]}"] [data-key="${focusKey[1]}"]`);
      if (again && !again.disabled) again.focus();
    }
    list.hidden = images.length === 0;
    count.textContent = images.length === 0
      ? t('photos.noGallery')
      : t('photos.count', { count: images.length, max: GALLERY_MAX });
  }

  function item(photo, index, total) {
    const n = index + 1;
    const captionId = newId('caption');
    const input = h('input', { id: captionId, name: 'alt', maxlength: 500, value: photo.alt || '', autocomplete: 'off' });
    const problem = h('p', { class: 'field-error', role: 'alert' });
    const caption = h('form', { class: 'caption-form', novalidate: true },
      h('label', { for: captionId }, t('photos.captionOf', { n })),
      h('div', { class: 'caption-row' },
        input,
        h('button', { type: 'submit', class: 'secondary', dataset: { key: 'caption' } }, t('photos.saveCaption'))),
      problem);
    caption.addEventListener('submit', async (event) => {
      event.preventDefault();
      problem.textContent = '';
      try {
        const path = `/recipes/${current().id}/images/${photo.id}`;
        const { data } = await track(api('PATCH', path, { body: { alt: input.value }, auth: true }));
        input.value = data.info.alt ?? '';
        input.closest('li').dataset.savedAlt = input.value;
        notify(t('photos.captionSaved'));
        await track(refresh());
        draw();
      } catch (error) {
        problem.textContent = error.fields?.alt || error.message;
      }
    });
    const button = (text, key, action, disabled = false, danger = false) => h('button', {
      type: 'button',
      class: danger ? 'secondary danger-text' : 'secondary',
      'aria-label': t('photos.actionOf', { action: text, n }),
      dataset: { key },
      disabled,
      onclick: action,
    }, text);
    return h('li', { class: 'gallery-item', dataset: { imageId: photo.id, savedAlt: photo.alt || '' } },
      photoFrame(photo, { sizes: '120px', className: 'gallery-thumb' }),
      h('div', { class: 'gallery-item-body' },
        caption,
        h('div', { class: 'gallery-actions' },
          button(t('photos.moveUp'), 'up', () => move(index, -1), index === 0),
          button(t('photos.moveDown'), 'down', () => move(index, 1), index === total - 1),
          button(t('common.delete'), 'delete', () => remove(photo, n), false, true))));
  }

  async function move(index, step) {
    const order = current().images.map((photo) => photo.id);
    [order[index], order[index + step]] = [order[index + step], order[index]];
    try {
      const path = `/recipes/${current().id}/images/order`;
      const { data, headers } = await track(api('PUT', path, { body: { order }, auth: true }));
      changed(data.info, headers.get('ETag'));
    } catch (error) {
      notify(error.message, 'error');
      await track(refresh()).catch(() => {});
    }
    draw();
  }

  async function remove(photo, n) {
    const sure = await confirmDialog({
      title: t('photos.deleteTitle'),
      message: photo.alt ? t('photos.deleteNamed', { alt: photo.alt }) : t('photos.deleteNumbered', { n }),
      confirmLabel: t('common.delete'),
    });
    if (!sure) return;
    try {
      const path = `/recipes/${current().id}/images/${photo.id}`;
      const { data, headers } = await track(api('DELETE', path, { auth: true }));
      changed(data.info, headers.get('ETag'));
      notify(t('photos.deleted'));
    } catch (error) {
      notify(error.message, 'error');
    }
    draw();
  }

  async function send(file, card, entry) {
    const form = new FormData();
    form.append('image', file);
    let added = false;
    try {
      await upload('POST', `/recipes/${current().id}/images`, form, { onProgress: card.progress });
      added = true;
      card.done();
      entry.remove();
    } catch (error) {
      card.failed(uploadMessage(error));
      entry.append(h('button', { type: 'button', class: 'link-button', onclick: () => entry.remove() }, t('photos.dismiss')));
    } finally {
      waiting -= 1;
    }
    if (added) await refresh().catch((error) => notify(error.message, 'error'));
    draw();
  }

  function add(files) {
    const room = Math.max(0, GALLERY_MAX - current().images.length - waiting);
    if (files.length > room) {
      notify(t('photos.tooMany', { max: GALLERY_MAX, left: files.length - room }), 'error');
    }
    for (const file of files.slice(0, room)) {
      const card = uploadCard(file);
      const entry = h('li', {}, card.el);
      uploads.append(entry);
      waiting += 1;
      // One at a time, in the order chosen: the gallery keeps that order.
      queue = queue.then(() => send(file, card, entry));
      track(queue);
    }
  }

  draw();
  return h('div', { class: 'gallery-editor-wrap' },
    h('h3', {}, t('photos.gallery')),
    count,
    list,
    uploads,
    dropZone({ label: t('photos.add'), multiple: true, hint: t('photos.dropHint', { max: GALLERY_MAX }), onFiles: add }));
}
