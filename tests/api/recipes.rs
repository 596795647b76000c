//! Recipe CRUD, lists and pagination.

use rstest::rstest;
use rstest_reuse::apply;

use reqwest::{StatusCode, header};
use serde_json::{Value, json};

use crate::backends::{Backend, backends};
use crate::helpers::test_app;

/// The original's keys in its order, then the keys recipe-api adds.
const KEYS: [&str; 25] = [
    "id",
    "user_id",
    "name",
    "description",
    "num_of_servings",
    "cook_time",
    "directions",
    "is_publish",
    "created_at",
    "updated_at",
    "ingredients",
    "tags",
    "cover_url",
    "cover",
    "images",
    "source_url",
    "ingredient_items",
    "measure_system",
    "measure_system_assumed",
    "scaled_from",
    "favorite_count",
    "rating",
    "comment_count",
    "is_favorite",
    "my_rating",
];

fn assert_rfc3339_utc(value: &Value) {
    let text = value.as_str().expect("timestamp string");
    assert!(text.ends_with('Z') && text.len() == 20, "{text}");
    chrono::DateTime::parse_from_rfc3339(text).expect("RFC 3339");
}

#[apply(backends)]
#[tokio::test]
async fn create_answers_201_with_location_and_the_original_shape(backend: Backend) {
    let app = test_app!(backend);
    let user = app.new_user().await;
    let body = json!({"name": "김치찌개", "description": "spicy", "num_of_servings": 2, "cook_time": 30, "directions": "boil"});
    let reply = app.post("/recipes", Some(&user.token), &body).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    assert_eq!(reply.body["result"], "success");
    let info = &reply.body["info"];
    let id = info["id"].as_i64().unwrap();
    assert_eq!(reply.headers[header::LOCATION], format!("/recipes/{id}"));
    let keys: Vec<&str> = info
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, KEYS, "keys and their order");
    assert_eq!(info["user_id"], user.id);
    assert_eq!(info["name"], "김치찌개");
    assert_eq!(info["num_of_servings"], 2);
    assert_eq!(info["cook_time"], 30);
    assert_eq!(info["is_publish"], 0);
    assert_rfc3339_utc(&info["created_at"]);
    assert_rfc3339_utc(&info["updated_at"]);
    let read = app.get(&format!("/recipes/{id}"), Some(&user.token)).await;
    assert_eq!(read.assert_success()["info"], *info);
}

#[apply(backends)]
#[tokio::test]
async fn create_accepts_nulls_and_ignores_unknown_fields(backend: Backend) {
    let app = test_app!(backend);
    let user = app.new_user().await;
    let body = json!({"name": "밥", "description": null, "cook_time": null, "user_id": 999, "is_publish": 1, "extra": [1]});
    let info = app.create_recipe(&user, &body).await;
    assert_eq!(info["user_id"], user.id);
    assert_eq!(info["is_publish"], 0);
    assert_eq!(info["description"], Value::Null);
    assert_eq!(info["cook_time"], Value::Null);
}

