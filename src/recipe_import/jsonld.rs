//! Finding a schema.org `Recipe` in JSON-LD.
//!
//! A script's text is read leniently, the way recipe sites write it: wrapped in `<!-- -->` or
//! a CDATA section (`//<![CDATA[ … //]]>`), followed by junk (`;`), several values in a row,
//! or with raw line breaks inside strings. A script that still does not read is skipped.
//!
//! The Recipe is the first object, depth first in document order, whose `@type` (a string or a
//! list) is `Recipe` — also spelt `schema:Recipe` or `http(s)://schema.org/Recipe` — searched
//! through top-level lists, `@graph` lists (nested too) and `mainEntity`, at most
//! [`MAX_NESTING`] levels down.

use serde_json::{Map, Value};

use super::MAX_NESTING;

/// The JSON values in one script's text, in order; empty when none reads.
pub(super) fn parse_script(text: &str) -> Vec<Value> {
    let text = unwrap_script(text);
    let values = read_values(text);
    if values.is_empty() && text.contains(['\n', '\r', '\t']) {
        return read_values(&escape_raw_controls(text));
    }
    values
}

/// The first Recipe object in `value`.
pub(super) fn find_recipe(value: &Value) -> Option<&Map<String, Value>> {
    find(value, 0)
}

fn find(value: &Value, depth: usize) -> Option<&Map<String, Value>> {
    if depth > MAX_NESTING {
        return None;
    }
    match value {
        Value::Array(items) => items.iter().find_map(|item| find(item, depth + 1)),
        Value::Object(object) if has_type(object, "Recipe") => Some(object),
        Value::Object(object) => ["@graph", "mainEntity"]
            .iter()
            .filter_map(|key| object.get(*key))
            .find_map(|inner| find(inner, depth + 1)),
        _ => None,
    }
}

/// True when `object`'s `@type` (a string or a list of strings) names the schema.org type
/// `name`, however the vocabulary is spelt.
pub(super) fn has_type(object: &Map<String, Value>, name: &str) -> bool {
    let names = |value: &Value| match value {
        Value::String(text) => is_type_name(text, name),
        _ => false,
    };
    match object.get("@type") {
        Some(Value::Array(types)) => types.iter().any(names),
        Some(value) => names(value),
        None => false,
    }
}

