//! `/healthz`, `/readyz` and routing fallbacks.

use rstest::rstest;
use rstest_reuse::apply;

use reqwest::{Method, StatusCode, header};

use crate::backends::{Backend, backends};
use crate::helpers::{TestApp, test_app};

#[apply(backends)]
#[tokio::test]
async fn healthz_reports_server_and_database_ok(backend: Backend) {
    let app = test_app!(backend);
    let reply = app.get("/healthz", None).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.body["status"], "ok");
    assert_eq!(reply.body["database"], "ok");
}

#[apply(backends)]
#[tokio::test]
async fn unknown_routes_answer_json_404(backend: Backend) {
    let app = test_app!(backend);
    for path in [
        "/nope",
        "/recipes/1/nope",
        "/users",
        "/users/register/extra",
    ] {
        app.get(path, None)
            .await
            .assert_error(StatusCode::NOT_FOUND, "not_found");
    }
}

#[apply(backends)]
#[tokio::test]
async fn wrong_methods_answer_json_405_with_allow(backend: Backend) {
    let app = test_app!(backend);
    let reply = app
        .request(Method::GET, "/users/register", None, None)
        .await;
    reply.assert_error(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
    assert!(reply.headers.get(header::ALLOW).is_some());
    app.request(Method::POST, "/recipes/1", None, None)
        .await
        .assert_error(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
    app.request(Method::PATCH, "/recipes/1/publish", None, None)
        .await
        .assert_error(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
}

#[apply(backends)]
#[tokio::test]
async fn every_response_carries_a_request_id_and_keeps_the_clients(backend: Backend) {
    let app = test_app!(backend);
    let reply = app.get("/healthz", None).await;
    assert!(reply.headers.get("x-request-id").is_some());
    let response = app
        .client
        .get(format!("{}/healthz", app.address))
        .header("x-request-id", "trace-me-123")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["x-request-id"], "trace-me-123");
}

#[apply(backends)]
#[tokio::test]
async fn livez_answers_without_the_database(backend: Backend) {
    let app = test_app!(backend);
    let reply = app.get("/livez", None).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.body, serde_json::json!({"status": "ok"}));
}

#[tokio::test]
async fn the_postgresql_scheme_is_accepted_too() {
    let dir = tempfile::tempdir().unwrap();
    let Some(database) = crate::backends::TestDatabase::create(Backend::Postgres, dir.path()).await
    else {
        return;
    };
    let url = database.url.replacen("postgres://", "postgresql://", 1);
    assert!(url.starts_with("postgresql://"));
    let app = TestApp::spawn_with_url(database, dir, &url, |_| {}).await;
    app.get("/healthz", None).await.assert_success_status();
    app.new_user().await;
}

#[apply(backends)]
#[tokio::test]
async fn readyz_needs_the_database_and_every_migration(backend: Backend) {
    let app = test_app!(backend);
    let reply = app.get("/readyz", None).await;
    reply.assert_success_status();
    assert_eq!(reply.body["migrations"], "applied");
    // The database loses its latest migration (as if an older build's database were used).
    let db = sea_orm::Database::connect(app.settings.database.url.as_str())
        .await
        .unwrap();
    let forget = "DELETE FROM seaql_migrations WHERE version = \
                  (SELECT version FROM (SELECT MAX(version) AS version FROM seaql_migrations) AS latest)";
    sea_orm::ConnectionTrait::execute_unprepared(&db, forget)
        .await
        .unwrap();
    let reply = app.get("/readyz", None).await;
    reply.assert_error(StatusCode::SERVICE_UNAVAILABLE, "migrations_pending");
    // Liveness and the database check do not look at migrations.
    app.get("/healthz", None).await.assert_success_status();
    app.get("/livez", None).await.assert_success_status();
}
