//! Account archives: `GET /users/me/export` → `POST /users/me/import` restores every field of
//! every recipe (drafts stay drafts, tags, ingredients, times, source pages, photos with their
//! descriptions, the avatar) into another account on another back-end; restoring twice adds
//! nothing; broken, foreign or oversize archives are refused clearly.

use std::io::{Cursor, Read, Write};

use reqwest::{Method, StatusCode, header};
use rstest::rstest;
use rstest_reuse::apply;
use serde_json::{Value, json};

use crate::backends::{Backend, backends};
use crate::helpers::{Reply, TestApp, TestUser, test_app};
use crate::photos::{Part, add_image, fixtures, put_cover, send_form};

/// The caller's archive.
async fn export(app: &TestApp, user: &TestUser) -> Vec<u8> {
    let response = app
        .client
        .get(format!("{}/users/me/export", app.address))
        .bearer_auth(&user.token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CONTENT_TYPE], "application/zip");
    let disposition = response.headers()[header::CONTENT_DISPOSITION]
        .to_str()
        .unwrap();
    assert!(
        disposition.starts_with("attachment; filename=\"recipe-api-export-"),
        "{disposition}"
    );
    response.bytes().await.unwrap().to_vec()
}

/// `POST /users/me/import` with `archive`.
async fn restore(app: &TestApp, user: &TestUser, archive: Vec<u8>) -> Reply {
    app.send_raw(
        Method::POST,
        "/users/me/import",
        Some(&user.token),
        "application/zip",
        archive,
    )
    .await
}

/// The files of a zip, by name.
fn files(archive: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(Cursor::new(archive)).unwrap();
    (0..zip.len())
        .map(|index| {
            let mut file = zip.by_index(index).unwrap();
            let mut bytes = Vec::new();
            file.read_to_end(&mut bytes).unwrap();
            (file.name().unwrap().to_string(), bytes)
        })
        .collect()
}

/// A back-end other than `backend` that runs here (or `backend` itself when it is the only one).
async fn another(backend: Backend) -> TestApp {
    let order = [Backend::Sqlite, Backend::Postgres, Backend::Mysql];
    let start = order.iter().position(|b| *b == backend).unwrap();
    for step in 1..=3 {
        if let Some(app) = TestApp::spawn(order[(start + step) % 3]).await {
            return app;
        }
    }
    unreachable!("the back-end of the test itself runs")
}

/// A cook with a published recipe (tags, ingredients, times, cover and a gallery with
/// descriptions), a draft, an imported recipe and an avatar.
async fn cook_with_everything(app: &TestApp) -> TestUser {
    let cook = app.new_user().await;
    let published = app
        .publish_new(
            &cook,
            &json!({"name": "김치찌개", "description": "Spicy & warm", "num_of_servings": 2,
                    "cook_time": 40, "directions": "1. Fry.\n2. Simmer.",
                    "ingredients": ["김치 200g", "pork 150g"], "tags": ["korean", "stew"],
                    "measure_system": "us"}),
        )
        .await;
    send_form(
        app,
        Method::PUT,
        &format!("/recipes/{published}/cover"),
        Some(&cook.token),
        &[
            Part::file("cover", &fixtures::png(800, 600)),
            Part::text("alt", "A red stew"),
        ],
    )
    .await
    .assert_success();
    let added = add_image(app, &cook, published, &fixtures::noisy_png(300, 400)).await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.body);
    let added = send_form(
        app,
        Method::POST,
        &format!("/recipes/{published}/images"),
        Some(&cook.token),
        &[
            Part::file("image", &fixtures::png(200, 200)),
            Part::text("alt", "The pot"),
        ],
    )
    .await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.body);
    let draft = app
        .create_recipe(&cook, &json!({"name": "secret draft", "tags": ["wip"]}))
        .await["id"]
        .as_i64()
        .unwrap();
    put_cover(app, &cook, draft, &fixtures::png(100, 80))
        .await
        .assert_success();
    let imported = app
        .post(
            "/recipes/import",
            Some(&cook.token),
            &json!({"html": "<script type=\"application/ld+json\">{\"@type\":\"Recipe\",\"name\":\"Imported soup\"}</script>",
                    "url": "https://recipes.example/soup"}),
        )
        .await;
    assert_eq!(imported.status, StatusCode::CREATED, "{}", imported.body);
    send_form(
        app,
        Method::PUT,
        "/users/avatar",
        Some(&cook.token),
        &[Part::file("avatar", &fixtures::png(300, 300))],
    )
    .await
    .assert_success();
    cook
}

