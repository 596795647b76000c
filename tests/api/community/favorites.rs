//! Favourites: `PUT` / `DELETE /recipes/{id}/favorite`, `GET /users/me/favorites`, and the
//! recipe's `favorite_count` / `is_favorite`.

use reqwest::{Method, StatusCode};
use rstest::rstest;
use rstest_reuse::apply;
use serde_json::json;

use super::{counters_and_recount, recipe};
use crate::backends::{Backend, backends};
use crate::helpers::test_app;
use crate::search::listed;

#[apply(backends)]
#[tokio::test]
async fn a_favourite_is_added_and_removed_idempotently_and_counted(backend: Backend) {
    let app = test_app!(backend);
    let cook = app.new_user().await;
    let fan = app.new_user().await;
    let other = app.new_user().await;
    let id = app.create_published(&cook, "Bibimbap").await;
    let path = format!("/recipes/{id}/favorite");

    let before = recipe(&app, id, Some(&fan.token)).await;
    assert_eq!(before["favorite_count"], 0);
    assert_eq!(before["is_favorite"], false);
    assert_eq!(before["my_rating"], json!(null));
    let anonymous = recipe(&app, id, None).await;
    assert!(anonymous.get("is_favorite").is_none(), "{anonymous}");
    assert!(anonymous.get("my_rating").is_none(), "{anonymous}");

    for _ in 0..2 {
        let reply = app
            .request(Method::PUT, &path, Some(&fan.token), None)
            .await;
        let info = &reply.assert_success()["info"];
        assert_eq!(info["recipe_id"], id);
        assert_eq!(info["is_favorite"], true);
        assert_eq!(info["favorite_count"], 1, "twice counts once");
    }
    app.request(Method::PUT, &path, Some(&other.token), None)
        .await
        .assert_success();
    // The author may keep their own recipe among their favourites.
    app.request(Method::PUT, &path, Some(&cook.token), None)
        .await
        .assert_success();
    let seen = recipe(&app, id, Some(&fan.token)).await;
    assert_eq!(seen["favorite_count"], 3);
    assert_eq!(seen["is_favorite"], true);
    assert_eq!(
        recipe(&app, id, Some(&other.token)).await["is_favorite"],
        true
    );

    for _ in 0..2 {
        let reply = app.delete(&path, Some(&fan.token)).await;
        let info = &reply.assert_success()["info"];
        assert_eq!(info["is_favorite"], false);
        assert_eq!(info["favorite_count"], 2, "removing twice counts once");
    }
    let seen = recipe(&app, id, Some(&fan.token)).await;
    assert_eq!(
        (seen["favorite_count"].clone(), seen["is_favorite"].clone()),
        (json!(2), json!(false))
    );
    let (stored, recount) = counters_and_recount(&app, id).await;
    assert_eq!(stored, recount);
}

#[apply(backends)]
#[tokio::test]
async fn my_favourites_list_what_i_can_see_with_every_list_parameter(backend: Backend) {
    let app = test_app!(backend);
    let cook = app.new_user().await;
    let fan = app.new_user().await;
    let soup = app
        .publish_new(
            &cook,
            &json!({"name": "Soup", "tags": ["soup"], "cook_time": 30}),
        )
        .await;
    let stew = app
        .publish_new(
            &cook,
            &json!({"name": "Stew", "tags": ["stew"], "cook_time": 10}),
        )
        .await;
    let unloved = app.create_published(&cook, "Unloved").await;
    let own_draft = app.create_draft(&fan, "My draft").await;
    for id in [soup, stew, own_draft] {
        app.request(
            Method::PUT,
            &format!("/recipes/{id}/favorite"),
            Some(&fan.token),
            None,
        )
        .await
        .assert_success();
    }
    let mine = "/users/me/favorites";
    assert_eq!(
        listed(&app, mine, Some(&fan.token)).await,
        [own_draft, stew, soup]
    );
    assert_eq!(
        listed(&app, &format!("{mine}?tag=soup"), Some(&fan.token)).await,
        [soup]
    );
    assert_eq!(
        listed(&app, &format!("{mine}?sort=cook_time"), Some(&fan.token)).await,
        [stew, soup, own_draft]
    );
    let page = app.get(&format!("{mine}?limit=1"), Some(&fan.token)).await;
    let body = page.assert_success();
    assert_eq!(body["result_list"][0]["is_favorite"], true);
    let cursor = body["next_cursor"].as_str().unwrap();
    assert_eq!(
        listed(
            &app,
            &format!("{mine}?limit=5&cursor={cursor}"),
            Some(&fan.token)
        )
        .await,
        [stew, soup]
    );
    // Another user's list is their own; nobody's without a credential.
    assert!(listed(&app, mine, Some(&cook.token)).await.is_empty());
    app.get(mine, None)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "missing_token");
    // A favourite whose recipe goes back to draft leaves the list, and returns with it.
    app.delete(&format!("/recipes/{soup}/publish"), Some(&cook.token))
        .await
        .assert_success();
    assert_eq!(
        listed(&app, mine, Some(&fan.token)).await,
        [own_draft, stew]
    );
    app.request(
        Method::PUT,
        &format!("/recipes/{soup}/publish"),
        Some(&cook.token),
        None,
    )
    .await
    .assert_success();
    assert_eq!(
        listed(&app, mine, Some(&fan.token)).await,
        [own_draft, stew, soup]
    );
    // Lists mark the caller's favourites.
    let all = app.get("/recipes?limit=10", Some(&fan.token)).await;
    for item in all.assert_success()["result_list"].as_array().unwrap() {
        let expected = item["id"] != unloved;
        assert_eq!(item["is_favorite"], expected, "{item}");
    }
}

#[apply(backends)]
#[tokio::test]
async fn nothing_of_someone_elses_draft_can_be_favourited(backend: Backend) {
    let app = test_app!(backend);
    let cook = app.new_user().await;
    let fan = app.new_user().await;
    let draft = app.create_draft(&cook, "Secret").await;
    let path = format!("/recipes/{draft}/favorite");
    for method in [Method::PUT, Method::DELETE] {
        app.request(method, &path, Some(&fan.token), None)
            .await
            .assert_error(StatusCode::NOT_FOUND, "not_found");
    }
    app.request(
        Method::PUT,
        "/recipes/999999/favorite",
        Some(&fan.token),
        None,
    )
    .await
    .assert_error(StatusCode::NOT_FOUND, "not_found");
    app.request(Method::PUT, "/recipes/0/favorite", Some(&fan.token), None)
        .await
        .assert_error(StatusCode::BAD_REQUEST, "invalid_id");
    app.request(Method::PUT, &path, None, None)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "missing_token");
    let (stored, recount) = counters_and_recount(&app, draft).await;
    assert_eq!((stored, recount), ((0, 0, 0, 0), (0, 0, 0, 0)));
}
