// A recipe's page: everything about it — its cover on top, what readers say of it under its name
// (favourites and ratings, recipe-community.js), its ingredients in the amounts the reader
// chooses (recipe-amounts.js), its gallery with captions, and its comments at the end
// (recipe-comments.js) — and for its owner also edit, publish/unpublish and delete. Signed in,
// "Add to collection" puts it in one of the reader's collections (recipe-collections.js), and
// someone else's recipe can be reported, or hidden by an administrator. Its owner sees why an
// administrator hid it.

import { api } from '../api.js';
import { fillAuthor } from '../authors.js';
import { confirmDialog } from '../dialog.js';
import { formatDate, formatMinutes, h, loading, notify, replace } from '../dom.js';
import { t } from '../i18n.js';
import { statusBadge, tagList } from '../list.js';
import { photoFrame } from '../photos.js';
import { formDialog, reportButton } from '../report.js';
import { navigate } from '../router.js';
import { field, valueOf } from '../forms.js';
import { currentUser } from '../session.js';
import { notFoundPage } from './not-found.js';
import { ingredientsSection, loadRecipe } from './recipe-amounts.js';
import { collectionPicker } from './recipe-collections.js';
import { commentsSection } from './recipe-comments.js';
import { communityBar } from './recipe-community.js';

export async function recipePage(main, { id }, query, signal) {
  main.append(loading());
  let loaded;
  try {
    loaded = await loadRecipe(id, query, signal);
  } catch (error) {
    main.replaceChildren();
    if (error.status === 404) return notFoundPage(main, t('recipe.notFound'));
    throw error;
  }
  draw(main, loaded.recipe, { units: loaded.units, problem: loaded.problem, signal });
}

/**
 * Draws `recipe` (maybe scaled: shown in `units`, see recipe-amounts.js); `keep`: amounts to
 * show again after a redraw with the recipe as written.
 */
function draw(main, recipe, { units, problem, signal, keep = null }) {
  document.title = `${recipe.name} — recipe-api`;
  const user = currentUser();
  const mine = user?.id === recipe.user_id;
  const author = h('a', { href: `/u/${recipe.user_id}` }, t('recipe.theAuthor'));
  fillAuthor(author, recipe.user_id, { avatar: true });
  const ingredients = ingredientsSection(recipe, { units, problem, signal });
  const community = communityBar(recipe);
  const comments = commentsSection(recipe, { signal, onCount: community.setCommentCount });
  const facts = [
    [t('common.servings'), (recipe.scaled_from ?? recipe.num_of_servings) ?? '—'],
    [t('common.cookTime'), recipe.cook_time === null ? '—' : formatMinutes(recipe.cook_time)],
    [t('recipe.by'), author],
    [t('recipe.updated'), h('time', { datetime: recipe.updated_at }, formatDate(recipe.updated_at))],
  ];
  replace(main, h('article', { class: 'recipe' },
    recipe.cover && h('figure', { class: 'recipe-cover' },
      photoFrame(recipe.cover, { sizes: '(max-width: 1040px) 100vw, 1040px', lazy: false })),
    h('header', {},
      h('h1', {}, recipe.name),
      mine && statusBadge(recipe),
      community.el,
      h('dl', { class: 'facts-list' }, facts.map(([term, value]) => h('div', {}, h('dt', {}, term), h('dd', {}, value)))),
      recipe.tags.length > 0 && tagList(recipe.tags),
      collectionPicker(recipe, { signal }),
      user && !mine && h('div', { class: 'actions reader-actions' },
        reportButton('recipe', recipe.id, recipe.name),
        user.role === 'admin' && hideButton(recipe))),
    mine && recipe.hidden_reason && h('p', { class: 'notice-error hidden-notice', role: 'note' },
      t('recipe.hiddenBy', { reason: recipe.hidden_reason })),
    mine && ownerActions(main, recipe, { ingredients, signal }),
    mine && !recipe.cover && recipe.images.length === 0 && h('p', { class: 'muted add-photos' },
      t('recipe.noPhotos'), ' ', h('a', { href: `/r/${recipe.id}/edit#photos` }, t('recipe.addPhotos'))),
    recipe.description && h('p', { class: 'description' }, recipe.description),
    ingredients.el,
    h('section', { 'aria-labelledby': 'directions-title' },
      h('h2', { id: 'directions-title' }, t('recipe.directions')),
      recipe.directions
        ? h('div', { class: 'directions' }, recipe.directions)
        : h('p', { class: 'muted' }, t('recipe.noDirections'))),
    recipe.images.length > 0 && gallery(recipe.images),
    comments));
  if (keep) ingredients.choose(keep);
}

