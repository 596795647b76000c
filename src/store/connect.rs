//! Opening the pool for the URL's back-end, with each back-end's connection settings.
//!
//! SQLite: the file (and its directory) is created if missing — readable by its owner only
//! (mode 0600, the directory 0700), as the WAL and shared-memory files SQLite creates beside it
//! then are too; WAL journal, foreign keys on, `synchronous = FULL` (a committed transaction
//! survives power loss), and a busy timeout so concurrent writers wait for the lock instead of
//! failing. MySQL/MariaDB: strict SQL mode on every connection, so a value that does not fit its
//! column is an error rather than silently truncated.

use std::{
    path::{Path, PathBuf},
    str::FromStr,
    sync::Arc,
    time::Duration,
};

use anyhow::Context;
use sea_orm::{
    ConnectOptions, Database,
    sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous},
};

use super::{
    Store, connection_loss, error::is_sqlite_busy, galera, migrations::migrate, recipes::HotReads,
    replicas::Replicas,
};

/// A pooled connection idle for longer than this is pinged before use.
const POOL_IDLE_PING: Duration = Duration::from_secs(30);
/// Every MySQL/MariaDB connection's mode: a value too long for its column is an error.
const STRICT_MODE: &str = "SET SESSION sql_mode = CONCAT(@@sql_mode, ',STRICT_ALL_TABLES')";
/// The same, and on MariaDB reads that wait for a Galera node to catch up.
static WITH_GALERA: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    let assignment = galera::READ_YOUR_WRITES.trim_start_matches("SET ");
    format!("{STRICT_MODE}, {assignment}")
});

/// How long a SQLite writer waits for the write lock before giving up.
const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Database connection settings.
#[derive(Debug, Clone)]
pub struct DatabaseSettings {
    /// `sqlite://path`, `postgres://…` or `mysql://…`.
    pub url: String,
    /// Most connections the pool opens.
    pub max_connections: u32,
    /// How long to wait for a connection — opening a new one or taking one from the pool —
    /// before giving up (at start: an error; while serving: a 503).
    pub connect_timeout: Duration,
    /// Read replicas for anonymous reads of published data (none by default).
    pub replicas: ReplicaSettings,
}

/// Read replicas (`DATABASE_READ_URL`, `READ_REPLICA_MAX_LAG`).
#[derive(Debug, Clone)]
pub struct ReplicaSettings {
    /// The replicas' URLs, of the primary's kind.
    pub urls: Vec<String>,
    /// Largest measured lag at which a replica still serves.
    pub max_lag: Duration,
}

impl Default for ReplicaSettings {
    /// No replicas.
    fn default() -> Self {
        ReplicaSettings {
            urls: Vec::new(),
            max_lag: Duration::from_secs(5),
        }
    }
}

impl Store {
    /// Connects to the database named by `settings.url` and applies pending migrations.
    pub async fn connect(settings: &DatabaseSettings) -> anyhow::Result<Store> {
        crate::tls::install_provider();
        let url = settings.url.as_str();
        let file = sqlite_file(url)?;
        if let Some(file) = &file {
            create_private_file(file)?;
        }
        let options = pool_options(url, settings);
        let db = open(options, file.is_some())
            .await
            .with_context(|| format!("could not connect to the database ({})", redact(url)))?;
        migrate(&db)
            .await
            .context("could not apply database migrations")?;
        let hot = HotReads::open(&db, file.as_deref(), settings, SQLITE_BUSY_TIMEOUT)?;
        let replicas = Replicas::open(&db, settings).await?;
        Ok(Store {
            db,
            hot,
            replicas,
            term_counts: Arc::default(),
            retries: Arc::default(),
        })
    }
}

/// Tries of the first SQLite connection while the file is busy (see [`open`]).
const SQLITE_OPEN_TRIES: u32 = 8;

/// Opens the pool. On a SQLite file, a first connection refused as busy — another process or
/// instance opening the same new file at that moment, switching it to WAL or recovering its
/// log, which SQLite can report at once without waiting the busy timeout — is tried again
/// after a growing pause (0.1 s, 0.2 s, … 0.8 s; 3.6 s in all).
async fn open(
    options: ConnectOptions,
    sqlite: bool,
) -> Result<sea_orm::DatabaseConnection, sea_orm::DbErr> {
    let mut tries = 1;
    loop {
        match Database::connect(options.clone()).await {
            Err(e) if sqlite && tries < SQLITE_OPEN_TRIES && is_sqlite_busy(&e) => {
                tokio::time::sleep(Duration::from_millis(100 * u64::from(tries))).await;
                tries += 1;
            }
            result => return result,
        }
    }
}

/// The pool's settings for the database at `url`: those of `settings`, and each back-end's
/// connection settings (see the module header).
pub(super) fn pool_options(url: &str, settings: &DatabaseSettings) -> ConnectOptions {
    let mut options = ConnectOptions::new(url);
    options
        .max_connections(settings.max_connections)
        .min_connections(0)
        .acquire_timeout(settings.connect_timeout)
        .sqlx_logging(false)
        // Ping only connections idle long enough to have been dropped by the server or a
        // proxy, or idle since before another connection was found lost; pinging on every
        // checkout would double the round trips of each query.
        .map_sqlx_postgres_before_acquire(|conn, meta| Box::pin(ping_if_suspect(conn, meta)))
        .map_sqlx_mysql_before_acquire(|conn, meta| Box::pin(ping_if_suspect(conn, meta)))
        .test_before_acquire_if_idle_for(POOL_IDLE_PING)
        // Plan every execution with its values: a cached generic plan cannot know how many
        // recipes a search or an id range matches, and picks plans up to 100× slower.
        .map_sqlx_postgres_opts(|opts| opts.options([("plan_cache_mode", "force_custom_plan")]))
        // Whatever the server's default: a value too long for its column is an error. On
        // MariaDB, reads also wait for a Galera node to catch up with the cluster (no effect
        // on a server that is not a Galera node); MySQL has no such variable.
        .map_sqlx_mysql_pool_opts(|pool| {
            pool.after_connect(|conn, _| {
                Box::pin(async move {
                    use sea_orm::sqlx::Executor;
                    match conn.execute(WITH_GALERA.as_str()).await {
                        Err(e) if galera::is_unknown_variable(&e) => {
                            conn.execute(STRICT_MODE).await.map(|_| ())
                        }
                        other => other.map(|_| ()),
                    }
                })
            })
        })
        .map_sqlx_sqlite_opts(|opts| {
            opts.create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Full)
                .foreign_keys(true)
                .busy_timeout(SQLITE_BUSY_TIMEOUT)
        });
    options
}

