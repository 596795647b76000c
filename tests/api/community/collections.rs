//! Collections: creating and changing them, their recipes in order, who reads what (public,
//! unlisted with its key, private), drafts never shown to others, share keys revoked, lists of
//! a user's collections, and the limits.

use reqwest::{Method, StatusCode};
use rstest::rstest;
use rstest_reuse::apply;
use serde_json::{Value, json};

use crate::backends::{Backend, backends};
use crate::helpers::{PASSWORD, TestApp, TestUser, test_app};
use crate::search::listed;

async fn create(app: &TestApp, user: &TestUser, body: Value) -> Value {
    let reply = app.post("/collections", Some(&user.token), &body).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    assert_eq!(
        reply.headers["location"],
        format!("/collections/{}", reply.body["info"]["id"])
    );
    reply.body["info"].clone()
}

async fn add(app: &TestApp, user: &TestUser, collection: i64, recipe: i64) -> Value {
    app.request(
        Method::PUT,
        &format!("/collections/{collection}/recipes/{recipe}"),
        Some(&user.token),
        None,
    )
    .await
    .assert_success()["info"]
        .clone()
}

#[apply(backends)]
#[tokio::test]
async fn a_collection_keeps_its_recipes_in_the_order_they_were_added(backend: Backend) {
    let app = test_app!(backend);
    let cook = app.new_user().await;
    let curator = app.new_user().await;
    let made = create(
        &app,
        &curator,
        json!({"name": " Weeknight dinners ", "description": "quick ones", "visibility": "public"}),
    )
    .await;
    assert_eq!(made["name"], "Weeknight dinners");
    assert_eq!(made["visibility"], "public");
    assert_eq!(made["recipe_count"], 0);
    assert_eq!(made["user_id"], curator.id);
    let key = made["share_key"].as_str().unwrap();
    assert_eq!(key.len(), 43);
    let id = made["id"].as_i64().unwrap();
    let (a, b, c) = (
        app.create_published(&cook, "A").await,
        app.create_published(&cook, "B").await,
        app.create_published(&cook, "C").await,
    );
    for recipe in [b, a, c, a] {
        add(&app, &curator, id, recipe).await;
    }
    let recipes = format!("/collections/{id}/recipes");
    assert_eq!(
        listed(&app, &recipes, None).await,
        [b, a, c],
        "added order, once each"
    );
    let info = app.get(&format!("/collections/{id}"), None).await;
    let info = &info.assert_success()["info"];
    assert_eq!(info["recipe_count"], 3);
    assert!(
        info.get("share_key").is_none(),
        "only the owner sees the key: {info}"
    );
    // Pages follow the order.
    let page = app.get(&format!("{recipes}?limit=2"), None).await;
    let body = page.assert_success().clone();
    let cursor = body["next_cursor"].as_str().unwrap();
    assert!(page.headers["link"].to_str().unwrap().contains(cursor));
    assert_eq!(
        listed(&app, &format!("{recipes}?limit=2&cursor={cursor}"), None).await,
        [c]
    );
    // Removing is idempotent.
    for _ in 0..2 {
        app.delete(
            &format!("/collections/{id}/recipes/{a}"),
            Some(&curator.token),
        )
        .await
        .assert_success();
    }
    assert_eq!(listed(&app, &recipes, None).await, [b, c]);
    // Changing it.
    let changed = app
        .patch(
            &format!("/collections/{id}"),
            Some(&curator.token),
            &json!({"name": "Fast food", "description": null}),
        )
        .await;
    let info = &changed.assert_success()["info"];
    assert_eq!(
        (info["name"].clone(), info["description"].clone()),
        (json!("Fast food"), json!(null))
    );
    assert_eq!(info["share_key"], key, "the key stays unless asked");
    // A deleted recipe leaves every collection.
    app.delete(&format!("/recipes/{b}"), Some(&cook.token))
        .await
        .assert_success();
    assert_eq!(listed(&app, &recipes, None).await, [c]);
    // Deleting the collection leaves its recipes.
    app.delete(&format!("/collections/{id}"), Some(&curator.token))
        .await
        .assert_success();
    app.get(&format!("/collections/{id}"), Some(&curator.token))
        .await
        .assert_error(StatusCode::NOT_FOUND, "not_found");
    app.get(&format!("/recipes/{c}"), None)
        .await
        .assert_success();
}

