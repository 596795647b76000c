//! The fixture pages (`tests/fixtures/import/`, described in its README) and every input shape,
//! through the public entry points.

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use url::Url;

use super::{Imported, from_html, from_jsonld};

const PAGE: &str = "http://127.0.0.1:8080/recipes/page.html";

fn page_url() -> Url {
    Url::parse(PAGE).unwrap()
}

fn html(page: &str) -> Imported {
    from_html(page, Some(&page_url())).expect("a recipe")
}

fn image(path: &str) -> String {
    format!("http://127.0.0.1:8080{path}")
}

/// What a fixture should read as.
struct Expected<'a> {
    name: &'a str,
    servings: Option<i32>,
    cook_time: Option<i32>,
    ingredients: usize,
    directions: usize,
    tags: &'a [&'a str],
    images: &'a [&'a str],
}

fn check(imported: &Imported, expected: Expected<'_>) {
    let fields = &imported.fields;
    assert_eq!(fields.name, expected.name);
    assert_eq!(fields.num_of_servings, expected.servings, "servings");
    assert_eq!(fields.cook_time, expected.cook_time, "cook_time");
    assert_eq!(
        fields.ingredients.as_ref().map(Vec::len),
        Some(expected.ingredients),
        "ingredients"
    );
    assert_eq!(
        fields
            .directions
            .as_deref()
            .map_or(0, |d| d.lines().count()),
        expected.directions,
        "directions: {:?}",
        fields.directions
    );
    assert_eq!(
        fields.tags.as_deref(),
        Some(
            &expected
                .tags
                .iter()
                .map(|t| t.to_string())
                .collect::<Vec<_>>()[..]
        )
    );
    let images: Vec<String> = expected.images.iter().map(|path| image(path)).collect();
    assert_eq!(imported.image_urls, images);
}

#[test]
fn jsonld_basic() {
    let imported = html(include_str!(
        "../../tests/fixtures/import/jsonld-basic.html"
    ));
    check(
        &imported,
        Expected {
            name: "Classic Pancakes",
            servings: Some(4),
            cook_time: Some(25),
            ingredients: 6,
            directions: 5,
            tags: &["american", "breakfast", "pancakes"],
            images: &["/images/pancakes.png", "/images/pancakes-stack.png"],
        },
    );
    let fields = &imported.fields;
    assert_eq!(
        fields.description.as_deref(),
        Some("Fluffy buttermilk pancakes & maple syrup, ready in 25 minutes.")
    );
    assert_eq!(
        fields.ingredients.as_ref().unwrap()[0],
        "2 cups all-purpose flour"
    );
    assert_eq!(
        fields.directions.as_deref().unwrap().lines().last(),
        Some("Serve hot with butter & maple syrup.")
    );
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
}

#[test]
fn jsonld_graph() {
    let imported = html(include_str!(
        "../../tests/fixtures/import/jsonld-graph.html"
    ));
    check(
        &imported,
        Expected {
            name: "Garlic Butter Salmon",
            servings: Some(4),
            cook_time: Some(25),
            ingredients: 5,
            directions: 4,
            tags: &[
                "american",
                "dinner",
                "easy dinner",
                "garlic butter",
                "main course",
                "salmon",
            ],
            images: &["/images/salmon.png", "/images/salmon-plated.png"],
        },
    );
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
}

#[test]
fn jsonld_type_array() {
    let imported = html(include_str!(
        "../../tests/fixtures/import/jsonld-type-array.html"
    ));
    check(
        &imported,
        Expected {
            name: "Weeknight Chicken Curry",
            servings: Some(4),
            cook_time: Some(60),
            ingredients: 7,
            directions: 4,
            tags: &["chicken", "curry"],
            images: &["/images/curry.png"],
        },
    );
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
}

#[test]
fn jsonld_sections() {
    let imported = html(include_str!(
        "../../tests/fixtures/import/jsonld-sections.html"
    ));
    check(
        &imported,
        Expected {
            name: "Lemon Layer Cake",
            servings: Some(12),
            cook_time: Some(65),
            ingredients: 9,
            directions: 10,
            tags: &["cake", "dessert", "lemon"],
            images: &["/images/lemon-cake.png"],
        },
    );
    let directions: Vec<&str> = imported
        .fields
        .directions
        .as_deref()
        .unwrap()
        .lines()
        .collect();
    assert_eq!(directions[0], "For the cake");
    assert_eq!(directions[4], "For the frosting");
    assert_eq!(directions[7], "To assemble");
    assert_eq!(
        directions[9],
        "Frost the top and sides; chill for 30 minutes."
    );
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
}

