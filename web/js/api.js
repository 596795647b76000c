// The API client. The access token lives only in this module's memory. The refresh token lives
// in an HttpOnly cookie that no script can read: `POST /users/cookie` puts a session there,
// `POST /users/cookie/refresh` renews the access token from it (also after a page reload), and
// `DELETE /users/cookie` ends it. Nothing is kept in the browser's storage.

/** An error answer of the API (`{"error", "code", "fields"}`), or a network failure (status 0). */
export class ApiError extends Error {
  constructor(status, body) {
    super(body && typeof body.error === 'string' ? body.error : `The server answered ${status}.`);
    this.status = status;
    this.code = (body && body.code) || 'unexpected_answer';
    this.fields = (body && body.fields) || {};
  }
}

/** Codes of a 401 that a fresh access token may cure. */
const STALE_TOKEN = new Set(['token_expired', 'invalid_token', 'token_revoked', 'session_ended', 'missing_token']);
/** Renew the access token this long before it expires. */
const EARLY_MS = 30_000;

let access = null; // { token, expiresAt }
let renewing = null;
const signedOutListeners = new Set();

/** Runs `listener` when the session turns out to be over (refresh refused). */
export function onSignedOut(listener) {
  signedOutListeners.add(listener);
}

/** Keeps a new access token from an answer with `access_token` and `expires_in`. */
export function keepAccess(answer) {
  access = { token: answer.access_token, expiresAt: Date.now() + answer.expires_in * 1000 };
}

/** Forgets the access token. */
export function forgetAccess() {
  access = null;
}

/** True while an access token is held. */
export function hasAccess() {
  return access !== null;
}

/** One HTTP exchange; answers `{data, headers}` or throws `ApiError`. */
export async function send(method, path, { body, token, signal, headers: extra = {} } = {}) {
  const headers = { Accept: 'application/json', ...extra };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      signal,
    });
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    throw new ApiError(0, { error: 'The server cannot be reached. Check the connection and try again.', code: 'network_error' });
  }
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!response.ok) throw new ApiError(response.status, data);
  return { data, headers: response.headers };
}

/**
 * Renews the access token from the session cookie. Answers true when signed in. Tabs of the
 * same browser share the cookie, so renewals are serialized across tabs (Web Locks): each one
 * presents the cookie's current token, never one another tab has just spent.
 */
export function renewAccess() {
  if (!renewing) {
    const renew = async () => {
      try {
        const { data } = await send('POST', '/users/cookie/refresh');
        keepAccess(data);
        return true;
      } catch (error) {
        if (error.status !== 401) throw error;
        const wasSignedIn = access !== null;
        access = null;
        if (wasSignedIn) signedOutListeners.forEach((listener) => listener());
        return false;
      }
    };
    const locked = navigator.locks ? () => navigator.locks.request('recipe-api-session', renew) : renew;
    renewing = locked().finally(() => {
      renewing = null;
    });
  }
  return renewing;
}

/**
 * A call to the API. `auth`: false (anonymous), 'optional' (with the token when signed in, e.g.
 * to see one's own drafts) or true (signed in, or 401 `signed_out`). A stale access token is
 * renewed once from the cookie and the call repeated. `headers`: extra request headers.
 */
export async function api(method, path, { body, auth = false, signal, headers } = {}) {
  if (!auth) return send(method, path, { body, signal, headers });
  if (access && access.expiresAt - Date.now() < EARLY_MS) await renewAccess();
  if (!access && auth === true) throw new ApiError(401, { error: 'Please log in.', code: 'signed_out' });
  try {
    return await send(method, path, { body, token: access?.token, signal, headers });
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 401 || !STALE_TOKEN.has(error.code) || !access) throw error;
    if (!(await renewAccess())) {
      if (auth === 'optional') return send(method, path, { body, signal, headers });
      throw new ApiError(401, { error: 'Your session has ended. Please log in again.', code: 'signed_out' });
    }
    return send(method, path, { body, token: access.token, signal, headers });
  }
}
