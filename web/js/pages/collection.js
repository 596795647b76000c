// A collection's page (`/c/{id}`, `?key=` for an unlisted one): its name, description and
// recipes, in the collection's order. For its owner also: its link to share while it is
// unlisted (copy it, or make a new one, which stops every link given out), a form to rename it
// or change its description and visibility, delete, and Remove on each recipe.

import { api } from '../api.js';
import { fillAuthor } from '../authors.js';
import { confirmDialog } from '../dialog.js';
import { h, loading, newId, notify, replace } from '../dom.js';
import { field, form, valueOf } from '../forms.js';
import { t, tNodes } from '../i18n.js';
import { pageQuery, recipeList } from '../list.js';
import { navigate } from '../router.js';
import { currentUser } from '../session.js';
import { visibilities, visibilityName } from './collections.js';
import { notFoundPage } from './not-found.js';

export async function collectionPage(main, { id }, query, signal) {
  const key = query.get('key');
  const withKey = (params) => {
    const q = new URLSearchParams(params);
    if (key) q.set('key', key);
    return q;
  };
  main.append(loading());
  let collection;
  try {
    collection = (await api('GET', `/collections/${id}?${withKey({})}`, { auth: 'optional', signal })).data.info;
  } catch (error) {
    main.replaceChildren();
    if (error.status === 404) {
      return notFoundPage(main, t('collection.notFound'));
    }
    throw error;
  }
  const mine = currentUser()?.id === collection.user_id;
  const head = h('header', { class: 'collection-head' });
  const paintHead = () => {
    document.title = `${collection.name} — recipe-api`;
    const author = h('a', { href: `/u/${collection.user_id}` }, t('collection.itsAuthor'));
    fillAuthor(author, collection.user_id);
    replace(head,
      h('h1', {}, collection.name,
        h('span', { class: `badge badge-${collection.visibility}` }, visibilityName(collection.visibility))),
      h('p', { class: 'muted' }, tNodes('collection.by', { author }), ' · ',
        h('span', { class: 'collection-count' }, t('collections.recipes', { count: collection.recipe_count }))),
      collection.description && h('p', { class: 'description' }, collection.description));
  };
  paintHead();
  const changed = (info) => {
    collection = info;
    paintHead();
  };
  const list = recipeList({
    label: t('collection.label', { name: collection.name }),
    empty: mine ? t('collection.emptyMine') : t('collection.empty'),
    signal,
    decorate: mine ? (card, recipe) => removeButton(card, recipe, collection, changed) : undefined,
    fetchPage: async (cursor, s) => {
      const q = pageQuery(withKey({}), cursor);
      return (await api('GET', `/collections/${id}/recipes?${q}`, { auth: 'optional', signal: s })).data;
    },
  });
  main.replaceChildren(h('article', { class: 'collection' },
    head,
    mine && ownerPanel(() => collection, changed),
    list));
}

/** A Remove button for `card` (recipe `recipe`) that takes it out of `collection`. */
function removeButton(card, recipe, collection, changed) {
  const name = recipe.name;
  const button = h('button', {
    type: 'button',
    class: 'secondary collection-remove',
    'aria-label': t('collection.removeLabel', { name }),
    onclick: async () => {
      button.disabled = true;
      try {
        const { data } = await api('DELETE', `/collections/${collection.id}/recipes/${recipe.id}`, { auth: true });
        card.remove();
        changed(data.info);
        notify(t('collection.removed', { name }));
      } catch (error) {
        button.disabled = false;
        notify(error.message, 'error');
      }
    },
  }, t('common.remove'));
  card.append(button);
}

/** The owner's controls: the share link, the form that changes the collection, and delete. */
function ownerPanel(current, changed) {
  const share = h('div', { class: 'collection-share' });
  const paintShare = () => {
    const collection = current();
    if (collection.visibility !== 'unlisted') {
      replace(share, h('p', { class: 'hint' }, collection.visibility === 'public'
        ? t('collection.publicHint')
        : t('collection.privateHint')));
      return;
    }
    replace(share, shareLink(collection, changed));
  };
  paintShare();
  const update = (info) => {
    changed(info);
    paintShare();
  };
  const collection = current();
  const edit = form({
    label: t('collection.change'),
    submitLabel: t('common.saveChanges'),
    onSubmit: async (el) => {
      const description = valueOf(el, 'description').trim();
      const body = {
        name: valueOf(el, 'name').trim(),
        description: description || null,
        visibility: valueOf(el, 'visibility'),
      };
      const { data } = await api('PATCH', `/collections/${current().id}`, { auth: true, body });
      update(data.info);
      notify(t('collection.saved'));
    },
  },
  field({ label: t('common.name'), name: 'name', value: collection.name, required: true, maxlength: 100 }),
  field({ label: t('common.description'), name: 'description', kind: 'textarea', rows: 3, maxlength: 2000, value: collection.description ?? '' }),
  field({ label: t('collections.visibility'), name: 'visibility', kind: 'select', options: visibilities(), value: collection.visibility }));
  const remove = h('button', {
    type: 'button',
    class: 'danger',
    onclick: async () => {
      const sure = await confirmDialog({
        title: t('collection.deleteTitle'),
        message: t('collection.deleteMessage', { name: current().name }),
        confirmLabel: t('common.delete'),
      });
      if (!sure) return;
      try {
        await api('DELETE', `/collections/${current().id}`, { auth: true });
        notify(t('collection.deleted'));
        navigate('/c');
      } catch (error) {
        notify(error.message, 'error');
      }
    },
  }, t('collection.delete'));
  return h('section', { class: 'collection-owner', 'aria-label': t('collection.manage') },
    share,
    h('details', { class: 'collection-edit' },
      h('summary', {}, t('collection.editSummary')),
      edit,
      h('div', { class: 'actions collection-delete' }, remove)));
}

/** The share link of unlisted `collection`: read-only, Copy, and New link (revokes the old). */
function shareLink(collection, changed) {
  const id = newId('share-link');
  const input = h('input', { id, type: 'text', readonly: true, class: 'share-link' });
  input.value = `${location.origin}/c/${collection.id}?key=${encodeURIComponent(collection.share_key)}`;
  input.addEventListener('focus', () => input.select());
  const copy = h('button', {
    type: 'button',
    class: 'secondary',
    onclick: async () => {
      try {
        await navigator.clipboard.writeText(input.value);
        notify(t('collection.copied'));
      } catch {
        input.focus();
        notify(t('collection.copyByHand'));
      }
    },
  }, t('collection.copy'));
  const renew = h('button', {
    type: 'button',
    class: 'secondary',
    onclick: async () => {
      const sure = await confirmDialog({
        title: t('collection.newLinkTitle'),
        message: t('collection.newLinkMessage'),
        confirmLabel: t('collection.newLink'),
        danger: false,
      });
      if (!sure) return;
      renew.disabled = true;
      try {
        const { data } = await api('PATCH', `/collections/${collection.id}`, { auth: true, body: { new_share_key: true } });
        changed(data.info);
        input.value = `${location.origin}/c/${collection.id}?key=${encodeURIComponent(data.info.share_key)}`;
        notify(t('collection.newLinkMade'));
      } catch (error) {
        notify(error.message, 'error');
      } finally {
        renew.disabled = false;
      }
    },
  }, t('collection.newLink'));
  return h('div', { class: 'field' },
    h('label', { for: id }, t('collection.shareLink')),
    h('p', { class: 'hint' }, t('collection.unlistedHint')),
    h('div', { class: 'share-row' }, input, copy, renew));
}
