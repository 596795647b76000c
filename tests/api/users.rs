//! Register, login, logout.

use rstest::rstest;
use rstest_reuse::apply;

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::json;

use crate::backends::{Backend, backends};
use crate::helpers::{PASSWORD, TestApp, test_app};

#[apply(backends)]
#[tokio::test]
async fn register_returns_token_and_user_with_normalised_email(backend: Backend) {
    let app = test_app!(backend);
    let reply = app
        .register("  홍길동 ", "Hong.GilDong@Example.COM", PASSWORD)
        .await;
    let body = reply.assert_success();
    assert!(
        body["access_token"]
            .as_str()
            .is_some_and(|t| t.split('.').count() == 3)
    );
    assert!(body["user"]["id"].as_i64().is_some_and(|id| id > 0));
    assert_eq!(body["user"]["username"], "홍길동");
    assert_eq!(body["user"]["email"], "hong.gildong@example.com");
    assert!(body["user"].get("password").is_none());
    let token = body["access_token"].as_str().unwrap();
    app.get("/recipes/me", Some(token)).await.assert_success();
}

#[apply(backends)]
#[tokio::test]
async fn duplicate_email_is_409_case_insensitively(backend: Backend) {
    let app = test_app!(backend);
    app.register("a", "dup@example.com", PASSWORD)
        .await
        .assert_success();
    app.register("b", "DUP@example.com", PASSWORD)
        .await
        .assert_error(StatusCode::CONFLICT, "email_taken");
    app.register("c", " dup@example.com ", PASSWORD)
        .await
        .assert_error(StatusCode::CONFLICT, "email_taken");
}

#[apply(backends)]
#[tokio::test]
async fn an_address_is_one_account_in_every_spelling_of_its_canonical_form(backend: Backend) {
    let app = test_app!(backend);
    // Composed (NFC) and decomposed (NFD) accents, and case, are one address.
    let composed = "jos\u{e9}@example.com";
    let decomposed_upper = "JOSE\u{301}@EXAMPLE.COM";
    let body = app.register("jose", composed, PASSWORD).await;
    assert_eq!(body.assert_success()["user"]["email"], composed);
    app.register("copy", decomposed_upper, PASSWORD)
        .await
        .assert_error(StatusCode::CONFLICT, "email_taken");
    app.login(decomposed_upper, PASSWORD).await.assert_success();
    // An accent is not case: `cafe` and `café` are two accounts, on every back-end.
    app.register("cafe", "cafe@example.com", "cafe password 1")
        .await
        .assert_success();
    app.login("caf\u{e9}@example.com", "cafe password 1")
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "invalid_credentials");
    app.register("cafe2", "caf\u{e9}@example.com", "cafe password 2")
        .await
        .assert_success();
    app.login("caf\u{e9}@example.com", "cafe password 1")
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "invalid_credentials");
    app.login("CAF\u{c9}@example.com", "cafe password 2")
        .await
        .assert_success();
    app.login("cafe@example.com", "cafe password 1")
        .await
        .assert_success();
}

#[apply(backends)]
#[tokio::test]
async fn an_address_that_outgrows_its_limit_when_lower_cased_is_refused(backend: Backend) {
    let app = test_app!(backend);
    // 254 characters as sent; `İ` is two once lower-cased.
    let domain = format!(
        "{}.{}.{}.com",
        "b".repeat(62),
        "c".repeat(62),
        "d".repeat(60)
    );
    let grows = format!("\u{130}{}@{domain}", "a".repeat(62));
    assert_eq!(grows.chars().count(), 254);
    let body = app.register("long", &grows, PASSWORD).await;
    let body = body.assert_error(StatusCode::BAD_REQUEST, "validation_error");
    assert!(body["fields"]["email"].is_string(), "{body}");
    let fits = format!("{}@{domain}", "a".repeat(63));
    app.register("long", &fits, PASSWORD).await.assert_success();
    app.login(&fits.to_uppercase(), PASSWORD)
        .await
        .assert_success();
}

