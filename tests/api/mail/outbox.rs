//! The outbox: mail queued while the SMTP server is down is delivered when it returns, exactly
//! once, with two server instances sharing the database.

use std::collections::HashMap;
use std::time::Duration;

use futures_util::future::join_all;
use reqwest::StatusCode;
use rstest::rstest;
use rstest_reuse::apply;
use serde_json::json;

use super::{sending_to, smtp_sink::SmtpSink};
use crate::backends::{Backend, backends};
use crate::helpers::test_app;

const RESETS: usize = 50;

#[apply(backends)]
#[tokio::test]
async fn mail_queued_during_an_smtp_outage_is_delivered_once_when_it_returns(backend: Backend) {
    let mut sink = SmtpSink::start().await;
    let first = test_app!(backend, sending_to(&sink));
    let second = first.spawn_sibling().await;
    let mut emails = Vec::new();
    for _ in 0..RESETS {
        emails.push(first.new_user().await.email);
    }
    sink.stop();

    let asks = emails.iter().enumerate().map(|(index, email)| {
        let app = if index % 2 == 0 { &first } else { &second };
        async move {
            app.post("/users/password/forgot", None, &json!({"email": email}))
                .await
                .status
        }
    });
    let statuses = join_all(asks).await;
    assert!(
        statuses.iter().all(|s| *s == StatusCode::ACCEPTED),
        "{statuses:?}"
    );
    // Both workers try, and fail, for a while.
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert!(sink.received().is_empty());

    sink.restart().await;
    sink.wait_for(RESETS, Duration::from_secs(60)).await;
    // Nothing more arrives: every message exactly once.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let received = sink.received();
    assert_eq!(received.len(), RESETS);
    let mut per_address: HashMap<String, usize> = HashMap::new();
    for mail in &received {
        for to in &mail.to {
            *per_address.entry(to.clone()).or_default() += 1;
        }
    }
    for email in &emails {
        assert_eq!(per_address.get(email), Some(&1), "{email}");
    }
    // And each link works.
    let token = received[0].reset_token();
    first
        .post(
            "/users/password/reset",
            None,
            &json!({"token": token, "new_password": "after the outage"}),
        )
        .await
        .assert_success();
}
