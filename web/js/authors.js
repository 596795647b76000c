// Authors for recipe cards and pages: a recipe carries its author's id; the name and avatar come
// from GET /users/{id}, asked once per author per page load.

import { api } from './api.js';
import { replace } from './dom.js';
import { avatar } from './photos.js';

const profiles = new Map();

/** The public profile of user `id` (a promise; null when unknown). */
export function authorProfile(id) {
  if (!profiles.has(id)) {
    const lookup = api('GET', `/users/${id}`)
      .then(({ data }) => data.user)
      .catch(() => {
        profiles.delete(id); // try again on a later page
        return null;
      });
    profiles.set(id, lookup);
  }
  return profiles.get(id);
}

/** Asks for user `id` again next time (after their name or avatar changed). */
export function forgetAuthor(id) {
  profiles.delete(id);
}

/** Fills `el` with the author's name once it is known; `avatar`: with their picture before it. */
export function fillAuthor(el, id, { avatar: withAvatar = false } = {}) {
  authorProfile(id).then((user) => {
    if (!user) return;
    if (withAvatar && user.avatar_url) replace(el, avatar(user, 24), user.username);
    else el.textContent = user.username;
  });
}
