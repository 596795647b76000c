// Showing photos as the API describes them (`{url, width, height, alt, blurhash, variants}`):
// the browser picks a WebP size from `srcset` for the space the photo takes (`sizes`), the space
// is reserved before anything loads (width and height, or the frame's CSS aspect ratio), and a
// blurred placeholder painted from the BlurHash shows until the photo arrives. Every address is
// this server's `/media/…`.

import { blurCanvas } from './blurhash.js';
import { h } from './dom.js';

/** The `srcset` of a photo's WebP variants: "url 320w, url 800w, …" (empty when none). */
export function webpSrcset(photo) {
  return (photo.variants || [])
    .filter((variant) => variant.type === 'image/webp')
    .map((variant) => `${variant.url} ${variant.width}w`)
    .join(', ');
}

/**
 * A photo in a frame: the placeholder, then the photo (`<picture>`: WebP sizes, the JPEG as
 * fallback). `sizes`: how wide it is shown; `alt`: its text ('' when the photo only decorates
 * what a text beside it says); `lazy`: load it only when it comes near the window.
 */
export function photoFrame(photo, { sizes, alt = photo.alt || '', lazy = true, className = '' }) {
  const img = h('img', {
    src: photo.url,
    alt,
    width: photo.width,
    height: photo.height,
    sizes,
    loading: lazy ? 'lazy' : null,
    decoding: 'async',
  });
  const srcset = webpSrcset(photo);
  const picture = h('picture', {},
    srcset ? h('source', { type: 'image/webp', srcset, sizes }) : null,
    img);
  const frame = h('div', { class: `photo ${className}`.trim() }, blurCanvas(photo.blurhash), picture);
  // The placeholder goes once the photo is decoded, ready to paint (not merely downloaded).
  const shown = () => img.decode().catch(() => {}).then(() => frame.classList.add('photo-loaded'));
  if (img.complete && img.naturalWidth > 0) shown();
  else img.addEventListener('load', shown, { once: true });
  return frame;
}

/**
 * A round picture of a user: their avatar (`avatar_url`), or the first letter of their name on
 * a coloured disc. Decorative (the name is always written beside it), so it has no alt text.
 */
export function avatar(user, size = 32) {
  const classes = `avatar avatar-${size}`;
  if (user?.avatar_url) {
    return h('img', {
      class: classes,
      src: user.avatar_url,
      alt: '',
      width: size,
      height: size,
      loading: 'lazy',
      decoding: 'async',
    });
  }
  const letter = [...(user?.username || '?').trim()][0] || '?';
  return h('span', { class: `${classes} avatar-letter`, 'aria-hidden': 'true' }, letter.toUpperCase());
}
