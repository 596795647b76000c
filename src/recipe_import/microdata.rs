//! Microdata: a page's first element with `itemscope` and an `itemtype` ending in
//! `schema.org/Recipe`, turned into the JSON-LD object the same reader then reads.
//!
//! A property is an element with `itemprop` (several names allowed) found below the item
//! without crossing another `itemscope`: props of nested items belong to those items, never to
//! the parent. A property's value is, in order:
//!
//! - a nested item (`itemscope`): an object with its own `@type` and properties, at most
//!   [`MAX_NESTING`] items deep; one with neither `text` nor `name` gets its text as `text`
//!   (a `HowToStep` written without `itemprop="text"`);
//! - for URLs (`image`, `url`, `contentUrl`): `src` of media elements, `href` of links,
//!   `content`, else the text;
//! - otherwise: `content`, a `<time>`'s `datetime`, else the element's text (lines kept).
//!
//! Text values are escaped back into markup, as a JSON-LD string would carry them, so that
//! `&lt;` in a page stays `<` after the reader decodes. Only the properties the reader uses
//! are read, each at most [`MAX_VALUES`] times.

use serde_json::{Map, Value};

use super::MAX_NESTING;
use super::document::{Document, NodeId};
use super::text::{Newlines, escape, lines_of};

/// Properties read (on the recipe and on nested items).
const READ: [&str; 18] = [
    "name",
    "description",
    "recipeIngredient",
    "ingredients",
    "recipeInstructions",
    "recipeYield",
    "cookTime",
    "prepTime",
    "totalTime",
    "image",
    "keywords",
    "recipeCategory",
    "recipeCuisine",
    "text",
    "url",
    "contentUrl",
    "itemListElement",
    "step",
];

/// Most values read for one property (more than any field keeps).
const MAX_VALUES: usize = 1_000;

/// Properties whose values are URLs.
const URLS: [&str; 3] = ["image", "url", "contentUrl"];

/// The page's first microdata Recipe, as a JSON-LD object.
pub(super) fn find_recipe(doc: &Document) -> Option<Map<String, Value>> {
    let id = (0..doc.nodes.len()).find(|&id| {
        doc.element(id).is_some_and(|element| {
            element.has_attr("itemscope") && element.attr("itemtype").is_some_and(is_recipe_type)
        })
    })?;
    Some(item(doc, id, 0))
}

/// True when one of the `itemtype` URLs ends in `schema.org/Recipe`.
fn is_recipe_type(itemtype: &str) -> bool {
    const SUFFIX: &[u8] = b"schema.org/recipe";
    itemtype.split_ascii_whitespace().any(|url| {
        let url = url.trim_end_matches('/').as_bytes();
        url.len() >= SUFFIX.len() && url[url.len() - SUFFIX.len()..].eq_ignore_ascii_case(SUFFIX)
    })
}

/// The item whose `itemscope` element is `id`, as a JSON-LD object.
fn item(doc: &Document, id: NodeId, depth: usize) -> Map<String, Value> {
    let mut object = Map::new();
    let Some(element) = doc.element(id) else {
        return object;
    };
    if let Some(itemtype) = element.attr("itemtype")
        && let Some(url) = itemtype.split_ascii_whitespace().next()
    {
        let name = url.trim_end_matches('/').rsplit('/').next().unwrap_or(url);
        object.insert("@type".into(), Value::String(name.to_owned()));
    }
    let mut stack: Vec<NodeId> = element.children.iter().rev().copied().collect();
    while let Some(child) = stack.pop() {
        let Some(element) = doc.element(child) else {
            continue;
        };
        if let Some(names) = element.attr("itemprop") {
            let wanted: Vec<&str> = names
                .split_ascii_whitespace()
                .filter(|name| READ.contains(name))
                .filter(|name| {
                    object
                        .get(*name)
                        .and_then(Value::as_array)
                        .map_or(0, Vec::len)
                        < MAX_VALUES
                })
                .collect();
            if !wanted.is_empty() {
                let value = property_value(doc, child, depth, URLS.contains(&wanted[0]));
                for name in wanted {
                    let values = object
                        .entry(name)
                        .or_insert_with(|| Value::Array(Vec::new()));
                    if let Value::Array(values) = values {
                        values.push(value.clone());
                    }
                }
            }
        }
        if !element.has_attr("itemscope") {
            stack.extend(element.children.iter().rev());
        }
    }
    if depth > 0 && !object.contains_key("text") && !object.contains_key("name") {
        let text = text(doc, id);
        if !text.is_empty() {
            object.insert("text".into(), Value::String(text));
        }
    }
    object
}

/// The value of the property on element `id`.
fn property_value(doc: &Document, id: NodeId, depth: usize, is_url: bool) -> Value {
    let Some(element) = doc.element(id) else {
        return Value::Null;
    };
    if element.has_attr("itemscope") && depth < MAX_NESTING {
        return Value::Object(item(doc, id, depth + 1));
    }
    let name: &str = &element.name;
    if is_url {
        let by_element = match name {
            "img" | "audio" | "video" | "source" | "track" | "embed" | "iframe" => {
                element.attr("src")
            }
            "a" | "area" | "link" => element.attr("href"),
            _ => None,
        };
        if let Some(url) = by_element.or_else(|| element.attr("content")) {
            return Value::String(url.to_owned());
        }
    }
    let attribute = element
        .attr("content")
        .or_else(|| (name == "time").then(|| element.attr("datetime")).flatten())
        .or_else(|| (name == "meta").then_some(""));
    Value::String(match attribute {
        Some(value) => escape(value),
        None => text(doc, id),
    })
}

