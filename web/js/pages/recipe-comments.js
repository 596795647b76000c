// A recipe's comments, at the end of its page: oldest first, a page at a time ("More comments",
// by `next_cursor`), and signed in a form to post one. Your own comment can be changed for 15
// minutes after posting (it is then marked "edited") and deleted; the recipe's owner can delete
// any comment on it; someone else's comment can be reported. A comment is plain text, written with textContent (its line breaks kept by
// CSS); one whose author deleted their account shows as by "deleted user".

import { api, ApiError } from '../api.js';
import { confirmDialog } from '../dialog.js';
import { formatDateTime, h, notify, replace } from '../dom.js';
import { field, form, valueOf } from '../forms.js';
import { t, tNodes } from '../i18n.js';
import { avatar } from '../photos.js';
import { reportButton } from '../report.js';
import { currentUser } from '../session.js';
import { loginLink } from './recipe-community.js';

/** Comments per page. */
const PAGE_SIZE = 20;
/** How long after posting its author may change a comment (the server's rule). */
const EDIT_WINDOW_MS = 15 * 60 * 1000;
/** The longest comment, in characters. */
const MAX_CHARS = 2000;

/** The text of the form's comment field, trimmed; refused here when there is none. */
function bodyOf(el) {
  const body = valueOf(el, 'body').trim();
  if (!body) throw new ApiError(400, { error: t('comments.empty'), code: 'validation_error', fields: { body: t('comments.empty') } });
  return body;
}

/** "3 Dec 2026, 14:05" in the UI's language. */
const when = formatDateTime;

/**
 * The comments section of `recipe` (an answer of `GET /recipes/{id}`); `onCount(n)` hears of
 * the number of comments after one is posted or deleted.
 */
