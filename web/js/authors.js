// Authors' names for recipe cards: a recipe carries its author's id; the name comes from
// GET /users/{id}, asked once per author per page load.

import { api } from './api.js';

const names = new Map();

/** The username of user `id` (a promise; null when unknown). */
export function authorName(id) {
  if (!names.has(id)) {
    const lookup = api('GET', `/users/${id}`)
      .then(({ data }) => data.user.username)
      .catch(() => {
        names.delete(id); // try again on a later page
        return null;
      });
    names.set(id, lookup);
  }
  return names.get(id);
}

/** Fills `el` with the author's name once it is known. */
export function fillAuthor(el, id) {
  authorName(id).then((name) => {
    if (name) el.textContent = name;
  });
}