#[apply(backends)]
#[tokio::test]
async fn public_unlisted_and_private_collections_are_read_by_whom_they_should(backend: Backend) {
    let app = test_app!(backend);
    let owner = app.new_user().await;
    let other = app.new_user().await;
    let recipe = app.create_published(&other, "Shared").await;
    let mut ids = Vec::new();
    for visibility in ["public", "unlisted", "private"] {
        let made = create(
            &app,
            &owner,
            json!({"name": visibility, "visibility": visibility}),
        )
        .await;
        add(&app, &owner, made["id"].as_i64().unwrap(), recipe).await;
        ids.push((
            made["id"].as_i64().unwrap(),
            made["share_key"].as_str().unwrap().to_owned(),
        ));
    }
    let [(public, _), (unlisted, key), (private, private_key)] = ids.try_into().unwrap();
    for token in [None, Some(other.token.as_str())] {
        for path in [
            format!("/collections/{public}"),
            format!("/collections/{public}/recipes"),
        ] {
            app.get(&path, token).await.assert_success();
        }
        for path in [
            format!("/collections/{unlisted}"),
            format!("/collections/{unlisted}/recipes"),
            format!("/collections/{unlisted}?key=wrong"),
            format!("/collections/{private}"),
            format!("/collections/{private}/recipes"),
            format!("/collections/{private}?key={private_key}"),
        ] {
            app.get(&path, token)
                .await
                .assert_error(StatusCode::NOT_FOUND, "not_found");
        }
        app.get(&format!("/collections/{unlisted}?key={key}"), token)
            .await
            .assert_success();
        assert_eq!(
            listed(
                &app,
                &format!("/collections/{unlisted}/recipes?key={key}"),
                token
            )
            .await,
            [recipe]
        );
    }
    for id in [public, unlisted, private] {
        app.get(&format!("/collections/{id}"), Some(&owner.token))
            .await
            .assert_success();
    }
    // A new share key revokes the old links.
    let renewed = app
        .patch(
            &format!("/collections/{unlisted}"),
            Some(&owner.token),
            &json!({"new_share_key": true}),
        )
        .await;
    let new_key = renewed.assert_success()["info"]["share_key"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_ne!(new_key, key);
    app.get(&format!("/collections/{unlisted}?key={key}"), None)
        .await
        .assert_error(StatusCode::NOT_FOUND, "not_found");
    app.get(&format!("/collections/{unlisted}?key={new_key}"), None)
        .await
        .assert_success();
    // Others may read but not change: 403 where they can read, 404 where they cannot.
    let change = json!({"name": "mine now"});
    app.patch(
        &format!("/collections/{public}"),
        Some(&other.token),
        &change,
    )
    .await
    .assert_error(StatusCode::FORBIDDEN, "forbidden");
    app.patch(
        &format!("/collections/{unlisted}?key={new_key}"),
        Some(&other.token),
        &change,
    )
    .await
    .assert_error(StatusCode::FORBIDDEN, "forbidden");
    app.patch(
        &format!("/collections/{private}"),
        Some(&other.token),
        &change,
    )
    .await
    .assert_error(StatusCode::NOT_FOUND, "not_found");
    for (method, path) in [
        (
            Method::PUT,
            format!("/collections/{public}/recipes/{recipe}"),
        ),
        (
            Method::DELETE,
            format!("/collections/{public}/recipes/{recipe}"),
        ),
        (Method::DELETE, format!("/collections/{public}")),
    ] {
        app.request(method, &path, Some(&other.token), None)
            .await
            .assert_error(StatusCode::FORBIDDEN, "forbidden");
    }
    for (method, path) in [
        (
            Method::PUT,
            format!("/collections/{private}/recipes/{recipe}"),
        ),
        (Method::DELETE, format!("/collections/{private}")),
    ] {
        app.request(method, &path, Some(&other.token), None)
            .await
            .assert_error(StatusCode::NOT_FOUND, "not_found");
    }
    // Profiles list public collections; the owner's own list has all three, with their keys.
    let theirs = app
        .get(
            &format!("/users/{}/collections", owner.id),
            Some(&other.token),
        )
        .await;
    let body = theirs.assert_success();
    assert_eq!(body["count"], 1);
    assert_eq!(body["result_list"][0]["id"], public);
    assert!(body["result_list"][0].get("share_key").is_none());
    let mine = app
        .get("/users/me/collections?limit=2", Some(&owner.token))
        .await;
    let body = mine.assert_success().clone();
    assert_eq!(body["count"], 2);
    assert!(body["result_list"][0]["share_key"].is_string());
    let cursor = body["next_cursor"].as_str().unwrap();
    let rest = app
        .get(
            &format!("/users/me/collections?limit=2&cursor={cursor}"),
            Some(&owner.token),
        )
        .await;
    assert_eq!(rest.assert_success()["result_list"][0]["id"], public);
    app.get("/users/me/collections", None)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "missing_token");
    app.get("/users/987654/collections", None)
        .await
        .assert_error(StatusCode::NOT_FOUND, "not_found");
}

