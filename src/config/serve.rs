//! The flags of `recipe-api serve` (each with its environment variable), and how they become
//! validated [`Settings`].

use std::{net::SocketAddr, num::NonZeroU32, path::PathBuf, time::Duration};

use anyhow::bail;
use clap::Parser;
use secrecy::{ExposeSecret, SecretString};

use super::{DEFAULT_DATABASE_URL, DEFAULT_LISTEN, LogFormat, RateLimitSettings, Settings};
use crate::{
    domain::PasswordPolicy,
    media::MediaSettings,
    outbound::FetchPolicy,
    rate_limits::ProxyRange,
    store::{DatabaseSettings, ReplicaSettings},
};

/// Flags of `recipe-api serve`.
#[derive(Debug, Clone, clap::Args)]
pub struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, env = "LISTEN_ADDR", default_value = DEFAULT_LISTEN)]
    pub listen: SocketAddr,

    /// Database URL: sqlite://PATH (created if missing), postgres://… or mysql://….
    #[arg(long, env = "DATABASE_URL", default_value = DEFAULT_DATABASE_URL, hide_env_values = true)]
    pub database_url: String,

    /// Most database connections in the pool. On PostgreSQL and MySQL the server also keeps up
    /// to two connections per CPU core for reading single recipes.
    #[arg(long, env = "DATABASE_MAX_CONNECTIONS", default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub database_max_connections: u32,

    /// Read replicas of the database, comma-separated: PostgreSQL streaming replicas or
    /// MySQL/MariaDB replicas. Anonymous reads of published recipes, lists, search, tags and
    /// public profiles go to a replica whose lag is within READ_REPLICA_MAX_LAG.
    #[arg(long, env = "DATABASE_READ_URL", value_delimiter = ',', num_args = 0.., hide_env_values = true)]
    pub database_read_url: Vec<String>,

    /// Seconds a read replica may trail the primary and still serve reads; a replica further
    /// behind, down or not replicating is skipped until it catches up.
    #[arg(long, env = "READ_REPLICA_MAX_LAG", default_value_t = 5, value_parser = clap::value_parser!(u64).range(1..=3_600))]
    pub read_replica_max_lag: u64,

    /// Seconds to wait for a database connection before answering 503.
    #[arg(long, env = "DATABASE_CONNECT_TIMEOUT", default_value_t = 5, value_parser = clap::value_parser!(u64).range(1..=600))]
    pub database_connect_timeout: u64,

    /// Directory for server-managed files (the generated JWT key).
    #[arg(long, env = "DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,

    /// HMAC key for signing tokens, at least 32 bytes. Prefer the environment variable
    /// (command-line arguments are visible to other local users). If unset, a random key is
    /// generated on first start and kept in DATA_DIR/jwt-secret.key.
    #[arg(long, env = "JWT_SECRET_KEY", hide_env_values = true)]
    pub jwt_secret_key: Option<SecretString>,

    /// Lifetime of a session and its refresh tokens, in seconds (default 30 days).
    #[arg(long, env = "JWT_REFRESH_TOKEN_EXPIRES", default_value_t = 2_592_000, value_parser = clap::value_parser!(u64).range(60..=31_536_000))]
    pub refresh_token_ttl: u64,

    /// Seconds during which a spent refresh token answers the same new tokens again while they
    /// are unused (a client retrying a refresh whose answer it lost, two browser tabs refreshing
    /// at once); after that, or once its successor is used, presenting it ends the session.
    /// 0 turns the grace off.
    #[arg(long, env = "REFRESH_REUSE_GRACE", default_value_t = 10, value_parser = clap::value_parser!(u64).range(0..=60))]
    pub refresh_reuse_grace: u64,

    /// Suffix the original app appended to passwords before hashing them with pbkdf2 (its
    /// `hash_password` salt string); used to verify accounts adopted from its database.
    #[arg(
        long,
        env = "LEGACY_PASSWORD_SUFFIX",
        default_value = "yh*hello12",
        hide_env_values = true,
        hide_default_value = true
    )]
    pub legacy_password_suffix: String,

    /// Lifetime of access tokens, in seconds.
    #[arg(long, env = "JWT_ACCESS_TOKEN_EXPIRES", default_value_t = 900, value_parser = clap::value_parser!(u64).range(1..=31_536_000))]
    pub access_token_ttl: u64,

    /// Shortest password accepted at registration, in characters.
    #[arg(long, env = "PASSWORD_MIN_LENGTH", default_value_t = 8)]
    pub password_min_length: usize,

    /// Longest password accepted at registration, in characters.
    #[arg(long, env = "PASSWORD_MAX_LENGTH", default_value_t = 128)]
    pub password_max_length: usize,

    /// Largest request body accepted, in bytes. The default holds the largest valid recipe even
    /// when a client escapes every character as `\uXXXX` (as Python's `json.dumps` does).
    #[arg(long, env = "BODY_LIMIT_BYTES", default_value_t = 1_048_576, value_parser = clap::value_parser!(u64).range(1_024..=16_777_216))]
    pub body_limit: u64,

    /// Searches sorted by relevance rank this many of their most recent matches; older matches
    /// follow, newest first. Bounds the cost of a search that matches most recipes. 0 ranks
    /// every match.
    #[arg(long, env = "SEARCH_RANK_WINDOW", default_value_t = 1_000, value_parser = clap::value_parser!(u64).range(0..=1_000_000))]
    pub search_rank_window: u64,

    /// Bytes of answers the read cache keeps (anonymous reads of published recipes and of the
    /// first pages of `GET /recipes`); 0 turns the cache off.
    #[arg(long, env = "READ_CACHE_BYTES", default_value_t = 16_777_216, value_parser = clap::value_parser!(u64).range(0..=4_294_967_296))]
    pub read_cache_bytes: u64,

    /// Milliseconds an answer stays in the read cache at most: how stale an anonymous read may
    /// be on an instance that did not make the change and heard no notice of it.
    #[arg(long, env = "READ_CACHE_TTL_MS", default_value_t = 750, value_parser = clap::value_parser!(u64).range(10..=60_000))]
    pub read_cache_ttl_ms: u64,

    /// `redis://…`: announce changes to the other instances over this Redis (pub/sub on
    /// `<RATE_LIMIT_PREFIX>:changes`), so their read caches forget them at once. Without it, on
    /// PostgreSQL `NOTIFY` does the same; elsewhere cached answers expire (READ_CACHE_TTL_MS).
    #[arg(long, env = "CACHE_BUS", hide_env_values = true)]
    pub cache_bus: Option<SecretString>,

    /// Seconds a request may take before it is abandoned with a 503.
    #[arg(long, env = "REQUEST_TIMEOUT", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=3_600))]
    pub request_timeout: u64,

    /// Seconds a client has to send a request's headers (also an idle kept-alive connection's
    /// next request); also how long any connection, HTTP/2 too, may stay without a request in
    /// flight, and how long a client may leave an answer unread. Such connections are closed.
    #[arg(long, env = "HEADER_READ_TIMEOUT", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=3_600))]
    pub header_read_timeout: u64,

    /// Connections served at once; further clients wait in the listen queue until one closes.
    #[arg(long, env = "MAX_CONNECTIONS", default_value_t = 1_024, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub max_connections: u64,

    /// Password hashes computed at once (each uses 12 MiB); 0 means one per CPU core.
    #[arg(long, env = "PASSWORD_HASH_CONCURRENCY", default_value_t = 0)]
    pub password_hash_concurrency: usize,

    /// Requests per minute per client IP on every route.
    #[arg(long, env = "RATE_LIMIT_PER_MINUTE", default_value_t = 300, value_parser = clap::value_parser!(u32).range(1..))]
    pub rate_limit_per_minute: u32,

    /// Requests per minute per client IP to register, login, refresh and password change.
    #[arg(long, env = "AUTH_RATE_LIMIT_PER_MINUTE", default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..))]
    pub auth_rate_limit_per_minute: u32,

    /// Login attempts per account (per submitted email) in 15 minutes.
    #[arg(long, env = "LOGIN_ATTEMPTS_PER_ACCOUNT", default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..))]
    pub login_attempts_per_account: u32,

    /// Keys (client addresses, emails) each rate limiter remembers, about 30 bytes each; when
    /// one is full, requests with keys it does not hold share one allowance until room frees up.
    #[arg(long, env = "RATE_LIMIT_MAX_KEYS", default_value_t = 100_000, value_parser = clap::value_parser!(u32).range(1..=100_000_000))]
    pub rate_limit_max_keys: u32,

    /// Keep the rate limits in this Redis (`redis://[:PASSWORD@]HOST[:PORT][/DB]`), so that every
    /// instance sharing it enforces one limit. Unset: each instance limits in its own memory.
    /// When Redis does not answer within 250 ms an instance limits on its own until it does.
    #[arg(long, env = "RATE_LIMIT_STORE", hide_env_values = true)]
    pub rate_limit_store: Option<SecretString>,

    /// The prefix of this deployment's keys in RATE_LIMIT_STORE (deployments sharing one Redis
    /// keep their limits apart by it).
    #[arg(long, env = "RATE_LIMIT_PREFIX", default_value = "recipe-api")]
    pub rate_limit_prefix: String,

    /// Comma-separated IP addresses or CIDR networks (`10.0.0.0/8`) of reverse proxies whose
    /// X-Forwarded-For header is believed for rate limiting. Empty: the connection's address is
    /// the client's.
    #[arg(long, env = "TRUSTED_PROXIES", value_delimiter = ',', num_args = 0..)]
    pub trusted_proxies: Vec<ProxyRange>,

    /// Where photos' files are kept: a directory, or an S3-compatible bucket
    /// (`s3://BUCKET[/PREFIX]?endpoint=URL&region=R`, credentials from `AWS_ACCESS_KEY_ID` and
    /// `AWS_SECRET_ACCESS_KEY`). Default: DATA_DIR/media.
    #[arg(long, env = "MEDIA_STORE")]
    pub media_store: Option<String>,

    /// Largest photo upload, in bytes (default 20 MiB).
    #[arg(long, env = "MEDIA_MAX_BYTES", default_value_t = 20_971_520, value_parser = clap::value_parser!(u64).range(1_024..=1_073_741_824))]
    pub media_max_bytes: u64,

    /// Most pixels a photo upload may have (its header is read first: larger ones are refused
    /// before decoding).
    #[arg(long, env = "MEDIA_MAX_PIXELS", default_value_t = 50_000_000, value_parser = clap::value_parser!(u64).range(1..=1_000_000_000))]
    pub media_max_pixels: u64,

    /// Photo uploads processed at once (each needs about 4 bytes per pixel while it runs);
    /// 0 means one per CPU core, at most 2.
    #[arg(long, env = "MEDIA_CONCURRENCY", default_value_t = 0, value_parser = clap::value_parser!(u64).range(0..=64))]
    pub media_concurrency: u64,

    /// Keep each photo upload as sent, beside its variants (never served; it keeps the file's
    /// metadata, such as a phone photo's GPS position).
    #[arg(long, env = "MEDIA_KEEP_ORIGINALS", default_value_t = false)]
    pub media_keep_originals: bool,

    /// Seconds between two sweeps for media files no photo uses (one also runs at start).
    #[arg(long, env = "MEDIA_SWEEP_INTERVAL", default_value_t = 3_600, value_parser = clap::value_parser!(u64).range(1..=604_800))]
    pub media_sweep_interval: u64,

    /// Networks (addresses or CIDRs, comma-separated: `10.0.0.0/8, 192.168.1.20`) that recipe
    /// imports may fetch from although they are not public addresses. Default: none — imports
    /// reach public addresses only.
    #[arg(long, env = "IMPORT_ALLOWED_HOSTS", default_value = "", value_parser = parse_allowed_hosts)]
    pub import_allowed_hosts: AllowedHosts,

    /// SMTP server for outgoing mail (password resets):
    /// `smtp://[user:password@]host[:port]` (plain; add `?tls=required` for STARTTLS) or
    /// `smtps://[user:password@]host[:port]` (TLS). Unset: mail is recorded and logged as not
    /// sent, and `recipe-api admin` covers what it would have done.
    #[arg(long, env = "SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<SecretString>,

    /// Sender of outgoing mail: `address` or `Name <address>`.
    #[arg(
        long,
        env = "MAIL_FROM",
        default_value = "recipe-api <noreply@localhost>"
    )]
    pub mail_from: String,

    /// Seconds before a failed delivery is tried again (doubled after each failure, at most an
    /// hour; a message is given up after 20 attempts).
    #[arg(long, env = "MAIL_RETRY_SECONDS", default_value_t = 5, value_parser = clap::value_parser!(u64).range(1..=3_600))]
    pub mail_retry_seconds: u64,

    /// Minutes a password reset link works.
    #[arg(long, env = "PASSWORD_RESET_MINUTES", default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..=1_440))]
    pub password_reset_minutes: u64,

    /// Hours an email verification link works.
    #[arg(long, env = "EMAIL_VERIFICATION_HOURS", default_value_t = 24, value_parser = clap::value_parser!(u64).range(1..=720))]
    pub email_verification_hours: u64,

    /// Largest page or image an import fetches, in bytes (default 5 MiB).
    #[arg(long, env = "IMPORT_MAX_BYTES", default_value_t = 5_242_880, value_parser = clap::value_parser!(u64).range(1_024..=104_857_600))]
    pub import_max_bytes: u64,

    /// Seconds an import's fetch may take, redirects included.
    #[arg(long, env = "IMPORT_TIMEOUT", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=120))]
    pub import_timeout: u64,

    /// Largest account archive `POST /users/me/import` accepts, in bytes (default 200 MiB).
    #[arg(long, env = "IMPORT_ARCHIVE_MAX_BYTES", default_value_t = 209_715_200, value_parser = clap::value_parser!(u64).range(1_024..=17_179_869_184))]
    pub import_archive_max_bytes: u64,

    /// Who may register: `open` (anyone), `invite` (with an invitation code from an
    /// administrator) or `closed` (accounts are made by `recipe-api admin create-user`).
    #[arg(long, env = "SIGNUP", default_value = "open", value_parser = ["open", "invite", "closed"])]
    pub signup: String,

    /// Publishing needs a verified email address (off by default, as the original app had no
    /// verification).
    #[arg(long, env = "REQUIRE_VERIFIED_EMAIL_TO_PUBLISH", default_value_t = false, action = clap::ArgAction::Set)]
    pub require_verified_email_to_publish: bool,

    /// Password reset requests per address per hour (whether an account has it or not).
    #[arg(long, env = "PASSWORD_RESETS_PER_HOUR", default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..))]
    pub password_resets_per_hour: u32,

    /// Imports (from a page or an archive) per account per hour.
    #[arg(long, env = "IMPORTS_PER_HOUR", default_value_t = 60, value_parser = clap::value_parser!(u32).range(1..))]
    pub imports_per_hour: u32,

    /// Comments (new ones and changes) per account per hour.
    #[arg(long, env = "COMMENTS_PER_HOUR", default_value_t = 120, value_parser = clap::value_parser!(u32).range(1..))]
    pub comments_per_hour: u32,

    /// The server's public origin, e.g. `https://recipes.example`, for the absolute addresses
    /// of shareable pages and JSON-LD (set it behind a TLS-terminating proxy). Default: `http://`
    /// and each request's `Host`.
    #[arg(long, env = "PUBLIC_URL", value_parser = parse_public_url)]
    pub public_url: Option<String>,

    /// Log format.
    #[arg(long, env = "LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
}

