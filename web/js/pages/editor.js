// Writing a recipe: a new one (saved as a draft, visible only to its author until published)
// or an existing one of the signed-in user. The limits shown are the API's; the API's own
// validation messages appear under the field they concern. An edit is saved with `If-Match`,
// so it cannot silently overwrite a change made elsewhere after the form was opened. Photos
// (editor-photos.js) are saved on their own as they change; each change raises the recipe's
// version, which the form then takes on, unless the answer shows that its text fields were
// changed elsewhere meanwhile (saving still refuses to overwrite that). A new recipe can also be
// imported from a web page instead (editor-import.js). Under the ingredients, how each line is
// read (editor-ingredients.js), and whose cups and spoons they mean.

import { api } from '../api.js';
import { h, loading, notify } from '../dom.js';
import { field, form, valueOf } from '../forms.js';
import { t } from '../i18n.js';
import { measureOptions } from '../measures.js';
import { navigate } from '../router.js';
import { notFoundPage } from './not-found.js';
import { importPanel } from './editor-import.js';
import { ingredientPreview } from './editor-ingredients.js';
import { photosLater, photosPanel } from './editor-photos.js';
import { requireUser } from './signed-in.js';

export async function editorPage(main, { id }, signal) {
  const user = requireUser();
  if (!user) return;
  let recipe = null;
  let version = null; // the ETag of the recipe as loaded: saving fails if it changed meanwhile
  if (id) {
    main.append(loading());
    try {
      const { data, headers } = await api('GET', `/recipes/${id}`, { auth: true, signal });
      recipe = data.info;
      version = headers.get('ETag');
    } catch (error) {
      main.replaceChildren();
      if (error.status === 404) return notFoundPage(main, t('editor.noSuchRecipe'));
      throw error;
    }
    main.replaceChildren();
    if (recipe.user_id !== user.id) return notFoundPage(main, t('editor.notYours'));
  }
  document.title = `${recipe ? t('editor.editTitle') : t('nav.newRecipe')} — recipe-api`;
  const title = recipe ? t('editor.editing', { name: recipe.name }) : t('nav.newRecipe');
  const photos = recipe
    ? photosPanel(recipe, {
      onChange: (changed, etag) => {
        if (etag && sameText(changed, recipe)) {
          recipe = changed;
          version = etag;
        }
      },
    })
    : null;
  const ingredientsField = field({
    label: t('common.ingredients'),
    name: 'ingredients',
    kind: 'textarea',
    rows: 6,
    hint: t('editor.ingredientsHint'),
    value: recipe?.ingredients.join('\n'),
  });
  const preview = ingredientPreview(ingredientsField.querySelector('textarea'), {
    items: recipe?.ingredient_items,
    signal,
  });
  main.append(h('div', { class: 'narrow' },
    h('h1', {}, title),
    !recipe && h('p', { class: 'muted' }, t('editor.newIsDraft')),
    !recipe && importPanel(signal),
    !recipe && h('h2', { class: 'write-title' }, t('editor.writeIt')),
    form({
      label: title,
      submitLabel: recipe ? t('common.saveChanges') : t('editor.saveDraft'),
      onSubmit: async (el) => {
        const body = readRecipe(el);
        await photos?.settled(); // a photo change in flight raises the version
        const headers = version ? { 'If-Match': version } : {};
        let data;
        try {
          ({ data } = recipe
            ? await api('PUT', `/recipes/${recipe.id}`, { body, auth: true, headers })
            : await api('POST', '/recipes', { body, auth: true }));
        } catch (error) {
          if (error.code === 'precondition_failed') {
            error.message = t('editor.changedElsewhere');
          }
          throw error;
        }
        notify(recipe ? t('editor.saved') : t('editor.draftSaved'));
        navigate(`/r/${data.info.id}`, { replace: !recipe });
      },
    },
    field({ label: t('common.name'), name: 'name', value: recipe?.name, required: true, maxlength: 200 }),
    field({ label: t('common.description'), name: 'description', kind: 'textarea', rows: 3, maxlength: 5000, value: recipe?.description }),
    h('div', { class: 'field-row' },
      field({ label: t('common.servings'), name: 'num_of_servings', type: 'number', min: 1, max: 1000, step: 1, inputmode: 'numeric', value: recipe?.num_of_servings }),
      field({ label: t('editor.cookTime'), name: 'cook_time', type: 'number', min: 0, max: 10080, step: 1, inputmode: 'numeric', value: recipe?.cook_time })),
    ingredientsField,
    preview,
    field({
      label: t('editor.measures'),
      name: 'measure_system',
      kind: 'select',
      options: measureOptions(),
      value: recipe && !recipe.measure_system_assumed ? recipe.measure_system : '',
      hint: t('editor.measuresHint'),
    }),
    field({ label: t('recipe.directions'), name: 'directions', kind: 'textarea', rows: 8, maxlength: 20000, value: recipe?.directions }),
    field({
      label: t('common.tags'),
      name: 'tags',
      hint: t('editor.tagsHint'),
      value: recipe?.tags.join(', '),
      autocomplete: 'off',
    })),
    recipe && h('p', {}, h('a', { href: `/r/${recipe.id}` }, t('common.cancel'))),
    photos ? photos.el : photosLater()));
}

/** Whether `a` and `b` have the same values in the fields the form edits. */
function sameText(a, b) {
  const fields = ['name', 'description', 'num_of_servings', 'cook_time', 'directions', 'ingredients', 'tags',
    'measure_system', 'measure_system_assumed'];
  return fields.every((name) => JSON.stringify(a[name]) === JSON.stringify(b[name]));
}

/**
 * The API body from the form: empty optional fields are null; lists split and trimmed; no
 * measure system chosen is null (assumed from the lines).
 */
function readRecipe(el) {
  const text = (name) => valueOf(el, name).trim();
  const number = (name) => (text(name) === '' ? null : Number(text(name)));
  const optional = (name) => (text(name) === '' ? null : valueOf(el, name));
  return {
    name: text('name'),
    description: optional('description'),
    num_of_servings: number('num_of_servings'),
    cook_time: number('cook_time'),
    directions: optional('directions'),
    ingredients: valueOf(el, 'ingredients').split('\n').map((l) => l.trim()).filter(Boolean),
    tags: valueOf(el, 'tags').split(',').map((t) => t.trim()).filter(Boolean),
    measure_system: valueOf(el, 'measure_system') || null,
  };
}
