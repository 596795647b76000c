// BlurHash decoding (the published algorithm, written here from its specification): a photo's
// `blurhash` is a few dozen characters describing a blurred version of it, painted into a tiny
// canvas as a placeholder while the photo itself loads.

const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~';

function decode83(text) {
  let value = 0;
  for (const char of text) {
    const digit = DIGITS.indexOf(char);
    if (digit < 0) throw new Error('not a BlurHash');
    value = value * 83 + digit;
  }
  return value;
}

function toLinear(value) {
  const v = value / 255;
  return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
}

function toSrgb(value) {
  const v = Math.max(0, Math.min(1, value));
  return Math.round(v <= 0.0031308 ? v * 12.92 * 255 : (1.055 * v ** (1 / 2.4) - 0.055) * 255);
}

const signedSquare = (v) => Math.sign(v) * v * v;

/**
 * The pixels (RGBA, `width` × `height`) that `hash` describes; throws on a malformed hash.
 */
export function decodeBlurHash(hash, width, height) {
  if (typeof hash !== 'string' || hash.length < 6) throw new Error('not a BlurHash');
  const size = decode83(hash[0]);
  const numX = (size % 9) + 1;
  const numY = Math.floor(size / 9) + 1;
  if (hash.length !== 4 + 2 * numX * numY) throw new Error('not a BlurHash');
  const maximum = (decode83(hash[1]) + 1) / 166;
  const colors = [];
  const dc = decode83(hash.slice(2, 6));
  colors.push([toLinear(dc >> 16), toLinear((dc >> 8) & 255), toLinear(dc & 255)]);
  for (let i = 1; i < numX * numY; i += 1) {
    const ac = decode83(hash.slice(4 + i * 2, 6 + i * 2));
    colors.push([Math.floor(ac / 361), Math.floor(ac / 19) % 19, ac % 19]
      .map((q) => signedSquare((q - 9) / 9) * maximum));
  }
  const pixels = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let j = 0; j < numY; j += 1) {
        const basisY = Math.cos((Math.PI * y * j) / height);
        for (let i = 0; i < numX; i += 1) {
          const basis = Math.cos((Math.PI * x * i) / width) * basisY;
          const color = colors[i + j * numX];
          r += color[0] * basis;
          g += color[1] * basis;
          b += color[2] * basis;
        }
      }
      const at = 4 * (x + y * width);
      pixels[at] = toSrgb(r);
      pixels[at + 1] = toSrgb(g);
      pixels[at + 2] = toSrgb(b);
      pixels[at + 3] = 255;
    }
  }
  return pixels;
}

/** A small canvas painted with the blurred photo, or null when `hash` cannot be read. */
export function blurCanvas(hash, width = 32, height = 32) {
  let pixels;
  try {
    pixels = decodeBlurHash(hash, width, height);
  } catch {
    return null;
  }
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  canvas.setAttribute('aria-hidden', 'true');
  canvas.getContext('2d').putImageData(new ImageData(pixels, width, height), 0, 0);
  return canvas;
}
