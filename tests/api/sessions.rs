//! Sessions: refresh-token rotation, reuse detection, logout, listing and ending sessions.

use reqwest::{Method, StatusCode, header};
use rstest::rstest;
use rstest_reuse::apply;
use serde_json::{Value, json};

use crate::backends::{Backend, backends};
use crate::helpers::{PASSWORD, Reply, TestApp, test_app};

fn tokens(reply: &Reply) -> (String, String) {
    let body = reply.assert_success();
    (
        body["access_token"].as_str().unwrap().to_owned(),
        body["refresh_token"].as_str().unwrap().to_owned(),
    )
}

async fn refresh(app: &TestApp, refresh_token: &str) -> Reply {
    app.post(
        "/users/refresh",
        None,
        &json!({"refresh_token": refresh_token}),
    )
    .await
}

async fn login_as(app: &TestApp, email: &str, agent: &str) -> (String, String) {
    let response = app
        .client
        .post(format!("{}/users/login", app.address))
        .header(header::USER_AGENT, agent)
        .json(&json!({"email": email, "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    let body: Value = response.json().await.unwrap();
    (
        body["access_token"].as_str().unwrap().to_owned(),
        body["refresh_token"].as_str().unwrap().to_owned(),
    )
}

#[apply(backends)]
#[tokio::test]
async fn register_and_login_answer_a_refresh_token_and_lifetimes(backend: Backend) {
    let app = test_app!(backend);
    let reply = app.register("kim", "kim@example.com", PASSWORD).await;
    let body = reply.assert_success();
    assert!(body["refresh_token"].as_str().unwrap().starts_with("rt_"));
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 900);
    let body = app
        .login("kim@example.com", PASSWORD)
        .await
        .assert_success()
        .clone();
    assert!(body["refresh_token"].as_str().unwrap().starts_with("rt_"));
    assert_eq!(body["expires_in"], 900);
}

#[apply(backends)]
#[tokio::test]
async fn refresh_rotates_and_reuse_revokes_the_whole_session(backend: Backend) {
    let app = test_app!(backend);
    let user = app.new_user().await;
    let (access0, refresh0) = tokens(&app.login(&user.email, PASSWORD).await);

    let (access1, refresh1) = tokens(&refresh(&app, &refresh0).await);
    assert_ne!(refresh1, refresh0);
    assert_ne!(access1, access0);
    app.get("/recipes/me", Some(&access1))
        .await
        .assert_success();
    let (access2, refresh2) = tokens(&refresh(&app, &refresh1).await);
    app.get("/recipes/me", Some(&access2))
        .await
        .assert_success();

    // refresh0 was used already: somebody copied it. The session ends for everyone holding it.
    refresh(&app, &refresh0)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "refresh_token_reused");
    refresh(&app, &refresh2)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "invalid_refresh_token");
    for access in [&access0, &access1, &access2] {
        app.get("/recipes/me", Some(access))
            .await
            .assert_error(StatusCode::UNAUTHORIZED, "session_ended");
    }
    // Other sessions of the same user are untouched.
    app.get("/recipes/me", Some(&user.token))
        .await
        .assert_success();
}

#[apply(backends)]
#[tokio::test]
async fn concurrent_refreshes_with_one_token_all_get_the_same_new_pair(backend: Backend) {
    let app = test_app!(backend);
    let user = app.new_user().await;
    let (_, refresh_token) = tokens(&app.login(&user.email, PASSWORD).await);
    let replies =
        futures_util::future::join_all((0..6).map(|_| refresh(&app, &refresh_token))).await;
    let pairs: Vec<(String, String)> = replies.iter().map(tokens).collect();
    assert!(pairs.iter().all(|pair| *pair == pairs[0]), "{pairs:#?}");
    let (access, next) = &pairs[0];
    app.get("/recipes/me", Some(access)).await.assert_success();
    // A retry a moment later (its answer was lost) is told the same pair again.
    assert_eq!(tokens(&refresh(&app, &refresh_token).await), pairs[0]);
    // Once the successor is used, the old token is real reuse: the session ends.
    let (newest, _) = tokens(&refresh(&app, next).await);
    refresh(&app, &refresh_token)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "refresh_token_reused");
    app.get("/recipes/me", Some(&newest))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "session_ended");
}

#[apply(backends)]
#[tokio::test]
async fn a_spent_refresh_token_presented_after_the_grace_window_ends_the_session(backend: Backend) {
    let app = test_app!(backend, |s| {
        s.refresh_reuse_grace = std::time::Duration::from_secs(1);
    });
    let user = app.new_user().await;
    let (_, refresh_token) = tokens(&app.login(&user.email, PASSWORD).await);
    let (access, next) = tokens(&refresh(&app, &refresh_token).await);
    tokio::time::sleep(std::time::Duration::from_millis(2_100)).await;
    refresh(&app, &refresh_token)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "refresh_token_reused");
    refresh(&app, &next)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "invalid_refresh_token");
    app.get("/recipes/me", Some(&access))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "session_ended");
}

