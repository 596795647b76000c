//! `POST /admin/recipes/{id}/hide|unhide`: a hidden recipe is invisible to everyone but its
//! owner — by id, in lists, search, tag counts, profiles, feeds, favourites, collections and
//! shared pages — and its owner sees why and cannot publish it until it is unhidden.

use reqwest::{Method, StatusCode};
use rstest::rstest;
use rstest_reuse::apply;
use serde_json::{Value, json};

use super::new_admin;
use crate::backends::{Backend, backends};
use crate::helpers::{TestApp, test_app};

/// The ids in a list answer.
fn ids(body: &Value) -> Vec<i64> {
    body["result_list"]
        .as_array()
        .map(|list| list.iter().filter_map(|r| r["id"].as_i64()).collect())
        .unwrap_or_default()
}

/// The published count of `tag` in `GET /tags` (0 when absent).
async fn tag_count(app: &TestApp, tag: &str) -> i64 {
    let reply = app.get("/tags?limit=100", None).await;
    reply.body["tags"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == tag)
        .and_then(|t| t["recipe_count"].as_i64())
        .unwrap_or(0)
}

/// Whether `viewer` (or anyone, with `None`) finds recipe `id` anywhere it could be listed.
async fn visible_anywhere(app: &TestApp, id: i64, owner: i64, viewer: Option<&str>) -> Vec<String> {
    let mut seen = Vec::new();
    let lists = [
        "/recipes?limit=100".to_owned(),
        "/recipes?q=gochujang&limit=100".to_owned(),
        "/recipes?tag=hidden-tag&limit=100".to_owned(),
        format!("/users/{owner}/recipes?limit=100"),
        "/users/me/feed?limit=100".to_owned(),
        "/users/me/favorites?limit=100".to_owned(),
        "/collections/1/recipes?limit=100".to_owned(),
    ];
    for path in lists {
        let reply = app.get(&path, viewer).await;
        if reply.status.is_success() && ids(&reply.body).contains(&id) {
            seen.push(path);
        }
    }
    if app
        .get(&format!("/recipes/{id}"), viewer)
        .await
        .status
        .is_success()
    {
        seen.push(format!("/recipes/{id}"));
    }
    if app
        .get(&format!("/recipes/{id}/comments"), viewer)
        .await
        .status
        .is_success()
    {
        seen.push(format!("/recipes/{id}/comments"));
    }
    let page = app
        .client
        .get(format!("{}/r/{id}", app.address))
        .send()
        .await
        .unwrap();
    if page.status().is_success() && viewer.is_none() {
        let html = page.text().await.unwrap();
        if html.contains("Gochujang stew") {
            seen.push(format!("/r/{id}"));
        }
    }
    seen
}

