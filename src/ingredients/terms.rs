//! Search terms: what the `GET /recipes?ingredient=…` filter matches.
//!
//! A food's key is its NFKC form, lower-cased, with whitespace collapsed to single spaces,
//! leading and trailing punctuation removed, and each English word made singular by simple
//! rules ("tomatoes" → "tomato", "berries" → "berry", "leaves" → "leaf", "eggs" → "egg";
//! words ending in "ss", "us", "is" are left alone). A recipe's terms are, for each item, the
//! key of its food and, when the food has several words, each word (Hangul words of any
//! length, other words of two or more characters, except a few English function words such as
//! "and", "of", "or"). A query is normalised the same way, so "Green Onions" finds
//! "green onion", "마늘" finds "다진 마늘" and "Eggs" finds "large eggs".

use unicode_normalization::UnicodeNormalization;

use super::item::IngredientItem;
use super::units::is_hangul;

/// Terms longer than this (in chars) are not indexed, and queries longer than this are refused.
pub const TERM_MAX_CHARS: usize = 100;

/// At most this many terms are taken from one item.
const TERMS_PER_ITEM: usize = 8;

/// English words that are not indexed on their own.
const STOP_WORDS: [&str; 10] = [
    "and", "or", "of", "the", "with", "for", "to", "in", "an", "a",
];

/// Plurals whose singular the general rules get wrong.
const IRREGULAR: [(&str, &str); 14] = [
    ("leaves", "leaf"),
    ("halves", "half"),
    ("loaves", "loaf"),
    ("knives", "knife"),
    ("cookies", "cookie"),
    ("brownies", "brownie"),
    ("veggies", "veggie"),
    ("smoothies", "smoothie"),
    ("calories", "calorie"),
    ("pies", "pie"),
    ("molasses", "molasses"),
    ("series", "series"),
    ("species", "species"),
    ("children", "child"),
];

/// The singular of an English word (lower case), by simple rules.
fn singular(word: &str) -> String {
    if let Some((_, one)) = IRREGULAR.iter().find(|(many, _)| *many == word) {
        return (*one).to_string();
    }
    let n = word.chars().count();
    if n <= 3 || !word.chars().all(|c| c.is_ascii_alphabetic()) {
        return word.to_string();
    }
    if word.ends_with("ss") || word.ends_with("us") || word.ends_with("is") {
        return word.to_string();
    }
    if let Some(stem) = word.strip_suffix("ies")
        && n > 4
    {
        return format!("{stem}y");
    }
    if let Some(stem) = word.strip_suffix("oes") {
        return format!("{stem}o");
    }
    for ending in ["ches", "shes", "sses", "xes"] {
        if word.ends_with(ending) {
            return word[..word.len() - 2].to_string();
        }
    }
    match word.strip_suffix('s') {
        Some(stem) => stem.to_string(),
        None => word.to_string(),
    }
}

/// Removes leading and trailing characters that are neither letters nor digits.
fn strip_punctuation(s: &str) -> &str {
    s.trim_matches(|c: char| !c.is_alphanumeric())
}

/// The normalised key of a food or a query, word by word.
fn key_words(raw: &str) -> Vec<String> {
    let lower: String = raw.nfkc().collect::<String>().to_lowercase();
    strip_punctuation(&lower)
        .split_whitespace()
        .map(|word| {
            let core = strip_punctuation(word);
            if core.is_empty() {
                return word.to_string();
            }
            let start = word.find(core).unwrap_or(0);
            let end = start + core.len();
            format!("{}{}{}", &word[..start], singular(core), &word[end..])
        })
        .collect()
}

/// The sorted, deduplicated search terms of a recipe's items.
pub fn food_terms(items: &[IngredientItem]) -> Vec<String> {
    let mut terms = Vec::new();
    for item in items {
        let words = key_words(&item.food);
        let mut mine: Vec<String> = Vec::new();
        let mut add = |term: String| {
            let chars = term.chars().count();
            if chars > 0 && chars <= TERM_MAX_CHARS && !mine.contains(&term) {
                mine.push(term);
            }
        };
        add(words.join(" "));
        if words.len() > 1 {
            for word in &words {
                let word = strip_punctuation(word);
                let hangul = word.chars().any(is_hangul);
                if (hangul || word.chars().count() >= 2) && !STOP_WORDS.contains(&word) {
                    add(word.to_string());
                }
            }
        }
        mine.truncate(TERMS_PER_ITEM);
        terms.extend(mine);
    }
    terms.sort();
    terms.dedup();
    terms
}

