//! A draft never leaks to anyone but its owner, through any route.

use rstest::rstest;
use rstest_reuse::apply;

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::backends::{Backend, backends};
use crate::helpers::test_app;

#[apply(backends)]
#[tokio::test]
async fn drafts_are_invisible_to_everyone_but_their_owner(backend: Backend) {
    let app = test_app!(backend);
    let owner = app.new_user().await;
    let stranger = app.new_user().await;
    let draft = app.create_draft(&owner, "secret family recipe").await;
    let path = format!("/recipes/{draft}");

    // Reads: anonymous and stranger get 404, the owner gets it.
    app.get(&path, None)
        .await
        .assert_error(StatusCode::NOT_FOUND, "not_found");
    app.get(&path, Some(&stranger.token))
        .await
        .assert_error(StatusCode::NOT_FOUND, "not_found");
    app.get(&path, Some(&owner.token)).await.assert_success();

    // Lists: not in the public list (any page), not in the stranger's list.
    for query in ["", "?offset=0&limit=100"] {
        let body = app
            .get(&format!("/recipes{query}"), None)
            .await
            .assert_success()
            .clone();
        assert!(!body.to_string().contains("secret family recipe"), "{body}");
    }
    let body = app
        .get("/recipes/me", Some(&stranger.token))
        .await
        .assert_success()
        .clone();
    assert_eq!(body["count"], 0);

    // Changes by the stranger: 404, same as a missing recipe — existence is not revealed.
    let missing = app.get("/recipes/999999", Some(&stranger.token)).await;
    for (method, route, body) in [
        (Method::PUT, path.clone(), Some(json!({"name": "stolen"}))),
        (Method::PATCH, path.clone(), Some(json!({"name": "stolen"}))),
        (Method::DELETE, path.clone(), None),
        (Method::PUT, format!("{path}/publish"), None),
        (Method::DELETE, format!("{path}/publish"), None),
    ] {
        let reply = app
            .request(method, &route, Some(&stranger.token), body.as_ref())
            .await;
        reply.assert_error(StatusCode::NOT_FOUND, "not_found");
        assert_eq!(reply.body, missing.body);
    }

    // Still a draft, still named the same.
    let info = app.get(&path, Some(&owner.token)).await.assert_success()["info"].clone();
    assert_eq!(info["name"], "secret family recipe");
    assert_eq!(info["is_publish"], 0);
}

#[apply(backends)]
#[tokio::test]
async fn unpublishing_hides_a_recipe_again(backend: Backend) {
    let app = test_app!(backend);
    let owner = app.new_user().await;
    let id = app.create_published(&owner, "now you see it").await;
    app.get(&format!("/recipes/{id}"), None)
        .await
        .assert_success();
    app.request(
        Method::DELETE,
        &format!("/recipes/{id}/publish"),
        Some(&owner.token),
        None,
    )
    .await
    .assert_success();
    app.get(&format!("/recipes/{id}"), None)
        .await
        .assert_error(StatusCode::NOT_FOUND, "not_found");
    assert_eq!(app.get("/recipes", None).await.body["count"], 0);
}
