// The API client. The access token lives only in this module's memory. The refresh token lives
// in an HttpOnly cookie that no script can read: `POST /users/cookie` puts a session there,
// `POST /users/cookie/refresh` renews the access token from it (also after a page reload), and
// `DELETE /users/cookie` ends it. Nothing is kept in the browser's storage. Every request says
// the UI's language (`Accept-Language`), so the server's messages come in it.

import { locale, t } from './i18n.js';

/** An error answer of the API (`{"error", "code", "fields"}`), or a network failure (status 0). */
export class ApiError extends Error {
  constructor(status, body) {
    super(body && typeof body.error === 'string' ? body.error : t('api.answered', { status: String(status) }));
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

/**
 * `fetch` in the UI's language, with a network failure as an `ApiError` (status 0); an abort
 * stays an `AbortError`.
 */
async function exchange(path, init) {
  const headers = { 'Accept-Language': locale(), ...init.headers };
  try {
    return await fetch(path, { credentials: 'same-origin', ...init, headers });
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    throw new ApiError(0, { error: t('api.unreachable'), code: 'network_error' });
  }
}

/** The JSON of `response`'s body, or null when it has none or it is not JSON. */
async function jsonOf(response) {
  const text = await response.text();
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

/** One HTTP exchange; answers `{data, headers, status}` or throws `ApiError`. */
export async function send(method, path, { body, token, signal, headers: extra = {} } = {}) {
  const headers = { Accept: 'application/json', ...extra };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await exchange(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal,
  });
  const data = await jsonOf(response);
  if (!response.ok) throw new ApiError(response.status, data);
  return { data, headers: response.headers, status: response.status };
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
 * Runs `call(token)` with the access token `auth` asks for: false (anonymous), 'optional' (with
 * the token when signed in, e.g. to see one's own drafts) or true (signed in, or 401
 * `signed_out`). A stale access token is renewed once from the cookie and the call repeated.
 */
async function authorized(auth, call) {
  if (!auth) return call(undefined);
  if (access && access.expiresAt - Date.now() < EARLY_MS) await renewAccess();
  if (!access && auth === true) throw new ApiError(401, { error: t('api.logIn'), code: 'signed_out' });
  try {
    return await call(access?.token);
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 401 || !STALE_TOKEN.has(error.code) || !access) throw error;
    if (!(await renewAccess())) {
      if (auth === 'optional') return call(undefined);
      throw new ApiError(401, { error: t('api.sessionEnded'), code: 'signed_out' });
    }
    return call(access.token);
  }
}

/**
 * A call to the API. `auth`: false, 'optional' or true (see `authorized`). `headers`: extra
 * request headers.
 */
export async function api(method, path, { body, auth = false, signal, headers } = {}) {
  return authorized(auth, (token) => send(method, path, { body, token, signal, headers }));
}

/**
 * Fetches the file at `path`, signed in (e.g. the account's export): answers `{blob, filename}`
 * (the name the server gives in `Content-Disposition`, else `fallbackName`) or throws `ApiError`
 * with the server's message.
 */
export function download(path, { signal, fallbackName = 'download' } = {}) {
  return authorized(true, async (token) => {
    const response = await exchange(path, {
      headers: { Accept: '*/*', Authorization: `Bearer ${token}` },
      signal,
    });
    if (!response.ok) throw new ApiError(response.status, await jsonOf(response));
    const blob = await response.blob();
    return { blob, filename: attachmentName(response.headers.get('Content-Disposition')) || fallbackName };
  });
}

/** The plain file name of a `Content-Disposition: attachment; filename="…"` header, or null. */
function attachmentName(disposition) {
  const found = /filename="?([^";]+)"?/i.exec(disposition || '');
  // A name, never a path: the browser strips those too, but say what is meant.
  return found ? found[1].split(/[\\/]/).pop().trim() || null : null;
}

/**
 * Sends `form` (a `FormData` with a file) as `multipart/form-data` — or a file (`Blob`) as the
 * whole body, typed `contentType` — signed in, reporting the upload's progress to
 * `onProgress(fraction)` (null when the size is unknown; 1 once every byte is sent and the
 * server is working on it). XMLHttpRequest, because fetch cannot report an upload's progress.
 * Answers `{data, headers}` or throws `ApiError`, like `api`.
 */
export function upload(method, path, form, { onProgress, signal, contentType } = {}) {
  return authorized(true, (token) => new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, path);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', locale());
    xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    if (contentType) xhr.setRequestHeader('Content-Type', contentType);
    xhr.upload.addEventListener('progress', (event) => {
      onProgress?.(event.lengthComputable ? event.loaded / event.total : null);
    });
    xhr.upload.addEventListener('load', () => onProgress?.(1));
    xhr.addEventListener('load', () => {
      let data = null;
      try {
        data = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        data = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve({ data, headers: { get: (name) => xhr.getResponseHeader(name) } });
      } else {
        reject(new ApiError(xhr.status, data));
      }
    });
    xhr.addEventListener('error', () => reject(new ApiError(0, { error: t('api.uploadInterrupted'), code: 'network_error' })));
    xhr.addEventListener('abort', () => reject(new DOMException(t('api.uploadCancelled'), 'AbortError')));
    if (signal) {
      if (signal.aborted) {
        reject(new DOMException(t('api.uploadCancelled'), 'AbortError'));
        return;
      }
      signal.addEventListener('abort', () => xhr.abort(), { once: true });
    }
    xhr.send(form);
  }));
}
