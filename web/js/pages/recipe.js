// A recipe's page: everything about it; for its owner also edit, publish/unpublish and delete.

import { api } from '../api.js';
import { fillAuthor } from '../authors.js';
import { confirmDialog } from '../dialog.js';
import { formatDate, formatMinutes, h, loading, notify, replace } from '../dom.js';
import { statusBadge, tagList } from '../list.js';
import { navigate } from '../router.js';
import { currentUser } from '../session.js';
import { notFoundPage } from './not-found.js';

export async function recipePage(main, { id }, query, signal) {
  main.append(loading());
  let recipe;
  try {
    recipe = (await api('GET', `/recipes/${id}`, { auth: 'optional', signal })).data.info;
  } catch (error) {
    main.replaceChildren();
    if (error.status === 404) return notFoundPage(main, 'There is no such recipe, or it is not published.');
    throw error;
  }
  draw(main, recipe);
}

function draw(main, recipe) {
  document.title = `${recipe.name} — recipe-api`;
  const mine = currentUser()?.id === recipe.user_id;
  const author = h('a', { href: `/u/${recipe.user_id}` }, 'the author');
  fillAuthor(author, recipe.user_id);
  const facts = [
    ['Servings', recipe.num_of_servings ?? '—'],
    ['Cook time', recipe.cook_time === null ? '—' : formatMinutes(recipe.cook_time)],
    ['By', author],
    ['Updated', h('time', { datetime: recipe.updated_at }, formatDate(recipe.updated_at))],
  ];
  replace(main, h('article', { class: 'recipe' },
    h('header', {},
      h('h1', {}, recipe.name),
      mine && statusBadge(recipe),
      h('dl', { class: 'facts-list' }, facts.map(([term, value]) => h('div', {}, h('dt', {}, term), h('dd', {}, value)))),
      recipe.tags.length > 0 && tagList(recipe.tags)),
    mine && ownerActions(main, recipe),
    recipe.description && h('p', { class: 'description' }, recipe.description),
    h('section', { 'aria-labelledby': 'ingredients-title' },
      h('h2', { id: 'ingredients-title' }, 'Ingredients'),
      recipe.ingredients.length > 0
        ? h('ul', { class: 'ingredients' }, recipe.ingredients.map((line) => h('li', {}, line)))
        : h('p', { class: 'muted' }, 'No ingredients listed.')),
    h('section', { 'aria-labelledby': 'directions-title' },
      h('h2', { id: 'directions-title' }, 'Directions'),
      recipe.directions
        ? h('div', { class: 'directions' }, recipe.directions)
        : h('p', { class: 'muted' }, 'No directions given.'))));
}

function ownerActions(main, recipe) {
  const published = Boolean(recipe.is_publish);
  const toggle = h('button', {
    type: 'button',
    class: published ? 'secondary' : '',
    onclick: async () => {
      toggle.disabled = true;
      try {
        const { data } = await api(published ? 'DELETE' : 'PUT', `/recipes/${recipe.id}/publish`, { auth: true });
        notify(published ? 'Unpublished: only you can see it now.' : 'Published: everyone can see it now.');
        draw(main, data.info);
      } catch (error) {
        toggle.disabled = false;
        notify(error.message, 'error');
      }
    },
  }, published ? 'Unpublish' : 'Publish');
  const remove = h('button', {
    type: 'button',
    class: 'danger',
    onclick: async () => {
      const sure = await confirmDialog({
        title: 'Delete this recipe?',
        message: `“${recipe.name}” will be deleted for good.`,
        confirmLabel: 'Delete',
      });
      if (!sure) return;
      try {
        await api('DELETE', `/recipes/${recipe.id}`, { auth: true });
        notify('Recipe deleted.');
        navigate('/my');
      } catch (error) {
        notify(error.message, 'error');
      }
    },
  }, 'Delete');
  return h('div', { class: 'actions owner-actions' },
    h('a', { href: `/r/${recipe.id}/edit`, class: 'button secondary' }, 'Edit'), toggle, remove);
}
