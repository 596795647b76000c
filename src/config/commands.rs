//! The flags of the commands besides serving: `recipe-api copy`, `recipe-api admin …` and
//! `recipe-api dev generate`.

use super::DEFAULT_DATABASE_URL;

/// Flags of `recipe-api dev generate`.
#[derive(Debug, Clone, clap::Args)]
pub struct GenerateArgs {
    /// Database to fill (created and migrated if needed); existing rows are kept.
    #[arg(long, env = "DATABASE_URL", default_value = DEFAULT_DATABASE_URL, hide_env_values = true)]
    pub database_url: String,

    /// Users to create (their password is `generated-password`).
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u64).range(1..=10_000_000))]
    pub users: u64,

    /// Recipes to create, spread over the new users.
    #[arg(long, default_value_t = 10_000, value_parser = clap::value_parser!(u64).range(0..=100_000_000))]
    pub recipes: u64,

    /// Percentage of the recipes that are published (the rest are drafts).
    #[arg(long, default_value_t = 90, value_parser = clap::value_parser!(u8).range(0..=100))]
    pub published_percent: u8,

    /// Authors each new user follows (fewer if there are not that many other new users);
    /// a few authors get most of the followers, as on a real site.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(0..=1_000))]
    pub follows_per_user: u64,

    /// Published recipes each new user favourites; a few recipes get most of them.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u64).range(0..=1_000))]
    pub favorites_per_user: u64,

    /// Published recipes of others each new user rates (1 to 5 stars).
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u64).range(0..=1_000))]
    pub ratings_per_user: u64,

    /// Random seed: the same seed on an empty database gives the same data.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,

    /// Rows written per statement.
    #[arg(long, default_value_t = 500, value_parser = clap::value_parser!(u64).range(1..=2_000))]
    pub batch_size: u64,
}

/// Flags of `recipe-api copy`.
#[derive(Debug, Clone, clap::Args)]
pub struct CopyArgs {
    /// Source database URL (migrated to the current schema first, like a server start would).
    #[arg(long, value_name = "URL")]
    pub from: String,

    /// Target database URL; created (SQLite) and migrated if needed. Must be empty unless
    /// --replace is given.
    #[arg(long, value_name = "URL")]
    pub to: String,

    /// Delete every row of the target first instead of refusing a non-empty target.
    #[arg(long)]
    pub replace: bool,

    /// Rows read and written per statement.
    #[arg(long, default_value_t = 500, value_parser = clap::value_parser!(u64).range(1..=5_000))]
    pub batch_size: u64,
}

/// Flags of `recipe-api admin send-test-email`.
#[derive(Debug, Clone, clap::Args)]
pub struct SendTestEmailArgs {
    /// Where to send the test message.
    pub address: String,

    /// SMTP server, as for `serve` (`smtp://…` or `smtps://…`).
    #[arg(long, env = "SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<secrecy::SecretString>,

    /// Sender, as for `serve`.
    #[arg(
        long,
        env = "MAIL_FROM",
        default_value = "recipe-api <noreply@localhost>"
    )]
    pub mail_from: String,

    /// Language of the message: `en` or `ko`.
    #[arg(long, default_value = "en")]
    pub language: String,
}

/// The database an `admin` command works on, named as for `serve`.
#[derive(Debug, Clone, clap::Args)]
pub struct AdminDatabase {
    /// Database URL (as for `serve`); the servers may keep running.
    #[arg(long, env = "DATABASE_URL", default_value = DEFAULT_DATABASE_URL, hide_env_values = true)]
    pub database_url: String,
}

/// Flags of `recipe-api admin create-user`.
#[derive(Debug, Clone, clap::Args)]
pub struct CreateUserArgs {
    #[command(flatten)]
    pub database: AdminDatabase,

    /// The new account's email address.
    #[arg(long)]
    pub email: String,

    /// The new account's username.
    #[arg(long)]
    pub username: String,

    /// Make it an administrator.
    #[arg(long)]
    pub admin: bool,

    /// Read the password from the first line of standard input instead of generating one
    /// (a generated password is printed once).
    #[arg(long)]
    pub password_stdin: bool,

    /// Shortest password accepted, as for `serve`.
    #[arg(long, env = "PASSWORD_MIN_LENGTH", default_value_t = 8)]
    pub password_min_length: usize,

    /// Longest password accepted, as for `serve`.
    #[arg(long, env = "PASSWORD_MAX_LENGTH", default_value_t = 128)]
    pub password_max_length: usize,
}

/// Flags of the `admin` commands that change one account, named by its email address.
#[derive(Debug, Clone, clap::Args)]
pub struct AccountArgs {
    #[command(flatten)]
    pub database: AdminDatabase,

    /// The account's email address.
    pub email: String,
}

/// Flags of `recipe-api admin disable`.
#[derive(Debug, Clone, clap::Args)]
pub struct DisableArgs {
    #[command(flatten)]
    pub account: AccountArgs,

    /// Why (kept in the audit log).
    #[arg(long)]
    pub reason: Option<String>,
}

/// Flags of `recipe-api admin reset-password`.
#[derive(Debug, Clone, clap::Args)]
pub struct ResetPasswordArgs {
    #[command(flatten)]
    pub account: AccountArgs,

    /// Read the new password from the first line of standard input instead of generating one
    /// (a generated password is printed once).
    #[arg(long)]
    pub password_stdin: bool,

    /// Shortest password accepted, as for `serve`.
    #[arg(long, env = "PASSWORD_MIN_LENGTH", default_value_t = 8)]
    pub password_min_length: usize,

    /// Longest password accepted, as for `serve`.
    #[arg(long, env = "PASSWORD_MAX_LENGTH", default_value_t = 128)]
    pub password_max_length: usize,
}
