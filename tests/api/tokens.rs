//! Personal access tokens: creation (shown once), use as Bearer, scopes, expiry, revocation.

use reqwest::{Method, StatusCode, header};
use rstest::rstest;
use rstest_reuse::apply;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

use crate::backends::{Backend, backends};
use crate::helpers::{PASSWORD, TestApp, TestUser, test_app};

async fn create_token(app: &TestApp, user: &TestUser, body: Value) -> (String, Value) {
    let reply = app.post("/users/me/tokens", Some(&user.token), &body).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    assert_eq!(reply.headers[header::CACHE_CONTROL], "no-store");
    (
        reply.body["token"].as_str().unwrap().to_owned(),
        reply.body["info"].clone(),
    )
}

#[apply(backends)]
#[tokio::test]
async fn a_token_is_shown_once_listed_without_its_secret_and_works_as_bearer(backend: Backend) {
    let app = test_app!(backend);
    let user = app.new_user().await;
    let (token, info) = create_token(
        &app,
        &user,
        json!({"name": " backup script ", "scope": "read"}),
    )
    .await;
    assert!(token.starts_with("rpat_"));
    assert_eq!(info["name"], "backup script");
    assert_eq!(info["scope"], "read");
    assert_eq!(info["expires_at"], Value::Null);
    assert_eq!(info["last_used_at"], Value::Null);

    assert_eq!(
        app.get("/users/me", Some(&token)).await.assert_success()["user"]["id"],
        user.id
    );
    app.get("/recipes/me", Some(&token)).await.assert_success();

    let body = app
        .get("/users/me/tokens", Some(&user.token))
        .await
        .assert_success()
        .clone();
    let tokens = body["tokens"].as_array().unwrap();
    assert_eq!(tokens.len(), 1);
    assert!(
        tokens[0]["last_used_at"].as_str().is_some(),
        "use is recorded: {body}"
    );
    assert!(
        !body.to_string().contains(&token),
        "the secret is never listed"
    );
}

#[apply(backends)]
#[tokio::test]
async fn a_read_token_cannot_change_anything(backend: Backend) {
    let app = test_app!(backend);
    let user = app.new_user().await;
    let id = app.create_published(&user, "mine").await;
    let (token, _) = create_token(&app, &user, json!({"name": "reader", "scope": "read"})).await;
    app.get(&format!("/recipes/{id}"), Some(&token))
        .await
        .assert_success();
    for (method, path, body) in [
        (
            Method::POST,
            "/recipes".to_owned(),
            Some(json!({"name": "x"})),
        ),
        (
            Method::PUT,
            format!("/recipes/{id}"),
            Some(json!({"name": "x"})),
        ),
        (
            Method::PATCH,
            format!("/recipes/{id}"),
            Some(json!({"name": "x"})),
        ),
        (Method::DELETE, format!("/recipes/{id}"), None),
        (Method::DELETE, format!("/recipes/{id}/publish"), None),
        (Method::PUT, format!("/recipes/{id}/cover"), None),
        (Method::DELETE, format!("/recipes/{id}/cover"), None),
        (Method::POST, format!("/recipes/{id}/images"), None),
        (
            Method::PUT,
            format!("/recipes/{id}/images/order"),
            Some(json!({"order": []})),
        ),
        (Method::PUT, "/users/avatar".to_owned(), None),
        (Method::DELETE, "/users/avatar".to_owned(), None),
        (
            Method::PATCH,
            "/users/me".to_owned(),
            Some(json!({"username": "x"})),
        ),
        (Method::POST, "/users/logout".to_owned(), None),
        (
            Method::POST,
            "/recipes/import".to_owned(),
            Some(json!({"jsonld": {"@type": "Recipe", "name": "x"}})),
        ),
        (Method::POST, "/users/me/import".to_owned(), None),
        (Method::PUT, format!("/recipes/{id}/favorite"), None),
        (Method::DELETE, format!("/recipes/{id}/favorite"), None),
        (
            Method::PUT,
            format!("/recipes/{id}/rating"),
            Some(json!({"stars": 3})),
        ),
        (Method::DELETE, format!("/recipes/{id}/rating"), None),
        (
            Method::POST,
            format!("/recipes/{id}/comments"),
            Some(json!({"body": "x"})),
        ),
        (
            Method::PATCH,
            "/comments/1".to_owned(),
            Some(json!({"body": "x"})),
        ),
        (Method::DELETE, "/comments/1".to_owned(), None),
        (Method::PUT, "/users/1/follow".to_owned(), None),
        (Method::DELETE, "/users/1/follow".to_owned(), None),
        (
            Method::POST,
            "/collections".to_owned(),
            Some(json!({"name": "x"})),
        ),
        (
            Method::PATCH,
            "/collections/1".to_owned(),
            Some(json!({"name": "x"})),
        ),
        (Method::DELETE, "/collections/1".to_owned(), None),
        (Method::PUT, format!("/collections/1/recipes/{id}"), None),
    ] {
        let reply = app
            .request(method.clone(), &path, Some(&token), body.as_ref())
            .await;
        reply.assert_error(StatusCode::FORBIDDEN, "insufficient_scope");
    }
    // Reading, the account's archive included, is what a read-only token is for.
    let archive = app
        .client
        .get(format!("{}/users/me/export", app.address))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(archive.status(), StatusCode::OK);
    for path in [
        "/users/me/favorites",
        "/users/me/feed",
        "/users/me/collections",
    ] {
        app.get(path, Some(&token)).await.assert_success();
    }
    app.get(&format!("/recipes/{id}/comments"), Some(&token))
        .await
        .assert_success();
    let info = app
        .get(&format!("/recipes/{id}"), None)
        .await
        .assert_success()["info"]
        .clone();
    assert_eq!(
        (info["name"].as_str(), info["is_publish"].as_i64()),
        (Some("mine"), Some(1))
    );
}