/** The gallery: each photo with its alt text as caption; a photo opens at full size. */
function gallery(images) {
  return h('section', { 'aria-labelledby': 'gallery-title' },
    h('h2', { id: 'gallery-title' }, t('common.photos')),
    h('ul', { class: 'gallery' }, images.map((photo) => h('li', {},
      h('figure', {},
        h('a', { href: photo.url, class: 'gallery-link', 'aria-label': photo.alt ? t('recipe.fullSizeOf', { alt: photo.alt }) : t('recipe.fullSize') },
          photoFrame(photo, { sizes: '(max-width: 520px) calc(100vw - 24px), (max-width: 1040px) 48vw, 330px', alt: '' })),
        photo.alt && h('figcaption', {}, photo.alt))))));
}

/** Edit, publish/unpublish and delete; `ingredients`: the amounts to keep across a redraw. */
function ownerActions(main, recipe, { ingredients, signal }) {
  const published = Boolean(recipe.is_publish);
  const toggle = h('button', {
    type: 'button',
    class: published ? 'secondary' : '',
    disabled: !published && Boolean(recipe.hidden_reason),
    onclick: async () => {
      toggle.disabled = true;
      try {
        const { data } = await api(published ? 'DELETE' : 'PUT', `/recipes/${recipe.id}/publish`, { auth: true });
        notify(published ? t('recipe.unpublished') : t('recipe.publishedNotice'));
        draw(main, data.info, { units: 'original', signal, keep: ingredients.amounts() });
      } catch (error) {
        toggle.disabled = false;
        notify(error.message, 'error');
      }
    },
  }, published ? t('recipe.unpublish') : t('recipe.publish'));
  const remove = h('button', {
    type: 'button',
    class: 'danger',
    onclick: async () => {
      const sure = await confirmDialog({
        title: t('recipe.deleteTitle'),
        message: t('recipe.deleteMessage', { name: recipe.name }),
        confirmLabel: t('common.delete'),
      });
      if (!sure) return;
      try {
        await api('DELETE', `/recipes/${recipe.id}`, { auth: true });
        notify(t('recipe.deleted'));
        navigate('/my');
      } catch (error) {
        notify(error.message, 'error');
      }
    },
  }, t('common.delete'));
  return h('div', { class: 'actions owner-actions' },
    h('a', { href: `/r/${recipe.id}/edit`, class: 'button secondary' }, t('common.edit')), toggle, remove);
}

/** An administrator's "Hide": asks why (its owner is told), then nobody else sees it. */
function hideButton(recipe) {
  return h('button', {
    type: 'button',
    class: 'link-button danger-link',
    onclick: () => formDialog({
      title: t('recipe.hideTitle', { name: recipe.name }),
      submitLabel: t('recipe.hide'),
      fields: [field({ label: t('recipe.hideReason'), name: 'reason', kind: 'textarea', rows: 3, maxlength: 500, required: true, hint: t('recipe.hideHint') })],
      onSubmit: async (el) => {
        await api('POST', `/admin/recipes/${recipe.id}/hide`, { auth: true, body: { reason: valueOf(el, 'reason').trim() } });
        notify(t('recipe.hidden', { name: recipe.name }));
        navigate('/admin?tab=audit');
      },
    }),
  }, t('recipe.hide'));
}