#[test]
fn jsonld_instructions_string() {
    let imported = html(include_str!(
        "../../tests/fixtures/import/jsonld-instructions-string.html"
    ));
    check(
        &imported,
        Expected {
            name: "Tomato Bruschetta",
            servings: Some(6),
            cook_time: Some(20),
            ingredients: 5,
            directions: 4,
            tags: &["appetizer"],
            images: &["/images/bruschetta.png"],
        },
    );
    assert_eq!(
        imported.fields.directions.as_deref(),
        Some(
            "Toast the bread.\nRub with garlic.\nTop with tomatoes & basil.\nDrizzle with olive oil."
        )
    );
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
}

#[test]
fn jsonld_several_scripts() {
    let imported = html(include_str!(
        "../../tests/fixtures/import/jsonld-several-scripts.html"
    ));
    check(
        &imported,
        Expected {
            name: "Blueberry Muffins",
            servings: Some(12),
            cook_time: Some(35),
            ingredients: 8,
            directions: 5,
            tags: &["baking", "blueberry", "muffins"],
            images: &["/images/muffins.png"],
        },
    );
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
}

#[test]
fn jsonld_junk() {
    let imported = html(include_str!("../../tests/fixtures/import/jsonld-junk.html"));
    let fields = &imported.fields;
    assert!(fields.name.starts_with("The Absolutely Most Incredible"));
    assert!(fields.name.ends_with('…') && fields.name.chars().count() <= 200);
    assert_eq!(
        fields.description.as_deref(),
        Some("The best & easiest snack…")
    );
    assert_eq!((fields.num_of_servings, fields.cook_time), (None, None));
    let ingredients = fields.ingredients.as_ref().unwrap();
    assert_eq!(ingredients.len(), 100);
    assert_eq!(ingredients[99], "100 g ingredient number 100");
    assert_eq!(
        fields.directions.as_deref(),
        Some("Mix & stir.\nBake.\nCool & cut.")
    );
    assert_eq!(
        fields.tags.as_deref(),
        Some(&["good".to_owned(), "snack".to_owned()][..])
    );
    assert_eq!(imported.image_urls, [image("/images/junk.png")]);
    let punctuation =
        "(must not contain control characters or punctuation other than '-'); dropped";
    assert_eq!(
        imported.warnings,
        [
            "name: longer than 200 characters; shortened".to_owned(),
            "recipeYield: \"a few\" has no number of servings; left empty".to_owned(),
            "totalTime: \"about an hour\" is not an ISO 8601 duration; left empty".to_owned(),
            "prepTime: \"15 minutes\" is not an ISO 8601 duration; left empty".to_owned(),
            "cookTime: \"PT-5M\" is not an ISO 8601 duration; left empty".to_owned(),
            "recipeIngredient: 150 items; kept the first 100".to_owned(),
            format!("recipeCategory: \"Snacks!!\" is not a usable tag {punctuation}"),
            format!("keywords: \"kid's food\" is not a usable tag {punctuation}"),
            format!("keywords: \"50% off\" is not a usable tag {punctuation}"),
            format!("keywords: \"Quick & Easy\" is not a usable tag {punctuation}"),
            "image: \"javascript:alert(1)\" is not an http(s) URL; dropped".to_owned(),
            "image: \"data:image/png;base64,iVBORw0KGgo=\" is not an http(s) URL; dropped"
                .to_owned(),
        ]
    );
}

#[test]
fn jsonld_korean() {
    let imported = html(include_str!(
        "../../tests/fixtures/import/jsonld-korean.html"
    ));
    check(
        &imported,
        Expected {
            name: "김치찌개",
            servings: Some(2),
            cook_time: Some(40),
            ingredients: 7,
            directions: 5,
            tags: &["김치찌개", "메인요리", "찌개", "한식"],
            images: &["/images/kimchi.png"],
        },
    );
    let fields = &imported.fields;
    assert_eq!(
        fields.ingredients.as_ref().unwrap()[..2],
        ["김치 200g", "돼지고기 150g"]
    );
    assert_eq!(
        fields.directions.as_deref().unwrap().lines().next(),
        Some("돼지고기를 한입 크기로 썰어 냄비에 볶습니다.")
    );
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
}

