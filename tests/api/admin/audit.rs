//! `GET /admin/audit`: every administrator action and security event, newest first, by page;
//! append-only; never a token or a password.

use reqwest::{Method, StatusCode};
use rstest::rstest;
use rstest_reuse::apply;
use sea_orm::{ConnectionTrait, Database};
use serde_json::{Value, json};

use super::new_admin;
use crate::backends::{Backend, backends};
use crate::helpers::{PASSWORD, test_app};

#[apply(backends)]
#[tokio::test]
async fn admin_actions_and_security_events_are_logged_without_secrets_and_never_changed(
    backend: Backend,
) {
    let app = test_app!(backend);
    let admin = new_admin(&app).await;
    let user = app.new_user_named("subject").await;
    let recipe = app.create_published(&user, "stew").await;
    // A password change, an admin's disable/enable, a hide/unhide, an invitation.
    let new_password = "a brand new passphrase";
    app.post(
        "/users/me/password",
        Some(&user.token),
        &json!({"current_password": PASSWORD, "new_password": new_password}),
    )
    .await
    .assert_success();
    app.post(
        &format!("/admin/users/{}/disable", user.id),
        Some(&admin.token),
        &json!({"reason": "spam"}),
    )
    .await
    .assert_success();
    app.post(
        &format!("/admin/users/{}/enable", user.id),
        Some(&admin.token),
        &json!({}),
    )
    .await
    .assert_success();
    app.post(
        &format!("/admin/recipes/{recipe}/hide"),
        Some(&admin.token),
        &json!({"reason": "check"}),
    )
    .await
    .assert_success();
    app.request(
        Method::POST,
        &format!("/admin/recipes/{recipe}/unhide"),
        Some(&admin.token),
        None,
    )
    .await
    .assert_success();
    let invite = app
        .post("/admin/invites", Some(&admin.token), &json!({}))
        .await;
    let code = invite.body["invite"]["code"].as_str().unwrap().to_owned();

    let page = app.get("/admin/audit?limit=3", Some(&admin.token)).await;
    let page = page.assert_success().clone();
    let actions: Vec<&str> = page["result_list"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        ["invite_created", "recipe_unhidden", "recipe_hidden"]
    );
    let hide = &page["result_list"][2];
    assert_eq!(hide["actor_id"], admin.id);
    assert_eq!(hide["actor"], "admin");
    assert_eq!(hide["subject_user_id"], user.id);
    assert_eq!(
        (hide["target_type"].clone(), hide["target_id"].clone()),
        (json!("recipe"), json!(recipe))
    );
    assert_eq!(hide["details"]["reason"], "check");
    let cursor = page["next_cursor"].as_str().unwrap();
    let rest = app
        .get(
            &format!("/admin/audit?limit=10&cursor={cursor}"),
            Some(&admin.token),
        )
        .await;
    let rest: Vec<Value> = rest.assert_success()["result_list"]
        .as_array()
        .unwrap()
        .clone();
    let actions: Vec<&str> = rest.iter().map(|e| e["action"].as_str().unwrap()).collect();
    // The promotion by the command line is the oldest.
    assert_eq!(
        actions,
        [
            "account_enabled",
            "account_disabled",
            "password_changed",
            "role_changed"
        ]
    );
    assert_eq!(rest[3]["actor"], "command line");
    assert!(rest[3]["actor_id"].is_null());
    let about_user = app
        .get(
            &format!("/admin/audit?user_id={}", user.id),
            Some(&admin.token),
        )
        .await;
    assert_eq!(about_user.assert_success()["count"], 5);
    app.get("/admin/audit?user_id=-1", Some(&admin.token))
        .await
        .assert_error(StatusCode::BAD_REQUEST, "validation_error");

    // Nothing secret: no password, token or hash anywhere in the log.
    let everything = app
        .get("/admin/audit?limit=100", Some(&admin.token))
        .await
        .body
        .to_string();
    for secret in [
        PASSWORD,
        new_password,
        &code,
        &user.token,
        &admin.token,
        "$argon2",
    ] {
        assert!(!everything.contains(secret), "{secret} in the audit log");
    }

    // Append-only: the database itself refuses to change or delete an event.
    let db = Database::connect(app.settings.database.url.as_str())
        .await
        .unwrap();
    for statement in [
        "UPDATE audit_event SET action = 'nothing'",
        "DELETE FROM audit_event",
    ] {
        let result = db.execute_unprepared(statement).await;
        assert!(result.is_err(), "{statement} was allowed");
    }
    let after = app.get("/admin/audit?limit=100", Some(&admin.token)).await;
    assert_eq!(after.assert_success()["count"], 7);
}
