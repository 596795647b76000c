//! Reading the values of schema.org properties, which sites write in many shapes.
//!
//! A property's strings are its string, its number (written out), the `@value`, `value`,
//! `text` or `name` of an object, or those of each item of a list (lists nested at most
//! [`MAX_NESTING`] deep), in order.

use std::borrow::Cow;

use serde_json::{Map, Value};

use super::MAX_NESTING;

/// The strings of a property value, in order.
pub(super) fn strings(value: &Value) -> Vec<Cow<'_, str>> {
    let mut found = Vec::new();
    collect(value, 0, &mut found);
    found
}

/// The strings of `recipe[key]`, or none when it is absent.
pub(super) fn property<'a>(recipe: &'a Map<String, Value>, key: &str) -> Vec<Cow<'a, str>> {
    recipe.get(key).map(strings).unwrap_or_default()
}

fn collect<'a>(value: &'a Value, depth: usize, found: &mut Vec<Cow<'a, str>>) {
    if depth > MAX_NESTING {
        return;
    }
    match value {
        Value::String(text) => found.push(Cow::Borrowed(text)),
        Value::Number(number) => found.push(Cow::Owned(number.to_string())),
        Value::Array(items) => {
            for item in items {
                collect(item, depth + 1, found);
            }
        }
        Value::Object(object) => {
            if let Some(inner) = ["@value", "value", "text", "name"]
                .iter()
                .find_map(|key| object.get(*key))
            {
                collect(inner, depth + 1, found);
            }
        }
        Value::Null | Value::Bool(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_strings_numbers_objects_and_lists_in_order() {
        let value = json!([
            "a",
            4,
            2.5,
            null,
            true,
            {"@value": "b"},
            {"@type": "QuantitativeValue", "value": 6},
            {"@type": "DefinedTerm", "name": "c"},
            [["d"]],
            {"other": "x"},
        ]);
        assert_eq!(strings(&value), ["a", "4", "2.5", "b", "6", "c", "d"]);
    }

    #[test]
    fn nesting_is_read_only_so_deep() {
        let mut value = json!("deep");
        for _ in 0..=MAX_NESTING {
            value = json!([value]);
        }
        assert!(strings(&value).is_empty());
        assert_eq!(strings(&json!([[["ok"]]])), ["ok"]);
    }
}
