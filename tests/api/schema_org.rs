//! Recipes as schema.org: `GET /recipes/{id}` with `Accept: application/ld+json` answers a
//! schema.org `Recipe` carrying every required and recommended property the recipe has data
//! for, under the JSON route's visibility rules; `/r/{id}` is the UI's page with that JSON-LD
//! and Open Graph / Twitter card tags in its head, escaped so that no recipe text can break out.

use reqwest::{StatusCode, header};
use rstest::rstest;
use rstest_reuse::apply;
use scraper::{Html, Selector};
use serde_json::{Value, json};

use crate::backends::{Backend, backends};
use crate::helpers::{Reply, TestApp, TestUser, test_app};
use crate::photos::{fixtures, put_cover};

const JSON_LD: &str = "application/ld+json";

/// `GET path` with `Accept: application/ld+json`.
async fn json_ld(app: &TestApp, path: &str, token: Option<&str>) -> Reply {
    let mut request = app
        .client
        .get(format!("{}{path}", app.address))
        .header(header::ACCEPT, JSON_LD);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.json().await.unwrap_or(Value::Null);
    Reply {
        status,
        headers,
        body,
    }
}

/// A page's status and HTML.
async fn page(app: &TestApp, path: &str) -> (StatusCode, String) {
    let response = app
        .client
        .get(format!("{}{path}", app.address))
        .send()
        .await
        .unwrap();
    (response.status(), response.text().await.unwrap())
}

async fn full_recipe(app: &TestApp, cook: &TestUser, name: &str) -> i64 {
    app.publish_new(
        cook,
        &json!({
            "name": name,
            "description": "Spicy & warm kimchi stew",
            "num_of_servings": 2,
            "cook_time": 90,
            "directions": "1. Fry the kimchi.\n2. Add water and tofu.\n\n3. Simmer.",
            "ingredients": ["김치 200g", "pork belly 150g"],
            "tags": ["korean", "stew"],
        }),
    )
    .await
}

#[apply(backends)]
#[tokio::test]
async fn a_published_recipe_is_a_complete_schema_org_recipe(backend: Backend) {
    let app = test_app!(backend);
    let cook = app.new_user().await;
    let id = full_recipe(&app, &cook, "김치찌개").await;
    put_cover(&app, &cook, id, &fixtures::png(640, 480))
        .await
        .assert_success();
    let reply = json_ld(&app, &format!("/recipes/{id}"), None).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.headers[header::CONTENT_TYPE], JSON_LD);
    assert!(
        reply.headers[header::VARY]
            .to_str()
            .unwrap()
            .contains("Accept")
    );
    let doc = &reply.body;
    let base = &app.address;
    let page = format!("{base}/r/{id}");
    assert_eq!(doc["@context"], "https://schema.org");
    assert_eq!(doc["@type"], "Recipe");
    assert_eq!(doc["@id"], page);
    assert_eq!(doc["url"], page);
    assert_eq!(doc["name"], "김치찌개");
    assert_eq!(doc["description"], "Spicy & warm kimchi stew");
    assert_eq!(
        doc["author"],
        json!({"@type": "Person", "name": "cook", "url": format!("{base}/u/{}", cook.id)})
    );
    assert_eq!(
        doc["recipeIngredient"],
        json!(["김치 200g", "pork belly 150g"])
    );
    assert_eq!(
        doc["recipeInstructions"],
        json!([
            {"@type": "HowToStep", "position": 1, "text": "Fry the kimchi."},
            {"@type": "HowToStep", "position": 2, "text": "Add water and tofu."},
            {"@type": "HowToStep", "position": 3, "text": "Simmer."},
        ])
    );
    assert_eq!(doc["recipeYield"], "2 servings");
    assert_eq!(doc["cookTime"], "PT1H30M");
    assert_eq!(doc["totalTime"], "PT1H30M");
    assert_eq!(doc["keywords"], "korean, stew");
    let images = doc["image"].as_array().expect("image list");
    assert_eq!(images.len(), 1);
    let image = images[0].as_str().unwrap();
    assert!(image.starts_with(&format!("{base}/media/")), "{image}");
    // The image is the cover's address, and it serves.
    let json = app.get(&format!("/recipes/{id}"), None).await;
    let cover_url = json.body["info"]["cover_url"].as_str().unwrap();
    assert_eq!(image, format!("{base}{cover_url}"));
    let served = app.client.get(image).send().await.unwrap();
    assert_eq!(served.status(), StatusCode::OK);
    // Timestamps are the recipe's.
    assert_eq!(doc["datePublished"], json.body["info"]["created_at"]);
    assert_eq!(doc["dateModified"], json.body["info"]["updated_at"]);
    // Without the preference, the answer is the usual JSON (and says it varies).
    assert!(
        json.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
    assert!(
        json.headers[header::VARY]
            .to_str()
            .unwrap()
            .contains("Accept")
    );
    assert_eq!(json.body["result"], "success");
}

