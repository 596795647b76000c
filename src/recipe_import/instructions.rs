//! Directions, from `recipeInstructions`: the steps, one per line, in order.
//!
//! Shapes read: a string (markup stripped, split into lines), a list of strings, `HowToStep`s
//! (their `text`, else their `name`), `HowToSection`s (the section's `name` on its own line,
//! then its `itemListElement` steps), `ItemList`s, `ListItem`s (`item`), and lists of any of
//! these nested at most [`MAX_NESTING`] deep. The result is cut after the last whole line that
//! fits in 20 000 characters (a first line longer than that is shortened), with a warning.

use serde_json::{Map, Value};

use crate::domain::input_limits::DIRECTIONS_MAX;

use super::MAX_NESTING;
use super::jsonld::has_type;
use super::text::{fragment_line, fragment_lines, shorten};
use super::warnings::Warnings;

const FIELD: &str = "recipeInstructions";

/// The recipe's directions, one step per line; `None` when it has none.
pub(super) fn directions(recipe: &Map<String, Value>, warnings: &mut Warnings) -> Option<String> {
    let value = recipe.get(FIELD)?;
    let mut steps = Steps::default();
    steps.collect(value, 0);
    if steps.too_deep {
        warnings.add(
            FIELD,
            format!("nested deeper than {MAX_NESTING} levels; the deeper steps were left out"),
        );
    }
    let total = steps.lines.len();
    let mut directions = String::new();
    let (mut kept, mut length) = (0, 0);
    for line in &steps.lines {
        let separator = usize::from(kept > 0);
        let line_length = line.chars().count();
        if length + separator + line_length > DIRECTIONS_MAX {
            break;
        }
        if separator == 1 {
            directions.push('\n');
        }
        directions.push_str(line);
        length += separator + line_length;
        kept += 1;
    }
    if kept == 0
        && let Some(first) = steps.lines.first()
    {
        directions = shorten(first, DIRECTIONS_MAX).unwrap_or_else(|| first.clone());
        warnings.add(
            FIELD,
            format!("the first step is longer than {DIRECTIONS_MAX} characters; shortened"),
        );
    } else if kept < total || steps.overflow {
        warnings.add(
            FIELD,
            format!("longer than {DIRECTIONS_MAX} characters; kept the first {kept} lines"),
        );
    }
    (!directions.is_empty()).then_some(directions)
}

/// Lines gathered so far; gathering stops once they cannot all fit.
#[derive(Default)]
struct Steps {
    lines: Vec<String>,
    chars: usize,
    /// More text was there than the lines hold.
    overflow: bool,
    too_deep: bool,
}

impl Steps {
    fn push(&mut self, line: String) {
        if self.chars > DIRECTIONS_MAX {
            self.overflow = true;
            return;
        }
        self.chars += line.chars().count() + 1;
        self.lines.push(line);
    }

    fn collect(&mut self, value: &Value, depth: usize) {
        if depth > MAX_NESTING {
            self.too_deep = true;
            return;
        }
        if self.chars > DIRECTIONS_MAX {
            self.overflow = true;
            return;
        }
        match value {
            Value::String(text) => {
                for line in fragment_lines(text) {
                    self.push(line);
                }
            }
            Value::Array(items) => {
                for item in items {
                    self.collect(item, depth + 1);
                }
            }
            Value::Object(object) => self.collect_object(object, depth),
            Value::Number(_) | Value::Bool(_) | Value::Null => {}
        }
    }

    /// A step's `text` (else its `name`, `item` or `@value`, whichever gives a line), or a
    /// section's or list's `itemListElement`.
    fn collect_object(&mut self, object: &Map<String, Value>, depth: usize) {
        let is_section = has_type(object, "HowToSection");
        let before = self.lines.len();
        if let Some(text) = object.get("text").filter(|_| !is_section) {
            self.collect(text, depth + 1);
        }
        if self.lines.len() > before {
            return;
        }
        if let Some(items) = object.get("itemListElement") {
            if is_section && let Some(name) = object.get("name").and_then(first_line) {
                self.push(name);
            }
            return self.collect(items, depth + 1);
        }
        for key in ["name", "item", "@value"] {
            if let Some(inner) = object.get(key) {
                self.collect(inner, depth + 1);
                if self.lines.len() > before {
                    return;
                }
            }
        }
    }
}

