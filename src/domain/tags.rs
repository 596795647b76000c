//! Tags: short labels on recipes, normalised so that "Korean", " korean " and "KOREAN" are one
//! tag.
//!
//! A tag is sent as at most 40 characters, without control characters or ASCII punctuation
//! other than the hyphen (so `korean`, `한식`, `gluten-free`, `quick dinner`, `café`), and not
//! blank. It is stored in Unicode NFC, lower-cased, with surrounding whitespace removed and
//! inner runs of whitespace folded to one space (so a composed and a decomposed `café` are one
//! tag). A recipe is sent at most 20 tags; duplicates (after normalisation) are stored once.
//! The limits count what the client sent, as the published OpenAPI schema states them, and the
//! length is checked once more on the stored form: lower-casing can lengthen a text (`İ` becomes
//! `i̇`, two characters), and a tag must fit its column.

use unicode_normalization::UnicodeNormalization;

/// Longest tag, in characters.
pub const TAG_MAX_CHARS: usize = 40;
/// Most tags on one recipe.
pub const TAGS_PER_RECIPE: usize = 20;

/// Normalises one tag, or says why it cannot be one.
pub fn normalize_tag(raw: &str) -> Result<String, String> {
    let folded = fold_tag(raw)?;
    if folded.chars().count() > TAG_MAX_CHARS {
        return Err(format!(
            "must be at most {TAG_MAX_CHARS} characters once lower-cased"
        ));
    }
    Ok(folded)
}

/// A tag to look for (a list's `tag` filter): checked as sent, as a tag is, and normalised; one
/// that lower-casing lengthens past [`TAG_MAX_CHARS`] is no error here — no recipe carries it,
/// so it matches nothing.
pub fn normalize_tag_filter(raw: &str) -> Result<String, String> {
    fold_tag(raw)
}

/// The checks of a tag as sent, and its normalised form (of any length once lower-cased).
fn fold_tag(raw: &str) -> Result<String, String> {
    if raw.chars().count() > TAG_MAX_CHARS {
        return Err(format!("must be at most {TAG_MAX_CHARS} characters"));
    }
    let refused = |c: char| c.is_control() || (c.is_ascii_punctuation() && c != '-');
    // Checked as sent (what the schema's pattern says) and once composed: NFC maps a few
    // characters onto ASCII punctuation (U+037E is `;`).
    let composed: String = raw.nfc().collect();
    if raw.chars().any(refused) || composed.chars().any(refused) {
        return Err("must not contain control characters or punctuation other than '-'".into());
    }
    let folded = composed
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
        .nfc()
        .collect::<String>();
    if folded.is_empty() {
        return Err("must not be empty".into());
    }
    Ok(folded)
}

/// Normalises a recipe's tag list (at most [`TAGS_PER_RECIPE`] items): sorted, without
/// duplicates.
pub fn parse_tags(raw: Vec<String>) -> Result<Vec<String>, String> {
    if raw.len() > TAGS_PER_RECIPE {
        return Err(format!("must hold at most {TAGS_PER_RECIPE} tags"));
    }
    let mut tags = Vec::with_capacity(raw.len());
    for (index, tag) in raw.iter().enumerate() {
        tags.push(normalize_tag(tag).map_err(|message| format!("item {index} {message}"))?);
    }
    tags.sort();
    tags.dedup();
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
        for bad in [
            "",
            "   ",
            "a,b",
            "50%",
            "x_y",
            "<b>",
            "tab\there",
            "a\nb",
            "a\u{37e}b",
        ] {
            assert!(normalize_tag(bad).is_err(), "{bad:?}");
        }
        assert!(normalize_tag(&"a".repeat(TAG_MAX_CHARS)).is_ok());
        // `İ` lower-cases to two characters: too long to be a tag, but a filter for it is
        // valid (it matches nothing).
        let long = "İ".repeat(TAG_MAX_CHARS);
        assert!(normalize_tag(&long).is_err());
        assert_eq!(
            normalize_tag_filter(&long).unwrap().chars().count(),
            2 * TAG_MAX_CHARS
        );
        assert!(normalize_tag_filter(&"a".repeat(TAG_MAX_CHARS + 1)).is_err());
        assert!(normalize_tag(&"a".repeat(TAG_MAX_CHARS + 1)).is_err());
        // Limits count what was sent, before whitespace is folded.
        assert!(normalize_tag(&format!("{} ", "a".repeat(TAG_MAX_CHARS))).is_err());
        // Characters are checked as sent, before lower-casing; the length after it too.
        assert_eq!(normalize_tag("İ").unwrap(), "i\u{307}");
        assert!(normalize_tag(&"İ".repeat(20)).is_ok());
        assert!(normalize_tag(&"İ".repeat(21)).is_err());
        assert!(normalize_tag(&format!("İ{}", "a".repeat(TAG_MAX_CHARS - 1))).is_err());
        assert_eq!(
            normalize_tag("Cafe\u{301}").unwrap(),
            normalize_tag("caf\u{e9}").unwrap()
        );
        assert_eq!(
            normalize_tag("Café\u{3000}Au Lait").unwrap(),
            "café au lait"
        );
    }

    #[test]
    fn lists_are_sorted_deduplicated_and_bounded() {
        let tags = parse_tags(vec!["Soup".into(), "korean".into(), "SOUP ".into()]).unwrap();
        assert_eq!(tags, ["korean", "soup"]);
        let many: Vec<String> = (0..=TAGS_PER_RECIPE).map(|i| format!("t{i}")).collect();
        assert!(parse_tags(many).is_err());
        let repeated: Vec<String> = (0..TAGS_PER_RECIPE).map(|_| "Same".to_owned()).collect();
        assert_eq!(parse_tags(repeated.clone()).unwrap(), ["same"]);
        let mut too_many = repeated;
        too_many.push("same".into());
        assert!(parse_tags(too_many).is_err());
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
                prop_assert!(tag.chars().count() <= TAG_MAX_CHARS);
            }
        }
    }
}
