//! Tags: short labels on recipes, normalised so that "Korean", " korean " and "KOREAN" are one
//! tag.
//!
//! A tag is 1–40 characters of letters, digits, single spaces and hyphens, lower-cased, with
//! surrounding whitespace removed and inner runs of whitespace folded to one space. A recipe
//! carries at most 20 distinct tags; duplicates (after normalisation) count once.

/// Longest tag, in characters.
pub const TAG_MAX_CHARS: usize = 40;
/// Most tags on one recipe.
pub const TAGS_PER_RECIPE: usize = 20;

/// Normalises one tag, or says why it cannot be one.
pub fn normalize_tag(raw: &str) -> Result<String, String> {
    let folded = raw
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    if folded.is_empty() {
        return Err("must not be empty".into());
    }
    if folded.chars().count() > TAG_MAX_CHARS {
        return Err(format!("must be at most {TAG_MAX_CHARS} characters"));
    }
    if !folded
        .chars()
        .all(|c| c.is_alphanumeric() || c == ' ' || c == '-')
    {
        return Err("may contain only letters, digits, spaces and hyphens".into());
    }
    Ok(folded)
}

/// Normalises a recipe's tag list: sorted, without duplicates, at most [`TAGS_PER_RECIPE`].
pub fn parse_tags(raw: Vec<String>) -> Result<Vec<String>, String> {
    let mut tags = Vec::with_capacity(raw.len());
    for (index, tag) in raw.iter().enumerate() {
        tags.push(normalize_tag(tag).map_err(|message| format!("item {index} {message}"))?);
    }
    tags.sort();
    tags.dedup();
    if tags.len() > TAGS_PER_RECIPE {
        return Err(format!("must hold at most {TAGS_PER_RECIPE} distinct tags"));
    }
    Ok(tags)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn folds_case_and_whitespace() {
        assert_eq!(normalize_tag("  Quick   Dinner ").unwrap(), "quick dinner");
        assert_eq!(normalize_tag("KOREAN").unwrap(), "korean");
        assert_eq!(normalize_tag("한식").unwrap(), "한식");
        assert_eq!(normalize_tag("gluten-free").unwrap(), "gluten-free");
    }

    #[test]
    fn refuses_empty_long_and_punctuated_tags() {
        for bad in ["", "   ", "a,b", "50%", "x_y", "<b>", "tab\there?"] {
            assert!(normalize_tag(bad).is_err(), "{bad:?}");
        }
        assert!(normalize_tag(&"a".repeat(TAG_MAX_CHARS)).is_ok());
        assert!(normalize_tag(&"a".repeat(TAG_MAX_CHARS + 1)).is_err());
    }

    #[test]
    fn lists_are_sorted_deduplicated_and_bounded() {
        let tags = parse_tags(vec!["Soup".into(), "korean".into(), "SOUP ".into()]).unwrap();
        assert_eq!(tags, ["korean", "soup"]);
        let many: Vec<String> = (0..=TAGS_PER_RECIPE).map(|i| format!("t{i}")).collect();
        assert!(parse_tags(many).is_err());
        let repeated: Vec<String> = (0..50).map(|_| "same".to_owned()).collect();
        assert_eq!(parse_tags(repeated).unwrap(), ["same"]);
        assert!(
            parse_tags(vec!["ok".into(), "".into()])
                .unwrap_err()
                .contains("item 1")
        );
    }

    proptest! {
        #[test]
        fn normalising_is_idempotent(raw in "\\PC{0,50}") {
            if let Ok(tag) = normalize_tag(&raw) {
                prop_assert_eq!(normalize_tag(&tag), Ok(tag.clone()));
                prop_assert!(!tag.starts_with(' ') && !tag.ends_with(' ') && !tag.contains("  "));
            }
        }
    }
}
