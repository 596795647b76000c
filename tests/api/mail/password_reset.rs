//! `POST /users/password/forgot` and `/users/password/reset`, with the link read from the
//! message a real SMTP server received: single use, only the newest works, expiry, sessions
//! ended, a notice mailed, and nothing that tells whether an account has an address.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use rstest::rstest;
use rstest_reuse::apply;
use serde_json::json;

use super::{MAIL_WAIT, sending_to, smtp_sink::SmtpSink};
use crate::backends::{Backend, backends};
use crate::helpers::{PASSWORD, TestApp, test_app};

const NEW_PASSWORD: &str = "a brand new passphrase";

async fn forgot(app: &TestApp, email: &str) -> crate::helpers::Reply {
    app.post("/users/password/forgot", None, &json!({"email": email}))
        .await
}

async fn reset(app: &TestApp, token: &str, password: &str) -> crate::helpers::Reply {
    app.post(
        "/users/password/reset",
        None,
        &json!({"token": token, "new_password": password}),
    )
    .await
}

#[apply(backends)]
#[tokio::test]
async fn a_mailed_link_sets_a_new_password_once_and_ends_every_session(backend: Backend) {
    let sink = SmtpSink::start().await;
    let app = test_app!(backend, sending_to(&sink));
    let user = app.new_user().await;
    let login = app.login(&user.email, PASSWORD).await;
    let refresh = login.assert_success()["refresh_token"]
        .as_str()
        .unwrap()
        .to_owned();

    let asked = forgot(&app, &user.email).await;
    assert_eq!(asked.status, StatusCode::ACCEPTED);
    assert_eq!(asked.body["result"], "success");
    let mail = sink.wait_for(1, MAIL_WAIT).await.remove(0);
    assert_eq!(mail.to, vec![user.email.clone()]);
    assert!(mail.subject().contains("Reset"), "{}", mail.subject());
    let (text, html) = mail.bodies();
    let link = format!("{}/reset-password#token=", app.address);
    assert!(text.contains(&link), "{text}");
    assert!(html.contains(&link), "{html}");
    let token = mail.reset_token();
    assert!(token.starts_with("prt_"), "{token}");

    // Still signed in until the reset.
    app.get("/users/me", Some(&user.token))
        .await
        .assert_success();
    reset(&app, &token, NEW_PASSWORD).await.assert_success();

    app.login(&user.email, PASSWORD)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "invalid_credentials");
    app.login(&user.email, NEW_PASSWORD).await.assert_success();
    let me = app.get("/users/me", Some(&user.token)).await;
    assert_eq!(me.status, StatusCode::UNAUTHORIZED, "{:?}", me.body);
    let refreshed = app
        .post("/users/refresh", None, &json!({"refresh_token": refresh}))
        .await;
    assert_eq!(
        refreshed.status,
        StatusCode::UNAUTHORIZED,
        "{:?}",
        refreshed.body
    );

    // A notice follows; the link does not work twice.
    let received = sink.wait_for(2, MAIL_WAIT).await;
    assert!(
        received[1].subject().contains("changed"),
        "{}",
        received[1].subject()
    );
    assert_eq!(received[1].to, vec![user.email.clone()]);
    reset(&app, &token, "yet another passphrase")
        .await
        .assert_error(StatusCode::FORBIDDEN, "invalid_reset_token");
    app.login(&user.email, NEW_PASSWORD).await.assert_success();
}

#[apply(backends)]
#[tokio::test]
async fn only_the_newest_link_works_and_links_expire(backend: Backend) {
    let sink = SmtpSink::start().await;
    let app = test_app!(backend, sending_to(&sink));
    let user = app.new_user().await;
    forgot(&app, &user.email).await;
    let first = sink.wait_for(1, MAIL_WAIT).await[0].reset_token();
    forgot(&app, &user.email).await;
    let second = sink.wait_for(2, MAIL_WAIT).await[1].reset_token();
    assert_ne!(first, second);
    reset(&app, &first, NEW_PASSWORD)
        .await
        .assert_error(StatusCode::FORBIDDEN, "invalid_reset_token");
    reset(&app, &second, NEW_PASSWORD).await.assert_success();
    // The notice of the change arrives before the next link is asked for: with two instances'
    // workers sending, mail queued apart could otherwise arrive in either order.
    let notice = &sink.wait_for(3, MAIL_WAIT).await[2];
    assert!(!notice.bodies().0.contains("#token="), "{notice:?}");

    // A link of a server whose links last a second, used two seconds later.
    let brief = app
        .spawn_sibling_with(|s| s.password_reset_ttl = Duration::from_secs(1))
        .await;
    forgot(&brief, &user.email).await;
    let late = sink.wait_for(4, MAIL_WAIT).await[3].reset_token();
    tokio::time::sleep(Duration::from_millis(2_100)).await;
    reset(&brief, &late, "too late a passphrase")
        .await
        .assert_error(StatusCode::FORBIDDEN, "invalid_reset_token");
    app.login(&user.email, NEW_PASSWORD).await.assert_success();

    // Unknown, malformed and missing tokens, a weak password.
    reset(&app, "prt_unknown", NEW_PASSWORD)
        .await
        .assert_error(StatusCode::FORBIDDEN, "invalid_reset_token");
    let missing = app.post("/users/password/reset", None, &json!({})).await;
    let body = missing.assert_error(StatusCode::BAD_REQUEST, "validation_error");
    assert!(
        body["fields"]["token"].is_string() && body["fields"]["new_password"].is_string(),
        "{body}"
    );
    forgot(&app, &user.email).await;
    let fresh = sink.wait_for(5, MAIL_WAIT).await[4].reset_token();
    reset(&app, &fresh, "")
        .await
        .assert_error(StatusCode::BAD_REQUEST, "validation_error");
    reset(&app, &fresh, NEW_PASSWORD).await.assert_success();
}

