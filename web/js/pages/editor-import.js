// Importing a recipe into the editor of a new one: from a link (the server fetches the page) or
// from a pasted page's HTML. The server's dry run is shown first — the recipe as it was read,
// and every warning about what could not be read or was shortened — and only "Save as draft"
// saves it (the real import: a private draft, its first usable image as the cover). A page
// imported before is not saved twice: the user is told, with a link to their recipe. Nothing
// from the page is loaded here: its image addresses are shown as text (the CSP allows images
// from this server only).

import { api } from '../api.js';
import { formatMinutes, h, notify, replace } from '../dom.js';
import { field, form, valueOf } from '../forms.js';
import { t, tNodes } from '../i18n.js';
import { navigate } from '../router.js';

const IMPORT = '/recipes/import';

/** Codes of an import refused because of the address given (shown under the URL field). */
const ABOUT_THE_URL = new Set(['url_not_allowed', 'fetch_failed']);

/** The import panel of the new-recipe page; `signal` ends a dry run when the page is left. */
export function importPanel(signal) {
  const preview = h('div', { class: 'import-preview', hidden: true });
  let shown = null; // the form whose preview is shown, to focus again after "Cancel"

  /** Asks for the dry run of `body` and shows it, or throws the server's refusal. */
  const dryRun = async (body, from) => {
    clear();
    const { data } = await api('POST', `${IMPORT}?dry_run=true`, { body, auth: true, signal });
    shown = from;
    if (data.already_imported) showExisting(data.info);
    else showPreview(body, data);
  };

  function clear() {
    preview.hidden = true;
    preview.replaceChildren();
  }

  function cancel() {
    clear();
    shown?.querySelector('input, textarea')?.focus();
  }

  /** Shows the preview region, its heading focused (announced, and the keyboard is there). */
  function reveal(...content) {
    replace(preview, content);
    preview.hidden = false;
    preview.querySelector('h3').focus();
  }

  function showExisting(recipe) {
    reveal(h('div', { class: 'import-existing', role: 'status' },
      h('h3', { id: 'import-preview-title', tabindex: '-1' }, t('import.already')),
      h('p', {}, tNodes('import.alreadyText', { recipe: h('a', { href: `/r/${recipe.id}`, class: 'import-existing-link' }, recipe.name) })),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'secondary', onclick: cancel }, t('import.close')))));
  }

  function showPreview(body, { info, warnings }) {
    const problem = h('p', { class: 'form-error', role: 'alert' });
    const save = h('button', {
      type: 'button',
      onclick: async () => {
        save.disabled = true;
        problem.textContent = '';
        try {
          const { data } = await api('POST', IMPORT, { body, auth: true });
          saved(data, warnings);
        } catch (error) {
          problem.textContent = error.message;
          save.disabled = false;
        }
      },
    }, t('import.saveDraft'));
    reveal(
      h('h3', { id: 'import-preview-title', tabindex: '-1' }, t('import.preview', { name: info.name })),
      h('p', { class: 'hint' }, t('import.previewHint')),
      warningList(warnings),
      recipeView(info),
      problem,
      h('div', { class: 'actions' },
        save,
        h('button', { type: 'button', class: 'secondary', onclick: cancel }, t('common.cancel'))));
  }

  const linkForm = form({
    label: t('import.fromLink'),
    submitLabel: t('import.previewButton'),
    onSubmit: async (el) => {
      const url = valueOf(el, 'url').trim();
      try {
        await dryRun({ url }, el);
      } catch (error) {
        throw aboutUrl(error);
      }
    },
  }, field({
    label: t('import.fromLink'),
    name: 'url',
    type: 'url',
    inputmode: 'url',
    required: true,
    maxlength: 2048,
    autocomplete: 'url',
    hint: t('import.linkHint'),
  }));

  const pasteForm = form({
    label: t('import.pastePage'),
    submitLabel: t('import.previewButton'),
    onSubmit: async (el) => {
      const url = valueOf(el, 'url').trim();
      const body = { html: valueOf(el, 'html') };
      if (url) body.url = url;
      await dryRun(body, el);
    },
  },
  field({
    label: t('import.source'),
    name: 'html',
    kind: 'textarea',
    rows: 6,
    required: true,
    spellcheck: 'false',
    hint: t('import.sourceHint'),
  }),
  field({
    label: t('import.address'),
    name: 'url',
    type: 'url',
    inputmode: 'url',
    maxlength: 2048,
    autocomplete: 'off',
    hint: t('import.addressHint'),
  }));

  return h('section', { class: 'panel import-panel', 'aria-labelledby': 'import-title' },
    h('h2', { id: 'import-title' }, t('import.title')),
    linkForm,
    h('details', { class: 'import-paste' },
      h('summary', {}, t('import.pasteInstead')),
      pasteForm),
    preview);
}