#[test]
fn microdata() {
    let imported = html(include_str!("../../tests/fixtures/import/microdata.html"));
    check(
        &imported,
        Expected {
            name: "Simple Tomato Soup",
            servings: Some(4),
            cook_time: Some(40),
            ingredients: 6,
            directions: 4,
            tags: &["soup", "tomato", "vegetarian"],
            images: &["/images/tomato-soup.png"],
        },
    );
    let fields = &imported.fields;
    assert_eq!(
        fields.description.as_deref(),
        Some("A velvety soup of roasted tomatoes & basil, on the table in 40 minutes.")
    );
    assert_eq!(
        fields.directions.as_deref().unwrap().lines().next(),
        Some("Roast the tomatoes, onion and garlic with the oil at 425°F for 25 minutes.")
    );
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
}

#[test]
fn microdata_korean() {
    let imported = html(include_str!(
        "../../tests/fixtures/import/microdata-korean.html"
    ));
    check(
        &imported,
        Expected {
            name: "된장찌개",
            servings: Some(3),
            cook_time: Some(35),
            ingredients: 6,
            directions: 4,
            tags: &["된장찌개", "한식"],
            images: &["/images/doenjang.png"],
        },
    );
    assert_eq!(
        imported
            .fields
            .directions
            .as_deref()
            .unwrap()
            .lines()
            .last(),
        Some("두부와 청양고추를 넣고 한소끔 더 끓여 완성합니다.")
    );
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
}

#[test]
fn no_recipe() {
    let page = include_str!("../../tests/fixtures/import/no-recipe.html");
    assert!(from_html(page, Some(&page_url())).is_err());
    assert!(from_html(page, None).is_err());
}

#[test]
fn recipe_jsonld_document() {
    let value: Value =
        serde_json::from_str(include_str!("../../tests/fixtures/import/recipe.jsonld")).unwrap();
    let imported = from_jsonld(&value, Some(&page_url())).unwrap();
    check(
        &imported,
        Expected {
            name: "Vegetable Fried Rice",
            servings: Some(2),
            cook_time: Some(20),
            ingredients: 8,
            directions: 5,
            tags: &[
                "asian",
                "fried rice",
                "leftovers",
                "main course",
                "vegetarian",
            ],
            images: &["/images/fried-rice.png"],
        },
    );
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
    // Without a page URL, relative images cannot be resolved.
    let imported = from_jsonld(&value, None).unwrap();
    assert!(imported.image_urls.is_empty());
    assert_eq!(
        imported.warnings,
        ["image: \"/images/fried-rice.png\" is relative and there is no page URL; dropped"]
    );
}

fn page_with_script(json: &str) -> String {
    format!("<html><head><script type=\"application/ld+json\">{json}</script></head></html>")
}

#[test]
fn a_minimal_recipe_has_empty_lists() {
    let imported = from_jsonld(&json!({"@type": "Recipe", "name": "Toast"}), None).unwrap();
    assert_eq!(imported.fields.name, "Toast");
    assert_eq!(imported.fields.ingredients, Some(vec![]));
    assert_eq!(imported.fields.tags, Some(vec![]));
    assert_eq!(imported.fields.directions, None);
    assert!(imported.image_urls.is_empty() && imported.warnings.is_empty());
}

