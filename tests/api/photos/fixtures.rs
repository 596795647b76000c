//! Pictures made for the tests, and the multipart forms that carry them.

use std::io::Cursor;

use image::{DynamicImage, ImageFormat, Rgb, RgbImage};

/// A camera model written into the EXIF of test photos; it must never appear in served bytes.
pub const CAMERA: &str = "SECRETCAM-9000";

/// A `width` × `height` picture: red on its left half, blue on its right half.
pub fn halves(width: u32, height: u32) -> DynamicImage {
    DynamicImage::ImageRgb8(RgbImage::from_fn(width, height, |x, _| {
        if x < width / 2 {
            Rgb([220, 20, 20])
        } else {
            Rgb([20, 20, 220])
        }
    }))
}

/// `picture` encoded as `format`.
pub fn encoded(picture: &DynamicImage, format: ImageFormat) -> Vec<u8> {
    let mut bytes = Vec::new();
    picture
        .write_to(&mut Cursor::new(&mut bytes), format)
        .expect("encodes");
    bytes
}

/// A PNG of `width` × `height` pixels of noise, which does not compress.
pub fn noisy_png(width: u32, height: u32) -> Vec<u8> {
    let mut state = 0x2545_F491u32;
    let picture = RgbImage::from_fn(width, height, |_, _| {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        let [r, g, b, _] = state.to_le_bytes();
        Rgb([r, g, b])
    });
    encoded(&DynamicImage::ImageRgb8(picture), ImageFormat::Png)
}

/// A PNG of `width` × `height`.
pub fn png(width: u32, height: u32) -> Vec<u8> {
    encoded(&halves(width, height), ImageFormat::Png)
}

/// A JPEG of [`halves`] with an EXIF block holding `orientation`, the camera [`CAMERA`] and a
/// GPS position, as a phone writes it.
pub fn phone_jpeg(width: u32, height: u32, orientation: u16) -> Vec<u8> {
    let jpeg = encoded(&halves(width, height), ImageFormat::Jpeg);
    let exif = exif_block(orientation);
    let mut out = Vec::with_capacity(jpeg.len() + exif.len() + 4);
    out.extend_from_slice(&jpeg[..2]); // SOI
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&u16::try_from(exif.len() + 2).unwrap().to_be_bytes());
    out.extend_from_slice(&exif);
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// `Exif\0\0` and a big-endian TIFF structure: IFD0 with Make, Orientation and a GPS IFD
/// pointer; the GPS IFD with a latitude.
fn exif_block(orientation: u16) -> Vec<u8> {
    let make = format!("{CAMERA}\0");
    let make_offset = 8 + 2 + 3 * 12 + 4;
    let gps_offset = (make_offset + make.len() + 1) & !1;
    let latitude_offset = gps_offset + 2 + 2 * 12 + 4;
    let mut tiff = Vec::new();
    tiff.extend_from_slice(b"MM\0\x2A\0\0\0\x08");
    let entry = |tiff: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: [u8; 4]| {
        tiff.extend_from_slice(&tag.to_be_bytes());
        tiff.extend_from_slice(&kind.to_be_bytes());
        tiff.extend_from_slice(&count.to_be_bytes());
        tiff.extend_from_slice(&value);
    };
    let offset = |n: usize| u32::try_from(n).unwrap().to_be_bytes();
    tiff.extend_from_slice(&3u16.to_be_bytes());
    entry(
        &mut tiff,
        0x010F,
        2,
        u32::try_from(make.len()).unwrap(),
        offset(make_offset),
    );
    let [hi, lo] = orientation.to_be_bytes();
    entry(&mut tiff, 0x0112, 3, 1, [hi, lo, 0, 0]);
    entry(&mut tiff, 0x8825, 4, 1, offset(gps_offset));
    tiff.extend_from_slice(&[0; 4]);
    tiff.extend_from_slice(make.as_bytes());
    tiff.resize(gps_offset, 0);
    tiff.extend_from_slice(&2u16.to_be_bytes());
    entry(&mut tiff, 0x0001, 2, 2, *b"N\0\0\0");
    entry(&mut tiff, 0x0002, 5, 3, offset(latitude_offset));
    tiff.extend_from_slice(&[0; 4]);
    for (numerator, denominator) in [(37u32, 1u32), (33, 1), (1234, 100)] {
        tiff.extend_from_slice(&numerator.to_be_bytes());
        tiff.extend_from_slice(&denominator.to_be_bytes());
    }
    let mut block = b"Exif\0\0".to_vec();
    block.extend_from_slice(&tiff);
    block
}

