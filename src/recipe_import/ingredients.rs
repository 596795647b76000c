//! Ingredient lines, from `recipeIngredient` (or the older `ingredients`).
//!
//! A list gives one line per item (markup stripped, its lines joined by spaces); a single
//! string gives one line per line of text. Blank items are dropped, lines over 200 characters
//! shortened, and only the first 100 kept (see `domain::ingredients`), each with a warning.

use serde_json::{Map, Value};

use crate::domain::input_limits::{INGREDIENT_MAX_CHARS, INGREDIENTS_MAX};

use super::text::{fragment_line, fragment_lines, shorten};
use super::values::strings;
use super::warnings::Warnings;

/// The recipe's ingredient lines, within the domain's limits.
pub(super) fn ingredients(recipe: &Map<String, Value>, warnings: &mut Warnings) -> Vec<String> {
    let Some((field, value)) = ["recipeIngredient", "ingredients"]
        .iter()
        .find_map(|key| Some((*key, recipe.get(*key).filter(|value| has_text(value))?)))
    else {
        return Vec::new();
    };
    let items: Vec<Option<String>> = match value {
        Value::String(text) => fragment_lines(text).into_iter().map(Some).collect(),
        _ => {
            let raw = strings(value);
            let mut items = Vec::with_capacity(raw.len().min(INGREDIENTS_MAX));
            // Decoding stops once the list is full; the rest are only counted.
            let mut kept = 0;
            for text in &raw {
                if kept == INGREDIENTS_MAX {
                    items.push(None);
                    continue;
                }
                let line = fragment_line(text);
                kept += usize::from(line.is_some());
                items.push(Some(line.unwrap_or_default()));
            }
            items
        }
    };
    let total = items.len();
    let mut lines = Vec::new();
    for (index, item) in items.into_iter().enumerate() {
        let number = index + 1;
        let Some(line) = item else { break };
        if line.is_empty() {
            warnings.add(field, format!("item {number} is blank; dropped"));
            continue;
        }
        if lines.len() == INGREDIENTS_MAX {
            break;
        }
        match shorten(&line, INGREDIENT_MAX_CHARS) {
            Some(short) => {
                warnings.add(
                    field,
                    format!(
                        "item {number} is longer than {INGREDIENT_MAX_CHARS} characters; shortened"
                    ),
                );
                lines.push(short);
            }
            None => lines.push(line),
        }
    }
    if lines.len() == INGREDIENTS_MAX && total > INGREDIENTS_MAX {
        warnings.add(
            field,
            format!("{total} items; kept the first {INGREDIENTS_MAX}"),
        );
    }
    lines
}

/// True when `value` holds a non-blank string.
fn has_text(value: &Value) -> bool {
    strings(value).iter().any(|text| !text.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read(recipe: Value) -> (Vec<String>, Vec<String>) {
        let mut warnings = Warnings::default();
        let lines = ingredients(recipe.as_object().unwrap(), &mut warnings);
        (lines, warnings.into_vec())
    }

    #[test]
    fn reads_lists_single_strings_and_the_older_key() {
        let (lines, warnings) =
            read(json!({"recipeIngredient": ["2 cups <b>rice</b>", " 김치 200g ", 3]}));
        assert_eq!(
            (lines, warnings.len()),
            (
                vec!["2 cups rice".into(), "김치 200g".into(), "3".into()],
                0
            )
        );
        let (lines, _) = read(json!({"recipeIngredient": "1 egg<br>2 cups flour\n salt "}));
        assert_eq!(lines, ["1 egg", "2 cups flour", "salt"]);
        let (lines, _) = read(json!({"recipeIngredient": [], "ingredients": ["a", "b"]}));
        assert_eq!(lines, ["a", "b"]);
        let (lines, _) = read(json!({"recipeIngredient": ["a<br>b"]}));
        assert_eq!(lines, ["a b"]);
        assert_eq!(read(json!({})), (vec![], vec![]));
    }

    #[test]
    fn blank_long_and_surplus_items_are_dropped_or_shortened_with_warnings() {
        let mut items: Vec<Value> = (1..=150).map(|i| json!(format!("{i} g sugar"))).collect();
        items[1] = json!("  ");
        items[2] = json!("flour ".repeat(50));
        let (lines, warnings) = read(json!({"recipeIngredient": items}));
        assert_eq!(lines.len(), INGREDIENTS_MAX);
        assert_eq!(lines[0], "1 g sugar");
        assert!(lines[1].chars().count() <= INGREDIENT_MAX_CHARS && lines[1].ends_with("flour…"));
        assert_eq!(lines[99], "101 g sugar");
        assert_eq!(
            warnings,
            [
                "recipeIngredient: item 2 is blank; dropped",
                "recipeIngredient: item 3 is longer than 200 characters; shortened",
                "recipeIngredient: 150 items; kept the first 100",
            ]
        );
    }
}
