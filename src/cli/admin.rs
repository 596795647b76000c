//! `recipe-api admin …`: administering accounts from the server's host, on the database the
//! servers use (they may keep running: every change is one transaction, and a disabled account
//! is refused by every instance at its next request), and `send-test-email`, which sends one
//! message straight through the configured SMTP server (not through the outbox), so a
//! misconfiguration shows at once with the server's own answer.
//!
//! Each account command prints what it did; the changes go to the audit log with the command
//! line as their actor.

use std::io::BufRead;

use anyhow::{Context, bail};
use secrecy::{ExposeSecret, SecretString};

use crate::{
    auth::{PasswordHasher, opaque::new_password},
    cli::database_settings,
    config::{AccountArgs, AdminCommand, DisableArgs, ResetPasswordArgs, SendTestEmailArgs},
    domain::{Actor, Email, Language, Password, PasswordPolicy, Role, Username},
    mail::{Letter, MailSettings, Mailer, compose},
    store::{AccountChange, Store, StoreError, User},
};

/// Runs `command`, printing its outcome on standard output.
pub async fn run(command: AdminCommand) -> anyhow::Result<()> {
    match command {
        AdminCommand::SendTestEmail(args) => {
            send_test_email(&args).await?;
            println!("test message sent to {}", args.address);
        }
        AdminCommand::CreateUser(args) => {
            let username =
                Username::parse(&args.username).map_err(|m| anyhow::anyhow!("--username {m}"))?;
            let email = Email::parse(&args.email).map_err(|m| anyhow::anyhow!("--email {m}"))?;
            let policy = PasswordPolicy {
                min_chars: args.password_min_length,
                max_chars: args.password_max_length,
            };
            let (password, generated) = choose_password(args.password_stdin, policy)?;
            let store = open(&args.database.database_url).await?;
            let hash = hash(&password).await?;
            let role = if args.admin { Role::Admin } else { Role::User };
            let user = store
                .create_account(&username, &email, &hash, role, &Actor::command_line())
                .await
                .map_err(|e| match e {
                    StoreError::Conflict => {
                        anyhow::anyhow!("an account with the email {} exists", email.as_str())
                    }
                    other => other.into(),
                })?;
            println!(
                "created account {} ({}, {}) as {}",
                user.id.get(),
                user.username,
                user.email,
                user.role
            );
            print_generated(generated.then_some(&password));
            store.close().await?;
        }
        AdminCommand::Promote(args) => change_role(&args, Role::Admin).await?,
        AdminCommand::Demote(args) => change_role(&args, Role::User).await?,
        AdminCommand::ResetPassword(args) => reset_password(&args).await?,
        AdminCommand::Disable(args) => set_active(&args, false).await?,
        AdminCommand::Enable(args) => {
            let args = DisableArgs {
                account: args,
                reason: None,
            };
            set_active(&args, true).await?;
        }
    }
    Ok(())
}

async fn open(url: &str) -> anyhow::Result<Store> {
    Store::connect(&database_settings(url))
        .await
        .context("opening the database")
}

/// The store and the account `args` name.
async fn account(args: &AccountArgs) -> anyhow::Result<(Store, User)> {
    let email = Email::parse(&args.email).map_err(|m| anyhow::anyhow!("the email {m}"))?;
    let store = open(&args.database.database_url).await?;
    let Some(user) = store.find_credentials(&email).await?.map(|c| c.user) else {
        bail!("no account has the email {}", email.as_str());
    };
    Ok((store, user))
}

async fn change_role(args: &AccountArgs, role: Role) -> anyhow::Result<()> {
    let (store, user) = account(args).await?;
    match store
        .set_role(user.id, role, &Actor::command_line())
        .await?
    {
        AccountChange::Changed(user) => println!("{} is now {role}", user.email),
        AccountChange::Unchanged(user) => println!("{} already is {role}", user.email),
        AccountChange::Missing => bail!("the account was deleted meanwhile"),
    }
    store.close().await?;
    Ok(())
}

async fn set_active(args: &DisableArgs, active: bool) -> anyhow::Result<()> {
    let (store, user) = account(&args.account).await?;
    let change = store
        .set_account_active(
            user.id,
            active,
            &Actor::command_line(),
            args.reason.as_deref(),
        )
        .await?;
    let state = if active { "enabled" } else { "disabled" };
    match change {
        AccountChange::Changed(user) => println!("{} is now {state}", user.email),
        AccountChange::Unchanged(user) => println!("{} already is {state}", user.email),
        AccountChange::Missing => bail!("the account was deleted meanwhile"),
    }
    store.close().await?;
    Ok(())
}

async fn reset_password(args: &ResetPasswordArgs) -> anyhow::Result<()> {
    let policy = PasswordPolicy {
        min_chars: args.password_min_length,
        max_chars: args.password_max_length,
    };
    let (password, generated) = choose_password(args.password_stdin, policy)?;
    let (store, user) = account(&args.account).await?;
    let hash = hash(&password).await?;
    if !store
        .set_password_by_admin(user.id, &hash, &Actor::command_line())
        .await?
    {
        bail!("the account was deleted meanwhile");
    }
    println!(
        "set a new password for {}; its sessions have ended",
        user.email
    );
    print_generated(generated.then_some(&password));
    store.close().await?;
    Ok(())
}

/// The password to set: the first line of standard input, or a generated one (`true`).
fn choose_password(
    from_stdin: bool,
    policy: PasswordPolicy,
) -> anyhow::Result<(SecretString, bool)> {
    if !from_stdin {
        return Ok((SecretString::from(new_password()?), true));
    }
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("reading the password from standard input")?;
    let line = line.trim_end_matches(['\r', '\n']);
    let password =
        Password::parse(line, policy).map_err(|m| anyhow::anyhow!("the password {m}"))?;
    Ok((password.secret().clone(), false))
}

async fn hash(password: &SecretString) -> anyhow::Result<String> {
    PasswordHasher::new(1, "").await?.hash(password).await
}

/// Prints a generated password, once.
fn print_generated(password: Option<&SecretString>) {
    if let Some(password) = password {
        println!("password (shown only now): {}", password.expose_secret());
    }
}

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