#[apply(backends)]
#[tokio::test]
async fn a_write_token_changes_recipes_but_never_credentials(backend: Backend) {
    let app = test_app!(backend);
    let user = app.new_user().await;
    let (token, _) = create_token(
        &app,
        &user,
        json!({"name": "writer", "scope": "write", "expires_in_days": 30}),
    )
    .await;
    let reply = app
        .post("/recipes", Some(&token), &json!({"name": "from a script"}))
        .await;
    assert_eq!(reply.status, StatusCode::CREATED);
    app.patch(
        "/users/me",
        Some(&token),
        &json!({"username": "renamed by script"}),
    )
    .await
    .assert_success();
    for (method, path, body) in [
        (
            Method::POST,
            "/users/me/tokens",
            Some(json!({"name": "more", "scope": "write"})),
        ),
        (Method::GET, "/users/me/tokens", None),
        (Method::DELETE, "/users/me/tokens/1", None),
        (Method::GET, "/users/me/sessions", None),
        (
            Method::POST,
            "/users/me/password",
            Some(json!({"current_password": PASSWORD, "new_password": "new password 1"})),
        ),
        (
            Method::DELETE,
            "/users/me",
            Some(json!({"password": PASSWORD})),
        ),
    ] {
        let reply = app.request(method, path, Some(&token), body.as_ref()).await;
        reply.assert_error(StatusCode::FORBIDDEN, "session_required");
    }
    app.login(&user.email, PASSWORD).await.assert_success();
}

