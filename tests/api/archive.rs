//! Account archives: `GET /users/me/export` → `POST /users/me/import` restores every field of
//! every recipe (drafts stay drafts, tags, ingredients, times, source pages, photos with their
//! descriptions, the avatar) into another account on another back-end, and the account's
//! favourites and ratings on the recipes found there by uid, with exact counters (its comments
//! are exported, never re-posted); restoring twice adds nothing; broken, foreign or oversize
//! archives, or community files, are refused clearly.

use std::io::{Cursor, Read, Write};

use reqwest::{Method, StatusCode, header};
use rstest::rstest;
use rstest_reuse::apply;
use serde_json::{Value, json};

use crate::backends::{Backend, backends};
use crate::community::counters_and_recount;
use crate::helpers::{PASSWORD, Reply, TestApp, TestUser, test_app};
use crate::photos::{Part, add_image, fixtures, put_cover, send_form};

/// The caller's archive.
pub(crate) async fn export(app: &TestApp, user: &TestUser) -> Vec<u8> {
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
pub(crate) async fn restore(app: &TestApp, user: &TestUser, archive: Vec<u8>) -> Reply {
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
pub(crate) fn files(archive: &[u8]) -> Vec<(String, Vec<u8>)> {
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
pub(crate) async fn another(backend: Backend) -> TestApp {
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
    assert_eq!(manifest["version"], 3);
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
pub(crate) fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
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
    let manifest = json!({"format": "recipe-api-archive", "version": 4,
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
        "version 4",
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

/// A new account named `username`.
pub(crate) async fn named_user(app: &TestApp, username: &str) -> TestUser {
    let email = format!("{username}-{}@example.com", uuid::Uuid::new_v4().simple());
    let reply = app.register(username, &email, PASSWORD).await;
    let body = reply.assert_success();
    TestUser {
        id: body["user"]["id"].as_i64().unwrap(),
        email,
        token: body["access_token"].as_str().unwrap().to_owned(),
    }
}

/// `PUT` (`true`) or `DELETE` `path` as `user`, which must succeed.
pub(crate) async fn mark(app: &TestApp, user: &TestUser, path: &str, body: Option<Value>) {
    let reply = match body {
        Some(body) => app.put(path, Some(&user.token), &body).await,
        None => {
            app.request(Method::PUT, path, Some(&user.token), None)
                .await
        }
    };
    reply.assert_success();
}

/// A JSON file of an archive.
pub(crate) fn json_file(files: &[(String, Vec<u8>)], name: &str) -> Value {
    let (_, bytes) = files
        .iter()
        .find(|(file, _)| file == name)
        .unwrap_or_else(|| panic!("{name} is in the archive"));
    serde_json::from_slice(bytes).unwrap()
}

/// `archive` with the file `name` replaced by `bytes` (added when it is not there).
pub(crate) fn with_file(archive: &[u8], name: &str, bytes: &[u8]) -> Vec<u8> {
    let mut entries: Vec<(String, Vec<u8>)> = files(archive)
        .into_iter()
        .filter(|(file, _)| file != name)
        .collect();
    entries.push((name.to_owned(), bytes.to_vec()));
    let entries: Vec<(&str, &[u8])> = entries
        .iter()
        .map(|(name, bytes)| (name.as_str(), bytes.as_slice()))
        .collect();
    zip_of(&entries)
}

/// A cook ("chef") with two published recipes and a draft, and a fan who favourites both
/// and their own recipe, rates both, and comments on one (and edits it); a rival rates one
/// too. Returns (chef, fan, [soup, stew, draft, fan's pie]).
async fn a_community(app: &TestApp) -> (TestUser, TestUser, [i64; 4]) {
    let chef = named_user(app, "chef").await;
    let fan = named_user(app, "fan").await;
    let rival = app.new_user().await;
    let soup = app.create_published(&chef, "Doenjang soup").await;
    let stew = app.create_published(&chef, "Kimchi stew").await;
    let draft = app.create_draft(&chef, "Secret sauce").await;
    let pie = app.create_published(&fan, "Fan pie").await;
    for id in [soup, stew, pie] {
        mark(app, &fan, &format!("/recipes/{id}/favorite"), None).await;
    }
    mark(
        app,
        &fan,
        &format!("/recipes/{soup}/rating"),
        Some(json!({"stars": 4})),
    )
    .await;
    mark(
        app,
        &fan,
        &format!("/recipes/{stew}/rating"),
        Some(json!({"stars": 2})),
    )
    .await;
    mark(
        app,
        &rival,
        &format!("/recipes/{soup}/rating"),
        Some(json!({"stars": 5})),
    )
    .await;
    mark(app, &rival, &format!("/recipes/{soup}/favorite"), None).await;
    let posted = app
        .post(
            &format!("/recipes/{soup}/comments"),
            Some(&fan.token),
            &json!({"body": "Too salty"}),
        )
        .await;
    assert_eq!(posted.status, StatusCode::CREATED, "{}", posted.body);
    app.patch(
        &format!("/comments/{}", posted.body["info"]["id"]),
        Some(&fan.token),
        &json!({"body": "Just right\nwith rice"}),
    )
    .await
    .assert_success();
    (chef, fan, [soup, stew, draft, pie])
}

/// The uid an account's archive gives its recipe named `name`.
pub(crate) fn uid_of(archive: &[(String, Vec<u8>)], name: &str) -> String {
    archive
        .iter()
        .filter(|(file, _)| file.starts_with("recipes/"))
        .map(|(_, bytes)| serde_json::from_slice::<Value>(bytes).unwrap())
        .find(|document| document["name"] == name)
        .unwrap_or_else(|| panic!("{name} is in the archive"))["recipe_api"]["uid"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[apply(backends)]
#[tokio::test]
async fn the_archive_holds_the_accounts_favourites_ratings_and_comments(backend: Backend) {
    let app = test_app!(backend);
    let (chef, fan, [soup, stew, _, pie]) = a_community(&app).await;
    // A recipe the fan favourited and rated that its author then unpublished: no longer the
    // fan's to see, so not in the fan's archive.
    let hidden = app.create_published(&chef, "Withdrawn").await;
    mark(&app, &fan, &format!("/recipes/{hidden}/favorite"), None).await;
    mark(
        &app,
        &fan,
        &format!("/recipes/{hidden}/rating"),
        Some(json!({"stars": 1})),
    )
    .await;
    app.request(
        Method::DELETE,
        &format!("/recipes/{hidden}/publish"),
        Some(&chef.token),
        None,
    )
    .await
    .assert_success_status();
    let chef_files = files(&export(&app, &chef).await);
    let fan_files = files(&export(&app, &fan).await);
    let manifest = json_file(&fan_files, "manifest.json");
    assert_eq!(manifest["version"], 3);
    assert_eq!(
        manifest["community"],
        json!({"favorites": "community/favorites.json", "ratings": "community/ratings.json",
               "comments": "community/comments.json", "following": "community/following.json",
               "collections": "community/collections.json"})
    );
    let soup_ref = json!({"uid": uid_of(&chef_files, "Doenjang soup"), "id": soup,
        "name": "Doenjang soup", "author": "chef"});
    let stew_ref = json!({"uid": uid_of(&chef_files, "Kimchi stew"), "id": stew,
        "name": "Kimchi stew", "author": "chef"});
    let pie_ref = json!({"uid": uid_of(&fan_files, "Fan pie"), "id": pie, "name": "Fan pie",
        "author": "fan"});

    let favorites = json_file(&fan_files, "community/favorites.json")["favorites"].clone();
    let refs: Vec<&Value> = favorites
        .as_array()
        .unwrap()
        .iter()
        .map(|f| &f["recipe"])
        .collect();
    assert_eq!(refs, [&soup_ref, &stew_ref, &pie_ref], "{favorites}");
    assert!(favorites[0]["created_at"].as_str().unwrap().ends_with('Z'));

    let ratings = json_file(&fan_files, "community/ratings.json")["ratings"].clone();
    let ratings: Vec<Value> = ratings
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            assert!(
                r["created_at"].is_string() && r["updated_at"].is_string(),
                "{r}"
            );
            json!([r["recipe"], r["stars"]])
        })
        .collect();
    assert_eq!(ratings, [json!([soup_ref, 4]), json!([stew_ref, 2])]);

    let comments = json_file(&fan_files, "community/comments.json")["comments"].clone();
    let comments = comments.as_array().unwrap();
    assert_eq!(comments.len(), 1, "{comments:?}");
    assert_eq!(comments[0]["recipe"], soup_ref);
    assert_eq!(comments[0]["body"], "Just right\nwith rice");
    assert!(comments[0]["created_at"].is_string() && comments[0]["edited_at"].is_string());

    // The chef did nothing in the community: the files are there, empty.
    assert_eq!(
        json_file(&chef_files, "community/favorites.json"),
        json!({"favorites": []})
    );
    assert_eq!(
        json_file(&chef_files, "community/ratings.json"),
        json!({"ratings": []})
    );
    assert_eq!(
        json_file(&chef_files, "community/comments.json"),
        json!({"comments": []})
    );
    assert_eq!(
        json_file(&chef_files, "community/following.json"),
        json!({"following": []})
    );
    assert_eq!(
        json_file(&chef_files, "community/collections.json"),
        json!({"collections": []})
    );
}

/// `GET /recipes/{id}` as `user`: (favorite_count, rating, comment_count, is_favorite,
/// my_rating).
async fn community_of(app: &TestApp, user: &TestUser, id: i64) -> Value {
    let info = app
        .get(&format!("/recipes/{id}"), Some(&user.token))
        .await
        .assert_success()["info"]
        .clone();
    json!([
        info["favorite_count"],
        info["rating"],
        info["comment_count"],
        info["is_favorite"],
        info["my_rating"]
    ])
}

#[apply(backends)]
#[tokio::test]
async fn favourites_and_ratings_move_to_another_server_by_uid_and_comments_stay(backend: Backend) {
    let source = test_app!(backend);
    let (chef, fan, _) = a_community(&source).await;
    let chef_archive = export(&source, &chef).await;
    let fan_archive = export(&source, &fan).await;
    let target = another(backend).await;
    // The chef moves first: the recipes are there, with their uids.
    let chef_there = target.new_user().await;
    let moved = restore(&target, &chef_there, chef_archive).await;
    let ids = moved.assert_success()["info"]["recipes"].clone();
    let (soup, stew, draft) = (
        ids[0].as_i64().unwrap(),
        ids[1].as_i64().unwrap(),
        ids[2].as_i64().unwrap(),
    );
    // Then the fan, into a fresh account.
    let fan_there = target.new_user().await;
    let reply = restore(&target, &fan_there, fan_archive.clone()).await;
    let body = reply.assert_success();
    assert_eq!(body["info"]["imported"], 1, "{body}");
    assert_eq!(
        body["info"]["favorites"],
        json!({"restored": 3, "skipped": 0, "not_found": 0})
    );
    assert_eq!(
        body["info"]["ratings"],
        json!({"restored": 2, "skipped": 0, "not_found": 0})
    );
    assert_eq!(body["warnings"], json!([]), "{body}");
    let pie = body["info"]["recipes"][0].as_i64().unwrap();

    let expected = [
        (soup, json!([1, {"average": 4.0, "count": 1}, 0, true, 4])),
        (stew, json!([1, {"average": 2.0, "count": 1}, 0, true, 2])),
        (
            pie,
            json!([1, {"average": null, "count": 0}, 0, true, null]),
        ),
    ];
    for (id, counts) in &expected {
        assert_eq!(
            community_of(&target, &fan_there, *id).await,
            *counts,
            "recipe {id}"
        );
        let (stored, recount) = counters_and_recount(&target, *id).await;
        assert_eq!(stored, recount, "recipe {id}");
    }
    // The draft stayed the chef's alone; no comment was posted.
    assert_eq!(
        community_of(&target, &chef_there, draft).await,
        json!([0, {"average": null, "count": 0}, 0, false, null])
    );
    let thread = target.get(&format!("/recipes/{soup}/comments"), None).await;
    assert_eq!(thread.assert_success()["result_list"], json!([]));

    // Twice adds nothing, and a rating changed here since is left as it is.
    mark(
        &target,
        &fan_there,
        &format!("/recipes/{stew}/rating"),
        Some(json!({"stars": 3})),
    )
    .await;
    let again = restore(&target, &fan_there, fan_archive).await;
    let body = again.assert_success();
    assert_eq!(body["info"]["imported"], 0);
    assert_eq!(
        body["info"]["favorites"],
        json!({"restored": 0, "skipped": 3, "not_found": 0})
    );
    assert_eq!(
        body["info"]["ratings"],
        json!({"restored": 0, "skipped": 2, "not_found": 0})
    );
    assert_eq!(community_of(&target, &fan_there, soup).await, expected[0].1);
    assert_eq!(
        community_of(&target, &fan_there, stew).await,
        json!([1, {"average": 3.0, "count": 1}, 0, true, 3])
    );
    for id in [soup, stew, pie] {
        let (stored, recount) = counters_and_recount(&target, id).await;
        assert_eq!(stored, recount, "recipe {id}");
    }
}

#[apply(backends)]
#[tokio::test]
async fn what_is_not_found_here_is_a_warning_and_own_recipes_are_not_rated(backend: Backend) {
    let app = test_app!(backend);
    let fan = app.new_user().await;
    let own = "00000000000000000000000000000001";
    let nowhere = "00000000000000000000000000000002";
    let manifest = json!({"format": "recipe-api-archive", "version": 2,
        "recipes": [format!("recipes/{own}.json")],
        "community": {"favorites": "community/favorites.json",
                      "ratings": "community/ratings.json",
                      "comments": "community/comments.json"}});
    let recipe = json!({"recipe_api": {"uid": own, "name": "Mine", "published": true}});
    let favorites = json!({"favorites": [
        {"recipe": {"uid": own, "name": "Mine"}},
        {"recipe": {"uid": nowhere, "name": "Elsewhere", "author": "someone"}},
        {"recipe": {"uid": own}}]});
    let ratings = json!({"ratings": [
        {"recipe": {"uid": own, "name": "Mine"}, "stars": 5},
        {"recipe": {"uid": nowhere}, "stars": 3}]});
    // Never read: comments are not re-posted, whatever the file holds.
    let comments = b"{broken";
    let (manifest, recipe) = (manifest.to_string(), recipe.to_string());
    let (favorites, ratings) = (favorites.to_string(), ratings.to_string());
    let archive = zip_of(&[
        ("manifest.json", manifest.as_bytes()),
        (&format!("recipes/{own}.json"), recipe.as_bytes()),
        ("community/favorites.json", favorites.as_bytes()),
        ("community/ratings.json", ratings.as_bytes()),
        ("community/comments.json", comments),
    ]);
    let reply = restore(&app, &fan, archive).await;
    let body = reply.assert_success();
    assert_eq!(body["info"]["imported"], 1, "{body}");
    // Its own recipe may be a favourite (once, though the archive names it twice).
    assert_eq!(
        body["info"]["favorites"],
        json!({"restored": 1, "skipped": 1, "not_found": 1})
    );
    assert_eq!(
        body["info"]["ratings"],
        json!({"restored": 0, "skipped": 0, "not_found": 2})
    );
    let warnings: Vec<&str> = body["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap())
        .collect();
    assert_eq!(warnings.len(), 3, "{warnings:?}");
    assert!(
        warnings[0].starts_with("community/favorites.json: \"Elsewhere\" by someone")
            && warnings[0].contains("no recipe here with this uid that you can see"),
        "{warnings:?}"
    );
    assert!(
        warnings[1].contains("\"Mine\"") && warnings[1].contains("yours"),
        "{warnings:?}"
    );
    assert!(
        warnings[2].starts_with("community/ratings.json"),
        "{warnings:?}"
    );
    let mine = body["info"]["recipes"][0].as_i64().unwrap();
    assert_eq!(
        community_of(&app, &fan, mine).await,
        json!([1, {"average": null, "count": 0}, 0, true, null])
    );
}

#[apply(backends)]
#[tokio::test]
async fn an_archive_without_the_community_files_still_imports(backend: Backend) {
    let app = test_app!(backend);
    let cook = app.new_user().await;
    let uid = "0123456789abcdef0123456789abcdef";
    let manifest = json!({"format": "recipe-api-archive", "version": 1,
        "recipes": [format!("recipes/{uid}.json")]})
    .to_string();
    let recipe =
        json!({"recipe_api": {"uid": uid, "name": "Old archive", "published": true}}).to_string();
    let archive = zip_of(&[
        ("manifest.json", manifest.as_bytes()),
        (&format!("recipes/{uid}.json"), recipe.as_bytes()),
    ]);
    let reply = restore(&app, &cook, archive).await;
    let body = reply.assert_success();
    assert_eq!(body["info"]["imported"], 1, "{body}");
    assert_eq!(
        body["info"]["favorites"],
        json!({"restored": 0, "skipped": 0, "not_found": 0})
    );
    assert_eq!(
        body["info"]["ratings"],
        json!({"restored": 0, "skipped": 0, "not_found": 0})
    );
    assert_eq!(
        body["info"]["collections"],
        json!({"created": 0, "existing": 0, "not_restored": 0, "recipes_added": 0,
               "recipes_skipped": 0, "recipes_not_added": 0})
    );
    assert_eq!(body["warnings"], json!([]), "{body}");
}

#[apply(backends)]
#[tokio::test]
async fn a_tampered_or_oversized_community_file_refuses_the_whole_archive(backend: Backend) {
    let app = test_app!(backend, |settings| settings.archive_max_bytes = 64 * 1024);
    let (_, fan, _) = a_community(&app).await;
    let archive = export(&app, &fan).await;
    let newcomer = app.new_user().await;
    let rating = |stars: &str| {
        let uid = "0123456789abcdef0123456789abcdef";
        format!(r#"{{"ratings": [{{"recipe": {{"uid": "{uid}"}}, "stars": {stars}}}]}}"#)
    };
    let oversized = format!(
        r#"{{"favorites": [], "padding": "{}"}}"#,
        " ".repeat(4 * 64 * 1024)
    );
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "community/ratings.json",
            rating("6").into_bytes(),
            "stars must be an integer",
        ),
        (
            "community/ratings.json",
            rating("\"5\"").into_bytes(),
            "not a file of ratings",
        ),
        (
            "community/ratings.json",
            rating("9999999999999999999999").into_bytes(),
            "ratings",
        ),
        (
            "community/favorites.json",
            b"[1, 2, 3]".to_vec(),
            "not a file of favourites",
        ),
        (
            "community/favorites.json",
            br#"{"favorites": [{"recipe": {"uid": "DROP TABLE recipe"}}]}"#.to_vec(),
            "favorites[0]: recipe.uid",
        ),
        (
            "community/favorites.json",
            oversized.into_bytes(),
            "more than the server accepts",
        ),
    ];
    for (file, bytes, expected) in cases {
        let tampered = with_file(&archive, file, &bytes);
        let reply = restore(&app, &newcomer, tampered).await;
        let body = reply.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid_archive");
        assert!(body.to_string().contains(expected), "{expected}: {body}");
    }
    // A file the manifest names but the zip lacks.
    let manifest = json_file(&files(&archive), "manifest.json");
    let mut manifest = manifest;
    manifest["community"]["ratings"] = json!("community/elsewhere.json");
    let lacking = with_file(&archive, "manifest.json", manifest.to_string().as_bytes());
    restore(&app, &newcomer, lacking)
        .await
        .assert_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid_archive");
    // Nothing of a refused archive was restored.
    let mine = app.get("/recipes/me", Some(&newcomer.token)).await;
    assert_eq!(mine.assert_success()["result_list"], json!([]));
    let favorites = app.get("/users/me/favorites", Some(&newcomer.token)).await;
    assert_eq!(favorites.assert_success()["result_list"], json!([]));
}
