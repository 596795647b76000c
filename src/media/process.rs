//! Turning an upload into what is served: check it, decode it, apply its orientation, convert
//! its colours to sRGB, and encode the variants and the BlurHash placeholder.
//!
//! The order is the safety: the type comes from the content ([`sniff`]); the dimensions come
//! from the header before anything is decoded, so a small file that claims a huge picture is
//! refused without allocating; the decoder itself runs under the same limits. What is served
//! is re-encoded from pixels, so none of the upload's metadata (EXIF with its GPS position and
//! camera data, XMP, comments, the ICC profile once applied) reaches any variant. Everything
//! here is synchronous and CPU-bound: `Media` runs it on its own threads.

use std::io::Cursor;

use bytes::Bytes;
use fast_image_resize::{self as fr, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits, metadata::Orientation};
use sha2::{Digest, Sha256};

use super::sniff::{Sniffed, sniff};

/// What an upload is for, which decides the variants made of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// A recipe's cover or gallery photo: its own shape, at these widths.
    Recipe,
    /// A user's avatar: a centred square, at these sizes.
    Avatar,
}

impl Purpose {
    /// Widths (squares' sides for avatars) of the WebP variants; the largest also has a JPEG.
    fn widths(self) -> &'static [u32] {
        match self {
            Purpose::Recipe => &[320, 800, 1600],
            Purpose::Avatar => &[96, 256, 512],
        }
    }
}

/// One encoded file: what is stored and served.
#[derive(Debug, Clone)]
pub struct Rendition {
    /// Its content-addressed file name (`{40 hex digits}.{extension}`).
    pub name: String,
    pub bytes: Bytes,
    pub width: u32,
    pub height: u32,
    /// `image/webp` or `image/jpeg` (or the type of a kept original).
    pub media_type: &'static str,
}

/// An upload made ready to store.
#[derive(Debug, Clone)]
pub struct Processed {
    /// Size of the largest variant (the picture as shown, after its orientation).
    pub width: u32,
    pub height: u32,
    /// A BlurHash of the picture, for a placeholder while it loads.
    pub blurhash: String,
    /// The variants, smallest first, the JPEG last.
    pub renditions: Vec<Rendition>,
    /// The upload as sent, when originals are kept (never served).
    pub original: Option<Rendition>,
}

/// Why an upload was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Not an image of a known type.
    NotAnImage,
    /// A real image type this server cannot decode (AVIF, HEIC).
    Undecodable(&'static str),
    /// More pixels than `max` (as its header says), or a side over 65 535 pixels.
    TooManyPixels { max: u64 },
    /// Truncated or corrupt.
    Corrupt,
}

/// Extension of kept originals: not one `/media` serves.
pub const ORIGINAL_EXTENSION: &str = "original";

/// Checks, decodes and re-encodes `upload` for `purpose`, allowing at most `max_pixels`.
pub fn process(
    upload: &[u8],
    purpose: Purpose,
    max_pixels: u64,
    keep_original: bool,
) -> Result<Processed, Refusal> {
    let format = match sniff(upload) {
        Sniffed::Image(format) => format,
        Sniffed::Undecodable(kind) => return Err(Refusal::Undecodable(kind)),
        Sniffed::Unknown => return Err(Refusal::NotAnImage),
    };
    if format == ImageFormat::Jpeg && !jpeg_is_complete(upload) {
        // Decoders fill a cut-off JPEG with grey rather than fail; it is refused instead.
        return Err(Refusal::Corrupt);
    }
    let limits = decoding_limits(max_pixels);
    // The header alone first: a claimed size over the limit is refused before any decoding.
    let mut header = ImageReader::with_format(Cursor::new(upload), format);
    header.limits(limits.clone());
    let (width, height) = header
        .into_dimensions()
        .map_err(|err| refusal(&err, max_pixels))?;
    let (width, height) = (u64::from(width), u64::from(height));
    if width == 0 || height == 0 {
        return Err(Refusal::Corrupt);
    }
    if width.saturating_mul(height) > max_pixels {
        return Err(Refusal::TooManyPixels { max: max_pixels });
    }
    let picture = decode(upload, format, limits, max_pixels)?;
    let renditions = variants(&picture, purpose)?;
    let largest = renditions.last().ok_or(Refusal::Corrupt)?;
    let (width, height) = (largest.width, largest.height);
    let smallest = renditions.first().ok_or(Refusal::Corrupt)?;
    let blurhash = placeholder(&picture, smallest.width, smallest.height);
    let original = keep_original.then(|| Rendition {
        name: content_name(upload, ORIGINAL_EXTENSION),
        bytes: Bytes::copy_from_slice(upload),
        width,
        height,
        media_type: format.to_mime_type(),
    });
    Ok(Processed {
        width,
        height,
        blurhash,
        renditions,
        original,
    })
}

