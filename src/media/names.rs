//! Media file names and their addresses: `{40 lowercase hex digits}.{webp|jpg|original}`,
//! served at `/media/{name}` (kept originals are stored but never served).

use super::process::ORIGINAL_EXTENSION;

/// The path under which media files are served.
pub const URL_PREFIX: &str = "/media/";

/// True for a name this server gives stored files.
pub fn is_stored_name(name: &str) -> bool {
    let Some((hash, extension)) = name.split_once('.') else {
        return false;
    };
    hash.len() == 40
        && hash
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        && (matches!(extension, "webp" | "jpg") || extension == ORIGINAL_EXTENSION)
}

/// The `Content-Type` of a served file; `None` for names that are not served.
pub fn served_type(name: &str) -> Option<&'static str> {
    if !is_stored_name(name) {
        return None;
    }
    match name.rsplit_once('.').map(|(_, extension)| extension) {
        Some("webp") => Some("image/webp"),
        Some("jpg") => Some("image/jpeg"),
        _ => None,
    }
}

/// The address of `name`.
pub fn url(name: &str) -> String {
    format!("{URL_PREFIX}{name}")
}

/// The name in an address made by [`url`].
pub fn name_of(url: &str) -> Option<&str> {
    url.strip_prefix(URL_PREFIX)
        .filter(|name| is_stored_name(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_content_names_are_stored_and_originals_are_not_served() {
        let hash = "0123456789abcdef0123456789abcdef01234567";
        for extension in ["webp", "jpg", "original"] {
            assert!(is_stored_name(&format!("{hash}.{extension}")));
        }
        assert_eq!(served_type(&format!("{hash}.webp")), Some("image/webp"));
        assert_eq!(served_type(&format!("{hash}.jpg")), Some("image/jpeg"));
        assert_eq!(served_type(&format!("{hash}.original")), None);
        for bad in [
            "../etc/passwd",
            "0123456789ABCDEF0123456789abcdef01234567.webp",
            "0123456789abcdef.webp",
            &format!("{hash}.png"),
            &format!("{hash}.webp.jpg"),
            hash,
            &format!("{hash}/.webp"),
        ] {
            assert!(!is_stored_name(bad), "{bad}");
        }
        assert_eq!(
            name_of(&url(&format!("{hash}.jpg"))),
            Some(&*format!("{hash}.jpg"))
        );
    }
}
