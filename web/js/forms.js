// Form fields with their labels, hints and error messages. The browser's own checks (required,
// lengths, ranges) and the server's validation errors are both shown under the field they
// concern; anything not about one field is shown at the top of the form.

import { h, newId, replace } from './dom.js';

/**
 * A labelled control. `kind`: 'input' (default), 'textarea' or 'select' (`options`: [[value,
 * label]]). `name` is the API field it fills; its errors appear below it.
 */
export function field({ label, name, kind = 'input', value = '', hint, options = [], ...attrs }) {
  const id = newId(`f-${name}`);
  const errorId = `${id}-error`;
  const hintId = hint ? `${id}-hint` : null;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ');
  let control;
  if (kind === 'select') {
    control = h('select', { id, name, 'aria-describedby': describedBy, ...attrs },
      options.map(([v, text]) => h('option', { value: v, selected: String(v) === String(value) }, text)));
  } else if (kind === 'textarea') {
    control = h('textarea', { id, name, 'aria-describedby': describedBy, ...attrs });
    control.value = value ?? '';
  } else {
    control = h('input', { id, name, 'aria-describedby': describedBy, ...attrs });
    control.value = value ?? '';
  }
  return h('div', { class: 'field', dataset: { field: name } },
    h('label', { for: id }, label),
    hint && h('p', { class: 'hint', id: hintId }, hint),
    control,
    h('p', { class: 'field-error', id: errorId }));
}

/** A form with a place for errors that concern no single field. `onSubmit(form)` may throw. */
export function form({ label, onSubmit, submitLabel }, ...fields) {
  const formError = h('p', { class: 'form-error', role: 'alert' });
  const submit = h('button', { type: 'submit' }, submitLabel);
  const el = h('form', { novalidate: true, 'aria-label': label }, formError, fields, h('div', { class: 'actions' }, submit));
  el.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(el);
    if (!checkFields(el)) return;
    submit.disabled = true;
    el.setAttribute('aria-busy', 'true');
    try {
      await onSubmit(el);
    } catch (error) {
      if (error.name === 'AbortError') return;
      showErrors(el, error);
    } finally {
      submit.disabled = false;
      el.removeAttribute('aria-busy');
    }
  });
  return el;
}

/** The browser's constraint checks, shown like the server's. */
function checkFields(el) {
  let ok = true;
  for (const control of el.querySelectorAll('input, textarea, select')) {
    if (!control.checkValidity()) {
      setFieldError(el, control.name, control.validationMessage);
      if (ok) control.focus();
      ok = false;
    }
  }
  return ok;
}

function setFieldError(el, name, message) {
  const wrapper = el.querySelector(`[data-field="${CSS.escape(name)}"]`);
  if (!wrapper) return false;
  wrapper.querySelector('.field-error').textContent = message;
  wrapper.querySelector('input, textarea, select')?.setAttribute('aria-invalid', 'true');
  return true;
}

/** Shows an `ApiError`: each field's message under its field, the rest at the top. */
export function showErrors(el, error) {
  const unplaced = [];
  const fields = error.fields || {};
  for (const [name, message] of Object.entries(fields)) {
    if (!setFieldError(el, name, message)) unplaced.push(`${name}: ${message}`);
  }
  if (Object.keys(fields).length === 0 || unplaced.length > 0) {
    const top = el.querySelector('.form-error');
    replace(top, unplaced.length > 0 ? unplaced.join('; ') : error.message);
  }
  const firstInvalid = el.querySelector('[aria-invalid="true"]');
  if (firstInvalid) firstInvalid.focus();
}

export function clearErrors(el) {
  el.querySelectorAll('.field-error, .form-error').forEach((p) => {
    p.textContent = '';
  });
  el.querySelectorAll('[aria-invalid]').forEach((c) => c.removeAttribute('aria-invalid'));
}

/** The value of control `name` of `el`. */
export function valueOf(el, name) {
  return el.elements.namedItem(name).value;
}