/// The element's text, lines kept, escaped.
fn text(doc: &Document, id: NodeId) -> String {
    escape(&lines_of(doc, id, Newlines::Collapse).join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read(html: &str) -> Option<Value> {
        find_recipe(&Document::page(html)).map(Value::Object)
    }

    #[test]
    fn reads_the_recipe_properties() {
        let recipe = read(
            r#"<div itemscope itemtype="http://schema.org/Recipe">
              <h1 itemprop="name">Fish &amp; <i>chips</i></h1>
              <img itemprop="image" src="/images/fish.jpg" alt="">
              <meta itemprop="prepTime" content="PT15M">
              <time itemprop="cookTime" datetime="PT20M">20 min</time>
              <span itemprop="totalTime">PT35M</span>
              <span itemprop="recipeYield" content="2">Serves two</span>
              <ul><li itemprop="recipeIngredient">2 fish &lt;fillets&gt;</li><li itemprop="ingredients">chips</li></ul>
              <div itemprop="recipeInstructions"><p>Fry.</p><p>Serve.</p></div>
              <span itemprop="recipeCategory keywords">Main</span>
              <a itemprop="url" href="https://example.com/fish">link</a>
              <span itemprop="author">not read</span>
            </div>"#,
        )
        .unwrap();
        assert_eq!(
            recipe,
            json!({
                "@type": "Recipe",
                "name": ["Fish &amp; chips"],
                "image": ["/images/fish.jpg"],
                "prepTime": ["PT15M"],
                "cookTime": ["PT20M"],
                "totalTime": ["PT35M"],
                "recipeYield": ["2"],
                "recipeIngredient": ["2 fish &lt;fillets>"],
                "ingredients": ["chips"],
                "recipeInstructions": ["Fry.\nServe."],
                "recipeCategory": ["Main"],
                "keywords": ["Main"],
                "url": ["https://example.com/fish"],
            })
        );
    }

    #[test]
    fn nested_items_keep_their_own_properties() {
        let recipe = read(
            r#"<article itemscope itemtype="https://schema.org/Recipe">
              <span itemprop="name">Stew</span>
              <div itemprop="author" itemscope itemtype="https://schema.org/Person">
                <span itemprop="name">Not the recipe's name</span>
              </div>
              <div itemscope itemtype="https://schema.org/NutritionInformation">
                <span itemprop="description">Not the recipe's description</span>
              </div>
              <ol>
                <li itemprop="recipeInstructions" itemscope itemtype="https://schema.org/HowToStep">
                  <span itemprop="text">Brown the meat.</span>
                  <img itemprop="image" src="/step1.jpg">
                </li>
                <li itemprop="recipeInstructions" itemscope itemtype="https://schema.org/HowToStep">Simmer.</li>
              </ol>
              <div itemprop="image" itemscope itemtype="https://schema.org/ImageObject">
                <meta itemprop="url" content="/stew.jpg">
              </div>
            </article>"#,
        )
        .unwrap();
        assert_eq!(recipe["name"], json!(["Stew"]));
        assert!(recipe.get("description").is_none());
        assert_eq!(
            recipe["recipeInstructions"],
            json!([
                {"@type": "HowToStep", "text": ["Brown the meat."], "image": ["/step1.jpg"]},
                {"@type": "HowToStep", "text": "Simmer."},
            ])
        );
        assert_eq!(
            recipe["image"],
            json!([{"@type": "ImageObject", "url": ["/stew.jpg"]}])
        );
    }

    #[test]
    fn a_property_is_read_only_so_many_times() {
        let items = "<li itemprop=\"recipeIngredient\">1 egg</li>".repeat(MAX_VALUES + 10);
        let html = format!(r#"<ul itemscope itemtype="http://schema.org/Recipe">{items}</ul>"#);
        let recipe = read(&html).unwrap();
        assert_eq!(
            recipe["recipeIngredient"].as_array().unwrap().len(),
            MAX_VALUES
        );
    }

    #[test]
    fn the_first_recipe_item_is_found_by_its_type() {
        assert!(read(r#"<div itemscope itemtype="http://schema.org/Person"><b itemprop="name">x</b></div>"#).is_none());
        assert!(
            read(r#"<div itemtype="http://schema.org/Recipe"><b itemprop="name">x</b></div>"#)
                .is_none()
        );
        let both = r#"<div itemscope itemtype="http://schema.org/Thing  HTTPS://SCHEMA.ORG/RECIPE/">
            <b itemprop="name">first</b></div>
            <div itemscope itemtype="http://schema.org/Recipe"><b itemprop="name">second</b></div>"#;
        assert_eq!(read(both).unwrap()["name"], json!(["first"]));
    }

    #[test]
    fn deeply_nested_items_become_text() {
        let open = r#"<div itemprop="recipeInstructions" itemscope itemtype="http://schema.org/HowToSection">"#;
        let html = format!(
            r#"<div itemscope itemtype="http://schema.org/Recipe">{}deep{}</div>"#,
            open.repeat(MAX_NESTING + 5),
            "</div>".repeat(MAX_NESTING + 5)
        );
        let mut value = &read(&html).unwrap()["recipeInstructions"][0];
        let mut depth = 1;
        while let Some(inner) = value.get("recipeInstructions") {
            value = &inner[0];
            depth += 1;
        }
        assert_eq!(depth, MAX_NESTING + 1);
        assert_eq!(value, &json!("deep"));
    }
}
