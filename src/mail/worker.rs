//! The outbox worker: one per instance. It claims due messages (several instances never claim
//! the same one; see `crate::store::outbox`), sends each, and records the outcome; then it
//! waits for a wake-up from this instance or the poll interval. A database outage only delays
//! it. Logs name a message by its id and kind, never its recipient or content.

use std::time::Duration;

use chrono::Utc;

use super::{Postbox, SendError};
use crate::state::AppState;
use crate::store::{ClaimedMail, MailOutcome};

/// Messages claimed at once.
const BATCH: u64 = 20;
/// Longest wait between two retries.
const MAX_BACKOFF: Duration = Duration::from_secs(3_600);
/// How long sent and abandoned messages are kept (their content is emptied at once).
const KEPT: Duration = Duration::from_secs(30 * 24 * 3_600);

/// Starts the worker of `state`'s postbox; it stops when the server is gone.
pub fn spawn_worker(state: &AppState) {
    let wake = state.postbox.wake.clone();
    let state = state.downgrade();
    tokio::spawn(async move {
        let mut last_prune: Option<tokio::time::Instant> = None;
        loop {
            let Some(shared) = state.upgrade() else {
                break;
            };
            let postbox = &shared.postbox;
            let wait = postbox.settings.poll_interval;
            let lease = postbox.settings.send_timeout * 2 + Duration::from_secs(30);
            let mut full = false;
            match shared.store.claim_mail(BATCH, lease).await {
                Ok(batch) => {
                    full = batch.len() as u64 == BATCH;
                    for mail in &batch {
                        let outcome = deliver(postbox, mail).await;
                        if let Err(err) = shared.store.record_mail_outcome(mail.id, &outcome).await
                        {
                            tracing::warn!(error = %err, id = mail.id, "could not record a mail's outcome");
                        }
                    }
                }
                Err(err) => tracing::warn!(error = %err, "could not read the mail outbox"),
            }
            if last_prune.is_none_or(|at| at.elapsed() > Duration::from_secs(3_600)) {
                last_prune = Some(tokio::time::Instant::now());
                if let Err(err) = shared.store.prune_mail(KEPT).await {
                    tracing::warn!(error = %err, "could not remove old mail records");
                }
            }
            drop(shared);
            if !full {
                tokio::select! {
                    () = wake.notified() => {}
                    () = tokio::time::sleep(wait) => {}
                }
            }
        }
    });
}

/// Sends one claimed message; what became of it.
async fn deliver(postbox: &Postbox, mail: &ClaimedMail) -> MailOutcome {
    let (id, kind) = (mail.id, mail.kind.as_str());
    let Some(composed) = postbox.open(&mail.sealed) else {
        tracing::error!(
            id,
            kind,
            "mail not sent: it was sealed with another signing secret"
        );
        return MailOutcome::GivenUp {
            status: "failed",
            error: "sealed with another signing secret".into(),
        };
    };
    match postbox.mailer.send(&mail.recipient, &composed).await {
        Ok(()) => {
            tracing::info!(id, kind, "mail sent");
            MailOutcome::Sent
        }
        Err(SendError::NotConfigured) => {
            tracing::warn!(id, kind, "mail not sent: SMTP_URL is not set");
            MailOutcome::GivenUp {
                status: "unsent",
                error: SendError::NotConfigured.to_string(),
            }
        }
        Err(SendError::Permanent(error)) => {
            tracing::warn!(id, kind, %error, "mail refused by the SMTP server; given up");
            MailOutcome::GivenUp {
                status: "failed",
                error,
            }
        }
        Err(SendError::Transient(error)) => {
            let attempts = u32::try_from(mail.attempts).unwrap_or(0) + 1;
            if attempts >= postbox.settings.max_attempts {
                tracing::warn!(id, kind, attempts, %error, "mail not sent; given up");
                return MailOutcome::GivenUp {
                    status: "failed",
                    error,
                };
            }
            let backoff = postbox
                .settings
                .retry_base
                .saturating_mul(1 << attempts.min(16).saturating_sub(1))
                .min(MAX_BACKOFF);
            tracing::warn!(id, kind, attempts, %error, retry_in_secs = backoff.as_secs_f64(), "mail not sent; will retry");
            MailOutcome::Retry {
                retry_at: Utc::now() + chrono::Duration::from_std(backoff).unwrap_or_default(),
                error,
            }
        }
    }
}