#[apply(backends)]
#[tokio::test]
async fn logout_ends_the_session_and_its_refresh_tokens(backend: Backend) {
    let app = test_app!(backend);
    let user = app.new_user().await;
    let (access, refresh_token) = tokens(&app.login(&user.email, PASSWORD).await);
    let (access1, refresh1) = tokens(&refresh(&app, &refresh_token).await);
    app.post("/users/logout", Some(&access1), &json!({}))
        .await
        .assert_success();
    refresh(&app, &refresh1)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "invalid_refresh_token");
    app.get("/recipes/me", Some(&access))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "session_ended");
    app.get("/recipes/me", Some(&user.token))
        .await
        .assert_success();
}

#[apply(backends)]
#[tokio::test]
async fn bad_refresh_requests(backend: Backend) {
    let app = test_app!(backend);
    let reply = app.post("/users/refresh", None, &json!({})).await;
    assert_eq!(
        reply.assert_error(StatusCode::BAD_REQUEST, "validation_error")["fields"]["refresh_token"],
        "is required"
    );
    app.post("/users/refresh", None, &json!({"refresh_token": 5}))
        .await
        .assert_error(StatusCode::BAD_REQUEST, "validation_error");
    for garbage in ["", "rt_garbage", "x".repeat(5000).as_str()] {
        let reply = refresh(&app, garbage).await;
        reply.assert_error(StatusCode::UNAUTHORIZED, "invalid_refresh_token");
        assert_eq!(reply.headers[header::WWW_AUTHENTICATE], "Bearer");
    }
    // An access token is not a refresh token.
    let user = app.new_user().await;
    refresh(&app, &user.token)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "invalid_refresh_token");
}

#[apply(backends)]
#[tokio::test]
async fn sessions_are_listed_and_can_be_ended_one_by_one(backend: Backend) {
    let app = test_app!(backend);
    let user = app.new_user().await; // session 1 (registration)
    let (phone, phone_refresh) = login_as(&app, &user.email, "RecipeApp/2.1 (Android 14)").await;
    let (laptop, _) = login_as(&app, &user.email, "Mozilla/5.0 (X11; Linux x86_64)").await;

    let body = app
        .get("/users/me/sessions", Some(&laptop))
        .await
        .assert_success()
        .clone();
    let sessions = body["sessions"].as_array().unwrap();
    assert_eq!(sessions.len(), 3, "{body}");
    let current: Vec<&Value> = sessions.iter().filter(|s| s["current"] == true).collect();
    assert_eq!(current.len(), 1);
    assert_eq!(current[0]["user_agent"], "Mozilla/5.0 (X11; Linux x86_64)");
    for key in ["id", "created_at", "last_used_at", "expires_at"] {
        assert!(!sessions[0][key].is_null(), "{key}");
    }
    let phone_session = sessions
        .iter()
        .find(|s| s["user_agent"] == "RecipeApp/2.1 (Android 14)")
        .unwrap();
    let phone_id = phone_session["id"].as_i64().unwrap();

    // Another user can neither see nor end them.
    let stranger = app.new_user().await;
    let path = format!("/users/me/sessions/{phone_id}");
    app.delete(&path, Some(&stranger.token))
        .await
        .assert_error(StatusCode::NOT_FOUND, "not_found");
    assert_eq!(
        app.get("/users/me/sessions", Some(&stranger.token))
            .await
            .body["sessions"]
            .as_array()
            .unwrap()
            .len(),
        1
    );

    app.delete(&path, Some(&laptop)).await.assert_success();
    app.get("/recipes/me", Some(&phone))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "session_ended");
    refresh(&app, &phone_refresh)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "invalid_refresh_token");
    app.delete(&path, Some(&laptop))
        .await
        .assert_error(StatusCode::NOT_FOUND, "not_found");
    app.get("/recipes/me", Some(&laptop)).await.assert_success();
    assert_eq!(
        app.get("/users/me/sessions", Some(&laptop)).await.body["sessions"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    for bad in ["abc", "0", "-1", "99999999999999999999"] {
        app.request(
            Method::DELETE,
            &format!("/users/me/sessions/{bad}"),
            Some(&laptop),
            None,
        )
        .await
        .assert_error(StatusCode::BAD_REQUEST, "invalid_id");
    }
}

#[apply(backends)]
#[tokio::test]
async fn an_expired_session_refuses_its_tokens(backend: Backend) {
    let app = test_app!(backend);
    let user = app.new_user().await;
    let (access, refresh_token) = tokens(&app.login(&user.email, PASSWORD).await);
    let sessions = app
        .get("/users/me/sessions", Some(&access))
        .await
        .assert_success()
        .clone();
    let id = sessions["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["current"] == true)
        .unwrap()["id"]
        .as_i64()
        .unwrap();

    // Move the session's end into the past, as time would.
    use recipe_api::store::entities::session;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let db = sea_orm::Database::connect(&app.settings.database.url)
        .await
        .unwrap();
    session::Entity::update_many()
        .col_expr(
            session::Column::ExpiresAt,
            sea_orm::sea_query::Expr::value(chrono::Utc::now() - chrono::Duration::minutes(1)),
        )
        .filter(session::Column::Id.eq(id))
        .exec(&db)
        .await
        .unwrap();
    db.close().await.unwrap();

    refresh(&app, &refresh_token)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "invalid_refresh_token");
    app.get("/recipes/me", Some(&access))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "session_ended");
    app.get("/recipes/me", Some(&user.token))
        .await
        .assert_success();
}
