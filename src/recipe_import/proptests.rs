//! Property tests: whatever a page or a JSON-LD document holds, reading it never panics, and a
//! recipe read from it meets every limit a client's recipe must meet.

use proptest::prelude::*;
use serde_json::{Map, Value, json};
use url::Url;

use crate::domain::input_limits::{
    COOK_TIME, DESCRIPTION_MAX, DIRECTIONS_MAX, INGREDIENT_MAX_CHARS, INGREDIENTS_MAX,
    RECIPE_NAME_MAX, SERVINGS, TAGS_PER_RECIPE,
};
use crate::domain::normalize_tag;

use super::warnings::MAX_WARNINGS;
use super::{Imported, NoRecipeFound, from_html, from_jsonld};

fn is_line(text: &str, max: usize) -> bool {
    let length = text.chars().count();
    (1..=max).contains(&length) && text.trim() == text && !text.chars().any(char::is_control)
}

/// Every limit of the domain, checked on an accepted import.
fn assert_within_limits(result: Result<Imported, NoRecipeFound>) -> Result<(), TestCaseError> {
    let Ok(imported) = result else {
        return Ok(());
    };
    let fields = &imported.fields;
    prop_assert!(
        is_line(&fields.name, RECIPE_NAME_MAX),
        "name {:?}",
        fields.name
    );
    if let Some(description) = &fields.description {
        prop_assert!(description.chars().count() <= DESCRIPTION_MAX && !description.contains('\0'));
    }
    if let Some(directions) = &fields.directions {
        prop_assert!(directions.chars().count() <= DIRECTIONS_MAX && !directions.contains('\0'));
    }
    if let Some(servings) = fields.num_of_servings {
        prop_assert!((SERVINGS.0..=SERVINGS.1).contains(&i64::from(servings)));
    }
    if let Some(minutes) = fields.cook_time {
        prop_assert!((COOK_TIME.0..=COOK_TIME.1).contains(&i64::from(minutes)));
    }
    let ingredients = fields.ingredients.as_ref();
    prop_assert!(ingredients.is_some_and(|lines| lines.len() <= INGREDIENTS_MAX));
    for line in ingredients.into_iter().flatten() {
        prop_assert!(is_line(line, INGREDIENT_MAX_CHARS), "ingredient {line:?}");
    }
    let tags = fields.tags.as_ref();
    prop_assert!(tags.is_some_and(|tags| tags.len() <= TAGS_PER_RECIPE));
    for tag in tags.into_iter().flatten() {
        prop_assert_eq!(normalize_tag(tag), Ok(tag.clone()));
    }
    prop_assert!(imported.image_urls.len() <= 10);
    for (index, url) in imported.image_urls.iter().enumerate() {
        let parsed = Url::parse(url);
        prop_assert!(
            parsed.is_ok_and(|u| matches!(u.scheme(), "http" | "https")),
            "{url}"
        );
        prop_assert!(!imported.image_urls[..index].contains(url));
    }
    prop_assert!(imported.warnings.len() <= MAX_WARNINGS + 1);
    Ok(())
}

fn page_url() -> Url {
    Url::parse("https://example.com/recipes/stew/").unwrap()
}

/// Pieces of markup that recipe pages are made of, well- and ill-formed.
fn markup_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("<div>".to_owned()),
        Just("</div>".to_owned()),
        Just("<p>".to_owned()),
        Just("<li>".to_owned()),
        Just("</ul>".to_owned()),
        Just("<br>".to_owned()),
        Just("<svg><path/>".to_owned()),
        Just("<table><tr><td>".to_owned()),
        Just("<!--".to_owned()),
        Just("-->".to_owned()),
        Just("<title>".to_owned()),
        Just("<meta property=\"og:title\" content=\"Page &amp; title\">".to_owned()),
        Just("<script type=\"application/ld+json\">".to_owned()),
        Just("<script>".to_owned()),
        Just("</script>".to_owned()),
        Just("<style>".to_owned()),
        Just(r#"{"@type": "Recipe", "name": "A", "recipeYield": "4", "totalTime": "PT1H"}"#.to_owned()),
        Just(r#"{"@graph": [{"@type": ["Recipe"], "recipeIngredient": ["x", ""]"#.to_owned()),
        Just(r#", "recipeInstructions": [{"@type": "HowToSection", "name": "S", "itemListElement": ["a"]}]}"#.to_owned()),
        Just("<div itemscope itemtype=\"http://schema.org/Recipe\">".to_owned()),
        Just("<div itemprop=\"recipeInstructions\" itemscope itemtype=\"http://schema.org/HowToStep\">".to_owned()),
        Just("<span itemprop=\"name\">".to_owned()),
        Just("<li itemprop=\"recipeIngredient\">".to_owned()),
        Just("<meta itemprop=\"cookTime\" content=\"PT20M\">".to_owned()),
        Just("<img itemprop=\"image\" src=\"../img/a b.png\">".to_owned()),
        Just("<a itemprop=\"image\" href=\"javascript:x\">".to_owned()),
        Just("<span itemprop=\"keywords\">Quick, easy, kid's</span>".to_owned()),
        Just("<span itemprop=\"recipeYield\">2인분</span>".to_owned()),
        Just("&amp;".to_owned()),
        Just("&#x2F;&nbsp;&#0;&bogus;".to_owned()),
        Just("<![CDATA[".to_owned()),
        "[a-zA-Z<>/=\"' ]{1,12}",
        "\\PC{1,20}",
    ]
}

/// The keys the reader looks at.
fn json_key() -> impl Strategy<Value = &'static str> + Clone {
    prop_oneof![
        Just("@type"),
        Just("@graph"),
        Just("mainEntity"),
        Just("name"),
        Just("description"),
        Just("recipeIngredient"),
        Just("ingredients"),
        Just("recipeInstructions"),
        Just("itemListElement"),
        Just("text"),
        Just("recipeYield"),
        Just("totalTime"),
        Just("prepTime"),
        Just("cookTime"),
        Just("keywords"),
        Just("recipeCategory"),
        Just("recipeCuisine"),
        Just("image"),
        Just("url"),
        Just("contentUrl"),
        Just("@value"),
        Just("item"),
    ]
}