#[apply(backends)]
#[tokio::test]
async fn a_recipe_with_little_data_leaves_out_what_it_does_not_have(backend: Backend) {
    let app = test_app!(backend);
    let cook = app.new_user().await;
    let id = app.create_published(&cook, "toast").await;
    let doc = json_ld(&app, &format!("/recipes/{id}"), None).await.body;
    assert_eq!(doc["name"], "toast");
    for absent in [
        "description",
        "image",
        "recipeYield",
        "cookTime",
        "totalTime",
        "keywords",
    ] {
        assert!(doc.get(absent).is_none(), "{absent}: {doc}");
    }
    assert_eq!(doc["recipeIngredient"], json!([]));
    assert_eq!(doc["recipeInstructions"], json!([]));
}

#[apply(backends)]
#[tokio::test]
async fn json_ld_follows_the_visibility_of_the_json_route(backend: Backend) {
    let app = test_app!(backend);
    let cook = app.new_user().await;
    let other = app.new_user().await;
    let draft = app.create_draft(&cook, "secret plan").await;
    let path = format!("/recipes/{draft}");
    json_ld(&app, &path, None)
        .await
        .assert_error(StatusCode::NOT_FOUND, "not_found");
    json_ld(&app, &path, Some(&other.token))
        .await
        .assert_error(StatusCode::NOT_FOUND, "not_found");
    let own = json_ld(&app, &path, Some(&cook.token)).await;
    assert_eq!(own.status, StatusCode::OK);
    assert_eq!(own.body["name"], "secret plan");
    json_ld(&app, "/recipes/999999", None)
        .await
        .assert_error(StatusCode::NOT_FOUND, "not_found");
}

#[apply(backends)]
#[tokio::test]
async fn public_url_makes_every_address_absolute_under_it(backend: Backend) {
    let app = TestApp::spawn_with(backend, |settings| {
        settings.public_url = Some("https://recipes.example".into());
    })
    .await;
    let Some(app) = app else { return };
    let cook = app.new_user().await;
    let id = app.create_published(&cook, "soup").await;
    let doc = json_ld(&app, &format!("/recipes/{id}"), None).await.body;
    assert_eq!(doc["url"], format!("https://recipes.example/r/{id}"));
    assert_eq!(
        doc["author"]["url"],
        format!("https://recipes.example/u/{}", cook.id)
    );
}

/// The `content` of `<meta {attribute}="{key}">`.
fn meta(html: &Html, attribute: &str, key: &str) -> Option<String> {
    let selector = Selector::parse(&format!("meta[{attribute}=\"{key}\"]")).unwrap();
    html.select(&selector)
        .next()
        .and_then(|element| element.value().attr("content"))
        .map(str::to_owned)
}

