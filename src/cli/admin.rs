//! `recipe-api admin …`: `send-test-email` sends one message straight through the configured
//! SMTP server (not through the outbox), so a misconfiguration shows at once with the server's
//! own answer.

use anyhow::{Context, bail};

use crate::{
    config::SendTestEmailArgs,
    domain::Language,
    mail::{Letter, MailSettings, Mailer, compose},
};

/// Sends the test message `args` describe.
pub async fn send_test_email(args: &SendTestEmailArgs) -> anyhow::Result<()> {
    if args.smtp_url.is_none() {
        bail!("SMTP_URL is not set: there is no SMTP server to send through");
    }
    let Some(language) = Language::from_code(&args.language) else {
        bail!("--language must be en or ko");
    };
    let mailer = Mailer::new(&MailSettings {
        smtp_url: args.smtp_url.clone(),
        from: args.mail_from.clone(),
        ..MailSettings::default()
    })?;
    let message = compose(&Letter::Test, language, "recipe-api admin");
    mailer
        .send(&args.address, &message)
        .await
        .with_context(|| format!("the test message to {} was not sent", args.address))
}
