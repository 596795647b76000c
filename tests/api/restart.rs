//! State that must survive a restart: revocations, accounts, recipes, the generated key.

use rstest::rstest;
use rstest_reuse::apply;

use reqwest::StatusCode;
use serde_json::json;

use crate::backends::{Backend, backends};
use crate::helpers::{PASSWORD, TestApp, test_app, test_settings};

#[apply(backends)]
#[tokio::test]
async fn logout_survives_a_server_restart(backend: Backend) {
    let app = test_app!(backend);
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
    let app = TestApp::spawn_with(Backend::Sqlite, |s| s.jwt_secret_key = None)
        .await
        .expect("sqlite always runs");
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
        ..test_settings(
            dir.path(),
            &format!("sqlite://{}", dir.path().join("db.sqlite").display()),
        )
    };
    let err = recipe_api::startup::Application::build(settings)
        .await
        .err()
        .expect("refused");
    let message = format!("{err:#}");
    assert!(message.contains("at least 32 bytes"), "{message}");
    assert!(!message.contains("too-short"), "{message}");
}

#[apply(backends)]
#[tokio::test]
async fn shutdown_lets_in_flight_requests_finish(backend: Backend) {
    let Some(mut app) = TestApp::spawn(backend).await else {
        return;
    };
    let url = format!("{}/users/register", app.address);
    let tasks: Vec<_> = (0..8)
        .map(|i| {
            let request = app.client.post(&url).json(&json!({
                "username": "late", "email": format!("late{i}@example.com"), "password": PASSWORD
            }));
            tokio::spawn(request.send())
        })
        .collect();
    // Each registration hashes a password (tens of milliseconds, two at a time), so most are
    // still in flight when the shutdown starts.
    tokio::time::sleep(std::time::Duration::from_millis(40)).await;
    app.stop().await;
    let mut answered = Vec::new();
    for task in tasks {
        // A request still in the kernel's accept queue when the listener closed is reset; one
        // the server had started is finished and answered.
        let ok = matches!(task.await.unwrap(), Ok(response) if response.status() == StatusCode::OK);
        answered.push(ok);
    }
    assert!(answered.contains(&true), "no request was in flight");
    // Exactly the answered registrations happened: none was cut off half-way, none was done
    // without an answer.
    let app = app.restart().await;
    for (i, ok) in answered.iter().enumerate() {
        let login = app.login(&format!("late{i}@example.com"), PASSWORD).await;
        assert_eq!(
            login.status == StatusCode::OK,
            *ok,
            "registration {i}: answered {ok}, {}",
            login.body
        );
    }
}
