//! Ingredients: an ordered list of lines such as "2 cups rice".
//!
//! At most 100 lines, each a line (see `domain::text`) of at most 200 characters. Stored as one
//! text column, one line per ingredient, so that every database's full-text index can read it.

use serde::Deserialize;

use super::text::parse_line;

/// The body of `POST /ingredients/parse`: lines to read, validated like a recipe's
/// ingredients. Unknown keys are ignored.
#[derive(Debug, Deserialize)]
pub struct IngredientLinesInput {
    /// The lines, in order.
    pub lines: Vec<String>,
}

/// Most ingredient lines on one recipe.
pub const INGREDIENTS_MAX: usize = 100;
/// Longest ingredient line, in characters.
pub const INGREDIENT_MAX_CHARS: usize = 200;

/// Validates a recipe's ingredient lines, trimming each.
pub fn parse_ingredients(raw: Vec<String>) -> Result<Vec<String>, String> {
    if raw.len() > INGREDIENTS_MAX {
        return Err(format!("must hold at most {INGREDIENTS_MAX} lines"));
    }
    raw.iter()
        .enumerate()
        .map(|(index, line)| {
            parse_line(line, INGREDIENT_MAX_CHARS)
                .map_err(|message| format!("item {index} {message}"))
        })
        .collect()
}

/// The stored form of a list of lines (ingredients, tag names): joined by `\n`; `None` when
/// empty.
pub fn join_lines(lines: &[String]) -> Option<String> {
    (!lines.is_empty()).then(|| lines.join("\n"))
}

/// A list of lines back from its stored form.
pub fn split_lines(stored: Option<&str>) -> Vec<String> {
    stored
        .filter(|text| !text.is_empty())
        .map(|text| text.split('\n').map(str::to_owned).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn trims_lines_and_refuses_empty_long_or_control_lines() {
        assert_eq!(
            parse_ingredients(vec![" 2 cups rice ".into(), "김치 200g".into()]).unwrap(),
            ["2 cups rice", "김치 200g"]
        );
        assert!(
            parse_ingredients(vec!["ok".into(), " ".into()])
                .unwrap_err()
                .contains("item 1")
        );
        assert!(parse_ingredients(vec!["a\nb".into()]).is_err());
        assert!(parse_ingredients(vec!["x".repeat(INGREDIENT_MAX_CHARS + 1)]).is_err());
        assert!(parse_ingredients(vec!["x".into(); INGREDIENTS_MAX + 1]).is_err());
    }

    proptest! {
        #[test]
        fn stored_form_round_trips(lines in proptest::collection::vec("\\PC{0,30}", 0..10)) {
            if let Ok(lines) = parse_ingredients(lines) {
                let stored = join_lines(&lines);
                prop_assert_eq!(split_lines(stored.as_deref()), lines);
            }
        }
    }
}
