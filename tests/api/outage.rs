//! Database outages: 503 with Retry-After while the database is gone, recovery without a
//! restart when it returns, and a clear error when it is not there at start.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use rstest::rstest;

use crate::backends::{Backend, TestDatabase};
use crate::helpers::TestApp;
use crate::proxy::Proxy;

/// Splits `url` into (before the host, credentials with '@', host:port, the rest).
fn split_authority(url: &str) -> (&str, &str, &str, &str) {
    let start = url.find("://").map_or(0, |i| i + 3);
    let end = url[start..].find('/').map_or(url.len(), |i| start + i);
    let authority = &url[start..end];
    let host_start = authority.rfind('@').map_or(0, |i| i + 1);
    (
        &url[..start],
        &authority[..host_start],
        &authority[host_start..],
        &url[end..],
    )
}

/// The database server's host:port.
fn upstream_of(url: &str) -> String {
    split_authority(url).2.to_owned()
}

/// `url` with its host:port replaced by 127.0.0.1:`port`.
fn through_proxy(url: &str, port: u16) -> String {
    let (scheme, credentials, _, rest) = split_authority(url);
    format!("{scheme}{credentials}127.0.0.1:{port}{rest}")
}

#[rstest]
#[case::postgres(Backend::Postgres)]
#[case::mysql(Backend::Mysql)]
#[tokio::test]
async fn a_lost_database_answers_503_and_the_server_recovers_by_itself(#[case] backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let Some(database) = TestDatabase::create(backend, dir.path()).await else {
        return;
    };
    let proxy = Proxy::start(upstream_of(&database.url)).await;
    let proxied_url = through_proxy(&database.url, proxy.port);
    let app = TestApp::spawn_with_url(database, dir, &proxied_url, |s| {
        s.database.connect_timeout = Duration::from_secs(1);
    })
    .await;
    let user = app.new_user().await;
    let id = app.create_published(&user, "survivor").await;

    proxy.cut();
    let started = Instant::now();
    let reply = app.get(&format!("/recipes/{id}"), None).await;
    reply.assert_error(StatusCode::SERVICE_UNAVAILABLE, "database_unavailable");
    assert_eq!(reply.headers["retry-after"], "5");
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "503 took {:?}",
        started.elapsed()
    );
    app.get("/healthz", None)
        .await
        .assert_error(StatusCode::SERVICE_UNAVAILABLE, "database_unavailable");
    let reply = app
        .post(
            "/recipes",
            Some(&user.token),
            &serde_json::json!({"name": "lost?"}),
        )
        .await;
    assert_eq!(
        reply.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        reply.body
    );

    proxy.restore();
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let reply = app.get(&format!("/recipes/{id}"), None).await;
        if reply.status == StatusCode::OK {
            assert_eq!(reply.body["info"]["name"], "survivor");
            break;
        }
        assert!(
            Instant::now() < deadline,
            "no recovery: {} {}",
            reply.status,
            reply.body
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    app.get("/healthz", None).await.assert_success_status();
    // The write refused during the outage did not happen.
    let mine = app.get("/recipes/me", Some(&user.token)).await;
    assert_eq!(mine.body["count"], 1);
}

#[rstest]
#[case::postgres("postgres://postgres@127.0.0.1:1/recipes")]
#[case::mysql("mysql://root@127.0.0.1:1/recipes")]
#[tokio::test]
async fn an_unreachable_database_at_start_is_a_clear_error(#[case] url: &str) {
    let dir = tempfile::tempdir().unwrap();
    let mut settings = crate::helpers::test_settings(dir.path(), url);
    settings.database.connect_timeout = Duration::from_secs(2);
    let err = recipe_api::startup::Application::build(settings)
        .await
        .err()
        .expect("start refused");
    let message = format!("{err:#}");
    assert!(
        message.contains("could not connect to the database"),
        "{message}"
    );
}

#[test]
fn urls_are_rewritten_to_go_through_the_proxy() {
    let url = "postgres://u:p@db.example:5432/x?sslmode=disable";
    assert_eq!(
        through_proxy(url, 9),
        "postgres://u:p@127.0.0.1:9/x?sslmode=disable"
    );
    assert_eq!(upstream_of(url), "db.example:5432");
    assert_eq!(
        through_proxy("mysql://127.0.0.1:3306/x", 9),
        "mysql://127.0.0.1:9/x"
    );
}
