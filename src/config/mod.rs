//! Configuration: command-line flags, each with an environment variable, parsed by clap into
//! typed [`Settings`]. Precedence: flag → environment variable → default.
//!
//! Secrets (the JWT key, database passwords) are never logged: `Settings`' `Debug` output
//! redacts them.

mod commands;
mod serve;

use std::{net::SocketAddr, num::NonZeroU32, path::PathBuf, time::Duration};

use clap::{Parser, Subcommand, ValueEnum};
use secrecy::SecretString;

use crate::{
    domain::PasswordPolicy, media::MediaSettings, outbound::FetchPolicy, rate_limits::ProxyRange,
    store::DatabaseSettings,
};

pub use commands::{
    AccountArgs, AdminDatabase, CopyArgs, CreateUserArgs, DisableArgs, GenerateArgs,
    ResetPasswordArgs, SendTestEmailArgs,
};
pub use serve::{AllowedHosts, ServeArgs};

/// Default listen address (the original app's port).
pub const DEFAULT_LISTEN: &str = "127.0.0.1:5000";
/// Default database: an embedded SQLite file.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/recipe-api.db";

/// recipe-api: a recipe-sharing REST API server.
#[derive(Debug, Parser)]
#[command(
    name = "recipe-api",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Flags of `serve`, accepted without the subcommand too.
    #[command(flatten)]
    pub serve: ServeArgs,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the HTTP API (the default when no subcommand is given).
    Serve(Box<ServeArgs>),
    /// Copy every table from one database to another, ids preserved (e.g. SQLite → PostgreSQL).
    /// Stop the servers writing to the source first.
    Copy(CopyArgs),
    /// Administration: accounts and roles (while the servers run), and checking the mail setup.
    #[command(subcommand)]
    Admin(AdminCommand),
    /// Tools for development and benchmarks.
    #[command(subcommand)]
    Dev(DevCommand),
}

/// `recipe-api admin …` subcommands.
#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Send a test message through the configured SMTP server (SMTP_URL, MAIL_FROM) and report
    /// what the server answered.
    SendTestEmail(SendTestEmailArgs),
    /// Create an account (its address counts as verified).
    CreateUser(CreateUserArgs),
    /// Make an account an administrator.
    Promote(AccountArgs),
    /// Make an administrator an ordinary user again.
    Demote(AccountArgs),
    /// Set a new password for an account and end its sessions.
    ResetPassword(ResetPasswordArgs),
    /// Disable an account: it cannot sign in, and its sessions and tokens stop working at once
    /// on every server.
    Disable(DisableArgs),
    /// Enable a disabled account again.
    Enable(AccountArgs),
}

/// `recipe-api dev …` subcommands.
#[derive(Debug, Subcommand)]
pub enum DevCommand {
    /// Fill a database with realistic generated users and recipes (English and Korean names,
    /// ingredients, directions and tags), for trying the server out and for benchmarks.
    Generate(GenerateArgs),
}

/// Log output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line.
    Json,
}

/// Validated settings of a server instance.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Address to listen on (port 0 picks a free port).
    pub listen: SocketAddr,
    /// Database connection.
    pub database: DatabaseSettings,
    /// Directory for server-managed files.
    pub data_dir: PathBuf,
    /// Configured signing key; `None` means "use or create the key file in `data_dir`".
    pub jwt_secret_key: Option<SecretString>,
    /// Access token lifetime.
    pub access_token_ttl: Duration,
    /// Session (refresh token) lifetime.
    pub refresh_token_ttl: Duration,
    /// How long a spent refresh token answers the same successor pair.
    pub refresh_reuse_grace: Duration,
    /// Suffix for verifying the original app's pbkdf2 hashes.
    pub legacy_password_suffix: SecretString,
    /// Registration password limits.
    pub password_policy: PasswordPolicy,
    /// Largest request body, in bytes.
    pub body_limit: usize,
    /// Longest a request may take.
    pub request_timeout: Duration,
    /// Longest a client may take to send a request's headers.
    pub header_read_timeout: Duration,
    /// Connections served at once.
    pub max_connections: usize,
    /// Matches ranked by a relevance search (0: all).
    pub search_rank_window: u64,
    /// The cache of anonymous reads.
    pub read_cache: crate::read_cache::ReadCacheSettings,
    /// Concurrent password hashes.
    pub password_hash_concurrency: usize,
    /// Rate limits.
    pub rate_limits: RateLimitSettings,
    /// Photo uploads and their files.
    pub media: MediaSettings,
    /// The server's public origin (`PUBLIC_URL`).
    pub public_url: Option<String>,
    /// What recipe imports may fetch (IMPORT_ALLOWED_HOSTS, IMPORT_MAX_BYTES, IMPORT_TIMEOUT).
    pub fetch: FetchPolicy,
    /// Largest account archive restored (IMPORT_ARCHIVE_MAX_BYTES).
    pub archive_max_bytes: u64,
    /// Outgoing mail (SMTP_URL, MAIL_FROM, …).
    pub mail: crate::mail::MailSettings,
    /// How long a password reset link works.
    pub password_reset_ttl: Duration,
    /// How long an email verification link works (EMAIL_VERIFICATION_HOURS).
    pub email_verification_ttl: Duration,
    /// Who may register (SIGNUP).
    pub signup: crate::domain::SignupMode,
    /// Publishing needs a verified email address.
    pub require_verified_email_to_publish: bool,
}