export function commentsSection(recipe, { signal, onCount = () => {} } = {}) {
  const user = currentUser();
  let count = recipe.comment_count;
  let cursor = null;
  let loadingNow = false;
  const shown = new Set(); // ids in the list, so a page never repeats one posted here
  const postedHere = []; // items posted on this page: later pages go before them

  const countText = h('span', { class: 'comment-count muted' });
  const list = h('ol', { class: 'comments-list', 'aria-labelledby': 'comments-title' });
  const status = h('div', { class: 'list-status comments-status' });
  const more = h('button', { type: 'button', class: 'secondary more', onclick: () => loadNext() }, t('comments.more'));

  function setCount(n) {
    count = Math.max(0, n);
    countText.textContent = count > 0 ? ` (${count})` : '';
    onCount(count);
  }

  function showEmpty() {
    if (list.children.length === 0 && !cursor) {
      replace(status, h('p', { class: 'empty' }, user ? t('comments.noneBeFirst') : t('comments.none')));
    }
  }

  async function loadNext() {
    if (loadingNow || signal?.aborted) return;
    loadingNow = true;
    list.setAttribute('aria-busy', 'true');
    replace(status, h('p', { class: 'loading', role: 'status' }, t('comments.loading')));
    try {
      const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
      if (cursor) query.set('cursor', cursor);
      const { data } = await api('GET', `/recipes/${recipe.id}/comments?${query}`, { auth: 'optional', signal });
      const items = data.result_list.filter((c) => !shown.has(c.id)).map((c) => {
        shown.add(c.id);
        return commentItem(c);
      });
      if (postedHere.length > 0) postedHere[0].before(...items);
      else list.append(...items);
      cursor = data.next_cursor;
      replace(status, cursor && more);
      showEmpty();
    } catch (error) {
      if (error.name === 'AbortError') return;
      const message = error instanceof ApiError ? error.message : t('common.failed');
      replace(status, h('p', { class: 'form-error', role: 'alert' }, `${t('comments.notLoaded', { message })} `,
        h('button', { type: 'button', class: 'secondary', onclick: () => loadNext() }, t('common.tryAgain'))));
    } finally {
      loadingNow = false;
      list.removeAttribute('aria-busy');
    }
  }

  /** One comment, with the actions the reader may take on it. */
  function commentItem(comment) {
    const author = comment.author;
    const own = Boolean(user && author && author.id === user.id);
    const canDelete = Boolean(user && (own || recipe.user_id === user.id));
    const body = h('p', { class: 'comment-body' }, comment.body);
    const actions = h('div', { class: 'comment-actions' });
    const item = h('li', { class: 'comment', id: `comment-${comment.id}`, dataset: { commentId: comment.id } },
      h('div', { class: 'comment-head' },
        author
          ? h('a', { href: `/u/${author.id}`, class: 'comment-author' },
            avatar({ username: author.username, avatar_url: author.avatar?.url }, 24), author.username)
          : h('span', { class: 'comment-author comment-author-gone' }, avatar(null, 24), t('comments.deletedUser')),
        author && author.id === recipe.user_id && h('span', { class: 'badge' }, t('comments.author')),
        h('time', { datetime: comment.created_at }, when(comment.created_at)),
        comment.edited && h('span', { class: 'comment-edited', title: comment.edited_at ? t('comments.editedAt', { when: when(comment.edited_at) }) : null }, t('comments.edited'))),
      body,
      actions);

    const edit = h('button', { type: 'button', class: 'link-button', onclick: () => startEditing() }, t('common.edit'));
    const remove = h('button', { type: 'button', class: 'link-button danger-link', onclick: () => removeComment() }, t('common.delete'));
    const left = Date.parse(comment.created_at) + EDIT_WINDOW_MS - Date.now();
    if (own && left > 0) {
      actions.append(edit);
      setTimeout(() => edit.remove(), left); // the window closes: no more changes
    }
    if (canDelete) actions.append(remove);
    if (user && !own) actions.append(reportButton('comment', comment.id, author ? author.username : t('comments.deletedUser')));

    function startEditing() {
      const editor = form({
        label: t('comments.editLabel'),
        submitLabel: t('common.save'),
        onSubmit: async (el) => {
          try {
            const { data } = await api('PATCH', `/comments/${comment.id}`, { auth: true, body: { body: bodyOf(el) } });
            const changed = commentItem(data.info);
            replaceItem(item, changed);
            notify(t('comments.changed'));
          } catch (error) {
            if (error.code === 'edit_window_closed') edit.remove();
            throw error;
          }
        },
      }, field({ label: t('comments.editLabel'), name: 'body', kind: 'textarea', value: comment.body, rows: 3, maxlength: MAX_CHARS, required: true }));
      editor.classList.add('comment-editor');
      editor.querySelector('.actions').append(h('button', {
        type: 'button',
        class: 'secondary',
        onclick: () => {
          editor.replaceWith(body);
          actions.hidden = false;
          edit.focus();
        },
      }, t('common.cancel')));
      body.replaceWith(editor);
      actions.hidden = true;
      editor.querySelector('textarea').focus();
    }

    async function removeComment() {
      const sure = await confirmDialog({
        title: t('comments.deleteTitle'),
        message: own ? t('comments.deleteOwn') : t('comments.deleteOther', { author: author ? author.username : t('comments.aDeletedUser') }),
        confirmLabel: t('common.delete'),
      });
      if (!sure) return;
      remove.disabled = true;
      try {
        await api('DELETE', `/comments/${comment.id}`, { auth: true });
        notify(t('comments.deleted'));
      } catch (error) {
        remove.disabled = false;
        if (error.status !== 404) { // a 404: it is gone already
          notify(error.message, 'error');
          return;
        }
      }
      const at = postedHere.indexOf(item);
      if (at >= 0) postedHere.splice(at, 1);
      item.remove();
      setCount(count - 1);
      showEmpty();
    }

    return item;
  }

  /** Puts `next` where `previous` is, also among the items posted here. */
  function replaceItem(previous, next) {
    const at = postedHere.indexOf(previous);
    if (at >= 0) postedHere[at] = next;
    previous.replaceWith(next);
  }

  const postForm = user && form({
    label: t('comments.add'),
    submitLabel: t('comments.post'),
    onSubmit: async (el) => {
      const { data } = await api('POST', `/recipes/${recipe.id}/comments`, { auth: true, body: { body: bodyOf(el) } });
      shown.add(data.info.id);
      const item = commentItem(data.info);
      list.append(item);
      postedHere.push(item);
      if (!cursor) replace(status);
      el.elements.namedItem('body').value = '';
      setCount(count + 1);
    },
  }, field({
    label: t('comments.add'),
    name: 'body',
    kind: 'textarea',
    rows: 3,
    maxlength: MAX_CHARS,
    required: true,
    hint: t('comments.hint', { max: MAX_CHARS }),
  }));
  postForm?.classList.add('comment-form');

  setCount(count);
  loadNext();
  return h('section', { id: 'comments', class: 'comments', tabindex: '-1', 'aria-labelledby': 'comments-title' },
    h('h2', { id: 'comments-title' }, t('comments.title'), countText),
    list,
    status,
    postForm || h('p', { class: 'muted' }, tNodes('comments.logInTo', { login: loginLink(recipe.id, t('nav.login')) })));
}