#[apply(backends)]
#[tokio::test]
async fn another_users_draft_is_never_added_nor_shown(backend: Backend) {
    let app = test_app!(backend);
    let owner = app.new_user().await;
    let cook = app.new_user().await;
    let public = create(
        &app,
        &owner,
        json!({"name": "Public", "visibility": "public"}),
    )
    .await;
    let id = public["id"].as_i64().unwrap();
    let draft = app.create_draft(&cook, "Someone's draft").await;
    app.request(
        Method::PUT,
        &format!("/collections/{id}/recipes/{draft}"),
        Some(&owner.token),
        None,
    )
    .await
    .assert_error(StatusCode::NOT_FOUND, "not_found");
    app.request(
        Method::PUT,
        &format!("/collections/{id}/recipes/987654"),
        Some(&owner.token),
        None,
    )
    .await
    .assert_error(StatusCode::NOT_FOUND, "not_found");
    // The owner's own draft is theirs to keep in it, and shown to them alone.
    let own_draft = app.create_draft(&owner, "My draft").await;
    let published = app.create_published(&cook, "Published").await;
    add(&app, &owner, id, own_draft).await;
    add(&app, &owner, id, published).await;
    let recipes = format!("/collections/{id}/recipes");
    assert_eq!(
        listed(&app, &recipes, Some(&owner.token)).await,
        [own_draft, published]
    );
    assert_eq!(listed(&app, &recipes, None).await, [published]);
    assert_eq!(
        app.get(&format!("/collections/{id}"), None)
            .await
            .assert_success()["info"]["recipe_count"],
        1
    );
    // A recipe unpublished after it was added leaves others' view, and comes back with it.
    app.delete(&format!("/recipes/{published}/publish"), Some(&cook.token))
        .await
        .assert_success();
    assert!(listed(&app, &recipes, Some(&cook.token)).await.is_empty());
    assert_eq!(
        listed(&app, &recipes, Some(&owner.token)).await,
        [own_draft]
    );
    app.request(
        Method::PUT,
        &format!("/recipes/{published}/publish"),
        Some(&cook.token),
        None,
    )
    .await
    .assert_success();
    assert_eq!(listed(&app, &recipes, None).await, [published]);
}

#[apply(backends)]
#[tokio::test]
async fn collections_validate_their_input_and_go_with_their_account(backend: Backend) {
    let app = test_app!(backend);
    let owner = app.new_user().await;
    for bad in [
        json!({}),
        json!({"name": ""}),
        json!({"name": "a\nb"}),
        json!({"name": "x".repeat(101)}),
        json!({"name": "ok", "visibility": "secret"}),
        json!({"name": "ok", "description": "x".repeat(2001)}),
        json!({"name": 5}),
    ] {
        let reply = app.post("/collections", Some(&owner.token), &bad).await;
        assert_eq!(
            reply.status,
            StatusCode::BAD_REQUEST,
            "{bad}: {}",
            reply.body
        );
    }
    let made = create(&app, &owner, json!({"name": "Mine"})).await;
    assert_eq!(made["visibility"], "private");
    let id = made["id"].as_i64().unwrap();
    for bad in [
        json!({"name": null}),
        json!({"visibility": null}),
        json!({"visibility": "x"}),
    ] {
        let reply = app
            .patch(&format!("/collections/{id}"), Some(&owner.token), &bad)
            .await;
        reply.assert_error(StatusCode::BAD_REQUEST, "validation_error");
    }
    for (method, path) in [
        (Method::PATCH, "/collections/0"),
        (Method::GET, "/collections/abc"),
        (Method::PUT, "/collections/1/recipes/0"),
        (Method::DELETE, "/collections/-1/recipes/1"),
    ] {
        let reply = app
            .request(method, path, Some(&owner.token), Some(&json!({})))
            .await;
        assert_eq!(
            reply.status,
            StatusCode::BAD_REQUEST,
            "{path}: {}",
            reply.body
        );
    }
    app.post("/collections", None, &json!({"name": "x"}))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "missing_token");
    app.request(
        Method::DELETE,
        "/users/me",
        Some(&owner.token),
        Some(&json!({"password": PASSWORD})),
    )
    .await
    .assert_success();
    let viewer = app.new_user().await;
    app.get(&format!("/collections/{id}"), Some(&viewer.token))
        .await
        .assert_error(StatusCode::NOT_FOUND, "not_found");
}