/// `user`'s recipes (drafts too), oldest first, with what differs between instances removed
/// (ids, owners, versions, file addresses), and what must be kept made comparable.
async fn comparable_recipes(app: &TestApp, user: &TestUser) -> Vec<Value> {
    let reply = app.get("/recipes/me?limit=100", Some(&user.token)).await;
    let mut recipes: Vec<Value> = reply.assert_success()["result_list"]
        .as_array()
        .unwrap()
        .clone();
    recipes.sort_by_key(|recipe| {
        let text = |key: &str| recipe[key].as_str().unwrap().to_owned();
        (text("created_at"), text("name"))
    });
    recipes
        .into_iter()
        .map(|recipe| {
            let photo = |photo: &Value| {
                json!({"alt": photo["alt"], "width": photo["width"], "height": photo["height"],
                       "variants": photo["variants"].as_array().unwrap().len()})
            };
            json!({
                "name": recipe["name"], "description": recipe["description"],
                "num_of_servings": recipe["num_of_servings"], "cook_time": recipe["cook_time"],
                "directions": recipe["directions"], "is_publish": recipe["is_publish"],
                "created_at": recipe["created_at"], "updated_at": recipe["updated_at"],
                "ingredients": recipe["ingredients"], "tags": recipe["tags"],
                "source_url": recipe["source_url"],
                "measure_system": recipe["measure_system"],
                "measure_system_assumed": recipe["measure_system_assumed"],
                "ingredient_items": recipe["ingredient_items"],
                "cover": if recipe["cover"].is_null() { Value::Null } else { photo(&recipe["cover"]) },
                "images": recipe["images"].as_array().unwrap().iter().map(photo).collect::<Vec<_>>(),
            })
        })
        .collect()
}

#[apply(backends)]
#[tokio::test]
async fn an_account_moves_to_another_back_end_with_every_field(backend: Backend) {
    let source = test_app!(backend);
    let cook = cook_with_everything(&source).await;
    let archive = export(&source, &cook).await;
    let target = another(backend).await;
    let newcomer = target.new_user().await;
    let reply = restore(&target, &newcomer, archive.clone()).await;
    let body = reply.assert_success();
    assert_eq!(body["info"]["imported"], 3, "{body}");
    assert_eq!(body["info"]["skipped"], 0);
    assert_eq!(body["warnings"], json!([]), "{body}");
    let before = comparable_recipes(&source, &cook).await;
    let after = comparable_recipes(&target, &newcomer).await;
    assert_eq!(before.len(), 3);
    assert_eq!(after, before);
    // Published recipes are published there too, and counted in their tags.
    let tags = target.get("/tags", None).await;
    let tags = tags.assert_success()["tags"].to_string();
    assert!(tags.contains("korean") && !tags.contains("wip"), "{tags}");
    // The avatar came along.
    let account = target.get("/users/me", Some(&newcomer.token)).await;
    assert!(account.assert_success()["user"]["avatar_url"].is_string());
    // Restoring the same archive again adds nothing.
    let again = restore(&target, &newcomer, archive).await;
    let body = again.assert_success();
    assert_eq!(body["info"]["imported"], 0);
    assert_eq!(body["info"]["skipped"], 3);
    assert_eq!(comparable_recipes(&target, &newcomer).await, before);
}

#[apply(backends)]
#[tokio::test]
async fn the_archive_is_a_documented_zip_of_schema_org_recipes(backend: Backend) {
    let app = test_app!(backend);
    let cook = cook_with_everything(&app).await;
    let other = app.new_user().await;
    app.create_published(&other, "not mine").await;
    let files = files(&export(&app, &cook).await);
    let names: Vec<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
    let manifest: Value = serde_json::from_slice(&files[0].1).unwrap();
    assert_eq!(names[0], "manifest.json");
    assert_eq!(manifest["format"], "recipe-api-archive");
    assert_eq!(manifest["version"], 1);
    let recipes = manifest["recipes"].as_array().unwrap();
    assert_eq!(recipes.len(), 3, "only the caller's recipes: {manifest}");
    for path in recipes {
        let path = path.as_str().unwrap();
        let (_, bytes) = files.iter().find(|(name, _)| name == path).unwrap();
        let document: Value = serde_json::from_slice(bytes).unwrap();
        assert_eq!(document["@context"], "https://schema.org");
        assert_eq!(document["@type"], "Recipe");
        assert_eq!(document["name"], document["recipe_api"]["name"]);
        assert_eq!(document["recipe_api"]["uid"].as_str().unwrap().len(), 32);
        for photo in document["recipe_api"]["images"].as_array().unwrap() {
            let file = photo["file"].as_str().unwrap();
            assert!(names.contains(&file), "{file} is in the archive");
        }
    }
    // Photos are the JPEGs, each once; the avatar is there too.
    let photos: Vec<_> = names.iter().filter(|n| n.starts_with("photos/")).collect();
    assert_eq!(photos.len(), 5, "{names:?}");
    assert!(photos.iter().all(|name| name.ends_with(".jpg")));
    assert!(manifest["account"]["avatar"].is_string());
    // Without a credential there is no archive.
    app.get("/users/me/export", None)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "missing_token");
}

