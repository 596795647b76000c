//! `POST /recipes|users|comments/{id}/report` and the administrators' queue
//! (`GET /admin/reports`, `POST /admin/reports/{id}/resolve`).

use reqwest::StatusCode;
use rstest::rstest;
use rstest_reuse::apply;
use serde_json::json;

use super::new_admin;
use crate::backends::{Backend, backends};
use crate::helpers::test_app;

#[apply(backends)]
#[tokio::test]
async fn users_report_what_they_see_and_administrators_resolve_the_queue(backend: Backend) {
    let app = test_app!(backend);
    let admin = new_admin(&app).await;
    let author = app.new_user_named("author").await;
    let reader = app.new_user_named("reader").await;
    let recipe = app.create_published(&author, "Suspicious stew").await;
    let draft = app.create_draft(&author, "secret").await;
    let comment = app
        .post(
            &format!("/recipes/{recipe}/comments"),
            Some(&author.token),
            &json!({"body": "buy pills"}),
        )
        .await;
    let comment = comment.body["comment"]["id"]
        .as_i64()
        .or(comment.body["info"]["id"].as_i64())
        .expect("comment id");

    let first = app
        .post(
            &format!("/recipes/{recipe}/report"),
            Some(&reader.token),
            &json!({"reason": "copyright", "details": "page 12 of a book"}),
        )
        .await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    let report_id = first.body["report"]["id"].as_i64().unwrap();
    assert_eq!(first.body["report"]["status"], "open");
    // Reporting it again while open answers the same report.
    let again = app
        .post(
            &format!("/recipes/{recipe}/report"),
            Some(&reader.token),
            &json!({"reason": "spam"}),
        )
        .await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.body["report"]["id"], report_id);
    app.post(
        &format!("/users/{}/report", author.id),
        Some(&reader.token),
        &json!({"reason": "spam"}),
    )
    .await
    .assert_created();
    app.post(
        &format!("/comments/{comment}/report"),
        Some(&reader.token),
        &json!({"reason": "spam"}),
    )
    .await
    .assert_created();

    // What the reporter cannot see cannot be reported; bad reasons are refused.
    app.post(
        &format!("/recipes/{draft}/report"),
        Some(&reader.token),
        &json!({"reason": "spam"}),
    )
    .await
    .assert_error(StatusCode::NOT_FOUND, "not_found");
    app.post(
        "/users/987654/report",
        Some(&reader.token),
        &json!({"reason": "spam"}),
    )
    .await
    .assert_error(StatusCode::NOT_FOUND, "not_found");
    app.post(
        "/comments/987654/report",
        Some(&reader.token),
        &json!({"reason": "spam"}),
    )
    .await
    .assert_error(StatusCode::NOT_FOUND, "not_found");
    for bad in [
        json!({}),
        json!({"reason": "boring"}),
        json!({"reason": "spam", "details": "x".repeat(1001)}),
    ] {
        app.post(
            &format!("/recipes/{recipe}/report"),
            Some(&author.token),
            &bad,
        )
        .await
        .assert_error(StatusCode::BAD_REQUEST, "validation_error");
    }
    app.post(
        &format!("/recipes/{recipe}/report"),
        None,
        &json!({"reason": "spam"}),
    )
    .await
    .assert_error(StatusCode::UNAUTHORIZED, "missing_token");

    // The queue: open reports, oldest first, by page.
    let queue = app.get("/admin/reports?limit=2", Some(&admin.token)).await;
    let queue = queue.assert_success();
    assert_eq!(queue["count"], 2);
    assert_eq!(queue["result_list"][0]["id"], report_id);
    assert_eq!(queue["result_list"][0]["target_type"], "recipe");
    assert_eq!(queue["result_list"][0]["details"], "page 12 of a book");
    let cursor = queue["next_cursor"].as_str().unwrap();
    let rest = app
        .get(
            &format!("/admin/reports?limit=2&cursor={cursor}"),
            Some(&admin.token),
        )
        .await;
    assert_eq!(
        rest.assert_success()["result_list"][0]["target_type"],
        "comment"
    );

    let resolved = app
        .post(
            &format!("/admin/reports/{report_id}/resolve"),
            Some(&admin.token),
            &json!({"note": "hid the recipe"}),
        )
        .await;
    let resolved = resolved.assert_success();
    assert_eq!(resolved["report"]["status"], "resolved");
    assert_eq!(resolved["report"]["resolved_by"], admin.id);
    let open = app.get("/admin/reports", Some(&admin.token)).await;
    assert_eq!(open.assert_success()["count"], 2);
    let done = app
        .get("/admin/reports?status=resolved", Some(&admin.token))
        .await;
    assert_eq!(done.assert_success()["count"], 1);
    let all = app
        .get("/admin/reports?status=all", Some(&admin.token))
        .await;
    assert_eq!(all.assert_success()["count"], 3);
    for bad in ["bogus", "", "OPEN"] {
        app.get(&format!("/admin/reports?status={bad}"), Some(&admin.token))
            .await
            .assert_error(StatusCode::BAD_REQUEST, "validation_error");
    }
    // Once resolved, the same reader may report it again (a new report).
    let anew = app
        .post(
            &format!("/recipes/{recipe}/report"),
            Some(&reader.token),
            &json!({"reason": "spam"}),
        )
        .await;
    assert_eq!(anew.status, StatusCode::CREATED);
    app.post(
        "/admin/reports/987654/resolve",
        Some(&admin.token),
        &json!({}),
    )
    .await
    .assert_error(StatusCode::NOT_FOUND, "not_found");
}