/// A valid PNG that claims `width` × `height` pixels and holds a few bytes of compressed
/// data: a "pixel bomb" of a few dozen bytes.
pub fn png_claiming(width: u32, height: u32) -> Vec<u8> {
    let mut header = width.to_be_bytes().to_vec();
    header.extend_from_slice(&height.to_be_bytes());
    header.extend_from_slice(&[8, 2, 0, 0, 0]);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    for (kind, data) in [
        (&b"IHDR"[..], &header[..]),
        (
            b"IDAT",
            &[0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01][..],
        ),
        (b"IEND", &[][..]),
    ] {
        let mut chunk = kind.to_vec();
        chunk.extend_from_slice(data);
        png.extend_from_slice(&u32::try_from(data.len()).unwrap().to_be_bytes());
        png.extend_from_slice(&chunk);
        png.extend_from_slice(&crc32(&chunk).to_be_bytes());
    }
    png
}

/// A JPEG whose frame header claims `width` × `height` (the rest of a small real JPEG).
pub fn jpeg_claiming(width: u16, height: u16) -> Vec<u8> {
    let mut jpeg = encoded(&halves(16, 16), ImageFormat::Jpeg);
    // SOF0: FF C0, length, precision, height, width.
    let sof = jpeg
        .windows(2)
        .position(|w| w == [0xFF, 0xC0])
        .expect("a baseline JPEG has SOF0");
    jpeg[sof + 5..sof + 7].copy_from_slice(&height.to_be_bytes());
    jpeg[sof + 7..sof + 9].copy_from_slice(&width.to_be_bytes());
    jpeg
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

/// One part of a multipart form.
pub struct Part<'a> {
    pub name: &'a str,
    pub file_name: Option<&'a str>,
    pub content_type: Option<&'a str>,
    pub bytes: &'a [u8],
}

impl<'a> Part<'a> {
    /// A file part, sent as `photo.jpg` with `image/jpeg` whatever it holds.
    pub fn file(name: &'a str, bytes: &'a [u8]) -> Self {
        Part {
            name,
            file_name: Some("photo.jpg"),
            content_type: Some("image/jpeg"),
            bytes,
        }
    }

    /// A text part.
    pub fn text(name: &'a str, text: &'a str) -> Self {
        Part {
            name,
            file_name: None,
            content_type: None,
            bytes: text.as_bytes(),
        }
    }
}

/// The boundary of the forms [`form`] writes.
pub const BOUNDARY: &str = "recipe-api-test-boundary-7d2f";

/// A `multipart/form-data` body of `parts`, and its content type.
pub fn form(parts: &[Part<'_>]) -> (String, Vec<u8>) {
    let mut body = Vec::new();
    for part in parts {
        body.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
        let mut disposition = format!("Content-Disposition: form-data; name=\"{}\"", part.name);
        if let Some(file_name) = part.file_name {
            disposition.push_str(&format!("; filename=\"{file_name}\""));
        }
        body.extend_from_slice(disposition.as_bytes());
        body.extend_from_slice(b"\r\n");
        if let Some(content_type) = part.content_type {
            body.extend_from_slice(format!("Content-Type: {content_type}\r\n").as_bytes());
        }
        body.extend_from_slice(b"\r\n");
        body.extend_from_slice(part.bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={BOUNDARY}"), body)
}
