//! State that must survive a restart: revocations, accounts, recipes, the generated key.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{PASSWORD, TestApp, test_settings};

#[tokio::test]
async fn logout_survives_a_server_restart() {
    let app = TestApp::spawn().await;
    let user = app.new_user().await;
    let id = app.create_published(&user, "persisted").await;
    app.post("/users/logout", Some(&user.token), &json!({}))
        .await
        .assert_success();
    let app = app.restart().await;
    app.get("/recipes/me", Some(&user.token))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "token_revoked");
    app.login(&user.email, PASSWORD).await.assert_success();
    app.get(&format!("/recipes/{id}"), None)
        .await
        .assert_success();
}

#[tokio::test]
async fn a_generated_signing_key_is_kept_so_tokens_survive_restarts() {
    let app = TestApp::spawn_with(|s| s.jwt_secret_key = None).await;
    let key_file = app.settings.data_dir.join("jwt-secret.key");
    assert!(key_file.exists());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&key_file).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    let user = app.new_user().await;
    let app = app.restart().await;
    app.get("/recipes/me", Some(&user.token))
        .await
        .assert_success();
}

#[tokio::test]
async fn a_short_configured_signing_key_is_a_startup_error() {
    let dir = tempfile::tempdir().unwrap();
    let settings = recipe_api::config::Settings {
        jwt_secret_key: Some(secrecy::SecretString::from("too-short")),
        ..test_settings(dir.path())
    };
    let err = recipe_api::startup::Application::build(settings)
        .await
        .err()
        .expect("refused");
    let message = format!("{err:#}");
    assert!(message.contains("at least 32 bytes"), "{message}");
    assert!(!message.contains("too-short"), "{message}");
}