/// The file name of `bytes`: the first 160 bits of their SHA-256, then `.extension`. The same
/// content always gets the same name, and a name cannot be guessed without the content.
pub fn content_name(bytes: &[u8], extension: &str) -> String {
    let digest = Sha256::digest(bytes);
    let mut name = String::with_capacity(41 + extension.len());
    for byte in &digest[..20] {
        name.push_str(&format!("{byte:02x}"));
    }
    name.push('.');
    name.push_str(extension);
    name
}

/// True when a JPEG's last scan is followed by its end marker (`FF D9`). Inside a scan every
/// `FF` byte is followed by `00` or a restart marker, so the two bytes appear only as the real
/// marker, and a file cut off anywhere after its headers lacks it.
fn jpeg_is_complete(bytes: &[u8]) -> bool {
    let last_scan = bytes
        .windows(2)
        .rposition(|pair| pair == [0xFF, 0xDA])
        .unwrap_or(0);
    bytes[last_scan..]
        .windows(2)
        .any(|pair| pair == [0xFF, 0xD9])
}

/// The decoder's limits: no side over 65 535 pixels, and no allocation beyond what the
/// largest allowed picture needs (16-bit RGBA, the widest pixels decoded here).
fn decoding_limits(max_pixels: u64) -> Limits {
    let mut limits = Limits::default();
    limits.max_image_width = Some(65_535);
    limits.max_image_height = Some(65_535);
    limits.max_alloc = Some(max_pixels.saturating_mul(8).max(1 << 20));
    limits
}

/// What a decoding failure means for the client.
fn refusal(err: &image::ImageError, max_pixels: u64) -> Refusal {
    match err {
        image::ImageError::Limits(_) => Refusal::TooManyPixels { max: max_pixels },
        image::ImageError::Unsupported(_) => Refusal::NotAnImage,
        _ => Refusal::Corrupt,
    }
}

/// The picture as it is meant to be seen: decoded (a GIF's first frame), turned by its EXIF
/// orientation, in sRGB, as 8-bit RGB or RGBA.
fn decode(
    upload: &[u8],
    format: ImageFormat,
    limits: Limits,
    max_pixels: u64,
) -> Result<DynamicImage, Refusal> {
    let mut reader = ImageReader::with_format(Cursor::new(upload), format);
    reader.limits(limits);
    let mut decoder = reader
        .into_decoder()
        .map_err(|err| refusal(&err, max_pixels))?;
    // A malformed EXIF block only loses its orientation; a malformed profile is ignored.
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let profile = decoder.icc_profile().ok().flatten();
    let mut picture =
        DynamicImage::from_decoder(decoder).map_err(|err| refusal(&err, max_pixels))?;
    picture.apply_orientation(orientation);
    let mut picture = if picture.color().has_alpha() {
        DynamicImage::ImageRgba8(picture.into_rgba8())
    } else {
        DynamicImage::ImageRgb8(picture.into_rgb8())
    };
    if let Some(profile) = profile {
        to_srgb(&mut picture, &profile);
    }
    Ok(picture)
}

/// Converts `picture`'s pixels from the colour space `profile` describes to sRGB, in place, a
/// row at a time. A profile that cannot be used (malformed, or for other channels than the
/// picture's) leaves the pixels as they are.
fn to_srgb(picture: &mut DynamicImage, profile: &[u8]) {
    use moxcms::{ColorProfile, Layout, TransformOptions};
    let Ok(source) = ColorProfile::new_from_slice(profile) else {
        return;
    };
    let (layout, channels) = match picture {
        DynamicImage::ImageRgba8(_) => (Layout::Rgba, 4),
        _ => (Layout::Rgb, 3),
    };
    let srgb = ColorProfile::new_srgb();
    let Ok(transform) =
        source.create_transform_8bit(layout, &srgb, layout, TransformOptions::default())
    else {
        return;
    };
    let row_len = picture.width() as usize * channels;
    let pixels: &mut [u8] = match picture {
        DynamicImage::ImageRgba8(buffer) => buffer,
        DynamicImage::ImageRgb8(buffer) => buffer,
        _ => return,
    };
    let mut converted = vec![0u8; row_len];
    for row in pixels.chunks_exact_mut(row_len) {
        if transform.transform(row, &mut converted).is_ok() {
            row.copy_from_slice(&converted);
        }
    }
}

