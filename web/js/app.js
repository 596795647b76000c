// The UI's entry point: restores the session from its cookie, draws the navigation, and routes;
// a change of language draws the navigation and the current page again.

import { fallback, navigate, render, route, start } from './router.js';
import { h, replace } from './dom.js';
import { onLanguageChange, t } from './i18n.js';
import { startLanguages } from './language.js';
import { startSuggestions } from './suggest.js';
import { avatar } from './photos.js';
import { currentUser, logOut, onUserChange, restore } from './session.js';
import { browsePage } from './pages/browse.js';
import { recipePage } from './pages/recipe.js';
import { authorPage } from './pages/author.js';
import { forgotPasswordPage, loginPage, registerPage, resetPasswordPage, verifyEmailPage } from './pages/auth.js';
import { myRecipesPage } from './pages/mine.js';
import { favoritesPage } from './pages/favorites.js';
import { feedPage } from './pages/feed.js';
import { collectionsPage } from './pages/collections.js';
import { collectionPage } from './pages/collection.js';
import { editorPage } from './pages/editor.js';
import { profilePage } from './pages/profile.js';
import { adminPage } from './pages/admin.js';
import { notFoundPage } from './pages/not-found.js';

function drawNav(user) {
  const nav = document.getElementById('nav');
  if (!user) {
    replace(nav, h('a', { href: '/login' }, t('nav.login')), h('a', { href: '/register', class: 'button' }, t('nav.register')));
    return;
  }
  replace(
    nav,
    h('a', { href: '/my' }, t('nav.myRecipes')),
    h('a', { href: '/feed' }, t('nav.following')),
    h('a', { href: '/favorites' }, t('nav.favourites')),
    h('a', { href: '/c' }, t('nav.collections')),
    h('a', { href: '/new' }, t('nav.newRecipe')),
    user.role === 'admin' && h('a', { href: '/admin' }, t('nav.admin')),
    h('a', { href: '/profile', class: 'user-name', title: t('nav.profile') }, user.avatar_url && avatar(user, 24), user.username),
    h('button', {
      type: 'button',
      class: 'link-button',
      onclick: async () => {
        await logOut();
        navigate('/');
      },
    }, t('nav.logout')),
  );
}

function wireSearch() {
  const form = document.getElementById('search-form');
  const input = document.getElementById('search-q');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const q = input.value.trim();
    navigate(q ? `/?${new URLSearchParams({ q })}` : '/');
  });
  window.addEventListener('routechange', () => {
    input.value = location.pathname === '/' ? new URLSearchParams(location.search).get('q') || '' : '';
  });
  startSuggestions(form, input);
}

route('/', browsePage);
route('/r/:id', recipePage);
route('/r/:id/edit', (main, params, query, signal) => editorPage(main, params, signal));
route('/u/:id', authorPage);
route('/login', loginPage);
route('/register', registerPage);
route('/forgot-password', forgotPasswordPage);
route('/reset-password', resetPasswordPage);
route('/verify-email', verifyEmailPage);
route('/my', myRecipesPage);
route('/favorites', favoritesPage);
route('/feed', feedPage);
route('/c', collectionsPage);
route('/c/:id', collectionPage);
route('/new', (main, params, query, signal) => editorPage(main, {}, signal));
route('/profile', profilePage);
route('/admin', adminPage);
fallback(notFoundPage);

onUserChange(drawNav);
startLanguages();
wireSearch();
await restore();
drawNav(currentUser());
onLanguageChange(() => {
  drawNav(currentUser());
  render();
});
await start();
