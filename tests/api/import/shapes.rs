//! Every page shape of `tests/fixtures/import/` (see its README), fetched over HTTP from the
//! fixture server and read through `POST /recipes/import?dry_run=true`: the right fields, in
//! English and Korean, junk turned into warnings, and a saved import equal to its preview.

use reqwest::StatusCode;
use rstest::rstest;
use rstest_reuse::apply;
use serde_json::{Value, json};

use super::{FixtureServer, import, import_app};
use crate::backends::{Backend, backends};

/// What a fixture page must read as.
struct Expected {
    page: &'static str,
    name: &'static str,
    servings: Option<i64>,
    cook_time: Option<i64>,
    ingredients: usize,
    steps: usize,
    tags: &'static [&'static str],
    images: &'static [&'static str],
}

const PAGES: [Expected; 10] = [
    Expected {
        page: "jsonld-basic.html",
        name: "Classic Pancakes",
        servings: Some(4),
        cook_time: Some(25),
        ingredients: 6,
        steps: 5,
        tags: &["american", "breakfast", "pancakes"],
        images: &["/images/pancakes.png", "/images/pancakes-stack.png"],
    },
    Expected {
        page: "jsonld-graph.html",
        name: "Garlic Butter Salmon",
        servings: Some(4),
        cook_time: Some(25),
        ingredients: 5,
        steps: 4,
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
    Expected {
        page: "jsonld-type-array.html",
        name: "Weeknight Chicken Curry",
        servings: Some(4),
        cook_time: Some(60),
        ingredients: 7,
        steps: 4,
        tags: &["chicken", "curry"],
        images: &["/images/curry.png"],
    },
    Expected {
        page: "jsonld-sections.html",
        name: "Lemon Layer Cake",
        servings: Some(12),
        cook_time: Some(65),
        ingredients: 9,
        steps: 10,
        tags: &["cake", "dessert", "lemon"],
        images: &["/images/lemon-cake.png"],
    },
    Expected {
        page: "jsonld-instructions-string.html",
        name: "Tomato Bruschetta",
        servings: Some(6),
        cook_time: Some(20),
        ingredients: 5,
        steps: 4,
        tags: &["appetizer"],
        images: &["/images/bruschetta.png"],
    },
    Expected {
        page: "jsonld-several-scripts.html",
        name: "Blueberry Muffins",
        servings: Some(12),
        cook_time: Some(35),
        ingredients: 8,
        steps: 5,
        tags: &["baking", "blueberry", "muffins"],
        images: &["/images/muffins.png"],
    },
    Expected {
        page: "jsonld-korean.html",
        name: "김치찌개",
        servings: Some(2),
        cook_time: Some(40),
        ingredients: 7,
        steps: 5,
        tags: &["김치찌개", "메인요리", "찌개", "한식"],
        images: &["/images/kimchi.png"],
    },
    Expected {
        page: "microdata.html",
        name: "Simple Tomato Soup",
        servings: Some(4),
        cook_time: Some(40),
        ingredients: 6,
        steps: 4,
        tags: &["soup", "tomato", "vegetarian"],
        images: &["/images/tomato-soup.png"],
    },
    Expected {
        page: "microdata-korean.html",
        name: "된장찌개",
        servings: Some(3),
        cook_time: Some(35),
        ingredients: 6,
        steps: 4,
        tags: &["된장찌개", "한식"],
        images: &["/images/doenjang.png"],
    },
    Expected {
        page: "recipe.jsonld",
        name: "Vegetable Fried Rice",
        servings: Some(2),
        cook_time: Some(20),
        ingredients: 8,
        steps: 5,
        tags: &[
            "asian",
            "fried rice",
            "leftovers",
            "main course",
            "vegetarian",
        ],
        images: &["/images/fried-rice.png"],
    },
];

#[apply(backends)]
#[tokio::test]
async fn every_page_shape_reads_to_its_fields(backend: Backend) {
    let app = import_app!(backend);
    let cook = app.new_user().await;
    let server = FixtureServer::start().await;
    for expected in PAGES {
        let url = server.url(&format!("/pages/{}", expected.page));
        let reply = import(&app, &cook, &json!({"url": url}), true).await;
        assert_eq!(
            reply.status,
            StatusCode::OK,
            "{}: {}",
            expected.page,
            reply.body
        );
        let info = &reply.body["info"];
        let page = expected.page;
        assert_eq!(info["name"], expected.name, "{page}");
        assert_eq!(info["num_of_servings"], json!(expected.servings), "{page}");
        assert_eq!(info["cook_time"], json!(expected.cook_time), "{page}");
        assert_eq!(
            info["ingredients"].as_array().unwrap().len(),
            expected.ingredients,
            "{page}"
        );
        let steps = info["directions"].as_str().unwrap().lines().count();
        assert_eq!(steps, expected.steps, "{page}");
        assert_eq!(info["tags"], json!(expected.tags), "{page}");
        let images: Vec<String> = expected
            .images
            .iter()
            .map(|path| server.url(path))
            .collect();
        assert_eq!(info["image_urls"], json!(images), "{page}");
        assert_eq!(info["source_url"], url.as_str(), "{page}");
        assert_eq!(reply.body["warnings"], json!([]), "{page}");
        // No text keeps markup or undecoded entities.
        let text = info.to_string();
        assert!(
            !text.contains("&amp;") && !text.contains("<p>"),
            "{page}: {text}"
        );
    }
}

#[apply(backends)]
#[tokio::test]
async fn junk_becomes_warnings_and_clamped_fields(backend: Backend) {
    let app = import_app!(backend);
    let cook = app.new_user().await;
    let server = FixtureServer::start().await;
    let url = server.url("/pages/jsonld-junk.html");
    let reply = import(&app, &cook, &json!({"url": url}), true).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let info = &reply.body["info"];
    let name = info["name"].as_str().unwrap();
    assert!(
        name.starts_with("The Absolutely Most Incredible") && name.ends_with('…'),
        "{name}"
    );
    assert!(name.chars().count() <= 200);
    assert_eq!(info["description"], "The best & easiest snack…");
    assert_eq!(info["directions"], "Mix & stir.\nBake.\nCool & cut.");
    assert_eq!(info["num_of_servings"], Value::Null);
    assert_eq!(info["cook_time"], Value::Null);
    assert_eq!(info["ingredients"].as_array().unwrap().len(), 100);
    assert_eq!(info["tags"], json!(["good", "snack"]));
    let warnings: Vec<&str> = reply.body["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap())
        .collect();
    assert_eq!(warnings.len(), 12, "{warnings:#?}");
    for expected in [
        "name: longer than 200 characters",
        "recipeYield: \"a few\"",
        "totalTime: \"about an hour\" is not an ISO 8601 duration",
        "cookTime: \"PT-5M\"",
        "recipeIngredient: 150 items; kept the first 100",
        "\"Quick & Easy\" is not a usable tag",
        "image: \"javascript:alert(1)\" is not an http(s) URL",
    ] {
        assert!(
            warnings
                .iter()
                .any(|w| w.starts_with(expected) || w.contains(expected)),
            "{expected}: {warnings:#?}"
        );
    }
    // Saved, the recipe is its preview, and the warnings come along.
    let saved = import(&app, &cook, &json!({"url": url}), false).await;
    assert_eq!(saved.status, StatusCode::CREATED, "{}", saved.body);
    assert_eq!(saved.body["warnings"].as_array().unwrap().len(), 12);
    for key in [
        "name",
        "description",
        "directions",
        "ingredients",
        "tags",
        "num_of_servings",
        "cook_time",
    ] {
        assert_eq!(saved.body["info"][key], info[key], "{key}");
    }
}

#[apply(backends)]
#[tokio::test]
async fn a_page_without_a_recipe_is_422(backend: Backend) {
    let app = import_app!(backend);
    let cook = app.new_user().await;
    let server = FixtureServer::start().await;
    let url = server.url("/pages/no-recipe.html");
    import(&app, &cook, &json!({"url": url}), false)
        .await
        .assert_error(StatusCode::UNPROCESSABLE_ENTITY, "no_recipe_found");
}
