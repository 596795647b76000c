//! Mail through a real SMTP server on loopback (`smtp_sink`): password resets and email
//! verification end to end, and the outbox across an SMTP outage and two instances.

mod admin;
mod outbox;
mod password_reset;
pub mod smtp_sink;
mod verification;

use std::time::Duration;

use recipe_api::config::Settings;
use secrecy::SecretString;

/// How long a test waits for mail the server should send now.
pub const MAIL_WAIT: Duration = Duration::from_secs(20);

/// Settings that send mail to `sink`.
pub fn sending_to(sink: &smtp_sink::SmtpSink) -> impl FnOnce(&mut Settings) + use<> {
    let url = sink.url();
    move |settings: &mut Settings| settings.mail.smtp_url = Some(SecretString::from(url))
}
