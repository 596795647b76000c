//! Photos as clients see them — a recipe's cover and gallery, a user's avatar — and the rules
//! of what clients send about them: alt text and the gallery's order.
//!
//! A [`Photo`] is what the store keeps beside its recipe (or user), so reading a recipe never
//! needs another query for its photos; answers show it as `http::views::PhotoView`. The input
//! types' OpenAPI schemas are built in `http::contract::schemas` from the limits here.

use serde::{Deserialize, Serialize};

use super::{FieldErrors, ImageId, text::parse_line};

/// Most photos in one recipe's gallery.
pub const GALLERY_MAX: usize = 20;
/// Longest alt text, in characters.
pub const ALT_MAX: usize = 500;

/// One photo: its largest JPEG (`url`, for clients that take one address), the size it is shown
/// at, and every variant to choose from (`srcset`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Photo {
    /// The photo's id (for the gallery's routes).
    pub id: i64,
    /// The largest variant as JPEG.
    pub url: String,
    /// Width of the largest variant, in pixels (after the photo's EXIF orientation).
    pub width: u32,
    /// Height of the largest variant, in pixels.
    pub height: u32,
    /// Text describing the photo, for those who cannot see it.
    pub alt: Option<String>,
    /// A BlurHash of the photo, to paint a placeholder while it loads.
    pub blurhash: String,
    /// Every variant, smallest first: WebP at several widths (never wider than the upload),
    /// then a JPEG of the largest.
    pub variants: Vec<PhotoVariant>,
}

/// One encoded size of a photo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhotoVariant {
    /// Its address: content-addressed, cached for a year.
    pub url: String,
    pub width: u32,
    pub height: u32,
    /// `image/webp` or `image/jpeg`.
    #[serde(rename = "type")]
    pub media_type: String,
}

/// A recipe's photos, as kept beside the recipe.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Photos {
    pub cover: Option<Photo>,
    pub images: Vec<Photo>,
}

/// `PATCH /recipes/{id}/images/{image_id}`: `{"alt": "…"}` (null or blank removes it).
#[derive(Debug, Deserialize)]
pub struct AltInput {
    /// The new alt text (one line, at most 500 characters); null removes it.
    #[serde(default)]
    pub alt: Option<String>,
}

/// `PUT /recipes/{id}/images/order`: every gallery photo's id, in the new order.
#[derive(Debug, Deserialize)]
pub struct ImageOrderInput {
    /// The gallery's photo ids, each once, first to last.
    #[serde(default, deserialize_with = "super::json_int::optional_list")]
    pub order: Option<Vec<i64>>,
}

/// Alt text: absent, null or blank means none; otherwise one line of at most [`ALT_MAX`]
/// characters, trimmed.
pub fn parse_alt(raw: Option<&str>) -> Result<Option<String>, FieldErrors> {
    match raw {
        None => Ok(None),
        Some(text) if text.trim().is_empty() && !text.chars().any(char::is_control) => Ok(None),
        Some(text) => parse_line(text, ALT_MAX)
            .map(Some)
            .map_err(|message| FieldErrors::single("alt", message)),
    }
}

/// The ids of a new gallery order: positive, each once, at most [`GALLERY_MAX`] (whether they
/// are exactly the gallery's photos is the store's to check).
pub fn parse_order(input: &ImageOrderInput) -> Result<Vec<ImageId>, FieldErrors> {
    let invalid = |message: &str| FieldErrors::single("order", message);
    let Some(order) = &input.order else {
        return Err(invalid("is required"));
    };
    if order.len() > GALLERY_MAX {
        return Err(invalid("must list at most 20 photos"));
    }
    let mut ids = Vec::with_capacity(order.len());
    for &id in order {
        if id < 1 {
            return Err(invalid("must hold positive photo ids"));
        }
        let id = ImageId::stored(id);
        if ids.contains(&id) {
            return Err(invalid("must list each photo once"));
        }
        ids.push(id);
    }
    Ok(ids)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alt_text_is_one_trimmed_line_and_blank_means_none() {
        assert_eq!(parse_alt(None).unwrap(), None);
        assert_eq!(parse_alt(Some("  ")).unwrap(), None);
        assert_eq!(parse_alt(Some(" 김치 ")).unwrap().as_deref(), Some("김치"));
        assert!(parse_alt(Some("a\nb")).is_err());
        assert!(parse_alt(Some(&"x".repeat(ALT_MAX + 1))).is_err());
    }

    #[test]
    fn an_order_lists_positive_ids_once() {
        let order = |ids: Vec<i64>| parse_order(&ImageOrderInput { order: Some(ids) });
        assert_eq!(
            order(vec![3, 1, 2]).unwrap(),
            [ImageId::stored(3), ImageId::stored(1), ImageId::stored(2)]
        );
        assert!(order(vec![1, 1]).is_err());
        assert!(order(vec![0]).is_err());
        assert!(order((1..=21).collect()).is_err());
        assert!(order(vec![]).unwrap().is_empty());
        assert!(parse_order(&ImageOrderInput { order: None }).is_err());
    }
}
