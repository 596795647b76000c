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
      if (error.status === 404) return notFoundPage(main, 'There is no such recipe.');
      throw error;
    }
    main.replaceChildren();
    if (recipe.user_id !== user.id) return notFoundPage(main, 'You can only edit your own recipes.');
  }
  document.title = `${recipe ? 'Edit recipe' : 'New recipe'} — recipe-api`;
  const title = recipe ? `Edit “${recipe.name}”` : 'New recipe';
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
    label: 'Ingredients',
    name: 'ingredients',
    kind: 'textarea',
    rows: 6,
    hint: 'One per line (at most 100 lines of 200 characters), e.g. “간장 2큰술” or “2 cups rice”.',
    value: recipe?.ingredients.join('\n'),
  });
  const preview = ingredientPreview(ingredientsField.querySelector('textarea'), {
    items: recipe?.ingredient_items,
    signal,
  });
  main.append(h('div', { class: 'narrow' },
    h('h1', {}, title),
    !recipe && h('p', { class: 'muted' }, 'A new recipe is a draft: only you can see it until you publish it.'),
    !recipe && importPanel(signal),
    !recipe && h('h2', { class: 'write-title' }, 'Or write it yourself'),
    form({
      label: title,
      submitLabel: recipe ? 'Save changes' : 'Save draft',
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
            error.message = 'This recipe was changed elsewhere (another tab or device) since you '
              + 'opened it, so nothing was saved. Reload the page to see that version; copy your '
              + 'edits first if you want to keep them.';
          }
          throw error;
        }
        notify(recipe ? 'Changes saved.' : 'Draft saved: only you can see it until you publish it.');
        navigate(`/r/${data.info.id}`, { replace: !recipe });
      },
    },
    field({ label: 'Name', name: 'name', value: recipe?.name, required: true, maxlength: 200 }),
    field({ label: 'Description', name: 'description', kind: 'textarea', rows: 3, maxlength: 5000, value: recipe?.description }),
    h('div', { class: 'field-row' },
      field({ label: 'Servings', name: 'num_of_servings', type: 'number', min: 1, max: 1000, step: 1, inputmode: 'numeric', value: recipe?.num_of_servings }),
      field({ label: 'Cook time (minutes)', name: 'cook_time', type: 'number', min: 0, max: 10080, step: 1, inputmode: 'numeric', value: recipe?.cook_time })),
    ingredientsField,
    preview,
    field({
      label: 'Measures',
      name: 'measure_system',
      kind: 'select',
      options: measureOptions(),
      value: recipe && !recipe.measure_system_assumed ? recipe.measure_system : '',
      hint: 'What a cup or spoon in the lines holds, for scaling and converting. Unless you '
        + 'choose, it is assumed from the lines: mostly Korean ones, Korean; cups, ounces or '
        + 'pounds in English, US; else metric.',
    }),
    field({ label: 'Directions', name: 'directions', kind: 'textarea', rows: 8, maxlength: 20000, value: recipe?.directions }),
    field({
      label: 'Tags',
      name: 'tags',
      hint: 'Separated by commas, e.g. korean, stew (at most 20).',
      value: recipe?.tags.join(', '),
      autocomplete: 'off',
    })),
    recipe && h('p', {}, h('a', { href: `/r/${recipe.id}` }, 'Cancel')),
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
