// Client-side routing: the server answers index.html on every page address of the UI, and this
// module draws the page the address names. Links within the UI change the address with the
// History API instead of reloading; the back button works; a reload shows the same page.

import { t } from './i18n.js';

const routes = [];
let current = null; // { controller }
let notFound = null;

/** Adds a page: `pattern` like '/r/:id'; `render(main, params, query, signal)`. */
export function route(pattern, render) {
  const names = [];
  const source = pattern.replace(/:(\w+)/g, (_, name) => {
    names.push(name);
    return '([1-9][0-9]{0,17})';
  });
  routes.push({ regex: new RegExp(`^${source}$`), names, render });
}

/** The page drawn when no route matches. */
export function fallback(render) {
  notFound = render;
}

function match(pathname) {
  for (const { regex, names, render } of routes) {
    const found = regex.exec(pathname);
    if (found) return { render, params: Object.fromEntries(names.map((n, i) => [n, found[i + 1]])) };
  }
  return null;
}

/** Goes to `url` (path and query) within the UI. */
export function navigate(url, { replace = false } = {}) {
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  return render();
}

/** Draws the page of the current address. */
export async function render() {
  if (current) current.controller.abort();
  const controller = new AbortController();
  current = { controller };
  const main = document.getElementById('main');
  const found = match(location.pathname);
  const query = new URLSearchParams(location.search);
  main.replaceChildren();
  main.setAttribute('aria-busy', 'true');
  try {
    if (found) await found.render(main, found.params, query, controller.signal);
    else await notFound(main);
  } catch (error) {
    if (error.name !== 'AbortError') showFailure(main, error);
  } finally {
    if (current && current.controller === controller) {
      main.removeAttribute('aria-busy');
      window.dispatchEvent(new Event('routechange'));
    }
  }
}

/** A page that could not be drawn (the server is down, …): say so, offer to try again. */
function showFailure(main, error) {
  const message = document.createElement('p');
  message.className = 'form-error';
  message.setAttribute('role', 'alert');
  message.textContent = error.message || t('common.failed');
  const retry = document.createElement('button');
  retry.type = 'button';
  retry.textContent = t('common.tryAgain');
  retry.addEventListener('click', () => render());
  main.replaceChildren(message, retry);
}

/** Starts routing: intercepts same-origin links to UI pages and the back button. */
export function start() {
  document.addEventListener('click', (event) => {
    const link = event.target.closest('a[href]');
    if (!link || event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    if (link.target || link.hasAttribute('download') || link.origin !== location.origin) return;
    if (!match(link.pathname)) return; // not a UI page (e.g. /docs): let the browser load it
    event.preventDefault();
    navigate(link.pathname + link.search + link.hash).then(() => {
      // A link to a part of a page (`#photos`) goes there; any other to the page's top.
      const part = link.hash && document.getElementById(decodeURIComponent(link.hash.slice(1)));
      if (part) {
        part.scrollIntoView();
        part.focus({ preventScroll: true });
      } else {
        document.getElementById('main').focus();
      }
    });
  });
  window.addEventListener('popstate', () => render());
  return render();
}