impl ServeArgs {
    /// The flags' defaults, ignoring the environment.
    pub(super) fn defaults() -> Self {
        #[derive(Parser)]
        struct Defaults {
            #[command(flatten)]
            args: ServeArgs,
        }
        // Parse an empty command line with every environment variable of ServeArgs ignored.
        let command = <Defaults as clap::CommandFactory>::command();
        let command = command.mut_args(|arg| arg.env(None::<&str>));
        let matches = command.get_matches_from(["recipe-api"]);
        <Defaults as clap::FromArgMatches>::from_arg_matches(&matches)
            .expect("defaults parse")
            .args
    }

    /// Checks cross-field rules and builds [`Settings`].
    pub fn into_settings(self) -> anyhow::Result<Settings> {
        if self.password_min_length == 0 || self.password_min_length > self.password_max_length {
            bail!(
                "password length limits are inconsistent: PASSWORD_MIN_LENGTH ({}) must be at least 1 and at most PASSWORD_MAX_LENGTH ({})",
                self.password_min_length,
                self.password_max_length
            );
        }
        if self.password_max_length > 4_096 {
            bail!("PASSWORD_MAX_LENGTH must be at most 4096 characters");
        }
        let rate_limit_store = redis_url("RATE_LIMIT_STORE", self.rate_limit_store)?;
        if self.rate_limit_prefix.is_empty()
            || self.rate_limit_prefix.len() > 64
            || self.rate_limit_prefix.chars().any(char::is_whitespace)
        {
            bail!("RATE_LIMIT_PREFIX must be 1 to 64 characters without spaces");
        }
        let cache_bus = redis_url("CACHE_BUS", self.cache_bus)?;
        let hash_concurrency = match self.password_hash_concurrency {
            0 => std::thread::available_parallelism().map_or(1, usize::from),
            n => n,
        };
        Ok(Settings {
            listen: self.listen,
            database: DatabaseSettings {
                url: self.database_url,
                max_connections: self.database_max_connections,
                connect_timeout: Duration::from_secs(self.database_connect_timeout),
                replicas: ReplicaSettings {
                    urls: self
                        .database_read_url
                        .into_iter()
                        .map(|url| url.trim().to_owned())
                        .filter(|url| !url.is_empty())
                        .collect(),
                    max_lag: Duration::from_secs(self.read_replica_max_lag),
                },
            },
            data_dir: self.data_dir,
            jwt_secret_key: self.jwt_secret_key,
            access_token_ttl: Duration::from_secs(self.access_token_ttl),
            refresh_token_ttl: Duration::from_secs(self.refresh_token_ttl),
            refresh_reuse_grace: Duration::from_secs(self.refresh_reuse_grace),
            legacy_password_suffix: SecretString::from(self.legacy_password_suffix),
            password_policy: PasswordPolicy {
                min_chars: self.password_min_length,
                max_chars: self.password_max_length,
            },
            body_limit: usize::try_from(self.body_limit).unwrap_or(usize::MAX),
            request_timeout: Duration::from_secs(self.request_timeout),
            header_read_timeout: Duration::from_secs(self.header_read_timeout),
            max_connections: usize::try_from(self.max_connections).unwrap_or(usize::MAX),
            search_rank_window: self.search_rank_window,
            read_cache: crate::read_cache::ReadCacheSettings {
                max_bytes: self.read_cache_bytes,
                ttl: Duration::from_millis(self.read_cache_ttl_ms),
                bus: cache_bus,
            },
            password_hash_concurrency: hash_concurrency,
            rate_limits: RateLimitSettings {
                per_minute: non_zero(self.rate_limit_per_minute),
                auth_per_minute: non_zero(self.auth_rate_limit_per_minute),
                login_attempts_per_account: non_zero(self.login_attempts_per_account),
                resets_per_address: non_zero(self.password_resets_per_hour),
                imports_per_hour: non_zero(self.imports_per_hour),
                comments_per_hour: non_zero(self.comments_per_hour),
                max_keys: usize::try_from(self.rate_limit_max_keys).unwrap_or(usize::MAX),
                trusted_proxies: self.trusted_proxies,
                store: rate_limit_store,
                prefix: self.rate_limit_prefix,
            },
            public_url: self.public_url,
            media: MediaSettings {
                store: self.media_store,
                max_bytes: self.media_max_bytes,
                max_pixels: self.media_max_pixels,
                concurrency: match self.media_concurrency {
                    0 => std::thread::available_parallelism()
                        .map_or(1, usize::from)
                        .min(2),
                    n => usize::try_from(n).unwrap_or(1),
                },
                keep_originals: self.media_keep_originals,
                sweep_interval: Duration::from_secs(self.media_sweep_interval),
                // Longer than any request: a claim outlives the upload that made it.
                claim_lifetime: Duration::from_secs(
                    self.request_timeout.saturating_mul(2).max(600),
                ),
            },
            archive_max_bytes: self.import_archive_max_bytes,
            mail: crate::mail::MailSettings {
                smtp_url: self.smtp_url,
                from: self.mail_from,
                retry_base: Duration::from_secs(self.mail_retry_seconds),
                ..crate::mail::MailSettings::default()
            },
            password_reset_ttl: Duration::from_secs(self.password_reset_minutes * 60),
            email_verification_ttl: Duration::from_secs(self.email_verification_hours * 3_600),
            signup: crate::domain::SignupMode::parse(&self.signup).unwrap_or_default(),
            require_verified_email_to_publish: self.require_verified_email_to_publish,
            fetch: FetchPolicy {
                allowed: self.import_allowed_hosts.0,
                max_bytes: self.import_max_bytes,
                timeout: Duration::from_secs(self.import_timeout),
                ..FetchPolicy::default()
            },
        })
    }
}