#[apply(backends)]
#[tokio::test]
async fn a_hidden_recipe_is_invisible_to_others_everywhere_and_unhiding_restores_it(
    backend: Backend,
) {
    let app = test_app!(backend);
    let admin = new_admin(&app).await;
    let owner = app.new_user_named("owner").await;
    let fan = app.new_user_named("fan").await;
    let id = app
        .publish_new(
            &owner,
            &json!({"name": "Gochujang stew", "description": "gochujang", "tags": ["hidden-tag"]}),
        )
        .await;
    // The fan follows the owner, favourites it, comments and keeps it in a collection.
    app.put(
        &format!("/users/{}/follow", owner.id),
        Some(&fan.token),
        &json!({}),
    )
    .await
    .assert_success();
    app.put(
        &format!("/recipes/{id}/favorite"),
        Some(&fan.token),
        &json!({}),
    )
    .await
    .assert_success();
    app.post(
        &format!("/recipes/{id}/comments"),
        Some(&fan.token),
        &json!({"body": "yum"}),
    )
    .await
    .assert_created();
    let collection = app
        .post(
            "/collections",
            Some(&fan.token),
            &json!({"name": "Stews", "visibility": "public"}),
        )
        .await;
    let collection = collection.body["collection"]["id"]
        .as_i64()
        .or(collection.body["info"]["id"].as_i64())
        .expect("collection id");
    assert_eq!(collection, 1);
    let added = app
        .put(
            &format!("/collections/1/recipes/{id}"),
            Some(&fan.token),
            &json!({}),
        )
        .await;
    assert!(added.status.is_success(), "{}", added.body);
    assert_eq!(tag_count(&app, "hidden-tag").await, 1);
    assert!(
        visible_anywhere(&app, id, owner.id, Some(&fan.token))
            .await
            .len()
            >= 7
    );

    // Hidden.
    let hidden = app
        .post(
            &format!("/admin/recipes/{id}/hide"),
            Some(&admin.token),
            &json!({"reason": "copied from a cookbook"}),
        )
        .await;
    let hidden = hidden.assert_success();
    assert_eq!(hidden["hidden"], true);
    assert_eq!(hidden["is_publish"], 0);
    for viewer in [None, Some(fan.token.as_str()), Some(admin.token.as_str())] {
        let seen = visible_anywhere(&app, id, owner.id, viewer).await;
        assert!(seen.is_empty(), "visible at {seen:?}");
    }
    assert_eq!(tag_count(&app, "hidden-tag").await, 0);
    let profile = app.get(&format!("/users/{}", owner.id), None).await;
    assert_eq!(profile.body["user"]["recipe_count"], 0);

    // Its owner still sees it, with the reason, and cannot publish it.
    let own = app.get(&format!("/recipes/{id}"), Some(&owner.token)).await;
    assert_eq!(
        own.assert_success()["info"]["hidden_reason"],
        "copied from a cookbook"
    );
    let mine = app.get("/recipes/me?limit=100", Some(&owner.token)).await;
    assert!(ids(mine.assert_success()).contains(&id));
    app.request(
        Method::PUT,
        &format!("/recipes/{id}/publish"),
        Some(&owner.token),
        None,
    )
    .await
    .assert_error(StatusCode::FORBIDDEN, "recipe_hidden");
    assert!(visible_anywhere(&app, id, owner.id, None).await.is_empty());
    // Editing it is still allowed; it stays hidden.
    app.patch(
        &format!("/recipes/{id}"),
        Some(&owner.token),
        &json!({"description": "gochujang, fixed"}),
    )
    .await
    .assert_success();
    assert!(
        visible_anywhere(&app, id, owner.id, Some(&fan.token))
            .await
            .is_empty()
    );
    // Hiding again keeps the first reason.
    let again = app
        .post(
            &format!("/admin/recipes/{id}/hide"),
            Some(&admin.token),
            &json!({"reason": "other"}),
        )
        .await;
    assert_eq!(again.assert_success()["reason"], "copied from a cookbook");

    // Unhidden: published again, everywhere again, counted in its tag again.
    let shown = app
        .request(
            Method::POST,
            &format!("/admin/recipes/{id}/unhide"),
            Some(&admin.token),
            None,
        )
        .await;
    let shown = shown.assert_success();
    assert_eq!(
        (shown["hidden"].clone(), shown["is_publish"].clone()),
        (json!(false), json!(1))
    );
    assert_eq!(tag_count(&app, "hidden-tag").await, 1);
    assert!(
        visible_anywhere(&app, id, owner.id, Some(&fan.token))
            .await
            .len()
            >= 7
    );
    let own = app.get(&format!("/recipes/{id}"), Some(&owner.token)).await;
    assert!(own.body["info"].get("hidden_reason").is_none());

    // A draft hidden and unhidden stays a draft; missing reason or recipe are refused.
    let draft = app.create_draft(&owner, "draft").await;
    app.post(
        &format!("/admin/recipes/{draft}/hide"),
        Some(&admin.token),
        &json!({"reason": "x"}),
    )
    .await
    .assert_success();
    let shown = app
        .request(
            Method::POST,
            &format!("/admin/recipes/{draft}/unhide"),
            Some(&admin.token),
            None,
        )
        .await;
    assert_eq!(shown.assert_success()["is_publish"], 0);
    app.post(
        &format!("/admin/recipes/{id}/hide"),
        Some(&admin.token),
        &json!({}),
    )
    .await
    .assert_error(StatusCode::BAD_REQUEST, "validation_error");
    app.post(
        "/admin/recipes/987654/hide",
        Some(&admin.token),
        &json!({"reason": "x"}),
    )
    .await
    .assert_error(StatusCode::NOT_FOUND, "not_found");
}