/// A pooled connection's check before it is handed out: pinged (and replaced if the ping
/// fails) when it went idle before a connection was last found lost. Those idle past
/// [`POOL_IDLE_PING`] were pinged already, by the pool's own check.
async fn ping_if_suspect<C: sea_orm::sqlx::Connection>(
    conn: &mut C,
    meta: sea_orm::sqlx::pool::PoolConnectionMetadata,
) -> Result<bool, sea_orm::sqlx::Error> {
    if meta.idle_for < POOL_IDLE_PING && connection_loss::idle_since_before_a_loss(meta.idle_for) {
        conn.ping().await?;
    }
    Ok(true)
}

/// The database file of a SQLite URL (`None` for other back-ends and in-memory databases,
/// which a second connection could not see).
fn sqlite_file(url: &str) -> anyhow::Result<Option<PathBuf>> {
    if !url.starts_with("sqlite:") {
        return Ok(None);
    }
    let options = SqliteConnectOptions::from_str(url)
        .with_context(|| format!("invalid SQLite database URL: {url}"))?;
    let path = options.get_filename();
    let in_memory = path == Path::new(":memory:") || url.contains("mode=memory");
    Ok((!in_memory).then(|| path.to_path_buf()))
}

/// Creates a missing SQLite database file (empty, which SQLite reads as an empty database) and
/// its directory, readable by their owner only. SQLite gives the WAL and shared-memory files it
/// creates later the database file's permissions. An existing file is left as it is.
fn create_private_file(file: &Path) -> anyhow::Result<()> {
    let parent = file.parent().filter(|p| !p.as_os_str().is_empty());
    if let Some(dir) = parent.filter(|dir| !dir.exists()) {
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder
            .create(dir)
            .with_context(|| format!("could not create database directory {}", dir.display()))?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(file) {
        Ok(_) => Ok(()),
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(error) => {
            Err(error).with_context(|| format!("could not create database file {}", file.display()))
        }
    }
}

/// The URL without its password, for messages.
pub(crate) fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let credentials = &url[scheme_end + 3..at];
            match credentials.find(':') {
                Some(colon) => format!(
                    "{}{}:***{}",
                    &url[..scheme_end + 3],
                    &credentials[..colon],
                    &url[at..]
                ),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::{
        ConnectionTrait,
        sqlx::{Connection, Executor, SqliteConnection},
    };

    /// A SQLite file whose one connection holds an exclusive lock (rollback journal, so no
    /// other connection can even read it), and options that do not wait for it.
    async fn locked_file(dir: &Path) -> (SqliteConnection, ConnectOptions) {
        let path = dir.join("locked.db");
        let mut holder = SqliteConnection::connect_with(
            &SqliteConnectOptions::new()
                .filename(&path)
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Delete),
        )
        .await
        .unwrap();
        holder.execute("CREATE TABLE t (x INTEGER)").await.unwrap();
        holder.execute("BEGIN EXCLUSIVE").await.unwrap();
        let mut options = ConnectOptions::new(format!("sqlite://{}", path.display()));
        options.map_sqlx_sqlite_opts(|opts| {
            opts.journal_mode(SqliteJournalMode::Wal)
                .busy_timeout(Duration::ZERO)
        });
        (holder, options)
    }

    #[tokio::test]
    async fn a_busy_sqlite_file_is_recognised_and_opened_once_free() {
        let dir = tempfile::tempdir().unwrap();
        let (mut holder, options) = locked_file(dir.path()).await;
        let refused = Database::connect(options.clone()).await.unwrap_err();
        assert!(is_sqlite_busy(&refused), "{refused}");
        assert!(!is_sqlite_busy(&sea_orm::DbErr::Custom("x".into())));

        let release = tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(250)).await;
            holder.execute("COMMIT").await.unwrap();
            holder
        });
        let db = open(options.clone(), true).await.expect("opened once free");
        db.execute_unprepared("SELECT 1").await.unwrap();
        drop(release.await.unwrap());

        // Not SQLite: not tried again.
        let other = tempfile::tempdir().unwrap();
        let (_holder, options) = locked_file(other.path()).await;
        let started = std::time::Instant::now();
        assert!(open(options, false).await.is_err());
        assert!(started.elapsed() < Duration::from_millis(100));
    }

    #[test]
    fn redacts_passwords_in_urls() {
        assert_eq!(
            redact("postgres://app:s3cret@db:5432/recipes"),
            "postgres://app:***@db:5432/recipes"
        );
        assert_eq!(
            redact("mysql://root@localhost/recipe_db"),
            "mysql://root@localhost/recipe_db"
        );
        assert_eq!(
            redact("sqlite://data/recipe-api.db"),
            "sqlite://data/recipe-api.db"
        );
    }
}
