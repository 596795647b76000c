//! Nothing secret reaches the logs: passwords, access and refresh tokens, personal access tokens
//! and the signing key never appear in any log line, even at the most verbose level.

use std::{
    io::Write,
    sync::{Arc, Mutex, OnceLock},
};

use reqwest::Method;
use rstest::rstest;
use rstest_reuse::apply;
use serde_json::json;
use tracing_subscriber::fmt::MakeWriter;

use crate::backends::{Backend, backends};
use crate::helpers::{JWT_SECRET, test_app};

/// Every log line of this test process, from the moment the first test asks for it.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Captured {
    type Writer = Captured;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

fn captured_logs() -> Captured {
    static LOGS: OnceLock<Captured> = OnceLock::new();
    LOGS.get_or_init(|| {
        let logs = Captured::default();
        tracing_subscriber::fmt()
            .with_env_filter(
                "debug,recipe_api=trace,tower_http=trace,hyper=info,h2=info,reqwest=info",
            )
            .with_writer(logs.clone())
            .with_ansi(false)
            .init();
        logs
    })
    .clone()
}

#[apply(backends)]
#[tokio::test]
async fn passwords_tokens_and_keys_never_reach_the_logs(backend: Backend) {
    let logs = captured_logs();
    let app = test_app!(backend);
    let password = format!("pw-{}", uuid::Uuid::new_v4().simple());
    let email = format!("{}@example.com", uuid::Uuid::new_v4().simple());

    let token = app
        .register("logged", &email, &password)
        .await
        .assert_success()["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let login = app.login(&email, &password).await.assert_success()["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    app.login(&email, &format!("{password}-wrong")).await;
    app.login("nobody@example.com", &password).await;
    app.post("/recipes", Some(&token), &json!({"name": "x"}))
        .await;
    app.post("/users/logout", Some(&token), &json!({})).await;
    app.get("/recipes/me", Some(&token)).await; // revoked: logged as a 401
    app.request(
        Method::GET,
        "/recipes/me",
        Some(&format!("{login}tampered")),
        None,
    )
    .await;
    let wrong_type = format!(
        r#"{{"username": "x", "email": "{email}", "password": {}}}"#,
        987_654_321_987u64
    );
    app.send_raw(
        Method::POST,
        "/users/register",
        None,
        "application/json",
        wrong_type.into_bytes(),
    )
    .await;

    let refresh_token = app.login(&email, &password).await.body["refresh_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let rotated = app
        .post(
            "/users/refresh",
            None,
            &json!({"refresh_token": refresh_token}),
        )
        .await;
    let rotated_refresh = rotated.body["refresh_token"].as_str().unwrap().to_owned();
    app.post(
        "/users/refresh",
        None,
        &json!({"refresh_token": refresh_token}),
    )
    .await; // reuse: logged 401
    let personal = app
        .post(
            "/users/me/tokens",
            Some(&login),
            &json!({"name": "n", "scope": "read"}),
        )
        .await;
    let personal = personal.body["token"].as_str().unwrap().to_owned();
    app.get("/recipes/me", Some(&personal)).await;
    app.post("/recipes", Some(&personal), &json!({"name": "refused"}))
        .await;

    let text = String::from_utf8_lossy(&logs.0.lock().unwrap()).into_owned();
    assert!(
        text.contains("answered"),
        "the request log is being captured"
    );
    for secret in [
        password.as_str(),
        token.as_str(),
        login.as_str(),
        refresh_token.as_str(),
        rotated_refresh.as_str(),
        personal.as_str(),
        JWT_SECRET,
        "987654321987",
    ] {
        assert!(
            !text.contains(secret),
            "a secret reached the logs: {secret}"
        );
    }
    // Tokens are long; no fragment of one (its signature) may show up either.
    for token in [&token, &login] {
        let signature = token.rsplit('.').next().unwrap();
        assert!(
            !text.contains(signature),
            "a token signature reached the logs"
        );
    }
}
