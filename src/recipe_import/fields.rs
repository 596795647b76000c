//! The single-valued recipe fields: name, description, servings and cook time, read from a
//! Recipe object and brought within the domain's limits (see `domain::recipe`).
//!
//! - `name`: the first non-blank string, on one line; shortened to 200 characters.
//! - `description`: the first non-blank string as free text; shortened to 5 000 characters.
//! - `recipeYield` → servings: the first string (or number) holding digits gives the first
//!   whole number in it ("Serves 4-6" → 4, "4인분" → 4); outside 1–1000 it is left empty.
//! - cook time: `totalTime` when it reads as more than zero minutes, else `prepTime` +
//!   `cookTime` (whichever read), else `totalTime`'s zero; more than a week is left empty.
//!
//! Blank values count as absent; anything else that cannot be read is left empty with a
//! warning.

use serde_json::{Map, Value};

use crate::domain::input_limits::{COOK_TIME, DESCRIPTION_MAX, RECIPE_NAME_MAX, SERVINGS};

use super::duration::parse_minutes;
use super::text::{fragment_line, fragment_text, shorten, tidy_line};
use super::values::property;
use super::warnings::{Warnings, quoted};

/// The recipe's name, without shortening; `None` when it has no usable one.
pub(super) fn name(recipe: &Map<String, Value>) -> Option<String> {
    property(recipe, "name")
        .iter()
        .find_map(|text| fragment_line(text))
}

/// The page title used when the recipe has no name: its first non-blank candidate.
pub(super) fn page_title<'a>(candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    candidates
        .into_iter()
        .map(tidy_line)
        .find(|title| !title.is_empty())
}

/// `name` within [`RECIPE_NAME_MAX`] characters.
pub(super) fn clamp_name(name: String, warnings: &mut Warnings) -> String {
    match shorten(&name, RECIPE_NAME_MAX) {
        Some(short) => {
            warnings.add(
                "name",
                format!("longer than {RECIPE_NAME_MAX} characters; shortened"),
            );
            short
        }
        None => name,
    }
}

/// The description as free text within [`DESCRIPTION_MAX`] characters.
pub(super) fn description(recipe: &Map<String, Value>, warnings: &mut Warnings) -> Option<String> {
    let text = property(recipe, "description")
        .iter()
        .find_map(|text| fragment_text(text))?;
    match shorten(&text, DESCRIPTION_MAX) {
        Some(short) => {
            warnings.add(
                "description",
                format!("longer than {DESCRIPTION_MAX} characters; shortened"),
            );
            Some(short)
        }
        None => Some(text),
    }
}

/// People served, from `recipeYield`.
pub(super) fn servings(recipe: &Map<String, Value>, warnings: &mut Warnings) -> Option<i64> {
    let texts: Vec<String> = property(recipe, "recipeYield")
        .iter()
        .filter_map(|text| fragment_line(text))
        .collect();
    let first = texts.first()?;
    let Some((text, count)) = texts
        .iter()
        .find_map(|text| first_number(text).map(|count| (text, count)))
    else {
        warnings.add(
            "recipeYield",
            format!("{} has no number of servings; left empty", quoted(first)),
        );
        return None;
    };
    let (min, max) = SERVINGS;
    if !(min..=max).contains(&count) {
        warnings.add(
            "recipeYield",
            format!(
                "{} is outside {min}–{max} servings; left empty",
                quoted(text)
            ),
        );
        return None;
    }
    Some(count)
}

/// The first whole number written in `text` (ASCII or full-width digits), saturating; `None`
/// when there is none or the text is a negative number.
fn first_number(text: &str) -> Option<i64> {
    let digit = |c: char| match c {
        '0'..='9' => c.to_digit(10),
        '０'..='９' => Some(u32::from(c) - u32::from('０')),
        _ => None,
    };
    if text.trim_start().starts_with('-') {
        return None;
    }
    let start = text.find(|c| digit(c).is_some())?;
    let mut count: i64 = 0;
    for value in text[start..].chars().map_while(digit) {
        count = count.saturating_mul(10).saturating_add(i64::from(value));
    }
    Some(count)
}

