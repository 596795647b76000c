//! Several server instances on one database behave as one service.

use reqwest::StatusCode;
use rstest::rstest;
use rstest_reuse::apply;
use serde_json::json;

use crate::backends::{Backend, backends};
use crate::helpers::{PASSWORD, test_app};

#[apply(backends)]
#[tokio::test]
async fn two_instances_share_recipes_tokens_and_revocations(backend: Backend) {
    let a = test_app!(backend);
    let b = a.spawn_sibling().await;
    assert_ne!(a.address, b.address);

    let user = a.new_user().await;
    let id = a.create_published(&user, "made on a").await;
    assert_eq!(
        b.get(&format!("/recipes/{id}"), None)
            .await
            .assert_success()["info"]["name"],
        "made on a"
    );
    b.get("/recipes/me", Some(&user.token))
        .await
        .assert_success();

    let from_b = b.login(&user.email, PASSWORD).await.assert_success()["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    a.patch(
        &format!("/recipes/{id}"),
        Some(&from_b),
        &json!({"cook_time": 5}),
    )
    .await
    .assert_success();
    // The writer sees its change on the other instance at once (anonymous readers there within
    // the read cache's bound: tests/api/read_cache.rs).
    assert_eq!(
        b.get(&format!("/recipes/{id}"), Some(&from_b)).await.body["info"]["cook_time"],
        5
    );

    b.post("/users/logout", Some(&user.token), &json!({}))
        .await
        .assert_success();
    for server in [&a, &b] {
        server
            .get("/recipes/me", Some(&user.token))
            .await
            .assert_error(StatusCode::UNAUTHORIZED, "token_revoked");
        server
            .get("/recipes/me", Some(&from_b))
            .await
            .assert_success();
    }
}

/// Server databases only: the embedded one keeps its generated key in the data directory
/// (see the restart tests).
#[rstest]
#[case::postgres(Backend::Postgres)]
#[case::mysql(Backend::Mysql)]
#[tokio::test]
async fn instances_without_a_configured_key_agree_on_the_generated_one(#[case] backend: Backend) {
    let a = test_app!(backend, |s| s.jwt_secret_key = None);
    // A second instance with its own, empty data directory: the key can only come from the database.
    let other_dir = tempfile::tempdir().unwrap();
    let b = a
        .spawn_sibling_with(|s| s.data_dir = other_dir.path().join("data"))
        .await;
    let user = a.new_user().await;
    b.get("/recipes/me", Some(&user.token))
        .await
        .assert_success();
    assert!(!a.settings.data_dir.join("jwt-secret.key").exists());
    let forged = crate::helpers::sign(
        &crate::helpers::claims(user.id, 600),
        crate::helpers::JWT_SECRET.as_bytes(),
    );
    b.get("/recipes/me", Some(&forged))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "invalid_token");
}

#[apply(backends)]
#[tokio::test]
async fn several_instances_can_start_at_once_on_an_empty_database(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let Some(database) = crate::backends::TestDatabase::create(backend, dir.path()).await else {
        return;
    };
    let settings = crate::helpers::test_settings(dir.path(), &database.url);
    let starts = (0..4).map(|_| recipe_api::startup::Application::build(settings.clone()));
    let results = futures_util::future::join_all(starts).await;
    for result in &results {
        if let Err(e) = result {
            panic!("an instance failed to start: {e:#}");
        }
    }
}
