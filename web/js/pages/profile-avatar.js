// The profile's picture: choose or drop one (the server crops it to a centred square), watch it
// upload, or remove it. It shows beside the name in the header, on cards and on the public page.

import { api, upload } from '../api.js';
import { forgetAuthor } from '../authors.js';
import { h, notify, replace } from '../dom.js';
import { t } from '../i18n.js';
import { avatar } from '../photos.js';
import { updateUser } from '../session.js';
import { dropZone, uploadCard, uploadMessage } from '../uploader.js';

/** The picture of `user` (the signed-in account) with its controls. */
export function avatarEditor(user) {
  let account = user;
  const picture = h('div', { class: 'avatar-current' });
  const status = h('div', { class: 'avatar-status' });
  const remove = h('button', {
    type: 'button',
    class: 'secondary',
    onclick: async () => {
      remove.disabled = true;
      try {
        const { data } = await api('DELETE', '/users/avatar', { auth: true });
        changed(data.user);
        notify(t('avatar.removed'));
      } catch (error) {
        notify(error.message, 'error');
      }
      remove.disabled = false;
    },
  }, t('avatar.remove'));

  function draw() {
    replace(picture, avatar(account, 96));
    picture.hidden = false;
    remove.hidden = !account.avatar_url;
  }

  function changed(next) {
    account = next;
    forgetAuthor(next.id);
    updateUser(next);
    draw();
  }

  async function send([file]) {
    const card = uploadCard(file);
    replace(status, card.el);
    picture.hidden = true; // the preview stands in for the current picture meanwhile
    const form = new FormData();
    form.append('avatar', file);
    try {
      const { data } = await upload('PUT', '/users/avatar', form, { onProgress: card.progress });
      card.done();
      status.replaceChildren();
      changed(data.user);
      notify(t('avatar.saved'));
    } catch (error) {
      if (error.name === 'AbortError') return;
      card.failed(uploadMessage(error));
      picture.hidden = false;
    }
  }

  draw();
  return h('div', { class: 'avatar-editor' },
    picture,
    h('div', { class: 'avatar-controls' },
      h('p', { class: 'hint' }, t('avatar.hint')),
      status,
      h('div', { class: 'actions' }, dropZone({ label: t('avatar.choose'), onFiles: send }), remove)));
}