#[apply(backends)]
#[tokio::test]
async fn create_validates_fields(backend: Backend) {
    let app = test_app!(backend);
    let user = app.new_user().await;
    let cases = [
        (json!({}), "name"),
        (json!({"name": "   "}), "name"),
        (json!({"name": "x".repeat(201)}), "name"),
        (
            json!({"name": "x", "num_of_servings": 0}),
            "num_of_servings",
        ),
        (
            json!({"name": "x", "num_of_servings": 1001}),
            "num_of_servings",
        ),
        (json!({"name": "x", "cook_time": -1}), "cook_time"),
        (json!({"name": "x", "cook_time": 10081}), "cook_time"),
        (json!({"name": "x", "cook_time": "30"}), "cook_time"),
        (json!({"name": "x", "cook_time": 2.5}), "cook_time"),
        (json!({"name": "x", "cook_time": 1e30}), "cook_time"),
        (json!({"name": 5}), "name"),
        (json!({"name": "x", "description": ["a"]}), "description"),
        (
            json!({"name": "x", "description": "d".repeat(5001)}),
            "description",
        ),
        (
            json!({"name": "x", "directions": "d".repeat(20_001)}),
            "directions",
        ),
    ];
    for (body, field) in cases {
        let reply = app.post("/recipes", Some(&user.token), &body).await;
        let error = reply.assert_error(StatusCode::BAD_REQUEST, "validation_error");
        assert!(error["fields"][field].is_string(), "{field}: {error}");
    }
    let huge = br#"{"name": "x", "cook_time": 123456789012345678901234567890}"#.to_vec();
    let reply = app
        .send_raw(
            reqwest::Method::POST,
            "/recipes",
            Some(&user.token),
            "application/json",
            huge,
        )
        .await;
    reply.assert_error(StatusCode::BAD_REQUEST, "validation_error");
    assert_eq!(
        app.get("/recipes/me", Some(&user.token)).await.body["count"],
        0
    );
}

#[apply(backends)]
#[tokio::test]
async fn public_list_shows_only_published_recipes_newest_first(backend: Backend) {
    let app = test_app!(backend);
    let user = app.new_user().await;
    let first = app.create_published(&user, "first").await;
    app.create_draft(&user, "draft").await;
    let second = app.create_published(&user, "second").await;
    let reply = app.get("/recipes", None).await;
    let body = reply.assert_success();
    assert_eq!(body["count"], 2);
    let ids: Vec<i64> = body["result_list"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, vec![second, first]);
    assert!(
        body["result_list"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["is_publish"] == 1)
    );
}

#[apply(backends)]
#[tokio::test]
async fn lists_paginate_with_offset_and_limit(backend: Backend) {
    let app = test_app!(backend);
    let user = app.new_user().await;
    let mut ids = Vec::new();
    for i in 0..5 {
        ids.push(app.create_published(&user, &format!("r{i}")).await);
    }
    ids.reverse();
    let page = |body: &Value| -> Vec<i64> {
        body["result_list"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_i64().unwrap())
            .collect()
    };
    let reply = app.get("/recipes?offset=1&limit=2", None).await;
    assert_eq!(reply.assert_success()["count"], 2);
    assert_eq!(page(&reply.body), ids[1..3]);
    let reply = app.get("/recipes?offset=4&limit=25", None).await;
    assert_eq!(page(&reply.body), ids[4..]);
    let reply = app.get("/recipes?offset=50", None).await;
    assert_eq!(reply.assert_success()["count"], 0);
    let reply = app
        .get("/recipes?offset=9223372036854775807&limit=100", None)
        .await;
    assert_eq!(reply.assert_success()["count"], 0);
    let reply = app.get("/recipes?limit=0", None).await;
    assert_eq!(reply.assert_success()["count"], 0);
    let reply = app
        .get("/recipes/me?offset=3&limit=10", Some(&user.token))
        .await;
    assert_eq!(page(&reply.body), ids[3..]);
}

#[apply(backends)]
#[tokio::test]
async fn list_limit_defaults_to_25_and_is_capped_at_100(backend: Backend) {
    let app = test_app!(backend);
    let user = app.new_user().await;
    for i in 0..105 {
        app.create_draft(&user, &format!("r{i}")).await;
    }
    assert_eq!(
        app.get("/recipes/me", Some(&user.token)).await.body["count"],
        25
    );
    assert_eq!(
        app.get("/recipes/me?limit=1000", Some(&user.token))
            .await
            .body["count"],
        100
    );
}

