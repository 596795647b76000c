//! Following authors: `PUT` / `DELETE /users/{id}/follow`, the followers and following lists,
//! the profile's counts, and `GET /users/me/feed`.

use reqwest::{Method, StatusCode};
use rstest::rstest;
use rstest_reuse::apply;
use serde_json::{Value, json};

use crate::backends::{Backend, backends};
use crate::helpers::{PASSWORD, TestApp, TestUser, test_app};
use crate::search::listed;

async fn follow(app: &TestApp, who: &TestUser, whom: i64, on: bool) -> Value {
    let method = if on { Method::PUT } else { Method::DELETE };
    app.request(
        method,
        &format!("/users/{whom}/follow"),
        Some(&who.token),
        None,
    )
    .await
    .assert_success()["info"]
        .clone()
}

async fn profile(app: &TestApp, id: i64, token: Option<&str>) -> Value {
    app.get(&format!("/users/{id}"), token)
        .await
        .assert_success()["user"]
        .clone()
}

fn user_ids(body: &Value) -> Vec<i64> {
    body["result_list"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["id"].as_i64().unwrap())
        .collect()
}

#[apply(backends)]
#[tokio::test]
async fn following_is_idempotent_and_counted_on_both_sides(backend: Backend) {
    let app = test_app!(backend);
    let author = app.new_user().await;
    let (a, b) = (app.new_user().await, app.new_user().await);
    for _ in 0..2 {
        let info = follow(&app, &a, author.id, true).await;
        assert_eq!(
            info,
            json!({"user_id": author.id, "following": true, "follower_count": 1})
        );
    }
    follow(&app, &b, author.id, true).await;
    follow(&app, &b, a.id, true).await;
    let seen = profile(&app, author.id, Some(&a.token)).await;
    assert_eq!(
        (
            seen["follower_count"].clone(),
            seen["following_count"].clone()
        ),
        (json!(2), json!(0))
    );
    assert_eq!(seen["is_following"], true);
    assert_eq!(
        profile(&app, author.id, Some(&author.token)).await["is_following"],
        false
    );
    assert!(
        profile(&app, author.id, None)
            .await
            .get("is_following")
            .is_none()
    );
    assert_eq!(profile(&app, b.id, None).await["following_count"], 2);

    // Lists, newest first, page by page.
    let followers = format!("/users/{}/followers", author.id);
    let page = app.get(&format!("{followers}?limit=1"), None).await;
    let body = page.assert_success().clone();
    assert_eq!(user_ids(&body), [b.id]);
    assert_eq!(body["result_list"][0]["username"], "cook");
    let cursor = body["next_cursor"].as_str().unwrap();
    assert!(page.headers["link"].to_str().unwrap().contains(cursor));
    let next = app
        .get(&format!("{followers}?limit=1&cursor={cursor}"), None)
        .await;
    let body = next.assert_success();
    assert_eq!(user_ids(body), [a.id]);
    assert_eq!(body["next_cursor"], json!(null));
    let following = app.get(&format!("/users/{}/following", b.id), None).await;
    assert_eq!(user_ids(following.assert_success()), [a.id, author.id]);
    // A cursor of another list is refused.
    let reply = app
        .get(&format!("/users/{}/following?cursor={cursor}", b.id), None)
        .await;
    reply.assert_error(StatusCode::BAD_REQUEST, "validation_error");

    for _ in 0..2 {
        let info = follow(&app, &a, author.id, false).await;
        assert_eq!(
            info,
            json!({"user_id": author.id, "following": false, "follower_count": 1})
        );
    }
    assert_eq!(profile(&app, a.id, None).await["following_count"], 0);
}

#[apply(backends)]
#[tokio::test]
async fn nobody_follows_themselves_or_a_missing_account(backend: Backend) {
    let app = test_app!(backend);
    let user = app.new_user().await;
    for method in [Method::PUT, Method::DELETE] {
        app.request(
            method.clone(),
            &format!("/users/{}/follow", user.id),
            Some(&user.token),
            None,
        )
        .await
        .assert_error(StatusCode::FORBIDDEN, "own_account");
        app.request(method, "/users/987654/follow", Some(&user.token), None)
            .await
            .assert_error(StatusCode::NOT_FOUND, "not_found");
    }
    for list in ["followers", "following"] {
        app.get(&format!("/users/987654/{list}"), None)
            .await
            .assert_error(StatusCode::NOT_FOUND, "not_found");
        app.get(&format!("/users/{}/{list}?limit=-1", user.id), None)
            .await
            .assert_error(StatusCode::BAD_REQUEST, "validation_error");
    }
    app.request(Method::PUT, "/users/0/follow", Some(&user.token), None)
        .await
        .assert_error(StatusCode::BAD_REQUEST, "invalid_id");
    app.request(
        Method::PUT,
        &format!("/users/{}/follow", user.id),
        None,
        None,
    )
    .await
    .assert_error(StatusCode::UNAUTHORIZED, "missing_token");
}

