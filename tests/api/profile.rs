//! Accounts: /users/me (read, rename, password change, delete) and public profiles.

use reqwest::{Method, StatusCode};
use rstest::rstest;
use rstest_reuse::apply;
use serde_json::{Value, json};

use crate::backends::{Backend, backends};
use crate::helpers::{PASSWORD, test_app};

fn ids(body: &Value) -> Vec<i64> {
    body["result_list"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect()
}

#[apply(backends)]
#[tokio::test]
async fn me_shows_and_renames_the_account(backend: Backend) {
    let app = test_app!(backend);
    let user = app.new_user().await;
    let body = app
        .get("/users/me", Some(&user.token))
        .await
        .assert_success()
        .clone();
    assert_eq!(body["user"]["id"], user.id);
    assert_eq!(body["user"]["email"], user.email);
    assert!(body["user"].get("password").is_none());
    assert!(body["user"]["created_at"].as_str().unwrap().ends_with('Z'));

    let reply = app
        .patch(
            "/users/me",
            Some(&user.token),
            &json!({"username": "  새 이름 "}),
        )
        .await;
    assert_eq!(reply.assert_success()["user"]["username"], "새 이름");
    assert_eq!(
        app.get("/users/me", Some(&user.token)).await.body["user"]["username"],
        "새 이름"
    );
    for bad in [
        json!({"username": null}),
        json!({"username": ""}),
        json!({"username": "x".repeat(65)}),
        json!({"username": 3}),
    ] {
        let reply = app.patch("/users/me", Some(&user.token), &bad).await;
        assert!(
            reply.assert_error(StatusCode::BAD_REQUEST, "validation_error")["fields"]["username"]
                .is_string()
        );
    }
    // Every field is optional: an empty change changes nothing.
    let same = app.patch("/users/me", Some(&user.token), &json!({})).await;
    assert_eq!(same.assert_success()["user"]["username"], "새 이름");
    // The language: en, ko or null; nothing else.
    let korean = app
        .patch("/users/me", Some(&user.token), &json!({"language": "ko"}))
        .await;
    assert_eq!(korean.assert_success()["user"]["language"], "ko");
    assert_eq!(korean.body["user"]["username"], "새 이름");
    assert_eq!(
        app.get("/users/me", Some(&user.token)).await.body["user"]["language"],
        "ko"
    );
    for bad in [
        json!({"language": "fr"}),
        json!({"language": "KO"}),
        json!({"language": 1}),
    ] {
        let reply = app.patch("/users/me", Some(&user.token), &bad).await;
        assert!(
            reply.assert_error(StatusCode::BAD_REQUEST, "validation_error")["fields"]["language"]
                .is_string(),
            "{bad}"
        );
    }
    let cleared = app
        .patch("/users/me", Some(&user.token), &json!({"language": null}))
        .await;
    assert!(cleared.assert_success()["user"]["language"].is_null());
}

#[apply(backends)]
#[tokio::test]
async fn changing_the_password_needs_the_current_one_and_ends_other_sessions(backend: Backend) {
    let app = test_app!(backend);
    let user = app.new_user().await;
    let other = app
        .login(&user.email, PASSWORD)
        .await
        .assert_success()
        .clone();
    let other_access = other["access_token"].as_str().unwrap();
    let other_refresh = other["refresh_token"].as_str().unwrap();
    let new_password = "a much better passphrase";

    let wrong = json!({"current_password": "not it at all", "new_password": new_password});
    app.post("/users/me/password", Some(&user.token), &wrong)
        .await
        .assert_error(StatusCode::FORBIDDEN, "wrong_password");
    let weak = json!({"current_password": PASSWORD, "new_password": "short"});
    let reply = app
        .post("/users/me/password", Some(&user.token), &weak)
        .await;
    assert!(
        reply.assert_error(StatusCode::BAD_REQUEST, "validation_error")["fields"]["new_password"]
            .is_string()
    );
    let reply = app
        .post("/users/me/password", Some(&user.token), &json!({}))
        .await;
    let body = reply.assert_error(StatusCode::BAD_REQUEST, "validation_error");
    assert_eq!(body["fields"]["current_password"], "is required");

    let change = json!({"current_password": PASSWORD, "new_password": new_password});
    app.post("/users/me/password", Some(&user.token), &change)
        .await
        .assert_success();
    app.get("/recipes/me", Some(&user.token))
        .await
        .assert_success();
    app.get("/recipes/me", Some(other_access))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "session_ended");
    app.post(
        "/users/refresh",
        None,
        &json!({"refresh_token": other_refresh}),
    )
    .await
    .assert_error(StatusCode::UNAUTHORIZED, "invalid_refresh_token");
    app.login(&user.email, PASSWORD)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "invalid_credentials");
    app.login(&user.email, new_password).await.assert_success();
}