/// Cook time in minutes, from `totalTime`, else `prepTime` + `cookTime`.
pub(super) fn cook_time(recipe: &Map<String, Value>, warnings: &mut Warnings) -> Option<i64> {
    let total = minutes(recipe, "totalTime", warnings);
    let (minutes, source) = match total {
        Some(total) if total > 0 => (total, "totalTime"),
        _ => {
            let prep = minutes(recipe, "prepTime", warnings);
            let cook = minutes(recipe, "cookTime", warnings);
            match (prep, cook) {
                (Some(prep), Some(cook)) => (prep + cook, "prepTime + cookTime"),
                (Some(prep), None) => (prep, "prepTime"),
                (None, Some(cook)) => (cook, "cookTime"),
                (None, None) => (total?, "totalTime"),
            }
        }
    };
    let (min, max) = COOK_TIME;
    if !(min..=max).contains(&minutes) {
        warnings.add(
            source,
            format!("{minutes} minutes is more than {max} (a week); left empty"),
        );
        return None;
    }
    Some(minutes)
}

/// The minutes of duration property `key`; `None` when absent, blank or unreadable (warned).
fn minutes(recipe: &Map<String, Value>, key: &str, warnings: &mut Warnings) -> Option<i64> {
    let text = property(recipe, key)
        .iter()
        .find_map(|text| fragment_line(text))?;
    match parse_minutes(&text) {
        Some(minutes) => Some(i64::from(minutes)),
        None => {
            warnings.add(
                key,
                format!("{} is not an ISO 8601 duration; left empty", quoted(&text)),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read<T>(
        recipe: Value,
        field: fn(&Map<String, Value>, &mut Warnings) -> T,
    ) -> (T, Vec<String>) {
        let mut warnings = Warnings::default();
        let value = field(recipe.as_object().unwrap(), &mut warnings);
        (value, warnings.into_vec())
    }

    #[test]
    fn servings_come_from_the_first_number_in_the_yield() {
        for (value, count) in [
            (json!(4), 4),
            (json!(4.0), 4),
            (json!("4"), 4),
            (json!("4 servings"), 4),
            (json!("Serves 4-6"), 4),
            (json!("4인분"), 4),
            (json!("2명"), 2),
            (json!("４인분"), 4),
            (json!("<b>6</b> portions"), 6),
            (json!(["a few", "8 servings"]), 8),
            (json!(["", "3"]), 3),
            (json!({"@type": "QuantitativeValue", "value": 5}), 5),
            (json!("1000"), 1000),
        ] {
            let (servings, warnings) = read(json!({"recipeYield": value}), servings);
            assert_eq!(servings, Some(count), "{value}");
            assert!(warnings.is_empty(), "{value}: {warnings:?}");
        }
    }

    #[test]
    fn servings_without_a_number_or_out_of_range_are_left_empty_with_a_warning() {
        for (value, warning) in [
            (
                json!("a few"),
                "recipeYield: \"a few\" has no number of servings; left empty",
            ),
            (
                json!(["some", "many"]),
                "recipeYield: \"some\" has no number of servings; left empty",
            ),
            (
                json!("0"),
                "recipeYield: \"0\" is outside 1–1000 servings; left empty",
            ),
            (
                json!(2000),
                "recipeYield: \"2000\" is outside 1–1000 servings; left empty",
            ),
            (
                json!("-3"),
                "recipeYield: \"-3\" has no number of servings; left empty",
            ),
            (
                json!("99999999999999999999999 people"),
                "recipeYield: \"99999999999999999999999 people\" is outside 1–1000 servings; left empty",
            ),
        ] {
            let (servings, warnings) = read(json!({"recipeYield": value}), servings);
            assert_eq!(
                (servings, warnings),
                (None, vec![warning.to_owned()]),
                "{value}"
            );
        }
        for blank in [json!(null), json!(""), json!([]), json!(" <br> ")] {
            assert_eq!(
                read(json!({"recipeYield": blank}), servings),
                (None, vec![])
            );
        }
    }

    #[test]
    fn cook_time_prefers_total_time_then_adds_prep_and_cook() {
        for (recipe, minutes) in [
            (
                json!({"totalTime": "PT1H", "prepTime": "PT10M", "cookTime": "PT20M"}),
                Some(60),
            ),
            (json!({"prepTime": "PT10M", "cookTime": "PT20M"}), Some(30)),
            (
                json!({"totalTime": "PT0M", "prepTime": "PT10M", "cookTime": "PT20M"}),
                Some(30),
            ),
            (json!({"totalTime": "PT0S"}), Some(0)),
            (json!({"cookTime": "P0DT1H5M"}), Some(65)),
            (json!({"prepTime": "PT15M"}), Some(15)),
            (json!({"totalTime": ["PT45M"]}), Some(45)),
            (json!({"totalTime": "", "cookTime": ""}), None),
            (json!({}), None),
        ] {
            assert_eq!(
                read(recipe.clone(), cook_time),
                (minutes, vec![]),
                "{recipe}"
            );
        }
    }

    #[test]
    fn unreadable_or_overlong_times_are_left_empty_with_a_warning() {
        let (minutes, warnings) = read(
            json!({"totalTime": "about an hour", "prepTime": "PT10M", "cookTime": "45 min"}),
            cook_time,
        );
        assert_eq!(minutes, Some(10));
        assert_eq!(
            warnings,
            [
                "totalTime: \"about an hour\" is not an ISO 8601 duration; left empty",
                "cookTime: \"45 min\" is not an ISO 8601 duration; left empty",
            ]
        );
        let (minutes, warnings) = read(json!({"totalTime": "PT200H"}), cook_time);
        assert_eq!(minutes, None);
        assert_eq!(
            warnings,
            ["totalTime: 12000 minutes is more than 10080 (a week); left empty"]
        );
        let (minutes, warnings) = read(json!({"prepTime": "P7D", "cookTime": "PT1M"}), cook_time);
        assert_eq!(minutes, None);
        assert_eq!(
            warnings,
            ["prepTime + cookTime: 10081 minutes is more than 10080 (a week); left empty"]
        );
    }

    #[test]
    fn names_and_descriptions_are_decoded_and_shortened() {
        let recipe = json!({"name": ["", "<b>Kimchi</b> &amp; rice\n stew"]});
        assert_eq!(
            name(recipe.as_object().unwrap()).as_deref(),
            Some("Kimchi & rice stew")
        );
        assert_eq!(name(json!({"name": " "}).as_object().unwrap()), None);
        let mut warnings = Warnings::default();
        let long = clamp_name("word ".repeat(100), &mut warnings);
        assert!(long.chars().count() <= RECIPE_NAME_MAX && long.ends_with("word…"));
        assert_eq!(
            warnings.into_vec(),
            ["name: longer than 200 characters; shortened"]
        );

        let (text, warnings) = read(json!({"description": "<p>One</p><p>Two</p>"}), description);
        assert_eq!((text.as_deref(), warnings.len()), (Some("One\nTwo"), 0));
        let (text, warnings) = read(json!({"description": "x ".repeat(3000)}), description);
        assert!(text.unwrap().chars().count() <= DESCRIPTION_MAX);
        assert_eq!(
            warnings,
            ["description: longer than 5000 characters; shortened"]
        );
    }

    #[test]
    fn the_page_title_is_the_first_non_blank_candidate() {
        assert_eq!(
            page_title([" ", " Kimchi\n Stew "]).as_deref(),
            Some("Kimchi Stew")
        );
        assert_eq!(page_title([]), None);
    }
}
