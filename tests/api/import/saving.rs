//! What an import saves: a private draft of the caller with the page's recipe, its first image
//! as the cover and the page as `source_url` (201, `Location`); a dry run saves nothing; the
//! same URL twice answers the first recipe; bad requests, pages without a recipe, and too many
//! imports are refused.

use reqwest::StatusCode;
use rstest::rstest;
use rstest_reuse::apply;
use serde_json::json;

use super::{FixtureServer, import, import_app, my_recipe_ids};
use crate::backends::{Backend, backends};

/// A small recipe page whose image is `image` (a path on the fixture server).
fn page_with_image(image: &str) -> String {
    format!(
        r#"<html><head><script type="application/ld+json">
        {{"@context": "https://schema.org", "@type": "Recipe", "name": "Pancakes &amp; syrup",
          "image": ["{image}", "/images/pancakes.png"], "recipeYield": "4 servings",
          "totalTime": "PT25M", "recipeIngredient": ["2 eggs", "<b>1 cup</b> flour"],
          "recipeInstructions": [{{"@type": "HowToStep", "text": "Mix."}},
                                 {{"@type": "HowToStep", "text": "Fry."}}],
          "keywords": "breakfast, sweet"}}
        </script></head><body></body></html>"#
    )
}

#[apply(backends)]
#[tokio::test]
async fn an_import_saves_a_private_draft_with_its_cover_and_source(backend: Backend) {
    let app = import_app!(backend);
    let cook = app.new_user().await;
    let other = app.new_user().await;
    let server = FixtureServer::start().await;
    let url = server.url("/pages/jsonld-basic.html");
    let reply = import(&app, &cook, &json!({"url": url}), false).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let info = &reply.body["info"];
    let id = info["id"].as_i64().unwrap();
    assert_eq!(reply.headers["location"], format!("/recipes/{id}").as_str());
    assert!(reply.headers.contains_key("etag"));
    assert_eq!(reply.body["already_imported"], false);
    assert!(reply.body["warnings"].is_array());
    assert_eq!(info["is_publish"], 0);
    assert_eq!(info["user_id"], cook.id);
    assert_eq!(info["source_url"], url.as_str());
    assert!(!info["name"].as_str().unwrap().is_empty());
    let cover = info["cover_url"]
        .as_str()
        .expect("the page's image became the cover");
    assert!(cover.starts_with("/media/"), "{cover}");
    // A draft: its owner sees it, nobody else does.
    let own = app.get(&format!("/recipes/{id}"), Some(&cook.token)).await;
    assert_eq!(own.assert_success()["info"], *info);
    app.get(&format!("/recipes/{id}"), None)
        .await
        .assert_error(StatusCode::NOT_FOUND, "not_found");
    app.get(&format!("/recipes/{id}"), Some(&other.token))
        .await
        .assert_error(StatusCode::NOT_FOUND, "not_found");
    assert!(my_recipe_ids(&app, &other).await.is_empty());
}