/// The widths to make of a picture `width` wide: those of `purpose` below it, and the largest
/// of them or the picture's own width, whichever is smaller (never upscaled).
fn target_widths(purpose: Purpose, width: u32) -> Vec<u32> {
    let wanted = purpose.widths();
    let top = wanted.last().copied().unwrap_or(width).min(width);
    let mut widths: Vec<u32> = wanted.iter().copied().filter(|&w| w < top).collect();
    widths.push(top);
    widths
}

/// The WebP variants at each width, smallest first, then a JPEG of the largest.
fn variants(picture: &DynamicImage, purpose: Purpose) -> Result<Vec<Rendition>, Refusal> {
    let (source_width, source_height) = (picture.width(), picture.height());
    let square = purpose == Purpose::Avatar;
    let side = source_width.min(source_height);
    let base = if square { side } else { source_width };
    let has_alpha = matches!(picture, DynamicImage::ImageRgba8(_));
    let pixel_type = if has_alpha {
        PixelType::U8x4
    } else {
        PixelType::U8x3
    };
    let source =
        fr::images::ImageRef::new(source_width, source_height, picture.as_bytes(), pixel_type)
            .map_err(|_| Refusal::Corrupt)?;
    let mut resizer = Resizer::new();
    let mut renditions = Vec::new();
    let widths = target_widths(purpose, base);
    for (index, &width) in widths.iter().enumerate() {
        let height = if square {
            width
        } else {
            scaled_height(source_width, source_height, width)
        };
        let mut target = fr::images::Image::new(width, height, pixel_type);
        let mut options =
            ResizeOptions::new().resize_alg(ResizeAlg::Convolution(fr::FilterType::Lanczos3));
        if square {
            options = options.fit_into_destination(Some((0.5, 0.5)));
        }
        resizer
            .resize(&source, &mut target, &options)
            .map_err(|_| Refusal::Corrupt)?;
        let pixels = target.buffer();
        let webp = if has_alpha {
            webp::Encoder::from_rgba(pixels, width, height)
        } else {
            webp::Encoder::from_rgb(pixels, width, height)
        }
        .encode_simple(false, 80.0)
        .map_err(|_| Refusal::Corrupt)?
        .to_vec();
        renditions.push(Rendition {
            name: content_name(&webp, "webp"),
            bytes: webp.into(),
            width,
            height,
            media_type: "image/webp",
        });
        if index + 1 == widths.len() {
            let jpeg = encode_jpeg(pixels, width, height, has_alpha)?;
            renditions.push(Rendition {
                name: content_name(&jpeg, "jpg"),
                bytes: jpeg.into(),
                width,
                height,
                media_type: "image/jpeg",
            });
        }
    }
    Ok(renditions)
}

/// `height × width / source_width`, rounded, at least 1.
fn scaled_height(source_width: u32, source_height: u32, width: u32) -> u32 {
    let scaled = (u64::from(source_height) * u64::from(width) + u64::from(source_width) / 2)
        / u64::from(source_width.max(1));
    u32::try_from(scaled.max(1)).unwrap_or(u32::MAX)
}

/// A baseline JPEG of `pixels` (RGB, or RGBA laid over white).
fn encode_jpeg(
    pixels: &[u8],
    width: u32,
    height: u32,
    has_alpha: bool,
) -> Result<Vec<u8>, Refusal> {
    use image::{ExtendedColorType, ImageEncoder, codecs::jpeg::JpegEncoder};
    let rgb: std::borrow::Cow<'_, [u8]> = if has_alpha {
        let mut flat = Vec::with_capacity(pixels.len() / 4 * 3);
        for pixel in pixels.chunks_exact(4) {
            let alpha = u16::from(pixel[3]);
            for &channel in &pixel[..3] {
                let over_white = (u16::from(channel) * alpha + 255 * (255 - alpha)) / 255;
                flat.push(u8::try_from(over_white).unwrap_or(u8::MAX));
            }
        }
        flat.into()
    } else {
        pixels.into()
    };
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, 82)
        .write_image(&rgb, width, height, ExtendedColorType::Rgb8)
        .map_err(|_| Refusal::Corrupt)?;
    Ok(out)
}

