// Who is signed in. The account is fetched with the access token; the session itself is the
// HttpOnly cookie (see api.js).

import { api, forgetAccess, keepAccess, onSignedOut, renewAccess, send } from './api.js';

let account = null;
const listeners = new Set();

/** The signed-in account (`{id, username, email, role, created_at, avatar_url, language, …}`), or null. */
export function currentUser() {
  return account;
}

/** Runs `listener(account)` whenever the signed-in account changes. */
export function onUserChange(listener) {
  listeners.add(listener);
}

function setUser(user) {
  account = user;
  listeners.forEach((listener) => listener(account));
}

onSignedOut(() => setUser(null));

/** Picks up the session of the cookie, if any (on page load). */
export async function restore() {
  try {
    if (await renewAccess()) await loadAccount();
  } catch {
    setUser(null); // the server cannot be reached: browse signed out
  }
}

async function loadAccount() {
  const { data } = await api('GET', '/users/me', { auth: true });
  setUser(data.user);
}

/** Hands the session's refresh token to the cookie (it is spent there) and keeps the access token. */
async function keepInCookie(tokens) {
  const { data } = await send('POST', '/users/cookie', { body: { refresh_token: tokens.refresh_token } });
  keepAccess(data);
}

export async function logIn(email, password) {
  const { data } = await send('POST', '/users/login', { body: { email, password } });
  await keepInCookie(data);
  await loadAccount();
}

/** Creates an account (`inviteCode`: when signup needs an invitation) and signs in. */
export async function register(username, email, password, inviteCode) {
  const body = { username, email, password, ...(inviteCode === undefined ? {} : { invite_code: inviteCode }) };
  const { data } = await send('POST', '/users/register', { body });
  await keepInCookie(data);
  setUser(data.user);
}

/** Ends the session on the server (token and cookie) and here. */
export async function logOut() {
  try {
    await api('POST', '/users/logout', { auth: true });
  } catch {
    // Already ended or unreachable: the cookie is still cleared below.
  }
  try {
    await send('DELETE', '/users/cookie');
  } finally {
    forgetAccess();
    setUser(null);
  }
}

/** After a rename or a password change. */
export function updateUser(user) {
  setUser(user);
}

/** After the account was deleted. */
export function forgetUser() {
  forgetAccess();
  setUser(null);
}
