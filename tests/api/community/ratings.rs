//! Ratings: `PUT` / `DELETE /recipes/{id}/rating`, one per user and recipe, never one's own,
//! and the recipe's `rating` / `my_rating`.

use reqwest::{Method, StatusCode};
use rstest::rstest;
use rstest_reuse::apply;
use serde_json::json;

use super::{counters_and_recount, recipe};
use crate::backends::{Backend, backends};
use crate::helpers::test_app;

#[apply(backends)]
#[tokio::test]
async fn one_rating_per_user_changes_and_goes_and_the_average_follows(backend: Backend) {
    let app = test_app!(backend);
    let cook = app.new_user().await;
    let (first, second) = (app.new_user().await, app.new_user().await);
    let id = app.create_published(&cook, "Japchae").await;
    let path = format!("/recipes/{id}/rating");
    assert_eq!(
        recipe(&app, id, None).await["rating"],
        json!({"average": null, "count": 0})
    );

    let reply = app
        .put(&path, Some(&first.token), &json!({"stars": 5}))
        .await;
    assert_eq!(
        reply.assert_success()["info"],
        json!({"recipe_id": id, "my_rating": 5, "rating": {"average": 5.0, "count": 1}})
    );
    // Rating again changes the rating; it does not add one.
    let reply = app
        .put(&path, Some(&first.token), &json!({"stars": 4}))
        .await;
    assert_eq!(
        reply.assert_success()["info"]["rating"],
        json!({"average": 4.0, "count": 1})
    );
    let reply = app
        .put(&path, Some(&second.token), &json!({"stars": 1.0}))
        .await;
    assert_eq!(
        reply.assert_success()["info"]["rating"],
        json!({"average": 2.5, "count": 2})
    );
    assert_eq!(recipe(&app, id, Some(&first.token)).await["my_rating"], 4);
    assert_eq!(recipe(&app, id, Some(&second.token)).await["my_rating"], 1);
    assert_eq!(
        recipe(&app, id, Some(&cook.token)).await["my_rating"],
        json!(null)
    );

    for _ in 0..2 {
        let reply = app.delete(&path, Some(&second.token)).await;
        assert_eq!(
            reply.assert_success()["info"],
            json!({"recipe_id": id, "my_rating": null, "rating": {"average": 4.0, "count": 1}})
        );
    }
    // Two decimals: 4, 5 and 5 average 4.67.
    let third = app.new_user().await;
    for user in [&second, &third] {
        app.put(&path, Some(&user.token), &json!({"stars": 5}))
            .await
            .assert_success();
    }
    assert_eq!(
        recipe(&app, id, None).await["rating"],
        json!({"average": 4.67, "count": 3})
    );
    let (stored, recount) = counters_and_recount(&app, id).await;
    assert_eq!(stored, recount);
    assert_eq!(stored.1, 3);
    assert_eq!(stored.2, 14);
}

#[apply(backends)]
#[tokio::test]
async fn nobody_rates_their_own_recipe_or_someone_elses_draft(backend: Backend) {
    let app = test_app!(backend);
    let cook = app.new_user().await;
    let critic = app.new_user().await;
    let published = app.create_published(&cook, "Mine").await;
    let draft = app.create_draft(&cook, "Draft").await;
    let stars = json!({"stars": 3});
    app.put(
        &format!("/recipes/{published}/rating"),
        Some(&cook.token),
        &stars,
    )
    .await
    .assert_error(StatusCode::FORBIDDEN, "own_recipe");
    app.put(
        &format!("/recipes/{draft}/rating"),
        Some(&cook.token),
        &stars,
    )
    .await
    .assert_error(StatusCode::FORBIDDEN, "own_recipe");
    app.delete(&format!("/recipes/{published}/rating"), Some(&cook.token))
        .await
        .assert_error(StatusCode::FORBIDDEN, "own_recipe");
    for method in [Method::PUT, Method::DELETE] {
        app.request(
            method,
            &format!("/recipes/{draft}/rating"),
            Some(&critic.token),
            Some(&stars),
        )
        .await
        .assert_error(StatusCode::NOT_FOUND, "not_found");
    }
    // A rating that becomes invisible stays counted, and shows again with its recipe.
    app.put(
        &format!("/recipes/{published}/rating"),
        Some(&critic.token),
        &stars,
    )
    .await
    .assert_success();
    app.delete(&format!("/recipes/{published}/publish"), Some(&cook.token))
        .await
        .assert_success();
    app.put(
        &format!("/recipes/{published}/rating"),
        Some(&critic.token),
        &stars,
    )
    .await
    .assert_error(StatusCode::NOT_FOUND, "not_found");
    assert_eq!(
        recipe(&app, published, Some(&cook.token)).await["rating"],
        json!({"average": 3.0, "count": 1})
    );
}

#[apply(backends)]
#[tokio::test]
async fn stars_must_be_a_whole_number_from_one_to_five(backend: Backend) {
    let app = test_app!(backend);
    let cook = app.new_user().await;
    let critic = app.new_user().await;
    let id = app.create_published(&cook, "Tteokbokki").await;
    let path = format!("/recipes/{id}/rating");
    for bad in [
        json!({}),
        json!({"stars": 0}),
        json!({"stars": 6}),
        json!({"stars": -1}),
        json!({"stars": null}),
        json!({"stars": 1e300}),
        json!({"stars": 99999999999999999999u128 as f64}),
    ] {
        let reply = app.put(&path, Some(&critic.token), &bad).await;
        let body = reply.assert_error(StatusCode::BAD_REQUEST, "validation_error");
        assert!(body["fields"]["stars"].is_string(), "{bad}: {body}");
    }
    for bad in [
        json!({"stars": "5"}),
        json!({"stars": 4.5}),
        json!([5]),
        json!("5"),
    ] {
        let reply = app.put(&path, Some(&critic.token), &bad).await;
        assert_eq!(
            reply.status,
            StatusCode::BAD_REQUEST,
            "{bad}: {}",
            reply.body
        );
    }
    let reply = app
        .send_raw(
            Method::PUT,
            &path,
            Some(&critic.token),
            "application/json",
            b"{\"stars\":".to_vec(),
        )
        .await;
    reply.assert_error(StatusCode::BAD_REQUEST, "malformed_json");
    let reply = app
        .send_raw(
            Method::PUT,
            &path,
            Some(&critic.token),
            "text/plain",
            b"5".to_vec(),
        )
        .await;
    reply.assert_error(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type");
    // Unknown keys are ignored, as everywhere.
    app.put(
        &path,
        Some(&critic.token),
        &json!({"stars": 2, "comment": "x"}),
    )
    .await
    .assert_success();
    assert_eq!(recipe(&app, id, None).await["rating"]["count"], 1);
}