#[apply(backends)]
#[tokio::test]
async fn tokens_expire_and_can_be_revoked(backend: Backend) {
    let app = test_app!(backend);
    let user = app.new_user().await;
    let stranger = app.new_user().await;
    let (expiring, info) = create_token(
        &app,
        &user,
        json!({"name": "short", "scope": "read", "expires_in_days": 1}),
    )
    .await;
    let expires =
        chrono::DateTime::parse_from_rfc3339(info["expires_at"].as_str().unwrap()).unwrap();
    let in_a_day = chrono::Utc::now() + chrono::Duration::days(1);
    assert!(
        (expires.timestamp() - in_a_day.timestamp()).abs() < 60,
        "{info}"
    );
    app.get("/recipes/me", Some(&expiring))
        .await
        .assert_success();

    // Move its expiry into the past, as time would.
    use recipe_api::store::entities::personal_access_token as pat;
    let db = sea_orm::Database::connect(&app.settings.database.url)
        .await
        .unwrap();
    pat::Entity::update_many()
        .col_expr(
            pat::Column::ExpiresAt,
            sea_orm::sea_query::Expr::value(chrono::Utc::now() - chrono::Duration::hours(1)),
        )
        .filter(pat::Column::Id.eq(info["id"].as_i64().unwrap()))
        .exec(&db)
        .await
        .unwrap();
    db.close().await.unwrap();
    app.get("/recipes/me", Some(&expiring))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "invalid_token");

    let (token, info) =
        create_token(&app, &user, json!({"name": "revoked", "scope": "write"})).await;
    let path = format!("/users/me/tokens/{}", info["id"]);
    app.delete(&path, Some(&stranger.token))
        .await
        .assert_error(StatusCode::NOT_FOUND, "not_found");
    app.get("/recipes/me", Some(&token)).await.assert_success();
    app.delete(&path, Some(&user.token)).await.assert_success();
    let reply = app.get("/recipes/me", Some(&token)).await;
    reply.assert_error(StatusCode::UNAUTHORIZED, "invalid_token");
    assert_eq!(reply.headers[header::WWW_AUTHENTICATE], "Bearer");
    app.delete(&path, Some(&user.token))
        .await
        .assert_error(StatusCode::NOT_FOUND, "not_found");
    app.get("/users/me/tokens/abc", Some(&user.token))
        .await
        .assert_error(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
    app.delete("/users/me/tokens/abc", Some(&user.token))
        .await
        .assert_error(StatusCode::BAD_REQUEST, "invalid_id");

    // Logging out with a token revokes that token; deleting the account removes them all.
    let (logout, _) = create_token(&app, &user, json!({"name": "one-off", "scope": "write"})).await;
    app.post("/users/logout", Some(&logout), &json!({}))
        .await
        .assert_success();
    app.get("/recipes/me", Some(&logout))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "invalid_token");
    let (kept, _) = create_token(&app, &user, json!({"name": "kept", "scope": "read"})).await;
    app.request(
        Method::DELETE,
        "/users/me",
        Some(&user.token),
        Some(&json!({"password": PASSWORD})),
    )
    .await
    .assert_success();
    app.get("/recipes", Some(&kept)).await.assert_success(); // the public list ignores credentials
    app.get("/users/me", Some(&kept))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "invalid_token");
}

#[apply(backends)]
#[tokio::test]
async fn token_requests_are_validated(backend: Backend) {
    let app = test_app!(backend);
    let user = app.new_user().await;
    let reply = app
        .post("/users/me/tokens", Some(&user.token), &json!({}))
        .await;
    let body = reply.assert_error(StatusCode::BAD_REQUEST, "validation_error");
    assert_eq!(body["fields"]["name"], "is required");
    assert_eq!(body["fields"]["scope"], "is required");
    for bad in [
        json!({"name": "x", "scope": "admin"}),
        json!({"name": "", "scope": "read"}),
        json!({"name": "x".repeat(101), "scope": "read"}),
        json!({"name": "x", "scope": "read", "expires_in_days": 0}),
        json!({"name": "x", "scope": "read", "expires_in_days": 3651}),
        json!({"name": "x", "scope": "read", "expires_in_days": "7"}),
    ] {
        app.post("/users/me/tokens", Some(&user.token), &bad)
            .await
            .assert_error(StatusCode::BAD_REQUEST, "validation_error");
    }
    app.get("/recipes/me", Some("rpat_not-a-real-token"))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "invalid_token");
    assert_eq!(
        app.get("/users/me/tokens", Some(&user.token)).await.body["tokens"],
        json!([])
    );
}