/// JSON values as recipe sites write them, nested and shaped at random.
fn json_value() -> impl Strategy<Value = Value> {
    let key = json_key();
    let leaf = prop_oneof![
        Just(json!("Recipe")),
        Just(json!("HowToSection")),
        Just(json!(["Recipe", "NewsArticle"])),
        Just(json!("PT1H30M")),
        Just(json!("P8D")),
        Just(json!("/images/a.png")),
        Just(json!("<p>Mix &amp; stir</p><br>")),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|n| serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number)),
        "\\PC{0,30}".prop_map(Value::from),
        ".{0,10}".prop_map(Value::from),
        Just(Value::Null),
    ];
    leaf.prop_recursive(6, 64, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key.clone(), inner), 0..6).prop_map(|pairs| {
                let object: Map<String, Value> = pairs
                    .into_iter()
                    .map(|(key, value)| (key.to_owned(), value))
                    .collect();
                Value::Object(object)
            }),
        ]
    })
}

/// A Recipe wrapped `depth` times in `@graph` lists and `mainEntity` objects.
fn wrapped(recipe: Value, depth: usize, mut graph: bool) -> Value {
    let mut value = recipe;
    for _ in 0..depth {
        value = if graph {
            json!({"@graph": [{"@type": "WebPage"}, value]})
        } else {
            json!({"@type": "WebPage", "mainEntity": value})
        };
        graph = !graph;
    }
    value
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn any_text_reads_without_panicking(text in "\\PC{0,300}|.{0,300}") {
        assert_within_limits(from_html(&text, Some(&page_url())))?;
        assert_within_limits(from_html(&text, None))?;
    }

    #[test]
    fn markup_soup_reads_within_limits(pieces in prop::collection::vec(markup_piece(), 0..80)) {
        let page = pieces.concat();
        assert_within_limits(from_html(&page, Some(&page_url())))?;
    }

    #[test]
    fn any_json_reads_within_limits(value in json_value()) {
        assert_within_limits(from_jsonld(&value, Some(&page_url())))?;
        assert_within_limits(from_jsonld(&value, None))?;
        let page = format!("<script type=\"application/ld+json\">{value}</script>");
        assert_within_limits(from_html(&page, Some(&page_url())))?;
    }

    #[test]
    fn any_recipe_object_reads_within_limits(
        pairs in prop::collection::vec((json_key(), json_value()), 0..16),
    ) {
        let mut recipe: Map<String, Value> =
            pairs.into_iter().map(|(key, value)| (key.to_owned(), value)).collect();
        recipe.insert("@type".into(), json!("Recipe"));
        let named = !recipe.contains_key("name");
        recipe.entry("name").or_insert(json!("Named"));
        let result = from_jsonld(&Value::Object(recipe), Some(&page_url()));
        if named {
            prop_assert!(result.is_ok());
        }
        assert_within_limits(result)?;
    }

    #[test]
    fn recipes_are_found_through_nesting_up_to_the_cap(depth in 0usize..60, graph in any::<bool>()) {
        let recipe = json!({"@type": "Recipe", "name": "Deep"});
        let value = wrapped(recipe, depth, graph);
        let result = from_jsonld(&value, None);
        // Each wrapper is an object and, for @graph, a list: two levels or one.
        let levels: usize = (0..depth).map(|i| if (i % 2 == 0) == graph { 2 } else { 1 }).sum();
        prop_assert_eq!(result.is_ok(), levels <= super::MAX_NESTING);
        assert_within_limits(result)?;
    }
}