/// The BlurHash of `picture` (4 × 3 components, 3 × 4 for a portrait), computed on a copy at
/// most 32 pixels wide.
fn placeholder(picture: &DynamicImage, width: u32, height: u32) -> String {
    let (w, h) = if width >= height {
        (32, scaled_height(width, height, 32).min(32))
    } else {
        (scaled_height(height, width, 32).min(32), 32)
    };
    let small = picture.thumbnail_exact(w.max(1), h.max(1)).into_rgba8();
    let (x, y) = if width >= height { (4, 3) } else { (3, 4) };
    blurhash::encode(x, y, small.width(), small.height(), small.as_raw()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_are_never_upscaled_and_keep_the_largest_detail() {
        assert_eq!(target_widths(Purpose::Recipe, 4000), [320, 800, 1600]);
        assert_eq!(target_widths(Purpose::Recipe, 1000), [320, 800, 1000]);
        assert_eq!(target_widths(Purpose::Recipe, 800), [320, 800]);
        assert_eq!(target_widths(Purpose::Recipe, 200), [200]);
        assert_eq!(target_widths(Purpose::Avatar, 300), [96, 256, 300]);
    }

    #[test]
    fn names_are_content_addressed_hex_of_160_bits() {
        let name = content_name(b"abc", "webp");
        assert_eq!(name.len(), 45);
        assert!(name.starts_with("ba7816bf8f01cfea414140de5dae2223b00361a3"));
        assert_eq!(name, content_name(b"abc", "webp"));
        assert_ne!(name, content_name(b"abd", "webp"));
    }

    #[test]
    fn a_claimed_huge_picture_is_refused_from_its_header() {
        // A PNG header claiming 100 000 × 100 000 pixels, with no pixel data.
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend_from_slice(&100_000u32.to_be_bytes());
        png.extend_from_slice(&100_000u32.to_be_bytes());
        png.extend_from_slice(&[8, 2, 0, 0, 0]);
        let crc = crc32(&png[12..]);
        png.extend_from_slice(&crc.to_be_bytes());
        let refused = process(&png, Purpose::Recipe, 50_000_000, false).unwrap_err();
        assert_eq!(refused, Refusal::TooManyPixels { max: 50_000_000 });
    }

    #[test]
    fn pictures_come_out_as_variants_without_metadata() {
        let picture = DynamicImage::ImageRgb8(image::RgbImage::from_fn(900, 600, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 128])
        }));
        let mut png = Vec::new();
        picture
            .write_to(&mut Cursor::new(&mut png), ImageFormat::Png)
            .unwrap();
        let done = process(&png, Purpose::Recipe, 50_000_000, false).unwrap();
        let sizes: Vec<_> = done
            .renditions
            .iter()
            .map(|r| (r.width, r.height, r.media_type))
            .collect();
        assert_eq!(
            sizes,
            [
                (320, 213, "image/webp"),
                (800, 533, "image/webp"),
                (900, 600, "image/webp"),
                (900, 600, "image/jpeg")
            ]
        );
        assert_eq!((done.width, done.height), (900, 600));
        assert!(!done.blurhash.is_empty());
        assert!(done.original.is_none());
        let avatar = process(&png, Purpose::Avatar, 50_000_000, false).unwrap();
        assert!(avatar.renditions.iter().all(|r| r.width == r.height));
        assert_eq!(
            process(&png[..png.len() / 2], Purpose::Recipe, 50_000_000, false).unwrap_err(),
            Refusal::Corrupt
        );
    }

    #[test]
    fn colours_are_converted_to_srgb_from_an_embedded_profile() {
        let pixel = |profile: &moxcms::ColorProfile| {
            let mut picture = DynamicImage::ImageRgb8(image::RgbImage::from_pixel(
                2,
                2,
                image::Rgb([100, 200, 50]),
            ));
            to_srgb(&mut picture, &profile.encode().unwrap());
            picture.to_rgb8().get_pixel(1, 1).0
        };
        let same = pixel(&moxcms::ColorProfile::new_srgb());
        assert!(
            same.iter()
                .zip([100u8, 200, 50])
                .all(|(a, b)| a.abs_diff(b) <= 2),
            "{same:?}"
        );
        // Adobe RGB's green is wider than sRGB's: the same numbers are a more saturated colour.
        let wide = pixel(&moxcms::ColorProfile::new_adobe_rgb());
        assert!(
            wide.iter()
                .zip([100u8, 200, 50])
                .any(|(a, b)| a.abs_diff(b) > 8),
            "{wide:?}"
        );
        // A broken profile leaves the pixels alone.
        let mut picture =
            DynamicImage::ImageRgb8(image::RgbImage::from_pixel(1, 1, image::Rgb([1, 2, 3])));
        to_srgb(&mut picture, b"not a profile");
        assert_eq!(picture.to_rgb8().get_pixel(0, 0).0, [1, 2, 3]);
    }

    /// The CRC-32 of PNG chunks.
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &byte in bytes {
            crc ^= u32::from(byte);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }
}