/// The normalised form of a `?ingredient=` value, or `None` when nothing is left or it is longer
/// than [`TERM_MAX_CHARS`].
pub fn normalize_food_query(raw: &str) -> Option<String> {
    let key = key_words(raw).join(" ");
    let chars = key.chars().count();
    (chars > 0 && chars <= TERM_MAX_CHARS).then_some(key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingredients::parse_line;

    fn terms_of(lines: &[&str]) -> Vec<String> {
        let items: Vec<IngredientItem> = lines.iter().map(|line| parse_line(line)).collect();
        food_terms(&items)
    }

    fn query(raw: &str) -> String {
        normalize_food_query(raw).unwrap()
    }

    #[test]
    fn english_words_are_made_singular() {
        for (plural, one) in [
            ("tomatoes", "tomato"),
            ("eggs", "egg"),
            ("leaves", "leaf"),
            ("berries", "berry"),
            ("Cherries", "cherry"),
            ("peaches", "peach"),
            ("radishes", "radish"),
            ("glasses", "glass"),
            ("olives", "olive"),
            ("cookies", "cookie"),
            ("onions", "onion"),
            ("glass", "glass"),
            ("asparagus", "asparagus"),
            ("hummus", "hummus"),
            ("couscous", "couscous"),
            ("molasses", "molasses"),
            ("peas", "pea"),
            ("gas", "gas"),
            ("두부", "두부"),
        ] {
            assert_eq!(query(plural), one, "{plural}");
        }
    }

    #[test]
    fn queries_are_normalised() {
        assert_eq!(query("  Green   Onions "), "green onion");
        assert_eq!(query("ＴＯＦＵ"), "tofu");
        assert_eq!(query("\"마늘\"!"), "마늘");
        assert_eq!(normalize_food_query("   "), None);
        assert_eq!(normalize_food_query("?!"), None);
        assert_eq!(
            normalize_food_query(&"a".repeat(TERM_MAX_CHARS)).map(|q| q.len()),
            Some(100)
        );
        assert_eq!(normalize_food_query(&"a".repeat(TERM_MAX_CHARS + 1)), None);
    }

    #[test]
    fn a_recipe_has_the_keys_and_words_of_its_foods() {
        let terms = terms_of(&[
            "다진 마늘 1큰술",
            "두부 1모",
            "2 large eggs",
            "3 green onions, sliced",
            "salt and pepper to taste",
            "두부 1/2모",
        ]);
        assert_eq!(
            terms,
            [
                "green",
                "green onion",
                "large",
                "large egg",
                "onion",
                "pepper",
                "salt",
                "salt and pepper",
                "egg",
                "두부",
                "다진",
                "다진 마늘",
                "마늘",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect::<Vec<_>>()
        );
    }

    #[test]
    fn queries_find_foods_by_key_or_word() {
        let terms = terms_of(&["다진 마늘 1큰술", "2 large eggs", "1 bunch Green Onions"]);
        for raw in [
            "마늘",
            "다진 마늘",
            "Eggs",
            "egg",
            "Green Onions",
            "green onion",
            "onion",
        ] {
            assert!(terms.contains(&query(raw)), "{raw} in {terms:?}");
        }
        assert!(!terms.contains(&query("garlic")));
    }

    #[test]
    fn short_long_and_empty_terms_are_skipped_and_items_give_at_most_eight() {
        let long = "x".repeat(TERM_MAX_CHARS + 1);
        let item = |food: &str| IngredientItem {
            text: food.to_string(),
            quantity: None,
            quantity_max: None,
            unit: None,
            food: food.to_string(),
            note: None,
            quantity_at: None,
            unit_at: None,
        };
        assert!(food_terms(&[item(""), item("  "), item(&long)]).is_empty());
        assert_eq!(food_terms(&[item(&format!("salt {long}"))]), ["salt"]);
        assert_eq!(food_terms(&[item("파 x")]), ["파", "파 x"]);
        let many = food_terms(&[item("one two three four five six seven eight nine ten")]);
        assert_eq!(many.len(), 8);
        assert!(many.contains(&"one two three four five six seven eight nine ten".to_string()));
    }
}
