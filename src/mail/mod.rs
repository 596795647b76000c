//! Outgoing mail. A message is written when the change that causes it happens ([`letters`]),
//! sealed — it may hold a single-use link, and the database keeps it until it is sent — and
//! queued in the durable outbox in the same transaction as the change
//! (`crate::store::OutgoingMail`). A worker per instance ([`worker`]) claims due messages,
//! sends them over SMTP ([`smtp`]) and records the outcome: sent, retried later with backoff
//! (SMTP server down, 4xx), or given up (5xx, too many attempts). Without `SMTP_URL` the server
//! works as before and each message is recorded and logged as not sent.

mod letters;
mod smtp;
mod worker;

use std::sync::Arc;

pub use letters::{Composed, Letter, compose};
pub use smtp::{MailSettings, Mailer, SendError};
pub use worker::spawn_worker;

use crate::domain::{Language, SealingKey};
use crate::store::OutgoingMail;

/// What handlers need to queue mail and the worker needs to send it.
#[derive(Debug)]
pub struct Postbox {
    key: SealingKey,
    mailer: Mailer,
    settings: MailSettings,
    /// The site's address, the start of every link in a message.
    site: String,
    /// Wakes the worker when this instance queued something.
    wake: Arc<tokio::sync::Notify>,
}

impl Postbox {
    /// The postbox of a server whose signing secret is `secret` and whose address is `site`.
    pub fn new(secret: &[u8], settings: MailSettings, site: String) -> anyhow::Result<Self> {
        Ok(Postbox {
            key: SealingKey::derive(b"recipe-api outbox v1\0", secret),
            mailer: Mailer::new(&settings)?,
            settings,
            site,
            wake: Arc::new(tokio::sync::Notify::new()),
        })
    }

    /// The site's address (no trailing slash).
    pub fn site(&self) -> &str {
        &self.site
    }

    /// `letter` to `recipient` in `language`, written and sealed for the outbox.
    pub fn letter(&self, letter: &Letter, language: Language, recipient: &str) -> OutgoingMail {
        let composed = compose(letter, language, &self.site);
        let json = serde_json::to_vec(&composed).expect("a message serialises");
        OutgoingMail {
            kind: letter.kind(),
            recipient: recipient.to_owned(),
            language: language.code(),
            sealed: self.key.seal(&json),
        }
    }

    /// The message `sealed` holds, if this server sealed it.
    fn open(&self, sealed: &str) -> Option<Composed> {
        serde_json::from_slice(&self.key.open(sealed)?).ok()
    }

    /// Tells the worker that a message was queued (after the transaction committed).
    pub fn wake(&self) {
        self.wake.notify_one();
    }
}
