//! `recipe-api admin send-test-email`: through a real SMTP server, and its errors.

use recipe_api::{cli::admin::send_test_email, config::SendTestEmailArgs};
use secrecy::SecretString;

use super::{MAIL_WAIT, smtp_sink::SmtpSink};

fn args(address: &str, smtp_url: Option<String>, language: &str) -> SendTestEmailArgs {
    SendTestEmailArgs {
        address: address.to_owned(),
        smtp_url: smtp_url.map(SecretString::from),
        mail_from: "Kitchen <kitchen@example.com>".to_owned(),
        language: language.to_owned(),
    }
}

#[tokio::test]
async fn a_test_message_reaches_the_smtp_server() {
    let sink = SmtpSink::start().await;
    send_test_email(&args("cook@example.com", Some(sink.url()), "ko"))
        .await
        .unwrap();
    let mail = sink.wait_for(1, MAIL_WAIT).await.remove(0);
    assert_eq!(mail.to, vec!["cook@example.com".to_owned()]);
    assert!(mail.subject().contains("테스트"), "{}", mail.subject());
    assert!(mail.data.contains("kitchen@example.com"));
}

#[tokio::test]
async fn a_missing_or_unreachable_server_is_reported() {
    let err = send_test_email(&args("cook@example.com", None, "en"))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("SMTP_URL is not set"), "{err:#}");

    let mut sink = SmtpSink::start().await;
    let url = sink.url();
    sink.stop();
    let err = send_test_email(&args("cook@example.com", Some(url), "en"))
        .await
        .unwrap_err();
    assert!(format!("{err:#}").contains("was not sent"), "{err:#}");

    let err = send_test_email(&args(
        "cook@example.com",
        Some("ftp://nowhere".into()),
        "en",
    ))
    .await
    .unwrap_err();
    assert!(
        err.to_string().contains("SMTP_URL is not a valid"),
        "{err:#}"
    );
    let err = send_test_email(&args("not an address", Some(sink.url()), "en"))
        .await
        .unwrap_err();
    assert!(format!("{err:#}").contains("not a mail address"), "{err:#}");
}