#[apply(backends)]
#[tokio::test]
async fn a_recipe_page_carries_its_json_ld_and_preview_tags(backend: Backend) {
    let app = test_app!(backend);
    let cook = app.new_user().await;
    let id = full_recipe(&app, &cook, "김치찌개").await;
    put_cover(&app, &cook, id, &fixtures::png(640, 480))
        .await
        .assert_success();
    let (status, text) = page(&app, &format!("/r/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    let html = Html::parse_document(&text);
    let scripts: Vec<_> = html
        .select(&Selector::parse(r#"script[type="application/ld+json"]"#).unwrap())
        .collect();
    assert_eq!(scripts.len(), 1);
    let embedded: Value = serde_json::from_str(&scripts[0].inner_html()).unwrap();
    let exported = json_ld(&app, &format!("/recipes/{id}"), None).await.body;
    assert_eq!(embedded, exported);
    let cover = exported["image"][0].as_str().unwrap();
    let url = format!("{}/r/{id}", app.address);
    assert_eq!(meta(&html, "property", "og:title").unwrap(), "김치찌개");
    assert_eq!(
        meta(&html, "property", "og:description").unwrap(),
        "Spicy & warm kimchi stew"
    );
    assert_eq!(meta(&html, "property", "og:image").unwrap(), cover);
    assert_eq!(meta(&html, "property", "og:url").unwrap(), url);
    assert_eq!(meta(&html, "property", "og:type").unwrap(), "article");
    assert_eq!(
        meta(&html, "name", "twitter:card").unwrap(),
        "summary_large_image"
    );
    let title = html
        .select(&Selector::parse("title").unwrap())
        .next()
        .unwrap();
    assert_eq!(title.inner_html(), "김치찌개 — recipe-api");
    // It is still the UI's page: its script draws the recipe.
    assert!(text.contains(r#"<script type="module" src="/ui/js/app.js"></script>"#));
}

#[apply(backends)]
#[tokio::test]
async fn hostile_recipe_text_cannot_break_out_of_the_page(backend: Backend) {
    let app = test_app!(backend);
    let cook = app.new_user().await;
    let name = r#"</script><script>alert(1)</script>"' <b>&amp;"#;
    let description = r#"<!-- " onload="alert(2) --> </title><img src=x>"#;
    let id = app
        .publish_new(&cook, &json!({"name": name, "description": description}))
        .await;
    let (status, text) = page(&app, &format!("/r/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!text.contains("<script>alert"), "{text}");
    assert!(!text.contains("<img src=x>"), "{text}");
    let html = Html::parse_document(&text);
    // Exactly the UI's module script and the JSON-LD: nothing the recipe wrote.
    let scripts: Vec<_> = html
        .select(&Selector::parse("script").unwrap())
        .map(|script| script.value().attr("type").unwrap_or_default().to_owned())
        .collect();
    assert_eq!(scripts, ["module", JSON_LD]);
    assert_eq!(html.select(&Selector::parse("img").unwrap()).count(), 0);
    let ld = html
        .select(&Selector::parse(r#"script[type="application/ld+json"]"#).unwrap())
        .next()
        .unwrap();
    let embedded: Value = serde_json::from_str(&ld.inner_html()).unwrap();
    assert_eq!(embedded["name"], name);
    assert_eq!(embedded["description"], description);
    assert_eq!(meta(&html, "property", "og:title").unwrap(), name);
    let title = html
        .select(&Selector::parse("title").unwrap())
        .next()
        .unwrap();
    assert_eq!(
        title.text().collect::<String>(),
        format!("{name} — recipe-api")
    );
}

#[apply(backends)]
#[tokio::test]
async fn a_drafts_page_shows_nothing_of_it(backend: Backend) {
    let app = test_app!(backend);
    let cook = app.new_user().await;
    let draft = app.create_draft(&cook, "unreleased secret stew").await;
    let (_, index) = page(&app, "/").await;
    for path in [
        format!("/r/{draft}"),
        "/r/999999".into(),
        "/r/-1".into(),
        "/r/x".into(),
    ] {
        let (status, text) = page(&app, &path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(text, index, "{path} is the plain app");
        assert!(!text.contains("unreleased"));
    }
    // Once published, the page shows it; unpublished again, it is gone again.
    app.request(
        reqwest::Method::PUT,
        &format!("/recipes/{draft}/publish"),
        Some(&cook.token),
        None,
    )
    .await
    .assert_success();
    let (status, text) = page(&app, &format!("/r/{draft}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(text.contains("unreleased secret stew"));
    app.request(
        reqwest::Method::DELETE,
        &format!("/recipes/{draft}/publish"),
        Some(&cook.token),
        None,
    )
    .await;
    let (status, text) = page(&app, &format!("/r/{draft}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(!text.contains("unreleased"));
}