#[apply(backends)]
#[tokio::test]
async fn an_unknown_address_gets_the_same_answer_in_the_same_time_and_no_mail(backend: Backend) {
    let sink = SmtpSink::start().await;
    let app = test_app!(backend, sending_to(&sink));
    let mut known = Vec::new();
    for _ in 0..6 {
        known.push(app.new_user().await.email);
    }
    let (mut known_times, mut unknown_times) = (Vec::new(), Vec::new());
    for (index, email) in known.iter().enumerate() {
        let nobody = format!(
            "nobody-{index}-{}@example.com",
            uuid::Uuid::new_v4().simple()
        );
        let started = Instant::now();
        let a = forgot(&app, email).await;
        known_times.push(started.elapsed());
        let started = Instant::now();
        let b = forgot(&app, &nobody).await;
        unknown_times.push(started.elapsed());
        assert_eq!((a.status, &a.body), (b.status, &b.body));
        assert_eq!(a.status, StatusCode::ACCEPTED);
    }
    let median = |times: &mut Vec<Duration>| {
        times.sort();
        times[times.len() / 2]
    };
    let (known_median, unknown_median) = (median(&mut known_times), median(&mut unknown_times));
    let gap = known_median.abs_diff(unknown_median);
    assert!(
        gap < Duration::from_millis(60),
        "known {known_median:?}, unknown {unknown_median:?}"
    );
    // Mail goes to the accounts only.
    let received = sink.wait_for(known.len(), MAIL_WAIT).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let received = sink.received().len().max(received.len());
    assert_eq!(received, known.len());
    for email in &known {
        assert_eq!(sink.to(email).len(), 1, "{email}");
    }

    // A malformed address is a validation error (no account can have one).
    forgot(&app, "not an address")
        .await
        .assert_error(StatusCode::BAD_REQUEST, "validation_error");
}

#[apply(backends)]
#[tokio::test]
async fn the_message_speaks_the_language_of_the_request(backend: Backend) {
    let sink = SmtpSink::start().await;
    let app = test_app!(backend, sending_to(&sink));
    let user = app.new_user().await;
    let answer = app
        .client
        .post(format!("{}/users/password/forgot", app.address))
        .header("Accept-Language", "ko-KR,ko;q=0.9,en;q=0.5")
        .json(&json!({"email": user.email}))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::ACCEPTED);
    let mail = sink.wait_for(1, MAIL_WAIT).await.remove(0);
    assert!(mail.subject().contains("비밀번호"), "{}", mail.subject());
    let (text, html) = mail.bodies();
    assert!(text.contains("재설정") && html.contains("재설정"), "{text}");
}

#[apply(backends)]
#[tokio::test]
async fn requests_for_one_address_are_limited(backend: Backend) {
    let sink = SmtpSink::start().await;
    let app = test_app!(backend, |s: &mut recipe_api::config::Settings| {
        sending_to(&sink)(s);
        s.rate_limits.resets_per_address = std::num::NonZeroU32::new(2).unwrap();
    });
    let user = app.new_user().await;
    for _ in 0..2 {
        assert_eq!(forgot(&app, &user.email).await.status, StatusCode::ACCEPTED);
    }
    forgot(&app, &user.email)
        .await
        .assert_error(StatusCode::TOO_MANY_REQUESTS, "rate_limited");
    // Per address, whether an account has it or not: another address is not limited.
    let other = format!("other-{}@example.com", uuid::Uuid::new_v4().simple());
    assert_eq!(forgot(&app, &other).await.status, StatusCode::ACCEPTED);
}
