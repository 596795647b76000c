//! What kind of file an upload is, from its first bytes (its "magic number") alone: the name
//! and `Content-Type` a client sends are never believed.

use image::ImageFormat;

/// The accepted types, as refusals name them.
pub const ACCEPTED: &str = "JPEG, PNG, WebP or GIF";

/// What the first bytes say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sniffed {
    /// A type this server decodes.
    Image(ImageFormat),
    /// A real image type without a maintained pure-Rust decoder here (AVIF, HEIC/HEIF): named in
    /// the refusal so that the client knows to convert it.
    Undecodable(&'static str),
    /// Not an image this server knows.
    Unknown,
}

/// The type of `bytes`, from their signature.
pub fn sniff(bytes: &[u8]) -> Sniffed {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Sniffed::Image(ImageFormat::Jpeg);
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Sniffed::Image(ImageFormat::Png);
    }
    if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        return Sniffed::Image(ImageFormat::Gif);
    }
    if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        return Sniffed::Image(ImageFormat::WebP);
    }
    // ISO base media files: a box of type `ftyp` whose major brand names the codec.
    if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        return match &bytes[8..12] {
            b"avif" | b"avis" => Sniffed::Undecodable("AVIF"),
            b"heic" | b"heix" | b"heim" | b"heis" | b"hevc" | b"hevx" | b"mif1" | b"msf1" => {
                Sniffed::Undecodable("HEIC")
            }
            _ => Sniffed::Unknown,
        };
    }
    Sniffed::Unknown
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_decide_and_names_do_not_matter() {
        assert_eq!(
            sniff(b"\xFF\xD8\xFF\xE0rest"),
            Sniffed::Image(ImageFormat::Jpeg)
        );
        assert_eq!(
            sniff(b"\x89PNG\r\n\x1a\n\0\0"),
            Sniffed::Image(ImageFormat::Png)
        );
        assert_eq!(sniff(b"GIF89a...."), Sniffed::Image(ImageFormat::Gif));
        assert_eq!(
            sniff(b"RIFF\x10\0\0\0WEBPVP8 "),
            Sniffed::Image(ImageFormat::WebP)
        );
        assert_eq!(
            sniff(b"\0\0\0\x1cftypavif\0\0\0\0"),
            Sniffed::Undecodable("AVIF")
        );
        assert_eq!(
            sniff(b"\0\0\0\x18ftypheic\0\0\0\0"),
            Sniffed::Undecodable("HEIC")
        );
        for other in [
            &b"hello, this is text named photo.jpg"[..],
            b"",
            b"\xFF\xD8",
            b"RIFF\0\0\0\0WAVE",
            b"%PDF-1.7",
            b"<svg xmlns=",
        ] {
            assert_eq!(sniff(other), Sniffed::Unknown, "{other:?}");
        }
    }
}