fn is_type_name(text: &str, name: &str) -> bool {
    let text = text.trim().trim_end_matches('/');
    let local = ["https://schema.org/", "http://schema.org/", "schema:"]
        .iter()
        .find_map(|prefix| strip_prefix_ignore_case(text, prefix))
        .unwrap_or(text);
    local.eq_ignore_ascii_case(name)
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

/// The script's text without the comment and CDATA wrappers some sites put around it.
fn unwrap_script(text: &str) -> &str {
    const OPENERS: [&str; 4] = ["<!--", "//<![CDATA[", "/*<![CDATA[*/", "<![CDATA["];
    const CLOSERS: [&str; 4] = ["-->", "//]]>", "/*]]>*/", "]]>"];
    let mut text = text.trim();
    loop {
        let before = text.len();
        for opener in OPENERS {
            text = text.strip_prefix(opener).unwrap_or(text).trim_start();
        }
        for closer in CLOSERS {
            text = text.strip_suffix(closer).unwrap_or(text).trim_end();
        }
        if text.len() == before {
            return text;
        }
    }
}

/// Every JSON value at the start of `text`, up to the first thing that is not one.
fn read_values(text: &str) -> Vec<Value> {
    serde_json::Deserializer::from_str(text)
        .into_iter::<Value>()
        .map_while(Result::ok)
        .collect()
}

/// `text` with raw line breaks and tabs inside JSON strings written as escapes.
fn escape_raw_controls(text: &str) -> String {
    let mut fixed = String::with_capacity(text.len() + 16);
    let (mut in_string, mut escaped) = (false, false);
    for c in text.chars() {
        match c {
            '\n' if in_string => fixed.push_str("\\n"),
            '\r' if in_string => fixed.push_str("\\r"),
            '\t' if in_string => fixed.push_str("\\t"),
            _ => fixed.push(c),
        }
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
        } else if c == '"' {
            in_string = true;
        }
    }
    fixed
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn recipe_name(value: &Value) -> Option<&str> {
        find_recipe(value)?.get("name")?.as_str()
    }

    #[test]
    fn finds_the_recipe_in_every_usual_shape() {
        let recipe = json!({"@type": "Recipe", "name": "A"});
        for value in [
            recipe.clone(),
            json!([{"@type": "WebSite"}, recipe]),
            json!({"@context": "https://schema.org", "@graph": [{"@type": "WebPage"}, recipe]}),
            json!({"@graph": [{"@graph": [{"@type": "Person"}, recipe]}]}),
            json!({"@type": "WebPage", "mainEntity": recipe}),
            json!({"@type": "WebPage", "mainEntity": [{"@type": "Thing"}, recipe]}),
            json!([[{"@graph": {"@type": "WebPage", "mainEntity": recipe}}]]),
            json!({"@type": ["Recipe", "NewsArticle"], "name": "A"}),
            json!({"@type": "http://schema.org/Recipe", "name": "A"}),
            json!({"@type": "https://schema.org/Recipe/", "name": "A"}),
            json!({"@type": "schema:Recipe", "name": "A"}),
            json!({"@type": " recipe ", "name": "A"}),
        ] {
            assert_eq!(recipe_name(&value), Some("A"), "{value}");
        }
    }

    #[test]
    fn the_first_recipe_wins_and_other_types_do_not_count() {
        let value = json!([
            {"@type": "BreadcrumbList", "itemListElement": [{"@type": "Recipe", "name": "X"}]},
            {"@type": "Recipe", "name": "First"},
            {"@type": "Recipe", "name": "Second"},
        ]);
        assert_eq!(recipe_name(&value), Some("First"));
        for value in [
            json!({"@type": "RecipeCollection"}),
            json!({"@type": ["NewsArticle"]}),
            json!({"@type": 7}),
            json!({"@type": "http://example.com/Recipe"}),
            json!("Recipe"),
        ] {
            assert!(find_recipe(&value).is_none(), "{value}");
        }
    }

    #[test]
    fn nesting_is_searched_only_so_deep() {
        let mut value = json!({"@type": "Recipe", "name": "deep"});
        for _ in 0..MAX_NESTING {
            value = json!({"@graph": [value]});
        }
        assert_eq!(recipe_name(&value), None);
        let mut shallow = json!({"@type": "Recipe", "name": "ok"});
        for _ in 0..MAX_NESTING / 2 - 1 {
            shallow = json!({"mainEntity": [shallow]});
        }
        assert_eq!(recipe_name(&shallow), Some("ok"));
    }

    #[test]
    fn scripts_are_read_leniently() {
        let object = json!({"a": 1});
        for text in [
            r#" {"a": 1} "#,
            r#"<!-- {"a": 1} -->"#,
            "//<![CDATA[\n{\"a\": 1}\n//]]>",
            r#"/*<![CDATA[*/{"a": 1}/*]]>*/"#,
            r#"<![CDATA[{"a": 1}]]>"#,
            r#"{"a": 1};"#,
        ] {
            assert_eq!(parse_script(text), std::slice::from_ref(&object), "{text}");
        }
        assert_eq!(parse_script(r#"{"a": 1} [2]"#), [object, json!([2])]);
        assert_eq!(
            parse_script("{\"text\": \"line 1\nline\t2 \\\"q\\\"\"}"),
            [json!({"text": "line 1\nline\t2 \"q\""})]
        );
        assert!(parse_script("{not json").is_empty());
        assert!(parse_script("").is_empty());
        assert!(parse_script(&"[".repeat(10_000)).is_empty());
    }
}