#[apply(backends)]
#[tokio::test]
async fn a_dry_run_shows_the_recipe_and_saves_nothing(backend: Backend) {
    let app = import_app!(backend);
    let cook = app.new_user().await;
    let server = FixtureServer::start().await;
    let html = page_with_image("/images/pancakes-stack.png");
    let hits = server.hits();
    let reply = import(
        &app,
        &cook,
        &json!({"html": html, "url": server.url("/pancakes")}),
        true,
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(
        reply.body["info"],
        json!({
            "name": "Pancakes & syrup",
            "description": null,
            "num_of_servings": 4,
            "cook_time": 25,
            "directions": "Mix.\nFry.",
            "ingredients": ["2 eggs", "1 cup flour"],
            "tags": ["breakfast", "sweet"],
            "source_url": server.url("/pancakes"),
            "image_urls": [server.url("/images/pancakes-stack.png"), server.url("/images/pancakes.png")],
        })
    );
    assert!(reply.body["warnings"].is_array());
    assert!(
        my_recipe_ids(&app, &cook).await.is_empty(),
        "a dry run saved"
    );
    assert_eq!(server.hits(), hits, "a dry run fetched an image");
}

#[apply(backends)]
#[tokio::test]
async fn an_image_that_cannot_be_used_is_a_warning_and_the_next_one_is_tried(backend: Backend) {
    let app = import_app!(backend);
    let cook = app.new_user().await;
    let server = FixtureServer::start().await;
    let html = page_with_image("/images/missing.png");
    let reply = import(
        &app,
        &cook,
        &json!({"html": html, "url": server.url("/pancakes")}),
        false,
    )
    .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let warnings = reply.body["warnings"].to_string();
    assert!(warnings.contains("missing.png"), "{warnings}");
    assert!(
        reply.body["info"]["cover_url"].is_string(),
        "the second image is the cover"
    );
    // A page whose images are all unusable still imports, without a cover.
    let html = page_with_image("/images/missing.png").replace("/images/pancakes.png", "/pdf");
    let reply = import(
        &app,
        &cook,
        &json!({"html": html, "url": server.url("/other")}),
        false,
    )
    .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    assert!(reply.body["info"]["cover_url"].is_null());
    let warnings = reply.body["warnings"].as_array().unwrap();
    assert!(warnings.len() >= 2, "{warnings:?}");
}

#[apply(backends)]
#[tokio::test]
async fn importing_a_url_twice_answers_the_first_recipe(backend: Backend) {
    let app = import_app!(backend);
    let cook = app.new_user().await;
    let other = app.new_user().await;
    let server = FixtureServer::start().await;
    let url = server.url("/pages/jsonld-korean.html");
    let first = import(&app, &cook, &json!({"url": url}), false).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    let id = first.body["info"]["id"].as_i64().unwrap();
    let hits = server.hits();
    // The same page again, spelled with a fragment: nothing new, no fetch.
    for dry_run in [false, true] {
        let again = import(
            &app,
            &cook,
            &json!({"url": format!("{url}#recipe")}),
            dry_run,
        )
        .await;
        assert_eq!(again.status, StatusCode::OK, "{}", again.body);
        assert_eq!(again.body["already_imported"], true);
        assert_eq!(again.body["info"]["id"], id);
    }
    assert_eq!(server.hits(), hits);
    assert_eq!(my_recipe_ids(&app, &cook).await, vec![id]);
    // Somebody else importing it gets a recipe of their own.
    let theirs = import(&app, &other, &json!({"url": url}), false).await;
    assert_eq!(theirs.status, StatusCode::CREATED);
    assert_ne!(theirs.body["info"]["id"], id);
}

#[apply(backends)]
#[tokio::test]
async fn a_json_ld_document_imports_without_a_page(backend: Backend) {
    let app = import_app!(backend);
    let cook = app.new_user().await;
    let document = json!({
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "name": "Site"},
            {"@type": ["Recipe", "NewsArticle"], "name": "된장찌개", "recipeYield": "2인분",
             "cookTime": "PT20M", "recipeIngredient": ["된장 2큰술", "두부 1/2모"],
             "recipeInstructions": "물을 끓인다.\n된장을 푼다."}
        ]
    });
    let reply = import(&app, &cook, &json!({"jsonld": document}), false).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let info = &reply.body["info"];
    assert_eq!(info["name"], "된장찌개");
    assert_eq!(info["num_of_servings"], 2);
    assert_eq!(info["cook_time"], 20);
    assert_eq!(info["ingredients"], json!(["된장 2큰술", "두부 1/2모"]));
    assert_eq!(info["directions"], "물을 끓인다.\n된장을 푼다.");
    assert_eq!(info["source_url"], json!(null));
}

#[apply(backends)]
#[tokio::test]
async fn bad_requests_and_pages_without_a_recipe_are_refused(backend: Backend) {
    let app = import_app!(backend);
    let cook = app.new_user().await;
    let server = FixtureServer::start().await;
    for body in [
        json!({}),
        json!({"url": null}),
        json!({"url": "https://a.example/", "jsonld": {"@type": "Recipe", "name": "x"}}),
        json!({"html": "<html></html>", "jsonld": {"@type": "Recipe", "name": "x"}}),
        json!({"url": 5}),
        json!({"html": ["not", "text"]}),
        json!({"url": "not a url"}),
    ] {
        import(&app, &cook, &body, true)
            .await
            .assert_error(StatusCode::BAD_REQUEST, "validation_error");
    }
    for body in [
        json!({"url": server.url("/pages/no-recipe.html")}),
        json!({"html": "<html><body><p>No recipe here</p></body></html>"}),
        json!({"jsonld": {"@type": "Person", "name": "Somebody"}}),
        json!({"jsonld": [1, 2, 3]}),
    ] {
        import(&app, &cook, &body, true)
            .await
            .assert_error(StatusCode::UNPROCESSABLE_ENTITY, "no_recipe_found");
    }
    // dry_run must be a boolean.
    app.request(
        reqwest::Method::POST,
        "/recipes/import?dry_run=maybe",
        Some(&cook.token),
        Some(&json!({"jsonld": {"@type": "Recipe", "name": "x"}})),
    )
    .await
    .assert_error(StatusCode::BAD_REQUEST, "validation_error");
    // Without a credential, nothing happens.
    app.post(
        "/recipes/import",
        None,
        &json!({"url": server.url("/pages/jsonld-basic.html")}),
    )
    .await
    .assert_error(StatusCode::UNAUTHORIZED, "missing_token");
    assert!(my_recipe_ids(&app, &cook).await.is_empty());
}

#[apply(backends)]
#[tokio::test]
async fn imports_are_limited_per_account(backend: Backend) {
    let app = import_app!(backend, |settings| {
        settings.rate_limits.imports_per_hour = std::num::NonZeroU32::new(2).unwrap();
    });
    let cook = app.new_user().await;
    let other = app.new_user().await;
    let document = json!({"jsonld": {"@type": "Recipe", "name": "soup"}});
    for _ in 0..2 {
        assert_eq!(
            import(&app, &cook, &document, true).await.status,
            StatusCode::OK
        );
    }
    let refused = import(&app, &cook, &document, true).await;
    refused.assert_error(StatusCode::TOO_MANY_REQUESTS, "rate_limited");
    assert!(refused.headers.contains_key("retry-after"));
    // Another account has its own allowance.
    assert_eq!(
        import(&app, &other, &document, true).await.status,
        StatusCode::OK
    );
}
