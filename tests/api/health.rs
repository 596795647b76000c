//! `/healthz` and routing fallbacks.

use reqwest::{Method, StatusCode, header};

use crate::helpers::TestApp;

#[tokio::test]
async fn healthz_reports_server_and_database_ok() {
    let app = TestApp::spawn().await;
    let reply = app.get("/healthz", None).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.body["status"], "ok");
    assert_eq!(reply.body["database"], "ok");
}

#[tokio::test]
async fn unknown_routes_answer_json_404() {
    let app = TestApp::spawn().await;
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

#[tokio::test]
async fn wrong_methods_answer_json_405_with_allow() {
    let app = TestApp::spawn().await;
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

#[tokio::test]
async fn every_response_carries_a_request_id_and_keeps_the_clients() {
    let app = TestApp::spawn().await;
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