#[apply(backends)]
#[tokio::test]
async fn bad_pagination_parameters_are_400(backend: Backend) {
    let app = test_app!(backend);
    let user = app.new_user().await;
    for query in [
        "offset=-1",
        "limit=-5",
        "offset=abc",
        "limit=1.5",
        "limit=",
        "offset=99999999999999999999",
        "limit=%FF",
    ] {
        let reply = app.get(&format!("/recipes?{query}"), None).await;
        assert_eq!(
            reply.status,
            StatusCode::BAD_REQUEST,
            "{query}: {}",
            reply.body
        );
        let reply = app
            .get(&format!("/recipes/me?{query}"), Some(&user.token))
            .await;
        assert_eq!(
            reply.status,
            StatusCode::BAD_REQUEST,
            "{query}: {}",
            reply.body
        );
    }
    let reply = app.get("/recipes?offset=-1", None).await;
    assert!(
        reply.assert_error(StatusCode::BAD_REQUEST, "validation_error")["fields"]["offset"]
            .is_string()
    );
}

#[apply(backends)]
#[tokio::test]
async fn put_replaces_every_editable_field(backend: Backend) {
    let app = test_app!(backend);
    let user = app.new_user().await;
    let created = app
        .create_recipe(&user, &json!({"name": "old", "description": "d", "num_of_servings": 4, "cook_time": 10, "directions": "x"}))
        .await;
    let id = created["id"].as_i64().unwrap();
    let reply = app
        .put(
            &format!("/recipes/{id}"),
            Some(&user.token),
            &json!({"name": "new", "cook_time": 45}),
        )
        .await;
    let info = &reply.assert_success()["info"];
    assert_eq!(info["name"], "new");
    assert_eq!(info["cook_time"], 45);
    assert_eq!(info["description"], Value::Null);
    assert_eq!(info["num_of_servings"], Value::Null);
    assert_eq!(info["created_at"], created["created_at"]);
    let reply = app
        .put(
            &format!("/recipes/{id}"),
            Some(&user.token),
            &json!({"cook_time": 45}),
        )
        .await;
    reply.assert_error(StatusCode::BAD_REQUEST, "validation_error");
}

#[apply(backends)]
#[tokio::test]
async fn patch_changes_only_the_given_fields(backend: Backend) {
    let app = test_app!(backend);
    let user = app.new_user().await;
    let created = app
        .create_recipe(
            &user,
            &json!({"name": "국", "description": "d", "num_of_servings": 4, "cook_time": 10}),
        )
        .await;
    let id = created["id"].as_i64().unwrap();
    let path = format!("/recipes/{id}");
    let reply = app
        .patch(
            &path,
            Some(&user.token),
            &json!({"cook_time": 20, "description": null}),
        )
        .await;
    let info = &reply.assert_success()["info"];
    assert_eq!(info["name"], "국");
    assert_eq!(info["num_of_servings"], 4);
    assert_eq!(info["cook_time"], 20);
    assert_eq!(info["description"], Value::Null);
    let reply = app.patch(&path, Some(&user.token), &json!({})).await;
    assert_eq!(reply.assert_success()["info"]["cook_time"], 20);
    let reply = app
        .patch(&path, Some(&user.token), &json!({"name": null}))
        .await;
    reply.assert_error(StatusCode::BAD_REQUEST, "validation_error");
    let reply = app
        .patch(&path, Some(&user.token), &json!({"num_of_servings": 0}))
        .await;
    reply.assert_error(StatusCode::BAD_REQUEST, "validation_error");
}

#[apply(backends)]
#[tokio::test]
async fn delete_removes_the_recipe(backend: Backend) {
    let app = test_app!(backend);
    let user = app.new_user().await;
    let id = app.create_published(&user, "gone").await;
    app.delete(&format!("/recipes/{id}"), Some(&user.token))
        .await
        .assert_success();
    app.get(&format!("/recipes/{id}"), Some(&user.token))
        .await
        .assert_error(StatusCode::NOT_FOUND, "not_found");
    app.delete(&format!("/recipes/{id}"), Some(&user.token))
        .await
        .assert_error(StatusCode::NOT_FOUND, "not_found");
    assert_eq!(app.get("/recipes", None).await.body["count"], 0);
}