#[apply(backends)]
#[tokio::test]
async fn the_feed_lists_followed_authors_published_recipes_newest_first(backend: Backend) {
    let app = test_app!(backend);
    let reader = app.new_user().await;
    let (liked, other, stranger) = (
        app.new_user().await,
        app.new_user().await,
        app.new_user().await,
    );
    let old = app
        .publish_new(&liked, &json!({"name": "Old soup", "tags": ["soup"]}))
        .await;
    let unfollowed = app.create_published(&stranger, "Not followed").await;
    let draft = app.create_draft(&liked, "Draft").await;
    let from_other = app.create_published(&other, "Other's").await;
    let new = app.create_published(&liked, "New stew").await;
    let feed = "/users/me/feed";
    assert!(listed(&app, feed, Some(&reader.token)).await.is_empty());
    follow(&app, &reader, liked.id, true).await;
    follow(&app, &reader, other.id, true).await;
    assert_eq!(
        listed(&app, feed, Some(&reader.token)).await,
        [new, from_other, old]
    );
    assert_eq!(
        listed(&app, &format!("{feed}?tag=soup"), Some(&reader.token)).await,
        [old]
    );
    let page = app
        .get(&format!("{feed}?limit=2"), Some(&reader.token))
        .await;
    let body = page.assert_success().clone();
    let cursor = body["next_cursor"].as_str().unwrap();
    assert_eq!(
        listed(
            &app,
            &format!("{feed}?limit=2&cursor={cursor}"),
            Some(&reader.token)
        )
        .await,
        [old]
    );
    // Publishing, unpublishing and unfollowing show at once; the feed is the reader's alone.
    app.request(
        Method::PUT,
        &format!("/recipes/{draft}/publish"),
        Some(&liked.token),
        None,
    )
    .await
    .assert_success();
    app.delete(&format!("/recipes/{new}/publish"), Some(&liked.token))
        .await
        .assert_success();
    follow(&app, &reader, other.id, false).await;
    assert_eq!(listed(&app, feed, Some(&reader.token)).await, [draft, old]);
    assert!(listed(&app, feed, Some(&stranger.token)).await.is_empty());
    assert!(
        !listed(&app, feed, Some(&reader.token))
            .await
            .contains(&unfollowed)
    );
    app.get(feed, None)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "missing_token");
}

#[apply(backends)]
#[tokio::test]
async fn deleting_an_account_takes_its_follows_out_of_the_counts(backend: Backend) {
    let app = test_app!(backend);
    let leaving = app.new_user().await;
    let (author, fan) = (app.new_user().await, app.new_user().await);
    follow(&app, &leaving, author.id, true).await;
    follow(&app, &fan, leaving.id, true).await;
    follow(&app, &fan, author.id, true).await;
    app.request(
        Method::DELETE,
        "/users/me",
        Some(&leaving.token),
        Some(&json!({"password": PASSWORD})),
    )
    .await
    .assert_success();
    assert_eq!(profile(&app, author.id, None).await["follower_count"], 1);
    assert_eq!(profile(&app, fan.id, None).await["following_count"], 1);
    let followers = app
        .get(&format!("/users/{}/followers", author.id), None)
        .await;
    assert_eq!(user_ids(followers.assert_success()), [fan.id]);
}

#[apply(backends)]
#[tokio::test]
async fn many_following_at_once_are_each_counted_once(backend: Backend) {
    let app = test_app!(backend);
    let author = app.new_user().await;
    let fans: Vec<TestUser> = futures_util::future::join_all((0..20).map(|_| app.new_user())).await;
    futures_util::future::join_all(fans.iter().enumerate().map(|(n, fan)| {
        let app = &app;
        let author = author.id;
        async move {
            for round in 0..=(n % 3) {
                follow(app, fan, author, round % 2 == 0).await;
            }
        }
    }))
    .await;
    let expected = (0..20).filter(|n| n % 3 != 1).count();
    assert_eq!(
        profile(&app, author.id, None).await["follower_count"],
        expected
    );
    let all = app
        .get(&format!("/users/{}/followers?limit=100", author.id), None)
        .await;
    assert_eq!(all.assert_success()["count"], expected);
}
