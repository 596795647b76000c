//! Writes that race each other on one recipe, one tag or one account: every acknowledged write
//! is stored, counts stay exact, and no race answers a 500 or a 503.

use reqwest::{Method, StatusCode};
use rstest::rstest;
use rstest_reuse::apply;
use serde_json::json;

use crate::backends::{Backend, backends};
use crate::helpers::{PASSWORD, Reply, TestApp, test_app};
use crate::search::listed;

/// The published count `GET /tags` reports for `tag` (0 when it is not listed).
async fn published_count(app: &TestApp, tag: &str) -> i64 {
    let body = app
        .get(&format!("/tags?q={tag}&limit=100"), None)
        .await
        .assert_success()
        .clone();
    body["tags"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == tag)
        .map_or(0, |t| t["recipe_count"].as_i64().unwrap())
}

#[track_caller]
fn assert_no_server_error(reply: &Reply, what: &str) {
    assert!(
        !reply.status.is_server_error(),
        "{what}: {} {}",
        reply.status,
        reply.body
    );
}

#[apply(backends)]
#[tokio::test]
async fn publishing_and_deleting_at_once_leave_no_count_behind(backend: Backend) {
    let app = test_app!(backend);
    let cook = app.new_user().await;
    let token = Some(cook.token.as_str());
    for trial in 0..20 {
        let tag = format!("race{trial}");
        let id = app
            .create_recipe(&cook, &json!({"name": "Racer", "tags": [tag]}))
            .await["id"]
            .as_i64()
            .unwrap();
        let publish = format!("/recipes/{id}/publish");
        let recipe = format!("/recipes/{id}");
        let (published, deleted) = tokio::join!(
            app.request(Method::PUT, &publish, token, None),
            app.delete(&recipe, token),
        );
        assert!(
            matches!(published.status, StatusCode::OK | StatusCode::NOT_FOUND),
            "publish: {} {}",
            published.status,
            published.body
        );
        deleted.assert_success();
        assert_eq!(published_count(&app, &tag).await, 0, "trial {trial}");
    }
}

#[apply(backends)]
#[tokio::test]
async fn concurrent_changes_setting_one_new_tag_all_keep_their_link(backend: Backend) {
    let app = test_app!(backend);
    let cook = app.new_user().await;
    let mut ids = Vec::new();
    for n in 0..12 {
        ids.push(app.create_published(&cook, &format!("dish {n}")).await);
    }
    for round in 0..3 {
        let tag = format!("fresh{round}");
        let change = json!({"tags": [tag, "shared"]});
        let changes = ids.iter().map(|id| {
            let (app, change, token) = (&app, &change, &cook.token);
            async move {
                app.patch(&format!("/recipes/{id}"), Some(token), change)
                    .await
            }
        });
        for reply in futures_util::future::join_all(changes).await {
            reply.assert_success();
        }
        let mut found = listed(&app, &format!("/recipes?tag={tag}&limit=100"), None).await;
        found.sort_unstable();
        assert_eq!(found, ids, "round {round}: links were lost");
        assert_eq!(published_count(&app, &tag).await, 12, "round {round}");
    }
}

#[apply(backends)]
#[tokio::test]
async fn concurrent_creations_with_the_same_tags_all_succeed(backend: Backend) {
    let app = test_app!(backend);
    let cook = app.new_user().await;
    for round in 0..3 {
        let new_tag = format!("new{round}");
        let creations = (0..8).map(|n| {
            let body = json!({
                "name": format!("dish {n}"),
                "tags": ["shared", new_tag, format!("own{round}x{n}")],
            });
            let (app, token) = (&app, &cook.token);
            async move { app.post("/recipes", Some(token), &body).await }
        });
        let mut created = Vec::new();
        for reply in futures_util::future::join_all(creations).await {
            assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
            created.push(reply.body["info"]["id"].as_i64().unwrap());
        }
        created.sort_unstable();
        let mut found = listed(
            &app,
            &format!("/recipes/me?tag={new_tag}&tag=shared&limit=100"),
            Some(&cook.token),
        )
        .await;
        found.sort_unstable();
        assert_eq!(found, created, "round {round}");
    }
}

#[apply(backends)]
#[tokio::test]
async fn requests_racing_the_deletion_of_their_account_answer_401_or_404(backend: Backend) {
    let app = test_app!(backend);
    for trial in 0..4 {
        let user = app.new_user().await;
        let created = app
            .post(
                "/users/me/tokens",
                Some(&user.token),
                &json!({"name": "script", "scope": "write"}),
            )
            .await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
        let personal = created.body["token"].as_str().unwrap().to_owned();
        let draft = json!({"name": "late", "tags": ["late"]});
        let mut racers: Vec<std::pin::Pin<Box<dyn std::future::Future<Output = Reply> + '_>>> =
            Vec::new();
        for _ in 0..4 {
            racers.push(Box::pin(app.login(&user.email, PASSWORD)));
            racers.push(Box::pin(app.post("/recipes", Some(&personal), &draft)));
            racers.push(Box::pin(app.post("/recipes", Some(&user.token), &draft)));
        }
        let confirm = json!({"password": PASSWORD});
        let deletion = app.request(
            Method::DELETE,
            "/users/me",
            Some(&user.token),
            Some(&confirm),
        );
        let (deleted, replies) = tokio::join!(deletion, futures_util::future::join_all(racers));
        deleted.assert_success();
        for reply in &replies {
            assert_no_server_error(reply, &format!("trial {trial}"));
            assert!(
                reply.status.is_success()
                    || matches!(
                        reply.status,
                        StatusCode::UNAUTHORIZED | StatusCode::NOT_FOUND
                    ),
                "trial {trial}: {} {}",
                reply.status,
                reply.body
            );
        }
        // The account is gone for good, whatever the racers did.
        app.login(&user.email, PASSWORD)
            .await
            .assert_error(StatusCode::UNAUTHORIZED, "invalid_credentials");
        app.post("/recipes", Some(&personal), &draft)
            .await
            .assert_error(StatusCode::UNAUTHORIZED, "invalid_token");
    }
}
