//! Publish and unpublish.

use rstest::rstest;
use rstest_reuse::apply;

use reqwest::{Method, StatusCode};

use crate::backends::{Backend, backends};
use crate::helpers::test_app;

#[apply(backends)]
#[tokio::test]
async fn publish_and_unpublish_are_idempotent_and_return_the_recipe(backend: Backend) {
    let app = test_app!(backend);
    let user = app.new_user().await;
    let id = app.create_draft(&user, "잡채").await;
    let path = format!("/recipes/{id}/publish");
    for _ in 0..2 {
        let reply = app
            .request(Method::PUT, &path, Some(&user.token), None)
            .await;
        assert_eq!(reply.assert_success()["info"]["is_publish"], 1);
        assert_eq!(reply.body["info"]["id"], id);
    }
    assert_eq!(
        app.get(&format!("/recipes/{id}"), None)
            .await
            .assert_success()["info"]["is_publish"],
        1
    );
    assert_eq!(app.get("/recipes", None).await.body["count"], 1);
    for _ in 0..2 {
        let reply = app
            .request(Method::DELETE, &path, Some(&user.token), None)
            .await;
        assert_eq!(reply.assert_success()["info"]["is_publish"], 0);
    }
    app.get(&format!("/recipes/{id}"), None)
        .await
        .assert_error(StatusCode::NOT_FOUND, "not_found");
    assert_eq!(app.get("/recipes", None).await.body["count"], 0);
}

#[apply(backends)]
#[tokio::test]
async fn publishing_a_missing_recipe_is_404(backend: Backend) {
    let app = test_app!(backend);
    let user = app.new_user().await;
    app.request(
        Method::PUT,
        "/recipes/424242/publish",
        Some(&user.token),
        None,
    )
    .await
    .assert_error(StatusCode::NOT_FOUND, "not_found");
}

#[apply(backends)]
#[tokio::test]
async fn publish_accepts_and_ignores_a_json_body(backend: Backend) {
    let app = test_app!(backend);
    let user = app.new_user().await;
    let id = app.create_draft(&user, "x").await;
    let reply = app
        .put(
            &format!("/recipes/{id}/publish"),
            Some(&user.token),
            &serde_json::json!({"is_publish": 0}),
        )
        .await;
    assert_eq!(reply.assert_success()["info"]["is_publish"], 1);
}
