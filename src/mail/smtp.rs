//! Sending one message over SMTP with lettre (plain, STARTTLS or implicit TLS, by the URL), or
//! knowing that no SMTP server is configured.

use std::time::Duration;

use anyhow::Context;
use lettre::{
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
    message::{Mailbox, MultiPart},
};
use secrecy::{ExposeSecret, SecretString};

use super::Composed;

/// How mail leaves the server (`SMTP_URL`, `MAIL_FROM`, and the worker's pace).
#[derive(Debug, Clone)]
pub struct MailSettings {
    /// `smtp://[user:password@]host[:port][?tls=required|opportunistic]` or `smtps://…`;
    /// `None`: mail is not sent (logged as such).
    pub smtp_url: Option<SecretString>,
    /// The `From` address (`Name <address>` or `address`).
    pub from: String,
    /// Wait before the first retry; doubled after each failure, at most an hour.
    pub retry_base: Duration,
    /// Attempts before a message is given up.
    pub max_attempts: u32,
    /// How often the worker looks for due messages when nothing wakes it.
    pub poll_interval: Duration,
    /// Longest one SMTP delivery may take.
    pub send_timeout: Duration,
}

impl Default for MailSettings {
    fn default() -> Self {
        MailSettings {
            smtp_url: None,
            from: "recipe-api <noreply@localhost>".to_owned(),
            retry_base: Duration::from_secs(5),
            max_attempts: 20,
            poll_interval: Duration::from_secs(5),
            send_timeout: Duration::from_secs(30),
        }
    }
}

/// Why a message was not sent.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    /// No SMTP server is configured.
    #[error("SMTP_URL is not set")]
    NotConfigured,
    /// The server refused the message for good (5xx), or the address cannot be written.
    #[error("{0}")]
    Permanent(String),
    /// The server was unreachable or answered 4xx: try again later.
    #[error("{0}")]
    Transient(String),
}

/// The SMTP client.
#[derive(Clone)]
pub struct Mailer {
    transport: Option<AsyncSmtpTransport<Tokio1Executor>>,
    from: Mailbox,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer")
            .field("configured", &self.transport.is_some())
            .field("from", &self.from.to_string())
            .finish()
    }
}

impl Mailer {
    /// The client `settings` describe (nothing is contacted yet).
    pub fn new(settings: &MailSettings) -> anyhow::Result<Self> {
        crate::tls::install_provider();
        let from: Mailbox = settings
            .from
            .parse()
            .with_context(|| format!("MAIL_FROM ({}) is not a mail address", settings.from))?;
        let transport = match &settings.smtp_url {
            None => None,
            Some(url) => Some(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url.expose_secret())
                    // The error would not name the URL (it may hold a password).
                    .map_err(|_| {
                        anyhow::anyhow!(
                            "SMTP_URL is not a valid smtp://host:port or smtps://host:port URL"
                        )
                    })?
                    .timeout(Some(settings.send_timeout))
                    .build(),
            ),
        };
        Ok(Mailer { transport, from })
    }

    /// Sends `mail` to `to`.
    pub async fn send(&self, to: &str, mail: &Composed) -> Result<(), SendError> {
        let transport = self.transport.as_ref().ok_or(SendError::NotConfigured)?;
        let to: Mailbox = to
            .parse()
            .map_err(|_| SendError::Permanent("the recipient is not a mail address".into()))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(mail.subject.clone())
            .multipart(MultiPart::alternative_plain_html(
                mail.text.clone(),
                mail.html.clone(),
            ))
            .map_err(|err| SendError::Permanent(format!("the message cannot be built: {err}")))?;
        match transport.send(message).await {
            Ok(_) => Ok(()),
            Err(err) if err.is_permanent() => Err(SendError::Permanent(err.to_string())),
            Err(err) => Err(SendError::Transient(err.to_string())),
        }
    }
}