#[apply(backends)]
#[tokio::test]
async fn register_validates_every_field_at_once(backend: Backend) {
    let app = test_app!(backend);
    let reply = app.post("/users/register", None, &json!({})).await;
    let body = reply.assert_error(StatusCode::BAD_REQUEST, "validation_error");
    for field in ["username", "email", "password"] {
        assert_eq!(body["fields"][field], "is required", "{body}");
    }
    let reply = app.register("   ", "not-an-email", "short").await;
    let body = reply.assert_error(StatusCode::BAD_REQUEST, "validation_error");
    for field in ["username", "email", "password"] {
        assert!(body["fields"][field].is_string(), "{field}: {body}");
    }
}

#[apply(backends)]
#[tokio::test]
async fn register_enforces_password_and_username_lengths_in_characters(backend: Backend) {
    let app = test_app!(backend);
    let seven = "비밀번호비밀번";
    app.register("kim", "kim@example.com", seven)
        .await
        .assert_error(StatusCode::BAD_REQUEST, "validation_error");
    let eight = "비밀번호비밀번호";
    app.register("kim", "kim@example.com", eight)
        .await
        .assert_success();
    let long = "p".repeat(129);
    app.register("lee", "lee@example.com", &long)
        .await
        .assert_error(StatusCode::BAD_REQUEST, "validation_error");
    let name = "가".repeat(65);
    app.register(&name, "park@example.com", PASSWORD)
        .await
        .assert_error(StatusCode::BAD_REQUEST, "validation_error");
    app.register(&"가".repeat(64), "park@example.com", PASSWORD)
        .await
        .assert_success();
}

#[apply(backends)]
#[tokio::test]
async fn password_policy_is_configurable(backend: Backend) {
    let app = test_app!(backend, |s| {
        s.password_policy.min_chars = 4;
        s.password_policy.max_chars = 12;
    });
    app.register("kim", "kim@example.com", "1234")
        .await
        .assert_success();
    app.register("lee", "lee@example.com", "1234567890123")
        .await
        .assert_error(StatusCode::BAD_REQUEST, "validation_error");
}

#[apply(backends)]
#[tokio::test]
async fn login_returns_a_working_token(backend: Backend) {
    let app = test_app!(backend);
    let user = app.new_user().await;
    let reply = app.login(&user.email.to_uppercase(), PASSWORD).await;
    let body = reply.assert_success();
    let token = body["access_token"].as_str().unwrap();
    app.get("/recipes/me", Some(token)).await.assert_success();
}

#[apply(backends)]
#[tokio::test]
async fn unknown_email_and_wrong_password_get_the_same_401(backend: Backend) {
    let app = test_app!(backend);
    let user = app.new_user().await;
    let wrong = app.login(&user.email, "wrong password!").await;
    let unknown = app.login("nobody@example.com", PASSWORD).await;
    let malformed = app.login("not an email", PASSWORD).await;
    wrong.assert_error(StatusCode::UNAUTHORIZED, "invalid_credentials");
    assert_eq!(wrong.body, unknown.body);
    assert_eq!(wrong.body, malformed.body);
    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong.headers["www-authenticate"], "Bearer");
}

#[apply(backends)]
#[tokio::test]
async fn unknown_email_takes_as_long_as_a_wrong_password(backend: Backend) {
    let app = test_app!(backend);
    let user = app.new_user().await;
    async fn median(app: &TestApp, email: &str) -> Duration {
        let mut times = Vec::new();
        for _ in 0..5 {
            let start = Instant::now();
            app.login(email, "wrong password!").await;
            times.push(start.elapsed());
        }
        times.sort();
        times[2]
    }
    let wrong = median(&app, &user.email).await;
    let unknown = median(&app, "nobody@example.com").await;
    // Without the dummy hash an unknown email answers in a fraction of a millisecond, tens of
    // times faster than an argon2id verification.
    assert!(
        unknown * 3 > wrong,
        "unknown email {unknown:?} vs wrong password {wrong:?}"
    );
    assert!(
        wrong * 3 > unknown,
        "unknown email {unknown:?} vs wrong password {wrong:?}"
    );
}