/// The first non-blank string of a value (a string or a list of strings), on one line.
fn first_line(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => fragment_line(text),
        Value::Array(items) => items
            .iter()
            .find_map(|item| item.as_str().and_then(fragment_line)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read(instructions: Value) -> (Option<String>, Vec<String>) {
        let recipe = json!({ FIELD: instructions });
        let mut warnings = Warnings::default();
        let directions = directions(recipe.as_object().unwrap(), &mut warnings);
        (directions, warnings.into_vec())
    }

    fn lines(instructions: Value) -> Vec<String> {
        let (directions, warnings) = read(instructions);
        assert!(warnings.is_empty(), "{warnings:?}");
        directions
            .map(|d| d.lines().map(str::to_owned).collect())
            .unwrap_or_default()
    }

    #[test]
    fn reads_strings_lists_and_how_to_steps() {
        assert_eq!(
            lines(json!("<p>Mix &amp; stir.</p><p>Bake.</p>")),
            ["Mix & stir.", "Bake."]
        );
        assert_eq!(lines(json!("1. Mix.\n2. Bake.")), ["1. Mix.", "2. Bake."]);
        assert_eq!(lines(json!("Mix.<br/>Bake.")), ["Mix.", "Bake."]);
        assert_eq!(lines(json!(["Mix.", " ", "Bake."])), ["Mix.", "Bake."]);
        assert_eq!(
            lines(json!([
                {"@type": "HowToStep", "name": "Mix", "text": "Mix the <i>rice</i>."},
                {"@type": "HowToStep", "name": "Bake it."},
                {"@type": "HowToStep", "text": ["Rest.", "Serve."]},
                {"@type": "HowToStep", "url": "#step4"},
                {"@type": "HowToStep", "text": "<br>", "name": "Cool."},
            ])),
            ["Mix the rice.", "Bake it.", "Rest.", "Serve.", "Cool."]
        );
    }

    #[test]
    fn sections_write_their_name_before_their_steps() {
        assert_eq!(
            lines(json!([
                {"@type": "HowToSection", "name": "Sauce", "itemListElement": [
                    {"@type": "HowToStep", "text": "Whisk."},
                    {"@type": "HowToStep", "text": "Simmer."},
                ]},
                {"@type": "HowToSection", "name": "Noodles", "itemListElement": {"@type": "HowToStep", "text": "Boil."}},
                {"@type": "HowToSection", "itemListElement": ["Drain."]},
            ])),
            ["Sauce", "Whisk.", "Simmer.", "Noodles", "Boil.", "Drain."]
        );
    }

    #[test]
    fn reads_item_lists_list_items_and_nested_lists() {
        assert_eq!(
            lines(
                json!({"@type": "ItemList", "name": "Steps", "itemListElement": [
                    {"@type": "ListItem", "position": 1, "item": {"@type": "HowToStep", "text": "One."}},
                    {"@type": "ListItem", "position": 2, "text": "Two."},
                    [["Three."]],
                ]})
            ),
            ["One.", "Two.", "Three."]
        );
    }

    #[test]
    fn long_directions_keep_whole_lines_with_a_warning() {
        let step = "word ".repeat(199) + "end.";
        let steps: Vec<Value> = (0..30).map(|_| json!(step)).collect();
        let (directions, warnings) = read(json!(steps));
        let directions = directions.unwrap();
        assert!(directions.chars().count() <= DIRECTIONS_MAX);
        assert_eq!(directions.lines().count(), 20);
        assert_eq!(
            warnings,
            ["recipeInstructions: longer than 20000 characters; kept the first 20 lines"]
        );

        let (directions, warnings) = read(json!("x ".repeat(DIRECTIONS_MAX)));
        assert!(directions.unwrap().chars().count() <= DIRECTIONS_MAX);
        assert_eq!(
            warnings,
            ["recipeInstructions: the first step is longer than 20000 characters; shortened"]
        );
    }

    #[test]
    fn deep_nesting_is_cut_with_a_warning() {
        let mut value = json!("deep");
        for _ in 0..MAX_NESTING + 5 {
            value = json!([value]);
        }
        let (directions, warnings) = read(json!(["top", value]));
        assert_eq!(directions.as_deref(), Some("top"));
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].contains("nested deeper than 32 levels"));
    }
}