/// The networks of IMPORT_ALLOWED_HOSTS.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AllowedHosts(pub Vec<ipnet::IpNet>);

/// The Redis URL of the setting `name`: `None` when unset or blank, an error unless `redis://`.
fn redis_url(name: &str, url: Option<SecretString>) -> anyhow::Result<Option<SecretString>> {
    let url = url.filter(|url| !url.expose_secret().trim().is_empty());
    if let Some(url) = &url
        && !url.expose_secret().starts_with("redis://")
    {
        bail!("{name} must be a redis:// URL");
    }
    Ok(url)
}

fn parse_allowed_hosts(text: &str) -> Result<AllowedHosts, String> {
    crate::outbound::parse_allowed(text).map(AllowedHosts)
}

/// An `http` or `https` origin (scheme, host, optional port; no path, query or credentials),
/// without a trailing slash.
fn parse_public_url(text: &str) -> Result<String, String> {
    let url = url::Url::parse(text).map_err(|err| format!("not a URL: {err}"))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err("must be an http:// or https:// address".to_owned());
    }
    if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
        return Err("must be an origin only (no path, query or fragment)".to_owned());
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("must not contain credentials".to_owned());
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

/// `value` as a `NonZeroU32` (clap already refused 0).
fn non_zero(value: u32) -> NonZeroU32 {
    NonZeroU32::new(value).unwrap_or(NonZeroU32::MIN)
}