#[test]
fn a_nameless_recipe_takes_the_og_title_then_the_title() {
    let script = page_with_script(r#"{"@type": "Recipe", "name": " <br> ", "recipeYield": 2}"#);
    let with_both = script.replace(
        "<head>",
        "<head><title>Page &amp; Title</title><meta property=\"og:title\" content=\" Open  Graph \">",
    );
    let imported = html(&with_both);
    assert_eq!(imported.fields.name, "Open Graph");
    assert_eq!(
        imported.warnings,
        ["name: the recipe has none; used the page title \"Open Graph\""]
    );
    let with_title = script.replace("<head>", "<head><title>Page &amp; Title</title>");
    assert_eq!(html(&with_title).fields.name, "Page & Title");
    assert!(from_html(&script, None).is_err());
    assert!(from_jsonld(&json!({"@type": "Recipe", "recipeYield": 2}), None).is_err());
}

#[test]
fn json_ld_wins_over_microdata_which_is_the_fallback() {
    let microdata = r#"<div itemscope itemtype="http://schema.org/Recipe"><b itemprop="name">From microdata</b></div>"#;
    let both = format!(
        "{}{microdata}",
        page_with_script(r#"{"@type": "Recipe", "name": "From JSON-LD"}"#)
    );
    assert_eq!(html(&both).fields.name, "From JSON-LD");
    let other = format!(
        "{}{microdata}",
        page_with_script(r#"{"@type": "Article", "name": "x"}"#)
    );
    assert_eq!(html(&other).fields.name, "From microdata");
}

#[test]
fn script_types_are_matched_loosely_and_wrappers_stripped() {
    for script in [
        "<script type=\"APPLICATION/LD+JSON\">{\"@type\":\"Recipe\",\"name\":\"A\"}</script>",
        "<script type=' application/ld+json '>//<![CDATA[\n{\"@type\":\"Recipe\",\"name\":\"A\"}\n//]]></script>",
        "<script type=application/ld+json><!--{\"@type\":\"Recipe\",\"name\":\"A\"}--></script>",
        "<script type=\"application/ld+json\">{\"@type\":\"Recipe\",\"name\":\"A\",\"description\":\"raw\nbreak\"}</script>",
    ] {
        let imported = html(&format!("<html><body>{script}</body></html>"));
        assert_eq!(imported.fields.name, "A", "{script}");
    }
    let raw_break = html(&page_with_script(
        "{\"@type\":\"Recipe\",\"name\":\"A\",\"description\":\"one\ntwo\"}",
    ));
    assert_eq!(raw_break.fields.description.as_deref(), Some("one\ntwo"));
}

#[test]
fn legacy_ingredients_and_single_string_lists_are_read() {
    let imported = from_jsonld(
        &json!({"@type": "Recipe", "name": "A", "ingredients": "1 egg\n2 cups milk", "keywords": "x"}),
        None,
    )
    .unwrap();
    assert_eq!(
        imported.fields.ingredients,
        Some(vec!["1 egg".into(), "2 cups milk".into()])
    );
    assert_eq!(imported.fields.tags, Some(vec!["x".into()]));
}

#[test]
fn too_many_warnings_are_summarised() {
    let ingredients: Vec<&str> = vec![" <br> "; 80];
    let imported = from_jsonld(
        &json!({"@type": "Recipe", "name": "A", "recipeIngredient": ingredients}),
        None,
    )
    .unwrap();
    assert_eq!(imported.warnings.len(), 51);
    assert_eq!(imported.warnings[50], "warnings: 30 more left out");
}

/// Pages of about 5 MiB, ordinary and hostile; each must read in well under a second in a
/// release build (`cargo test --release --lib recipe_import::tests::large`: 10–250 ms each
/// on this project's 2-core machines). Debug builds read 1 MiB pages with more room: any
/// quadratic path still takes minutes there.
#[test]
fn large_and_hostile_pages_read_quickly() {
    let (size, limit) = if cfg!(debug_assertions) {
        (1 << 20, Duration::from_secs(5))
    } else {
        (5 << 20, Duration::from_millis(800))
    };
    let recipe = page_with_script(r#"{"@type": "Recipe", "name": "Found"}"#);
    let repeat = |unit: &str| unit.repeat(size / unit.len());
    let ordinary =
        "<div class=\"post\"><p>Some text &amp; <a href='/x'>a link</a>, more words.</p></div>\n";
    let attributes: String = (0..size / 10).map(|i| format!(" a{i}=1")).collect();
    let formatting: String = (0..size / 20)
        .map(|i| format!("<p><b id={i}></p>"))
        .collect();
    let nested_props = r#"<div itemprop="name description recipeIngredient">x"#;
    let ingredients: Vec<String> = (0..size / 20).map(|i| format!("{i} &amp; g")).collect();
    let pages = [
        ("ordinary", format!("{}{recipe}", repeat(ordinary))),
        ("deep divs", format!("{}{recipe}", repeat("<div>"))),
        (
            "unclosed list items",
            format!("{}{recipe}", repeat("<ul><li>")),
        ),
        ("misnested formatting", format!("{formatting}{recipe}")),
        (
            "one tag, many attributes",
            format!("<div{attributes}>{recipe}"),
        ),
        ("unclosed comment", format!("{recipe}<!--{}", repeat("x"))),
        ("text", format!("{recipe}{}", repeat("word &amp; "))),
        (
            "nested properties",
            format!(
                r#"<div itemscope itemtype="http://schema.org/Recipe">{}</div>"#,
                repeat(nested_props)
            ),
        ),
        (
            "huge JSON-LD",
            page_with_script(
                &json!({"@type": "Recipe", "name": "Found", "recipeIngredient": ingredients,
                        "keywords": "a, ".repeat(size / 10)})
                .to_string(),
            ),
        ),
        (
            "deep JSON",
            page_with_script(&format!("{}{{\"@type\":\"Recipe\"}}", "[".repeat(size / 2))),
        ),
    ];
    for (name, page) in pages {
        let started = Instant::now();
        let result = from_html(&page, Some(&page_url()));
        let took = started.elapsed();
        assert!(took < limit, "{name}: {took:?} ({} bytes)", page.len());
        if name != "deep JSON" {
            assert!(result.is_ok(), "{name}");
        }
    }
}