/** An import refused because of its address, shown under the URL field. */
function aboutUrl(error) {
  if (ABOUT_THE_URL.has(error.code) && Object.keys(error.fields).length === 0) {
    error.fields = { url: error.message };
  }
  return error;
}

/** After the real import: say so (with any warning the preview did not have) and open it. */
function saved({ info, warnings, already_imported: already }, previewed) {
  const news = (warnings || []).filter((w) => !previewed.includes(w));
  const message = already ? t('import.hadIt', { name: info.name }) : t('import.imported', { name: info.name });
  notify(news.length > 0 && !already ? t('import.withNote', { message, notes: news.join('; ') }) : message);
  navigate(`/r/${info.id}`);
}

/** The warnings of a dry run, as a list (nothing when there are none). */
function warningList(warnings) {
  if (!warnings || warnings.length === 0) return null;
  return h('div', { class: 'import-warnings', role: 'note', 'aria-labelledby': 'import-warnings-title' },
    h('h4', { id: 'import-warnings-title' }, t('import.warnings', { count: warnings.length })),
    h('ul', {}, warnings.map((warning) => h('li', {}, warning))));
}

/** The recipe a dry run read (`ImportedRecipe`), laid out like a recipe's page. */
function recipeView(info) {
  const facts = [
    [t('common.servings'), info.num_of_servings ?? '—'],
    [t('common.cookTime'), info.cook_time === null ? '—' : formatMinutes(info.cook_time)],
    [t('common.ingredients'), info.ingredients.length],
  ];
  return h('div', { class: 'import-recipe' },
    h('dl', { class: 'facts-list' }, facts.map(([term, value]) => h('div', {}, h('dt', {}, term), h('dd', {}, value)))),
    info.tags.length > 0 && h('ul', { class: 'tags', 'aria-label': t('common.tags') }, info.tags.map((tag) => h('li', {}, h('span', {}, `#${tag}`)))),
    info.description && h('p', { class: 'description' }, info.description),
    h('h4', {}, t('common.ingredients')),
    info.ingredients.length > 0
      ? h('ul', { class: 'ingredients' }, info.ingredients.map((line) => h('li', {}, line)))
      : h('p', { class: 'muted' }, t('import.noIngredients')),
    h('h4', {}, t('import.steps')),
    info.directions
      ? h('div', { class: 'directions' }, info.directions)
      : h('p', { class: 'muted' }, t('import.noDirections')),
    h('dl', { class: 'import-sources' },
      info.source_url && h('div', {}, h('dt', {}, t('import.sourceUrl')), h('dd', {}, h('code', {}, info.source_url))),
      h('div', {},
        h('dt', {}, t('import.cover')),
        h('dd', {}, info.image_urls.length > 0
          ? [h('code', { class: 'import-image' }, info.image_urls[0]),
            info.image_urls.length > 1 && h('span', { class: 'hint' }, ` ${t('import.andMore', { count: info.image_urls.length - 1 })}`)]
          : h('span', { class: 'muted' }, t('import.noneFound'))))));
}
