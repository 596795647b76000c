//! Email verification, with the links read from the messages a real SMTP server received: the
//! link mailed at registration, single use, only the newest working, expiry, resends, a change
//! of address (pending until verified, refused when taken, on request or at verification), the
//! audit log, Korean letters, and `REQUIRE_VERIFIED_EMAIL_TO_PUBLISH`.

use std::time::Duration;

use reqwest::StatusCode;
use rstest::rstest;
use rstest_reuse::apply;
use serde_json::{Value, json};

use super::{MAIL_WAIT, sending_to, smtp_sink::Received, smtp_sink::SmtpSink};
use crate::admin::new_admin;
use crate::backends::{Backend, backends};
use crate::helpers::{PASSWORD, Reply, TestApp, test_app};

async fn verify(app: &TestApp, token: &str) -> Reply {
    app.post("/users/verify", None, &json!({"token": token}))
        .await
}

async fn resend(app: &TestApp, token: &str) -> Reply {
    app.post("/users/me/verification", Some(token), &json!({}))
        .await
}

async fn me(app: &TestApp, token: &str) -> Value {
    app.get("/users/me", Some(token)).await.assert_success()["user"].clone()
}

/// Waits until `count` verification messages went to `address`; the newest.
async fn nth_verification(sink: &SmtpSink, address: &str, count: usize) -> Received {
    let deadline = tokio::time::Instant::now() + MAIL_WAIT;
    loop {
        let mut mails: Vec<Received> = sink
            .to(address)
            .into_iter()
            .filter(Received::is_verification)
            .collect();
        if mails.len() >= count {
            return mails.swap_remove(count - 1);
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "{} of {count} verification messages to {address} arrived",
            mails.len()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn fresh_address(name: &str) -> String {
    format!("{name}-{}@example.com", uuid::Uuid::new_v4().simple())
}

#[apply(backends)]
#[tokio::test]
async fn registration_mails_a_verification_link_that_works_once(backend: Backend) {
    let sink = SmtpSink::start_keeping_all().await;
    let app = test_app!(backend, sending_to(&sink));
    let email = fresh_address("new");
    let registered = app.register("kim", &email, PASSWORD).await;
    let body = registered.assert_success();
    assert_eq!(body["user"]["email_verified"], false);
    let token = body["access_token"].as_str().unwrap().to_owned();

    let mail = nth_verification(&sink, &email, 1).await;
    assert_eq!(mail.to, vec![email.clone()]);
    assert!(mail.subject().contains("Confirm"), "{}", mail.subject());
    let (text, html) = mail.bodies();
    let link = format!("{}/verify-email#token=evt_", app.address);
    assert!(text.contains(&link), "{text}");
    assert!(html.contains(&link), "{html}");
    assert!(text.contains("24 hours"), "{text}");
    let evt = mail.reset_token();
    assert!(evt.starts_with("evt_"), "{evt}");
    assert_eq!(me(&app, &token).await["email_verified"], false);

    let verified = verify(&app, &evt).await;
    let account = &verified.assert_success()["user"];
    assert_eq!(account["email_verified"], true);
    assert_eq!(account["email"], email.as_str());
    assert_eq!(me(&app, &token).await["email_verified"], true);
    verify(&app, &evt)
        .await
        .assert_error(StatusCode::FORBIDDEN, "invalid_verification_token");

    // Nothing left to verify: no mail.
    let again = resend(&app, &token).await;
    assert_eq!(again.status, StatusCode::OK, "{:?}", again.body);
    assert_eq!(again.body["already_verified"], true);

    // Unknown and missing tokens.
    verify(&app, "evt_unknown")
        .await
        .assert_error(StatusCode::FORBIDDEN, "invalid_verification_token");
    app.post("/users/verify", None, &json!({}))
        .await
        .assert_error(StatusCode::BAD_REQUEST, "validation_error");
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(sink.to(&email).len(), 1);
}

#[apply(backends)]
#[tokio::test]
async fn a_resent_verification_link_supersedes_the_older_and_links_expire(backend: Backend) {
    let sink = SmtpSink::start_keeping_all().await;
    let app = test_app!(backend, sending_to(&sink));
    let user = app.new_user().await;
    let first = nth_verification(&sink, &user.email, 1).await.reset_token();
    let resent = resend(&app, &user.token).await;
    assert_eq!(resent.status, StatusCode::ACCEPTED, "{:?}", resent.body);
    assert_eq!(resent.body["result"], "success");
    let second = nth_verification(&sink, &user.email, 2).await.reset_token();
    assert_ne!(first, second);
    verify(&app, &first)
        .await
        .assert_error(StatusCode::FORBIDDEN, "invalid_verification_token");
    verify(&app, &second).await.assert_success();

    // A link of a server whose links last a second, used two seconds later.
    let brief = app
        .spawn_sibling_with(|s| s.email_verification_ttl = Duration::from_secs(1))
        .await;
    let late = brief.new_user().await;
    let token = nth_verification(&sink, &late.email, 1).await.reset_token();
    tokio::time::sleep(Duration::from_millis(2_100)).await;
    verify(&brief, &token)
        .await
        .assert_error(StatusCode::FORBIDDEN, "invalid_verification_token");
    assert_eq!(me(&app, &late.token).await["email_verified"], false);
}

#[apply(backends)]
#[tokio::test]
async fn verification_of_a_new_address_changes_the_account_email(backend: Backend) {
    let sink = SmtpSink::start_keeping_all().await;
    let app = test_app!(backend, sending_to(&sink));
    let admin = new_admin(&app).await;
    let user = app.new_user().await;
    let old = user.email.clone();
    let new = fresh_address("moved");

    // The current address is a no-op.
    let same = app
        .patch(
            "/users/me",
            Some(&user.token),
            &json!({"email": old.to_uppercase()}),
        )
        .await;
    assert!(same.assert_success()["user"]["pending_email"].is_null());
    app.patch(
        "/users/me",
        Some(&user.token),
        &json!({"email": "no address"}),
    )
    .await
    .assert_error(StatusCode::BAD_REQUEST, "validation_error");

    let changed = app
        .patch("/users/me", Some(&user.token), &json!({"email": new}))
        .await;
    let account = &changed.assert_success()["user"];
    assert_eq!(account["email"], old.as_str());
    assert_eq!(account["pending_email"], new.as_str());
    let mail = nth_verification(&sink, &new, 1).await;
    assert_eq!(mail.to, vec![new.clone()]);
    // A notice to the current address, without a link.
    let deadline = tokio::time::Instant::now() + MAIL_WAIT;
    let notice = loop {
        if let Some(notice) = sink.to(&old).into_iter().find(|m| !m.is_verification()) {
            break notice;
        }
        assert!(tokio::time::Instant::now() < deadline, "no notice to {old}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(notice.bodies().0.contains(&new), "{:?}", notice.bodies());
    assert!(!notice.bodies().0.contains("#token="));

    // Until verified, the old address signs in and the new one does not.
    app.login(&old, PASSWORD).await.assert_success();
    app.login(&new, PASSWORD)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "invalid_credentials");

    // A resend goes to the pending address; only its newest link works.
    assert_eq!(resend(&app, &user.token).await.status, StatusCode::ACCEPTED);
    let older = mail.reset_token();
    let token = nth_verification(&sink, &new, 2).await.reset_token();
    verify(&app, &older)
        .await
        .assert_error(StatusCode::FORBIDDEN, "invalid_verification_token");
    let verified = verify(&app, &token).await;
    let account = &verified.assert_success()["user"];
    assert_eq!(account["email"], new.as_str());
    assert!(account["pending_email"].is_null());
    assert_eq!(account["email_verified"], true);
    app.login(&new, PASSWORD).await.assert_success();
    app.login(&old, PASSWORD)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "invalid_credentials");

    // The audit log has both events, and no token.
    let log = app
        .get(
            &format!("/admin/audit?user_id={}", user.id),
            Some(&admin.token),
        )
        .await;
    let events = log.assert_success()["result_list"].as_array().unwrap();
    let actions: Vec<&str> = events
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["email_changed", "email_change_requested"]);
    assert_eq!(events[0]["details"]["to"], new.as_str());
    assert_eq!(events[0]["actor_id"], user.id);
    let text = serde_json::to_string(&log.body).unwrap();
    for secret in [&token, &older] {
        assert!(!text.contains(secret.as_str()), "{text}");
    }
    assert!(!text.contains("evt_"), "{text}");
}

#[apply(backends)]
#[tokio::test]
async fn an_address_another_account_has_is_refused_on_request_and_at_verification(
    backend: Backend,
) {
    let sink = SmtpSink::start_keeping_all().await;
    let app = test_app!(backend, sending_to(&sink));
    let user = app.new_user().await;
    let other = app.new_user().await;
    app.patch(
        "/users/me",
        Some(&user.token),
        &json!({"email": other.email}),
    )
    .await
    .assert_error(StatusCode::CONFLICT, "email_taken");
    assert!(me(&app, &user.token).await["pending_email"].is_null());

    // Pending, then taken by a registration before it is verified.
    let wanted = fresh_address("wanted");
    app.patch("/users/me", Some(&user.token), &json!({"email": wanted}))
        .await
        .assert_success();
    let token = nth_verification(&sink, &wanted, 1).await.reset_token();
    app.register("quick", &wanted, PASSWORD)
        .await
        .assert_success();
    verify(&app, &token)
        .await
        .assert_error(StatusCode::CONFLICT, "email_taken");
    let account = me(&app, &user.token).await;
    assert_eq!(account["email"], user.email.as_str());
    assert_eq!(account["pending_email"], wanted.as_str());
    app.login(&user.email, PASSWORD).await.assert_success();
}

#[apply(backends)]
#[tokio::test]
async fn the_verification_letter_speaks_korean_and_resends_are_limited(backend: Backend) {
    let sink = SmtpSink::start_keeping_all().await;
    let app = test_app!(backend, |s: &mut recipe_api::config::Settings| {
        sending_to(&sink)(s);
        s.rate_limits.resets_per_address = std::num::NonZeroU32::new(2).unwrap();
    });
    let email = fresh_address("hong");
    let answer = app
        .client
        .post(format!("{}/users/register", app.address))
        .header("Accept-Language", "ko-KR,ko;q=0.9,en;q=0.5")
        .json(&json!({"username": "홍길동", "email": email, "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    let body: Value = answer.json().await.unwrap();
    let token = body["access_token"].as_str().unwrap().to_owned();
    let mail = nth_verification(&sink, &email, 1).await;
    assert!(mail.subject().contains("이메일"), "{}", mail.subject());
    let (text, html) = mail.bodies();
    assert!(text.contains("확인") && html.contains("확인"), "{text}");

    // Two more links an hour for this account, then 429 with the usual headers.
    for _ in 0..2 {
        assert_eq!(resend(&app, &token).await.status, StatusCode::ACCEPTED);
    }
    let refused = app
        .client
        .post(format!("{}/users/me/verification", app.address))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(refused.headers().contains_key("retry-after"));
    nth_verification(&sink, &email, 3).await;
}

#[apply(backends)]
#[tokio::test]
async fn publishing_waits_for_a_verified_address_when_the_site_requires_it(backend: Backend) {
    let sink = SmtpSink::start_keeping_all().await;
    let app = test_app!(backend, |s: &mut recipe_api::config::Settings| {
        sending_to(&sink)(s);
        s.require_verified_email_to_publish = true;
    });
    let user = app.new_user().await;
    let id = app.create_draft(&user, "김치찌개").await;
    let path = format!("/recipes/{id}/publish");
    let publish = || app.request(reqwest::Method::PUT, &path, Some(&user.token), None);
    publish()
        .await
        .assert_error(StatusCode::FORBIDDEN, "email_unverified");
    let token = nth_verification(&sink, &user.email, 1).await.reset_token();
    verify(&app, &token).await.assert_success();
    publish().await.assert_success();
}