#[apply(backends)]
#[tokio::test]
async fn deleting_the_account_needs_the_password_and_removes_its_recipes(backend: Backend) {
    let app = test_app!(backend);
    let user = app.new_user().await;
    let other = app.new_user().await;
    let published = app.create_published(&user, "going away").await;
    let kept = app.create_published(&other, "staying").await;

    let reply = app
        .request(
            Method::DELETE,
            "/users/me",
            Some(&user.token),
            Some(&json!({"password": "nope nope"})),
        )
        .await;
    reply.assert_error(StatusCode::FORBIDDEN, "wrong_password");
    let reply = app
        .request(
            Method::DELETE,
            "/users/me",
            Some(&user.token),
            Some(&json!({})),
        )
        .await;
    reply.assert_error(StatusCode::BAD_REQUEST, "validation_error");
    app.get(&format!("/recipes/{published}"), None)
        .await
        .assert_success();

    let reply = app
        .request(
            Method::DELETE,
            "/users/me",
            Some(&user.token),
            Some(&json!({"password": PASSWORD})),
        )
        .await;
    reply.assert_success();
    app.get("/users/me", Some(&user.token))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "invalid_token");
    app.get(&format!("/recipes/{published}"), None)
        .await
        .assert_error(StatusCode::NOT_FOUND, "not_found");
    app.get(&format!("/users/{}", user.id), None)
        .await
        .assert_error(StatusCode::NOT_FOUND, "not_found");
    app.login(&user.email, PASSWORD)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "invalid_credentials");
    assert_eq!(
        ids(app.get("/recipes", None).await.assert_success()),
        vec![kept]
    );
    app.register("again", &user.email, PASSWORD)
        .await
        .assert_success();
}

#[apply(backends)]
#[tokio::test]
async fn public_profiles_show_only_published_work(backend: Backend) {
    let app = test_app!(backend);
    let cook = app.new_user().await;
    let first = app.create_published(&cook, "one").await;
    app.create_draft(&cook, "secret").await;
    let second = app.create_published(&cook, "two").await;

    let body = app
        .get(&format!("/users/{}", cook.id), None)
        .await
        .assert_success()
        .clone();
    assert_eq!(
        body["user"],
        json!({"id": cook.id, "username": "cook", "recipe_count": 2, "avatar_url": null,
            "follower_count": 0, "following_count": 0})
    );
    let body = app
        .get(&format!("/users/{}/recipes", cook.id), None)
        .await
        .assert_success()
        .clone();
    assert_eq!(ids(&body), vec![second, first]);
    let body = app
        .get(
            &format!("/users/{}/recipes?offset=1&limit=1", cook.id),
            None,
        )
        .await
        .assert_success()
        .clone();
    assert_eq!(ids(&body), vec![first]);
    app.get("/users/424242", None)
        .await
        .assert_error(StatusCode::NOT_FOUND, "not_found");
    app.get("/users/424242/recipes", None)
        .await
        .assert_error(StatusCode::NOT_FOUND, "not_found");
    for bad in ["abc", "0", "-3", "99999999999999999999"] {
        app.get(&format!("/users/{bad}"), None)
            .await
            .assert_error(StatusCode::BAD_REQUEST, "invalid_id");
    }
    app.get(&format!("/users/{}/recipes?limit=-1", cook.id), None)
        .await
        .assert_error(StatusCode::BAD_REQUEST, "validation_error");
}

#[apply(backends)]
#[tokio::test]
async fn my_recipes_filter_by_visibility(backend: Backend) {
    let app = test_app!(backend);
    let user = app.new_user().await;
    let draft = app.create_draft(&user, "draft").await;
    let published = app.create_published(&user, "published").await;
    let list = |query: &'static str| {
        let app = &app;
        let token = user.token.clone();
        async move { app.get(&format!("/recipes/me{query}"), Some(&token)).await }
    };
    assert_eq!(ids(list("").await.assert_success()), vec![published, draft]);
    assert_eq!(
        ids(list("?visibility=all").await.assert_success()),
        vec![published, draft]
    );
    assert_eq!(
        ids(list("?visibility=published").await.assert_success()),
        vec![published]
    );
    assert_eq!(
        ids(list("?visibility=draft&limit=5").await.assert_success()),
        vec![draft]
    );
    let reply = list("?visibility=secret").await;
    assert!(
        reply.assert_error(StatusCode::BAD_REQUEST, "validation_error")["fields"]["visibility"]
            .is_string()
    );
}