/// Rate limit settings (see `rate_limits`).
#[derive(Debug, Clone)]
pub struct RateLimitSettings {
    /// Requests per minute per client IP, every route.
    pub per_minute: NonZeroU32,
    /// Requests per minute per client IP to the credential routes.
    pub auth_per_minute: NonZeroU32,
    /// Login attempts per account per 15 minutes.
    pub login_attempts_per_account: NonZeroU32,
    /// Password reset requests per address per hour.
    pub resets_per_address: NonZeroU32,
    /// Imports per account per hour.
    pub imports_per_hour: NonZeroU32,
    /// Comments (new ones and changes) per account per hour.
    pub comments_per_hour: NonZeroU32,
    /// Keys each limiter remembers.
    pub max_keys: usize,
    /// Proxies whose X-Forwarded-For is believed.
    pub trusted_proxies: Vec<ProxyRange>,
    /// The Redis that keeps the limits (`RATE_LIMIT_STORE`); `None`: each instance's memory.
    pub store: Option<secrecy::SecretString>,
    /// The prefix of this deployment's keys there (`RATE_LIMIT_PREFIX`).
    pub prefix: String,
}

impl Default for Settings {
    fn default() -> Self {
        ServeArgs::defaults()
            .into_settings()
            .expect("default settings are valid")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_the_documentation() {
        let settings = Settings::default();
        assert_eq!(settings.listen.to_string(), DEFAULT_LISTEN);
        assert_eq!(settings.database.url, DEFAULT_DATABASE_URL);
        assert_eq!(settings.access_token_ttl, Duration::from_secs(900));
        assert_eq!(
            settings.password_policy,
            PasswordPolicy {
                min_chars: 8,
                max_chars: 128
            }
        );
        assert_eq!(settings.body_limit, 1_048_576);
        assert!(settings.jwt_secret_key.is_none());
    }

    #[test]
    fn serve_is_the_default_subcommand_and_flags_parse() {
        let cli = Cli::try_parse_from([
            "recipe-api",
            "--listen",
            "0.0.0.0:8080",
            "--access-token-ttl",
            "60",
        ])
        .unwrap();
        assert!(cli.command.is_none());
        assert_eq!(cli.serve.listen.port(), 8080);
        let cli =
            Cli::try_parse_from(["recipe-api", "serve", "--password-min-length", "12"]).unwrap();
        let Some(Command::Serve(args)) = cli.command else {
            panic!("expected serve")
        };
        assert_eq!(args.password_min_length, 12);
    }

    #[test]
    fn rate_limits_have_documented_defaults_and_parse_trusted_proxies() {
        let limits = Settings::default().rate_limits;
        assert_eq!(
            (
                limits.per_minute.get(),
                limits.auth_per_minute.get(),
                limits.login_attempts_per_account.get()
            ),
            (300, 10, 10)
        );
        assert!(limits.trusted_proxies.is_empty());
        let cli = Cli::try_parse_from([
            "recipe-api",
            "--trusted-proxies",
            "10.0.0.1,::1,172.16.0.0/12",
        ])
        .unwrap();
        assert_eq!(cli.serve.trusted_proxies.len(), 3);
        assert!(Cli::try_parse_from(["recipe-api", "--trusted-proxies", "proxy.local"]).is_err());
        assert!(Cli::try_parse_from(["recipe-api", "--rate-limit-per-minute", "0"]).is_err());
    }

    #[test]
    fn a_rate_limit_store_must_be_redis_and_its_prefix_a_word() {
        let settings = |args: &[&str]| {
            let argv = ["recipe-api"].iter().chain(args).copied();
            Cli::try_parse_from(argv).unwrap().serve.into_settings()
        };
        let limits = settings(&[]).unwrap().rate_limits;
        assert!(limits.store.is_none());
        assert_eq!(limits.prefix, "recipe-api");
        let shared = settings(&["--rate-limit-store", "redis://127.0.0.1:6379/2"]).unwrap();
        assert!(shared.rate_limits.store.is_some());
        assert!(
            settings(&["--rate-limit-store", ""])
                .unwrap()
                .rate_limits
                .store
                .is_none()
        );
        for refused in [
            "rediss://cache.example",
            "http://127.0.0.1:6379",
            "127.0.0.1:6379",
        ] {
            let err = settings(&["--rate-limit-store", refused]).unwrap_err();
            assert!(err.to_string().contains("redis://"), "{refused}: {err}");
            assert!(
                !err.to_string().contains(refused),
                "the URL is not repeated: {err}"
            );
        }
        for prefix in ["", "two words", &"x".repeat(65)] {
            assert!(
                settings(&["--rate-limit-prefix", prefix]).is_err(),
                "{prefix:?}"
            );
        }
    }

    #[test]
    fn inconsistent_password_limits_are_refused() {
        let cli = Cli::try_parse_from([
            "recipe-api",
            "--password-min-length",
            "20",
            "--password-max-length",
            "10",
        ])
        .unwrap();
        assert!(cli.serve.into_settings().is_err());
    }

    #[test]
    fn out_of_range_values_are_refused() {
        assert!(Cli::try_parse_from(["recipe-api", "--access-token-ttl", "0"]).is_err());
        assert!(Cli::try_parse_from(["recipe-api", "--listen", "not-an-address"]).is_err());
    }
}
