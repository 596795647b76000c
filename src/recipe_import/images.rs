//! Image URLs, from `image`: a string, an `ImageObject` (`url`, else `contentUrl`), or a list
//! of those (nested at most [`MAX_NESTING`] deep).
//!
//! Each is resolved against the page's URL (a relative one is dropped when there is none);
//! only `http` and `https` URLs of at most [`MAX_URL_CHARS`] characters are kept, written in
//! their normalised form, without duplicates, at most [`MAX_IMAGES`], in document order. Every
//! URL dropped gets a warning.

use std::collections::HashSet;

use serde_json::{Map, Value};
use url::Url;

use super::MAX_NESTING;
use super::warnings::{Warnings, quoted};

/// Most image URLs kept.
pub(super) const MAX_IMAGES: usize = 10;
/// Longest URL kept (a `data:` URL would otherwise be megabytes).
pub(super) const MAX_URL_CHARS: usize = 2_048;

const FIELD: &str = "image";

/// The recipe's image URLs.
pub(super) fn image_urls(
    recipe: &Map<String, Value>,
    page_url: Option<&Url>,
    warnings: &mut Warnings,
) -> Vec<String> {
    let mut images = Images {
        page_url,
        urls: Vec::new(),
        seen: HashSet::new(),
        more: false,
    };
    if let Some(value) = recipe.get(FIELD) {
        images.collect(value, 0, warnings);
    }
    if images.more {
        warnings.add(
            FIELD,
            format!("more than {MAX_IMAGES} URLs; kept the first {MAX_IMAGES}"),
        );
    }
    images.urls
}

struct Images<'a> {
    page_url: Option<&'a Url>,
    urls: Vec<String>,
    seen: HashSet<String>,
    more: bool,
}

impl Images<'_> {
    fn collect(&mut self, value: &Value, depth: usize, warnings: &mut Warnings) {
        if depth > MAX_NESTING || self.more {
            return;
        }
        match value {
            Value::String(text) => self.add(text, warnings),
            Value::Array(items) => {
                for item in items {
                    self.collect(item, depth + 1, warnings);
                }
            }
            Value::Object(object) => {
                if let Some(inner) = ["url", "contentUrl"]
                    .iter()
                    .find_map(|key| object.get(*key))
                {
                    self.collect(inner, depth + 1, warnings);
                }
            }
            Value::Number(_) | Value::Bool(_) | Value::Null => {}
        }
    }

    fn add(&mut self, text: &str, warnings: &mut Warnings) {
        let text = text.trim();
        if text.is_empty() {
            return;
        }
        if text.chars().count() > MAX_URL_CHARS {
            warnings.add(
                FIELD,
                format!(
                    "{} is longer than {MAX_URL_CHARS} characters; dropped",
                    quoted(text)
                ),
            );
            return;
        }
        let parsed = match self.page_url {
            Some(base) => base.join(text),
            None => Url::parse(text),
        };
        let url = match parsed {
            Ok(url) => url,
            Err(url::ParseError::RelativeUrlWithoutBase) => {
                warnings.add(
                    FIELD,
                    format!(
                        "{} is relative and there is no page URL; dropped",
                        quoted(text)
                    ),
                );
                return;
            }
            Err(problem) => {
                warnings.add(
                    FIELD,
                    format!("{} is not a URL ({problem}); dropped", quoted(text)),
                );
                return;
            }
        };
        if !matches!(url.scheme(), "http" | "https") {
            warnings.add(
                FIELD,
                format!("{} is not an http(s) URL; dropped", quoted(text)),
            );
            return;
        }
        let url = String::from(url);
        if self.seen.contains(&url) {
            return;
        }
        if self.urls.len() == MAX_IMAGES {
            self.more = true;
            return;
        }
        self.seen.insert(url.clone());
        self.urls.push(url);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read(image: Value, page_url: Option<&str>) -> (Vec<String>, Vec<String>) {
        let page_url = page_url.map(|url| Url::parse(url).unwrap());
        let recipe = json!({ "image": image });
        let mut warnings = Warnings::default();
        let urls = image_urls(
            recipe.as_object().unwrap(),
            page_url.as_ref(),
            &mut warnings,
        );
        (urls, warnings.into_vec())
    }

    #[test]
    fn reads_strings_image_objects_and_lists_resolved_against_the_page() {
        let page = Some("http://example.com/recipes/kimchi/");
        let (urls, warnings) = read(
            json!([
                "/images/kimchi.png",
                {"@type": "ImageObject", "url": "kimchi-2.jpg", "width": 800},
                {"@type": "ImageObject", "contentUrl": "https://cdn.example.com/k 3.jpg"},
                [{"@type": "ImageObject", "url": ["//cdn.example.com/k4.webp"]}],
                "/images/kimchi.png",
                " ",
            ]),
            page,
        );
        assert_eq!(
            urls,
            [
                "http://example.com/images/kimchi.png",
                "http://example.com/recipes/kimchi/kimchi-2.jpg",
                "https://cdn.example.com/k%203.jpg",
                "http://cdn.example.com/k4.webp",
            ]
        );
        assert!(warnings.is_empty(), "{warnings:?}");
        let (urls, _) = read(json!("https://example.com/a.jpg"), None);
        assert_eq!(urls, ["https://example.com/a.jpg"]);
    }

    #[test]
    fn drops_what_is_not_an_http_url_with_warnings() {
        let data = format!("data:image/png;base64,{}", "A".repeat(3000));
        let (urls, warnings) = read(
            json!([
                "javascript:alert(1)",
                "/relative.png",
                "http://[bad",
                data,
                "ftp://x/y.png"
            ]),
            None,
        );
        assert!(urls.is_empty());
        assert_eq!(warnings.len(), 5);
        assert_eq!(
            warnings[0],
            "image: \"javascript:alert(1)\" is not an http(s) URL; dropped"
        );
        assert_eq!(
            warnings[1],
            "image: \"/relative.png\" is relative and there is no page URL; dropped"
        );
        assert!(warnings[2].starts_with("image: \"http://[bad\" is not a URL ("));
        assert!(warnings[3].ends_with("is longer than 2048 characters; dropped"));
        assert!(warnings[4].ends_with("is not an http(s) URL; dropped"));
    }

    #[test]
    fn keeps_at_most_ten() {
        let many: Vec<String> = (0..15).map(|i| format!("/images/{i}.png")).collect();
        let (urls, warnings) = read(json!(many), Some("http://example.com/"));
        assert_eq!(urls.len(), MAX_IMAGES);
        assert_eq!(urls[9], "http://example.com/images/9.png");
        assert_eq!(warnings, ["image: more than 10 URLs; kept the first 10"]);
    }
}
