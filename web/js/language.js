// The language switcher in the header ("English | 한국어") and the account's language. Choosing a
// language shows the UI in it at once (app.js draws the page again), keeps it in this browser
// and, signed in, saves it to the account (`PATCH /users/me {"language"}`). When an account signs
// in, its language becomes the UI's; an account without one takes the language chosen in this
// browser, if one was.

import { api } from './api.js';
import { h, notify, replace } from './dom.js';
import { LANGUAGES, locale, onLanguageChange, setLanguage, storedChoice, t, translatePage } from './i18n.js';
import { currentUser, onUserChange, updateUser } from './session.js';

/** Draws the switcher into `#languages` and follows the signed-in account's language. */
export function startLanguages() {
  const box = document.getElementById('languages');
  const buttons = LANGUAGES.map(([code, name]) => h('button', {
    type: 'button',
    class: 'link-button language-choice',
    lang: code,
    dataset: { language: code },
    onclick: () => choose(code),
  }, name));
  const paint = () => buttons.forEach((button) => {
    const on = button.dataset.language === locale();
    button.setAttribute('aria-pressed', on ? 'true' : 'false');
  });
  replace(box, buttons.flatMap((button, i) => (i === 0 ? [button] : [' ', h('span', { 'aria-hidden': 'true' }, '|'), ' ', button])));
  paint();
  translatePage();
  onLanguageChange(paint);
  onUserChange(adopt);
}

/** Shows the UI in `code`, and saves it to the account when signed in. */
async function choose(code) {
  setLanguage(code);
  if (currentUser() && currentUser().language !== code) await save(code);
}

async function save(code) {
  try {
    const { data } = await api('PATCH', '/users/me', { body: { language: code }, auth: true });
    updateUser(data.user);
  } catch (error) {
    notify(t('language.notSaved', { message: error.message }), 'error');
  }
}

/** A signed-in account's language becomes the UI's; one without takes this browser's choice. */
function adopt(user) {
  if (!user) return;
  if (user.language) {
    setLanguage(user.language);
    return;
  }
  const chosen = storedChoice();
  if (chosen) save(chosen);
}
