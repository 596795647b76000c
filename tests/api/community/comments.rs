//! Comments: the thread of a recipe (oldest first, cursor), posting, the author's edit window,
//! deletion by the author or the recipe's owner, drafts' threads hidden, the counter, and what
//! an account's deletion leaves.

use chrono::{TimeDelta, Utc};
use reqwest::{Method, StatusCode};
use rstest::rstest;
use rstest_reuse::apply;
use sea_orm::{ColumnTrait, Database, EntityTrait, QueryFilter, sea_query::Expr};
use serde_json::{Value, json};

use super::{counters_and_recount, recipe};
use crate::backends::{Backend, backends};
use crate::helpers::{PASSWORD, TestApp, TestUser, test_app};
use recipe_api::store::entities::comment;

async fn post(app: &TestApp, user: &TestUser, recipe: i64, body: &str) -> Value {
    let reply = app
        .post(
            &format!("/recipes/{recipe}/comments"),
            Some(&user.token),
            &json!({"body": body}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    reply.body["info"].clone()
}

fn bodies(page: &Value) -> Vec<String> {
    page["result_list"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["body"].as_str().unwrap().to_owned())
        .collect()
}

/// Moves comment `id`'s posting time `minutes` into the past.
async fn age(app: &TestApp, id: i64, minutes: i64) {
    let db = Database::connect(&app.settings.database.url).await.unwrap();
    comment::Entity::update_many()
        .col_expr(
            comment::Column::CreatedAt,
            Expr::value(Utc::now() - TimeDelta::minutes(minutes)),
        )
        .filter(comment::Column::Id.eq(id))
        .exec(&db)
        .await
        .unwrap();
    db.close().await.unwrap();
}

#[apply(backends)]
#[tokio::test]
async fn a_thread_is_read_oldest_first_page_by_page(backend: Backend) {
    let app = test_app!(backend);
    let cook = app.new_user().await;
    let guest = app.new_user().await;
    let id = app.create_published(&cook, "Galbi").await;
    let first = post(&app, &guest, id, "첫 댓글\n두 줄").await;
    assert_eq!(first["recipe_id"], id);
    assert_eq!(first["body"], "첫 댓글\n두 줄");
    assert_eq!(first["author"]["id"], guest.id);
    assert_eq!(first["author"]["username"], "cook");
    assert_eq!(first["edited"], false);
    assert_eq!(first["edited_at"], json!(null));
    for n in 2..=5 {
        post(
            &app,
            if n % 2 == 0 { &cook } else { &guest },
            id,
            &format!("comment {n}"),
        )
        .await;
    }
    assert_eq!(recipe(&app, id, None).await["comment_count"], 5);

    let path = format!("/recipes/{id}/comments");
    let page = app.get(&format!("{path}?limit=2"), None).await;
    let body = page.assert_success().clone();
    assert_eq!(body["count"], 2);
    assert_eq!(bodies(&body), ["첫 댓글\n두 줄", "comment 2"]);
    let link = page.headers["link"].to_str().unwrap().to_owned();
    let mut seen = bodies(&body);
    let mut cursor = body["next_cursor"].as_str().unwrap().to_owned();
    assert!(link.contains(&cursor), "{link}");
    loop {
        let page = app
            .get(
                &format!("{path}?limit=2&cursor={cursor}"),
                Some(&guest.token),
            )
            .await;
        let body = page.assert_success().clone();
        seen.extend(bodies(&body));
        match body["next_cursor"].as_str() {
            Some(next) => cursor = next.to_owned(),
            None => break,
        }
    }
    assert_eq!(seen.len(), 5);
    assert_eq!(seen[4], "comment 5");
    assert_eq!(
        bodies(
            app.get(&format!("{path}?offset=3"), None)
                .await
                .assert_success()
        ),
        ["comment 4", "comment 5"]
    );
    // A cursor of another thread, or a made-up one, is refused.
    let other = app.create_published(&cook, "Other").await;
    post(&app, &guest, other, "elsewhere").await;
    for bad in [cursor.as_str(), "garbage"] {
        let reply = app
            .get(&format!("/recipes/{other}/comments?cursor={bad}"), None)
            .await;
        let body = reply.assert_error(StatusCode::BAD_REQUEST, "validation_error");
        assert!(body["fields"]["cursor"].is_string());
    }
}

#[apply(backends)]
#[tokio::test]
async fn only_the_author_edits_and_only_within_fifteen_minutes(backend: Backend) {
    let app = test_app!(backend);
    let cook = app.new_user().await;
    let guest = app.new_user().await;
    let id = app.create_published(&cook, "Naengmyeon").await;
    let comment = post(&app, &guest, id, "too salty").await;
    let path = format!("/comments/{}", comment["id"]);

    let edited = app
        .patch(&path, Some(&guest.token), &json!({"body": "just right"}))
        .await;
    let info = &edited.assert_success()["info"];
    assert_eq!(info["body"], "just right");
    assert_eq!(info["edited"], true);
    assert!(info["edited_at"].is_string());
    // Not the author: not even the recipe's owner may put words in a guest's mouth.
    app.patch(&path, Some(&cook.token), &json!({"body": "forged"}))
        .await
        .assert_error(StatusCode::FORBIDDEN, "forbidden");
    age(&app, comment["id"].as_i64().unwrap(), 16).await;
    app.patch(&path, Some(&guest.token), &json!({"body": "late"}))
        .await
        .assert_error(StatusCode::FORBIDDEN, "edit_window_closed");
    let thread = app.get(&format!("/recipes/{id}/comments"), None).await;
    assert_eq!(bodies(thread.assert_success()), ["just right"]);
    app.patch(
        "/comments/999999",
        Some(&guest.token),
        &json!({"body": "x"}),
    )
    .await
    .assert_error(StatusCode::NOT_FOUND, "not_found");
    for bad in [
        json!({}),
        json!({"body": ""}),
        json!({"body": "  \n "}),
        json!({"body": "a\u{0}b"}),
        json!({"body": "x".repeat(2001)}),
        json!({"body": 5}),
    ] {
        let reply = app.patch(&path, Some(&guest.token), &bad).await;
        assert_eq!(
            reply.status,
            StatusCode::BAD_REQUEST,
            "{bad}: {}",
            reply.body
        );
    }
}

#[apply(backends)]
#[tokio::test]
async fn the_author_or_the_recipes_owner_deletes_a_comment(backend: Backend) {
    let app = test_app!(backend);
    let cook = app.new_user().await;
    let guest = app.new_user().await;
    let stranger = app.new_user().await;
    let id = app.create_published(&cook, "Hotteok").await;
    let own = post(&app, &guest, id, "mine").await;
    let moderated = post(&app, &guest, id, "spam").await;
    let kept = post(&app, &stranger, id, "nice").await;
    app.delete(&format!("/comments/{}", kept["id"]), Some(&guest.token))
        .await
        .assert_error(StatusCode::FORBIDDEN, "forbidden");
    app.delete(&format!("/comments/{}", own["id"]), Some(&guest.token))
        .await
        .assert_success();
    app.delete(&format!("/comments/{}", moderated["id"]), Some(&cook.token))
        .await
        .assert_success();
    app.delete(&format!("/comments/{}", moderated["id"]), Some(&cook.token))
        .await
        .assert_error(StatusCode::NOT_FOUND, "not_found");
    let thread = app.get(&format!("/recipes/{id}/comments"), None).await;
    assert_eq!(bodies(thread.assert_success()), ["nice"]);
    assert_eq!(recipe(&app, id, None).await["comment_count"], 1);
    let (stored, recount) = counters_and_recount(&app, id).await;
    assert_eq!(stored, recount);
}

#[apply(backends)]
#[tokio::test]
async fn a_drafts_thread_is_its_owners_alone(backend: Backend) {
    let app = test_app!(backend);
    let cook = app.new_user().await;
    let guest = app.new_user().await;
    let id = app.create_published(&cook, "Sundubu").await;
    let comment = post(&app, &guest, id, "hello").await;
    app.delete(&format!("/recipes/{id}/publish"), Some(&cook.token))
        .await
        .assert_success();
    let thread = format!("/recipes/{id}/comments");
    for token in [None, Some(guest.token.as_str())] {
        app.get(&thread, token)
            .await
            .assert_error(StatusCode::NOT_FOUND, "not_found");
    }
    app.post(&thread, Some(&guest.token), &json!({"body": "again"}))
        .await
        .assert_error(StatusCode::NOT_FOUND, "not_found");
    let path = format!("/comments/{}", comment["id"]);
    app.patch(&path, Some(&guest.token), &json!({"body": "edit"}))
        .await
        .assert_error(StatusCode::NOT_FOUND, "not_found");
    app.delete(&path, Some(&guest.token))
        .await
        .assert_error(StatusCode::NOT_FOUND, "not_found");
    // Its owner still reads and writes it, and it comes back with the recipe.
    assert_eq!(
        bodies(app.get(&thread, Some(&cook.token)).await.assert_success()),
        ["hello"]
    );
    post(&app, &cook, id, "note to self").await;
    app.request(
        Method::PUT,
        &format!("/recipes/{id}/publish"),
        Some(&cook.token),
        None,
    )
    .await
    .assert_success();
    assert_eq!(
        bodies(app.get(&thread, None).await.assert_success()),
        ["hello", "note to self"]
    );
    app.get("/recipes/999999/comments", None)
        .await
        .assert_error(StatusCode::NOT_FOUND, "not_found");
}

#[apply(backends)]
#[tokio::test]
async fn deleting_an_account_anonymises_its_comments_and_uncounts_its_votes(backend: Backend) {
    let app = test_app!(backend);
    let cook = app.new_user().await;
    let leaving = app.new_user().await;
    let staying = app.new_user().await;
    let id = app.create_published(&cook, "Mandu").await;
    let own = app.create_published(&leaving, "Leaving's own").await;
    for user in [&leaving, &staying] {
        app.request(
            Method::PUT,
            &format!("/recipes/{id}/favorite"),
            Some(&user.token),
            None,
        )
        .await
        .assert_success();
    }
    app.put(
        &format!("/recipes/{id}/rating"),
        Some(&leaving.token),
        &json!({"stars": 1}),
    )
    .await
    .assert_success();
    app.put(
        &format!("/recipes/{id}/rating"),
        Some(&staying.token),
        &json!({"stars": 5}),
    )
    .await
    .assert_success();
    post(&app, &leaving, id, "goodbye").await;
    post(&app, &staying, own, "on a recipe that goes").await;
    let unrated = app.create_published(&cook, "Unrated").await;
    // 1 and 5 stars score 3.0, as a recipe nobody rated: the newer first.
    assert_eq!(
        crate::search::listed(&app, "/recipes?sort=rating", None).await,
        [unrated, own, id]
    );

    app.request(
        Method::DELETE,
        "/users/me",
        Some(&leaving.token),
        Some(&json!({"password": PASSWORD})),
    )
    .await
    .assert_success();
    let after = recipe(&app, id, None).await;
    assert_eq!(after["favorite_count"], 1);
    assert_eq!(after["rating"], json!({"average": 5.0, "count": 1}));
    assert_eq!(after["comment_count"], 1, "the comment stays, anonymous");
    let thread = app.get(&format!("/recipes/{id}/comments"), None).await;
    let comment = &thread.assert_success()["result_list"][0];
    assert_eq!(comment["body"], "goodbye");
    assert_eq!(comment["author"], json!(null));
    let (stored, recount) = counters_and_recount(&app, id).await;
    assert_eq!(stored, recount);
    // The rating sort follows: 5 stars from one vote now scores above an unrated recipe.
    assert_eq!(
        crate::search::listed(&app, "/recipes?sort=rating", None).await,
        [id, unrated]
    );
    app.get(&format!("/recipes/{own}/comments"), None)
        .await
        .assert_error(StatusCode::NOT_FOUND, "not_found");
}
