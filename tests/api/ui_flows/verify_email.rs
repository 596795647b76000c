//! Email verification in the browser UI: the link from the registration message a real SMTP
//! server received opens `/verify-email`, which verifies the address; the profile shows it, and
//! a new address waits there until its own link is opened.

use std::time::Duration;

use super::{assert_console_only, log_in, open, screenshots};
use crate::mail::{sending_to, smtp_sink::SmtpSink};

#[tokio::test]
async fn the_link_from_the_message_verifies_the_address_and_a_new_one_waits_for_its_own() {
    let sink = SmtpSink::start_keeping_all().await;
    let Some((app, browser)) = open(sending_to(&sink)).await else {
        return;
    };
    let (shots, _guard) = screenshots();
    let cook = app.new_user().await;
    log_in(&browser, &cook.email).await;
    browser.goto("/profile").await;
    browser.wait_for_text(".badge", "Email not verified").await;

    let mail = sink.wait_for(1, Duration::from_secs(20)).await.remove(0);
    assert!(mail.is_verification());
    let link = format!("/verify-email#token={}", mail.reset_token());
    browser.goto(&link).await;
    browser.wait_for_text(".notice", "is verified").await;
    browser.screenshot(shots.join("verify-email.png")).await;
    assert_eq!(browser.url_path().await, "/verify-email");
    let me = app.get("/users/me", Some(&cook.token)).await;
    assert_eq!(me.body["user"]["email_verified"], true);

    // A new address: pending on the profile until its link is opened.
    browser.goto("/profile").await;
    browser.wait_for_text(".badge", "Verified").await;
    browser
        .fill_labelled("New email", "moved@example.com")
        .await;
    browser.click_text("form button", "Change email").await;
    browser.wait_for_text(".hint", "moved@example.com").await;
    browser.screenshot(shots.join("profile-email.png")).await;
    let mails = sink.wait_for(3, Duration::from_secs(20)).await;
    let new_link = mails
        .iter()
        .find(|m| m.to == vec!["moved@example.com".to_owned()])
        .expect("a link to the new address");
    browser
        .goto(&format!("/verify-email#token={}", new_link.reset_token()))
        .await;
    browser.wait_for_text(".notice", "moved@example.com").await;
    let me = app.get("/users/me", Some(&cook.token)).await;
    assert_eq!(me.body["user"]["email"], "moved@example.com");

    // The same link again says why it fails.
    browser.goto(&link).await;
    browser.wait_for_text(".form-error", "does not work").await;
    assert_console_only(&browser, &["status of 403"]).await;
}
