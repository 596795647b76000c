//! The data layer: every SQL statement the server runs lives under this module.
//!
//! - `recipes/`: writes (with their tags and counts), lists and search, tags, and the hot read
//!   paths beside the ORM;
//! - `photos/`: recipes' covers and galleries, avatars, and the records that make removing
//!   unused media files safe;
//! - `accounts/`: users, sessions and refresh tokens, personal access tokens, revoked access
//!   tokens, the shared signing secret;
//! - `community/`: favourites, ratings, comments, follows and collections, with the counters
//!   and sort scores they keep, and what an account archive holds of them;
//! - `tools/`: `recipe-api copy`, bulk loading for `recipe-api dev generate`, table listing;
//! - `connect`, `migrations/`, `entities/`: the pool, the schema and its SeaORM entities;
//!   `connection_loss`: after one connection is found lost, the idle ones are checked;
//!   `error`: classifying driver errors; `sql`: hand-written statements with bound values;
//! - `admin/`: the audit log, administering accounts, hidden recipes, invitation codes and
//!   reports;
//! - `outbox`: mail queued with the change that causes it, claimed and sent by a worker;
//! - `replicas`: read replicas, their measured lag, and reads that may run on them;
//! - `change_notices`: PostgreSQL `NOTIFY`/`LISTEN` between instances, for their read caches.
//!
//! [`Store`] wraps one SeaORM connection pool and is chosen at run time from the database URL, so
//! the handlers never see which back-end they run on. Functions take domain types and return
//! plain rows ([`User`], [`Recipe`]); they know nothing about HTTP. Errors are [`StoreError`],
//! which separates "the database said no" (unique violation) from "the database is not there"
//! (outage → 503) from everything else.

mod accounts;
mod admin;
mod change_notices;
mod community;
mod connect;
mod connection_loss;
pub mod entities;
mod error;
mod galera;
mod migrations;
mod outbox;
mod photos;
mod recipes;
mod replicas;
mod sql;
mod tools;

pub use accounts::{
    Credentials, EmailChange, NewVerification, PersonalToken, Refresh, Session, User, Verified,
};
pub use admin::{
    AccountChange, AuditEntry, AuditRecord, Filed, HideOutcome, Invite, InviteRevocation,
    NewInvite, Report, ReportStatus, ReportTarget, Resolution,
};
pub use community::{
    Collection, CollectionAdd, Comment, CommentAuthor, CommentDeletion, CommentEdit, FavoriteState,
    FollowEntry, FollowList, FollowState, RatingOutcome, ViewerMarks,
    archive::{
        CollectionContents, CollectionRecord, CommentRecord, CommunityRecords, FavoriteRecord,
        FollowRecord, RatingRecord, RecipeMention, UidMatch,
    },
};
pub use connect::{DatabaseSettings, ReplicaSettings};
pub use error::StoreError;
pub use outbox::{ClaimedMail, MailOutcome, OutgoingMail};
pub use photos::{GalleryChange, MediaLock, NewPhoto, PhotoRole};
pub use recipes::{
    Community, ListPage, Listed, NamedRecipe, ParseProgress, Recipe, RecipeOrigin, TagCount,
};
pub use replicas::ReplicaStats;
pub use tools::{
    BulkFollow, BulkRecipe, BulkUser, BulkVote, COPIED_TABLES, CopyOptions, FollowCounters,
    RecipeCounters, TableCopy,
};

use std::sync::Arc;

use recipes::HotReads;
use sea_orm::DatabaseConnection;

/// Handle to the database; cheap to clone (the pool is shared).
#[derive(Debug, Clone)]
pub struct Store {
    db: DatabaseConnection,
    /// The hot reads' own path (see `recipes::hot_reads`); `None` for an in-memory SQLite
    /// database.
    hot: Option<Arc<HotReads>>,
    /// Read replicas for anonymous reads of published data (see `replicas`).
    replicas: Option<Arc<replicas::Replicas>>,
    /// Recent counts of recipes per food term (see `recipes::term_counts`).
    term_counts: Arc<recipes::term_counts::TermCounts>,
    /// Transactions run again after losing to a concurrent one (see `Store::retrying`).
    retries: Arc<std::sync::atomic::AtomicU64>,
}

impl Store {
    /// Starts a transaction that will write. On SQLite it takes the write lock at once
    /// (`BEGIN IMMEDIATE`), waiting for it as long as the busy timeout allows: a transaction
    /// that started reading and then wants to write cannot wait (SQLite answers "database is
    /// locked" at once rather than risk a deadlock), so concurrent writers failed.
    async fn begin_write(&self) -> Result<sea_orm::DatabaseTransaction, StoreError> {
        use sea_orm::{SqliteTransactionMode, TransactionOptions, TransactionTrait};
        let options = TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..TransactionOptions::default()
        };
        Ok(self.db.begin_with_options(options).await?)
    }

    /// Starts a transaction whose reads all see one snapshot of the database: SQLite's read
    /// transactions are snapshots already; the servers need REPEATABLE READ.
    async fn begin_snapshot(&self) -> Result<sea_orm::DatabaseTransaction, StoreError> {
        use sea_orm::{DbBackend, IsolationLevel, TransactionTrait};
        let isolation = match self.db.get_database_backend() {
            DbBackend::Sqlite => None,
            _ => Some(IsolationLevel::RepeatableRead),
        };
        Ok(self.db.begin_with_config(isolation, None).await?)
    }

    /// Checks that the database answers.
    pub async fn ping(&self) -> Result<(), StoreError> {
        self.db.ping().await.map_err(StoreError::from)
    }

    /// How many of this build's migrations the database lacks (0 once they are applied; another
    /// instance of a newer build may have applied more, which is fine).
    pub async fn pending_migrations(&self) -> Result<usize, StoreError> {
        migrations::pending(&self.db)
            .await
            .map_err(StoreError::from)
    }

    /// The pool's open connections, idle ones among them, and its maximum.
    pub fn pool_stats(&self) -> (u32, u32, u32) {
        use sea_orm::DbBackend;
        fn stats<DB: sea_orm::sqlx::Database>(pool: &sea_orm::sqlx::Pool<DB>) -> (u32, u32, u32) {
            let idle = u32::try_from(pool.num_idle()).unwrap_or(u32::MAX);
            (pool.size(), idle, pool.options().get_max_connections())
        }
        match self.db.get_database_backend() {
            DbBackend::Postgres => stats(self.db.get_postgres_connection_pool()),
            DbBackend::MySql => stats(self.db.get_mysql_connection_pool()),
            _ => stats(self.db.get_sqlite_connection_pool()),
        }
    }

    /// Closes the pool, waiting for connections in use to be returned.
    pub async fn close(self) -> Result<(), StoreError> {
        self.db.close().await.map_err(StoreError::from)
    }
}