#[apply(backends)]
#[tokio::test]
async fn my_recipes_include_drafts_and_only_mine(backend: Backend) {
    let app = test_app!(backend);
    let me = app.new_user().await;
    let other = app.new_user().await;
    let draft = app.create_draft(&me, "mine draft").await;
    let published = app.create_published(&me, "mine published").await;
    app.create_published(&other, "theirs").await;
    let body = app
        .get("/recipes/me", Some(&me.token))
        .await
        .assert_success()
        .clone();
    let ids: Vec<i64> = body["result_list"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, vec![published, draft]);
    assert_eq!(body["count"], 2);
}

#[apply(backends)]
#[tokio::test]
async fn invalid_and_missing_ids(backend: Backend) {
    let app = test_app!(backend);
    let user = app.new_user().await;
    for id in ["abc", "-1", "0", "1.5", "99999999999999999999999", "%FF"] {
        let path = format!("/recipes/{id}");
        app.get(&path, None)
            .await
            .assert_error(StatusCode::BAD_REQUEST, "invalid_id");
        app.put(&path, Some(&user.token), &json!({"name": "x"}))
            .await
            .assert_error(StatusCode::BAD_REQUEST, "invalid_id");
        app.delete(&path, Some(&user.token))
            .await
            .assert_error(StatusCode::BAD_REQUEST, "invalid_id");
        app.request(
            reqwest::Method::PUT,
            &format!("{path}/publish"),
            Some(&user.token),
            None,
        )
        .await
        .assert_error(StatusCode::BAD_REQUEST, "invalid_id");
    }
    let missing = "/recipes/9223372036854775807";
    app.get(missing, None)
        .await
        .assert_error(StatusCode::NOT_FOUND, "not_found");
    app.patch(missing, Some(&user.token), &json!({"name": "x"}))
        .await
        .assert_error(StatusCode::NOT_FOUND, "not_found");
}

/// Every way of reading a recipe — by id (with and without a credential), in the public list,
/// in your own list, in a tag filter and in searches — shows exactly what the write answered.
/// Several of these reads take a path of their own beside the ORM's (`store::hot_reads`).
#[apply(backends)]
#[tokio::test]
async fn every_read_shows_the_recipe_as_written(backend: Backend) {
    let app = test_app!(backend);
    let user = app.new_user().await;
    let body = json!({
        "name": "두부 김치찌개", "description": null, "num_of_servings": 3, "cook_time": 25,
        "directions": "Boil.\nServe \"hot\" — 뜨겁게.",
        "ingredients": ["kimchi", "두부 1모"], "tags": ["korean", "stew"],
    });
    let id = app.publish_new(&user, &body).await;
    let written = app
        .patch(
            &format!("/recipes/{id}"),
            Some(&user.token),
            &json!({"cook_time": 26}),
        )
        .await
        .assert_success()["info"]
        .clone();
    assert_eq!(written["description"], Value::Null);
    assert_eq!(written["ingredients"], json!(["kimchi", "두부 1모"]));
    // An anonymous read has no `is_favorite` and `my_rating`; everything else is the same.
    let mut anonymous = written.clone();
    for key in ["is_favorite", "my_rating"] {
        anonymous.as_object_mut().unwrap().remove(key);
    }
    for (token, expected) in [(None, &anonymous), (Some(user.token.as_str()), &written)] {
        let read = app.get(&format!("/recipes/{id}"), token).await;
        assert_eq!(
            &read.assert_success()["info"],
            expected,
            "by id, signed in: {}",
            token.is_some()
        );
    }
    for path in [
        "/recipes",
        "/recipes?sort=oldest",
        "/recipes/me",
        "/recipes/me?visibility=published",
        "/recipes?tag=stew",
        "/recipes?q=kimchi",
        "/recipes?q=%EA%B9%80%EC%B9%98%EC%B0%8C%EA%B0%9C&sort=newest",
    ] {
        let list = app.get(path, Some(&user.token)).await;
        let items = list.assert_success()["result_list"].as_array().unwrap();
        assert_eq!(items.len(), 1, "{path}: {}", list.body);
        assert_eq!(items[0], written, "{path}");
    }
}
