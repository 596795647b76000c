//! `SIGNUP=open|invite|closed` and invitation codes (`/admin/invites`).

use reqwest::StatusCode;
use rstest::rstest;
use rstest_reuse::apply;
use serde_json::{Value, json};

use super::new_admin;
use crate::backends::{Backend, backends};
use crate::helpers::{PASSWORD, TestApp, test_app};
use recipe_api::domain::SignupMode;

async fn register(app: &TestApp, email: &str, invite: Option<&str>) -> crate::helpers::Reply {
    let mut body = json!({"username": "new", "email": email, "password": PASSWORD});
    if let Some(code) = invite {
        body["invite_code"] = Value::from(code);
    }
    app.post("/users/register", None, &body).await
}

#[apply(backends)]
#[tokio::test]
async fn invite_only_signup_takes_each_code_as_many_times_as_it_allows(backend: Backend) {
    let open = test_app!(backend);
    assert_eq!(
        open.get("/users/signup", None).await.assert_success()["signup"],
        "open"
    );
    let admin = new_admin(&open).await;
    // The same database, now served invite-only.
    let app = open
        .spawn_sibling_with(|s| s.signup = SignupMode::Invite)
        .await;
    assert_eq!(
        app.get("/users/signup", None).await.body["signup"],
        "invite"
    );
    register(&app, "a@example.com", None)
        .await
        .assert_error(StatusCode::FORBIDDEN, "invalid_invite");
    register(&app, "a@example.com", Some("inv_made-up"))
        .await
        .assert_error(StatusCode::FORBIDDEN, "invalid_invite");

    let created = app
        .post(
            "/admin/invites",
            Some(&admin.token),
            &json!({"max_uses": 2, "note": "for the club"}),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let code = created.body["invite"]["code"].as_str().unwrap().to_owned();
    assert!(code.starts_with("inv_"));
    let invite_id = created.body["invite"]["id"].as_i64().unwrap();
    register(&app, "a@example.com", Some(&code))
        .await
        .assert_success();
    // A refused registration (the address is taken) does not use the code up.
    register(&app, "a@example.com", Some(&code))
        .await
        .assert_error(StatusCode::CONFLICT, "email_taken");
    register(&app, "b@example.com", Some(&code))
        .await
        .assert_success();
    register(&app, "c@example.com", Some(&code))
        .await
        .assert_error(StatusCode::FORBIDDEN, "invalid_invite");
    // The list never shows the code again, only its hint.
    let list = app.get("/admin/invites", Some(&admin.token)).await;
    let row = &list.assert_success()["result_list"][0];
    assert_eq!(
        (row["uses"].clone(), row["usable"].clone()),
        (json!(2), json!(false))
    );
    assert!(row.get("code").is_none());
    assert!(code.starts_with(row["hint"].as_str().unwrap()));
    assert!(!list.body.to_string().contains(&code));
    assert_eq!(list.body["result_list"][0]["id"], invite_id);

    // Concurrent registrations never use a single-use code twice.
    let single = app
        .post(
            "/admin/invites",
            Some(&admin.token),
            &json!({"expires_in_hours": 24}),
        )
        .await;
    let single = single.body["invite"]["code"].as_str().unwrap().to_owned();
    let attempts = (0..6).map(|i| {
        let app = &app;
        let single = single.clone();
        async move {
            register(app, &format!("race{i}@example.com"), Some(&single))
                .await
                .status
        }
    });
    let statuses = futures_util::future::join_all(attempts).await;
    assert_eq!(
        statuses.iter().filter(|s| s.is_success()).count(),
        1,
        "{statuses:?}"
    );

    // A revoked code admits nobody.
    let revocable = app
        .post("/admin/invites", Some(&admin.token), &json!({}))
        .await;
    let revocable_code = revocable.body["invite"]["code"]
        .as_str()
        .unwrap()
        .to_owned();
    let revocable_id = revocable.body["invite"]["id"].as_i64().unwrap();
    let revoked = app
        .delete(
            &format!("/admin/invites/{revocable_id}"),
            Some(&admin.token),
        )
        .await;
    assert!(revoked.assert_success()["invite"]["revoked_at"].is_string());
    register(&app, "d@example.com", Some(&revocable_code))
        .await
        .assert_error(StatusCode::FORBIDDEN, "invalid_invite");
    app.delete("/admin/invites/987654", Some(&admin.token))
        .await
        .assert_error(StatusCode::NOT_FOUND, "not_found");
    for bad in [
        json!({"max_uses": 0}),
        json!({"max_uses": 10001}),
        json!({"expires_in_hours": 0}),
        json!({"max_uses": "two"}),
    ] {
        let reply = app.post("/admin/invites", Some(&admin.token), &bad).await;
        assert_eq!(
            reply.status,
            StatusCode::BAD_REQUEST,
            "{bad}: {}",
            reply.body
        );
    }
    // An open site ignores codes.
    register(&open, "e@example.com", Some("anything"))
        .await
        .assert_success();
}

#[apply(backends)]
#[tokio::test]
async fn closed_signup_refuses_every_registration_but_accounts_still_sign_in(backend: Backend) {
    let open = test_app!(backend);
    let user = open.new_user().await;
    let closed = open
        .spawn_sibling_with(|s| s.signup = SignupMode::Closed)
        .await;
    assert_eq!(
        closed.get("/users/signup", None).await.body["signup"],
        "closed"
    );
    register(&closed, "z@example.com", None)
        .await
        .assert_error(StatusCode::FORBIDDEN, "signup_closed");
    closed.login(&user.email, PASSWORD).await.assert_success();
    open.login("z@example.com", PASSWORD)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "invalid_credentials");
}