#[apply(backends)]
#[tokio::test]
async fn login_requires_both_fields(backend: Backend) {
    let app = test_app!(backend);
    let reply = app
        .post("/users/login", None, &json!({"email": "a@example.com"}))
        .await;
    let body = reply.assert_error(StatusCode::BAD_REQUEST, "validation_error");
    assert_eq!(body["fields"]["password"], "is required");
}

#[apply(backends)]
#[tokio::test]
async fn logout_revokes_the_token_but_not_other_sessions(backend: Backend) {
    let app = test_app!(backend);
    let user = app.new_user().await;
    let other_session = app.login(&user.email, PASSWORD).await.body["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    app.post("/users/logout", Some(&user.token), &json!({}))
        .await
        .assert_success();
    app.get("/recipes/me", Some(&user.token))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "token_revoked");
    app.post("/users/logout", Some(&user.token), &json!({}))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "token_revoked");
    app.get("/recipes/me", Some(&other_session))
        .await
        .assert_success();
}

#[apply(backends)]
#[tokio::test]
async fn fifty_concurrent_registrations_of_one_email_yield_one_account(backend: Backend) {
    let app = test_app!(backend);
    let names: Vec<String> = (0..50).map(|i| format!("racer{i}")).collect();
    let replies = futures_util::future::join_all(
        names
            .iter()
            .map(|name| app.register(name, "race@example.com", PASSWORD)),
    )
    .await;
    let ok = replies
        .iter()
        .filter(|r| r.status == StatusCode::OK)
        .count();
    let conflicts = replies
        .iter()
        .filter(|r| r.status == StatusCode::CONFLICT)
        .count();
    assert_eq!(
        (ok, conflicts),
        (1, 49),
        "statuses: {:?}",
        replies.iter().map(|r| r.status).collect::<Vec<_>>()
    );
    for reply in replies.iter().filter(|r| r.status == StatusCode::CONFLICT) {
        assert_eq!(reply.body["code"], "email_taken");
    }
    app.login("race@example.com", PASSWORD)
        .await
        .assert_success();
}

#[apply(backends)]
#[tokio::test]
async fn a_hash_with_older_argon2_parameters_is_replaced_at_login(backend: Backend) {
    use argon2::PasswordHasher as _;
    use recipe_api::store::entities::user;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

    let app = test_app!(backend);
    let email = "older-hash@example.com";
    app.register("older", email, PASSWORD)
        .await
        .assert_success();
    // The account's hash as an earlier setting (m = 19 MiB, t = 2) made it.
    let params = argon2::Params::new(19 * 1024, 2, 1, None).unwrap();
    let older = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params)
        .hash_password_with_salt(PASSWORD.as_bytes(), b"an older hash salt")
        .unwrap()
        .to_string();
    let db = sea_orm::Database::connect(&app.settings.database.url)
        .await
        .unwrap();
    let stored = |db: sea_orm::DatabaseConnection| async move {
        let row = user::Entity::find()
            .filter(user::Column::Email.eq(email))
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        (db, row.password)
    };
    user::Entity::update_many()
        .col_expr(
            user::Column::Password,
            sea_orm::sea_query::Expr::value(&older),
        )
        .filter(user::Column::Email.eq(email))
        .exec(&db)
        .await
        .unwrap();

    // A wrong password leaves it alone; the right one logs in and replaces it.
    app.login(email, "not the password")
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "invalid_credentials");
    let (db, kept) = stored(db).await;
    assert_eq!(kept, older);
    app.login(email, PASSWORD).await.assert_success();
    let (db, replaced) = stored(db).await;
    assert!(
        replaced.starts_with("$argon2id$v=19$m=12288,t=3,p=1$"),
        "{replaced}"
    );
    db.close().await.unwrap();
    app.login(email, PASSWORD).await.assert_success();
}
