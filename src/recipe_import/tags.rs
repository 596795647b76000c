//! Tags, from `recipeCategory`, `recipeCuisine` and `keywords`, in that order (categories and
//! cuisines first: keyword lists are long and would crowd them out of the 20 kept).
//!
//! Each value (a string or a list) is split at commas; each piece is normalised with
//! `domain::normalize_tag`. Pieces it refuses are dropped with a warning, duplicates silently;
//! past 20 distinct tags the rest are dropped with one warning. At most [`MAX_PIECES`] pieces
//! are read, so a keyword list of a million entries costs no more than a long one.

use std::collections::HashSet;

use serde_json::{Map, Value};

use crate::domain::input_limits::TAGS_PER_RECIPE;
use crate::domain::normalize_tag;

use super::text::fragment_line;
use super::values::property;
use super::warnings::{Warnings, quoted};

/// Most comma-separated pieces read over all three properties.
pub(super) const MAX_PIECES: usize = 1_000;

/// The recipe's normalised tags, distinct, in the order found, at most [`TAGS_PER_RECIPE`].
pub(super) fn tags(recipe: &Map<String, Value>, warnings: &mut Warnings) -> Vec<String> {
    let mut tags = Vec::new();
    let mut seen = HashSet::new();
    let mut pieces = 0;
    let mut more = false;
    'fields: for field in ["recipeCategory", "recipeCuisine", "keywords"] {
        for text in property(recipe, field) {
            let Some(line) = fragment_line(&text) else {
                continue;
            };
            for piece in line
                .split(',')
                .map(str::trim)
                .filter(|piece| !piece.is_empty())
            {
                pieces += 1;
                if pieces > MAX_PIECES {
                    warnings.add(
                        field,
                        format!("more than {MAX_PIECES} pieces; the rest were not read"),
                    );
                    break 'fields;
                }
                match normalize_tag(piece) {
                    Ok(tag) if seen.contains(&tag) => {}
                    Ok(_) if tags.len() == TAGS_PER_RECIPE => {
                        more = true;
                        break 'fields;
                    }
                    Ok(tag) => {
                        seen.insert(tag.clone());
                        tags.push(tag);
                    }
                    Err(problem) => warnings.add(
                        field,
                        format!("{} is not a usable tag ({problem}); dropped", quoted(piece)),
                    ),
                }
            }
        }
    }
    if more {
        warnings.add(
            "tags",
            format!("more than {TAGS_PER_RECIPE}; kept the first {TAGS_PER_RECIPE}"),
        );
    }
    tags
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read(recipe: Value) -> (Vec<String>, Vec<String>) {
        let mut warnings = Warnings::default();
        let tags = tags(recipe.as_object().unwrap(), &mut warnings);
        (tags, warnings.into_vec())
    }

    #[test]
    fn reads_categories_cuisines_and_keywords_normalised_and_distinct() {
        let (tags, warnings) = read(json!({
            "keywords": "Kimchi, Stew,  korean ,,Quick &amp; Easy",
            "recipeCategory": ["Main Course", "Soup"],
            "recipeCuisine": "Korean",
        }));
        assert_eq!(tags, ["main course", "soup", "korean", "kimchi", "stew"]);
        assert_eq!(
            warnings,
            [
                "keywords: \"Quick & Easy\" is not a usable tag (must not contain control characters or punctuation other than '-'); dropped"
            ]
        );
        let (tags, _) =
            read(json!({"keywords": ["김치찌개", "한식, 찌개"], "recipeCuisine": "한식"}));
        assert_eq!(tags, ["한식", "김치찌개", "찌개"]);
    }

    #[test]
    fn refused_and_surplus_tags_are_dropped_with_warnings() {
        let keywords: Vec<String> = (0..30).map(|i| format!("tag{i}")).collect();
        let long = "x".repeat(41);
        let (tags, warnings) =
            read(json!({"keywords": keywords, "recipeCategory": ["kid's food", long]}));
        assert_eq!(tags.len(), TAGS_PER_RECIPE);
        assert_eq!(tags[0], "tag0");
        assert_eq!(warnings.len(), 3);
        assert!(warnings[0].starts_with("recipeCategory: \"kid's food\" is not a usable tag"));
        assert!(warnings[1].contains("must be at most 40 characters"));
        assert_eq!(warnings[2], "tags: more than 20; kept the first 20");
    }

    #[test]
    fn huge_keyword_lists_are_read_only_so_far() {
        let keywords = "same, ".repeat(100_000);
        let (tags, warnings) = read(json!({"keywords": keywords}));
        assert_eq!(tags, ["same"]);
        assert_eq!(
            warnings,
            ["keywords: more than 1000 pieces; the rest were not read"]
        );
    }
}
