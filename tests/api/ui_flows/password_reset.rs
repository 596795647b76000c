//! A forgotten password in the browser UI: "Forgot your password?" on the login page asks for a
//! link, the link from the message a real SMTP server received opens the reset page, the new
//! password works at the login page, and the same link a second time says why it fails.

use std::time::Duration;

use super::{assert_console_only, open, screenshots};
use crate::helpers::PASSWORD;
use crate::mail::{sending_to, smtp_sink::SmtpSink};

const NEW_PASSWORD: &str = "a fresh kitchen passphrase";

#[tokio::test]
async fn a_forgotten_password_is_reset_with_the_link_from_the_message() {
    let sink = SmtpSink::start().await;
    let Some((app, browser)) = open(sending_to(&sink)).await else {
        return;
    };
    let (shots, _guard) = screenshots();
    let cook = app.new_user().await;

    browser.goto("/login").await;
    browser.click_text("a", "Forgot your password?").await;
    browser.wait_for_text("h1", "Forgot your password?").await;
    browser.fill_labelled("Email", &cook.email).await;
    browser.click_text("form button", "Mail me a link").await;
    browser.wait_for_text(".notice", "on its way").await;
    browser.screenshot(shots.join("forgot-password.png")).await;

    let mail = sink.wait_for(1, Duration::from_secs(20)).await.remove(0);
    let token = mail.reset_token();
    let link = format!("/reset-password#token={token}");
    browser.goto(&link).await;
    browser.wait_for_text("h1", "Choose a new password").await;
    browser.fill_labelled("New password", NEW_PASSWORD).await;
    browser.screenshot(shots.join("reset-password.png")).await;
    browser.click_text("form button", "Set the password").await;
    browser
        .wait_for_text(".notice", "Your password is changed")
        .await;
    assert_eq!(browser.url_path().await, "/reset-password");

    // The new password logs in; the old one does not.
    app.login(&cook.email, PASSWORD)
        .await
        .assert_error(reqwest::StatusCode::UNAUTHORIZED, "invalid_credentials");
    browser.click_text(".notice a", "Log in").await;
    browser.fill_labelled("Email", &cook.email).await;
    browser.fill_labelled("Password", NEW_PASSWORD).await;
    browser.click_text("form button", "Log in").await;
    browser.wait_for_text("h1", "My recipes").await;

    // The link works once; without a token the page says where to get one.
    browser.goto(&link).await;
    browser
        .fill_labelled("New password", "another passphrase")
        .await;
    browser.click_text("form button", "Set the password").await;
    browser.wait_for_text(".form-error", "invalid").await;
    browser.goto("/reset-password").await;
    browser
        .wait_for_text(".form-error", "needs the link from the reset message")
        .await;
    assert_console_only(&browser, &["status of 403"]).await;
}