/// A zip of `entries`.
fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        zip.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

#[apply(backends)]
#[tokio::test]
async fn broken_foreign_and_oversize_archives_are_refused(backend: Backend) {
    let app = test_app!(backend, |settings| settings.archive_max_bytes = 64 * 1024);
    let cook = app.new_user().await;
    restore(&app, &cook, b"not a zip at all".to_vec())
        .await
        .assert_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid_archive");
    restore(&app, &cook, zip_of(&[("hello.txt", b"hi")]))
        .await
        .assert_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid_archive");
    let foreign = zip_of(&[(
        "manifest.json",
        br#"{"format": "mealie", "version": 1, "recipes": []}"#,
    )]);
    restore(&app, &cook, foreign)
        .await
        .assert_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid_archive");
    restore(&app, &cook, vec![0; 64 * 1024 + 1])
        .await
        .assert_error(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");
    app.send_raw(
        Method::POST,
        "/users/me/import",
        Some(&cook.token),
        "text/plain",
        b"x".to_vec(),
    )
    .await
    .assert_error(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type");
    app.send_raw(
        Method::POST,
        "/users/me/import",
        None,
        "application/zip",
        b"x".to_vec(),
    )
    .await
    .assert_error(StatusCode::UNAUTHORIZED, "missing_token");
}

#[apply(backends)]
#[tokio::test]
async fn what_cannot_be_restored_is_a_warning_and_the_rest_is_restored(backend: Backend) {
    let app = test_app!(backend);
    let cook = app.new_user().await;
    let manifest = json!({"format": "recipe-api-archive", "version": 3,
        "recipes": ["recipes/a.json", "recipes/b.json", "recipes/missing.json", "recipes/c.json",
                    "recipes/d.json"]});
    let good = json!({"@type": "Recipe", "name": "Good", "recipe_api": {
        "uid": "0123456789abcdef0123456789abcdef", "name": "Good", "tags": ["ok"],
        "published": true, "cover": {"file": "photos/broken.jpg", "alt": "x"},
        "future_field": {"ignored": true}}});
    let invalid = json!({"recipe_api": {"uid": "fedcba9876543210fedcba9876543210",
        "name": "", "num_of_servings": -3}});
    let foreign = json!({"@context": "https://schema.org", "@type": "Recipe",
        "name": "From another program", "recipeYield": "4"});
    let manifest = manifest.to_string();
    let (good, invalid, foreign) = (good.to_string(), invalid.to_string(), foreign.to_string());
    let archive = zip_of(&[
        ("manifest.json", manifest.as_bytes()),
        ("recipes/a.json", good.as_bytes()),
        ("recipes/b.json", invalid.as_bytes()),
        ("recipes/c.json", foreign.as_bytes()),
        ("recipes/d.json", b"{not json"),
        ("photos/broken.jpg", b"\xff\xd8\xff garbage"),
    ]);
    let reply = restore(&app, &cook, archive.clone()).await;
    let body = reply.assert_success();
    assert_eq!(body["info"]["imported"], 2, "{body}");
    let warnings = body["warnings"].to_string();
    for expected in [
        "version 3",
        "recipes/b.json",
        "recipes/missing.json",
        "recipes/d.json",
        "broken.jpg",
    ] {
        assert!(warnings.contains(expected), "{expected}: {warnings}");
    }
    let ids = body["info"]["recipes"].as_array().unwrap();
    let good = app.get(&format!("/recipes/{}", ids[0]), None).await;
    assert_eq!(good.assert_success()["info"]["name"], "Good");
    let foreign = app
        .get(&format!("/recipes/{}", ids[1]), Some(&cook.token))
        .await;
    let foreign = &foreign.assert_success()["info"];
    assert_eq!(foreign["name"], "From another program");
    assert_eq!(foreign["num_of_servings"], 4);
    assert_eq!(foreign["is_publish"], 0);
    // Again: the foreign recipe is recognised by its content, nothing is duplicated.
    let again = restore(&app, &cook, archive).await;
    assert_eq!(again.assert_success()["info"]["imported"], 0);
}
