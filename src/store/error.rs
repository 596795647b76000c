//! `StoreError`: what can go wrong in the data layer, classified for the HTTP layer.
//!
//! The classification of driver errors is the one place where back-ends differ in error codes
//! (SQLite result codes, PostgreSQL SQLSTATEs, MySQL error numbers); keep them together here —
//! those of the ORM's errors, and those of the drivers the hot reads use directly (rusqlite,
//! sqlx).

use sea_orm::{DbErr, RuntimeErr, SqlErr, sqlx};

/// A data-layer failure.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A unique constraint rejected the write (e.g. an email already registered).
    #[error("a unique constraint rejected the write")]
    Conflict,
    /// A row the write refers to is gone: a foreign key rejected it. Every reference the
    /// server writes leads to an account (a recipe's, a session's, a token's owner) or to rows
    /// that are never deleted while the writer holds them, so this means the account was
    /// deleted while one of its requests was running.
    #[error("the account this write belongs to no longer exists")]
    AccountGone,
    /// The database cannot be reached or is too busy; retrying later may succeed.
    #[error("the database is unavailable")]
    Unavailable(#[source] DbErr),
    /// The database aborted the transaction to break a deadlock or a serialization conflict with
    /// a concurrent one; running it again normally succeeds (see `Store::retrying`).
    #[error("the transaction lost a race with a concurrent one")]
    Contention(#[source] DbErr),
    /// A conditional change found the row at a version the caller did not expect (someone
    /// changed it meanwhile); nothing was written.
    #[error("the row changed since the caller read it")]
    Stale,
    /// Any other database failure.
    #[error("the database failed")]
    Other(#[source] DbErr),
}

impl From<DbErr> for StoreError {
    fn from(err: DbErr) -> Self {
        match err.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => return StoreError::Conflict,
            Some(SqlErr::ForeignKeyConstraintViolation(_)) => return StoreError::AccountGone,
            _ => {}
        }
        if is_unavailable(&err) {
            super::connection_loss::note_lost();
            StoreError::Unavailable(err)
        } else if is_contention(&err) {
            StoreError::Contention(err)
        } else {
            StoreError::Other(err)
        }
    }
}

impl From<sea_orm::sqlx::Error> for StoreError {
    /// An error of a sqlx connection of our own, classified as the ORM's are.
    fn from(err: sea_orm::sqlx::Error) -> Self {
        StoreError::from(DbErr::Query(RuntimeErr::SqlxError(std::sync::Arc::new(
            err,
        ))))
    }
}

impl From<rusqlite::Error> for StoreError {
    /// A failed read on a rusqlite connection: a busy or locked database is an outage (503),
    /// anything else a failure.
    fn from(err: rusqlite::Error) -> Self {
        let busy = matches!(
            err.sqlite_error_code(),
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
        );
        let err = DbErr::Custom(format!("SQLite read failed: {err}"));
        if busy {
            StoreError::Unavailable(err)
        } else {
            StoreError::Other(err)
        }
    }
}

/// True for errors that mean "no usable database right now" rather than "bad statement".
fn is_unavailable(err: &DbErr) -> bool {
    match err {
        DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => true,
        DbErr::Exec(RuntimeErr::SqlxError(e)) | DbErr::Query(RuntimeErr::SqlxError(e)) => {
            match e.as_ref() {
                sqlx::Error::Io(_)
                | sqlx::Error::Tls(_)
                | sqlx::Error::Protocol(_)
                | sqlx::Error::PoolTimedOut
                | sqlx::Error::PoolClosed
                | sqlx::Error::WorkerCrashed => true,
                sqlx::Error::Database(db) => database_error_is_outage(db.as_ref()),
                _ => false,
            }
        }
        _ => false,
    }
}

/// True when a server-reported error signals an outage or overload rather than a bad statement.
/// Deadlock or serialization failure: PostgreSQL `40P01` / `40001`, MySQL 1213 / `40001`,
/// SQLite `SQLITE_BUSY` at commit is already an outage (its busy timeout waited).
pub(crate) fn is_contention(err: &DbErr) -> bool {
    let (DbErr::Exec(RuntimeErr::SqlxError(e)) | DbErr::Query(RuntimeErr::SqlxError(e))) = err
    else {
        return false;
    };
    let sqlx::Error::Database(db) = e.as_ref() else {
        return false;
    };
    if let Some(mysql) = db.try_downcast_ref::<sqlx::mysql::MySqlDatabaseError>() {
        return mysql.number() == 1213 || mysql.code() == Some("40001");
    }
    matches!(db.code().as_deref(), Some("40P01" | "40001"))
}

/// Tries of one transaction before its lost race is reported (503). Sixteen writers changing
/// one recipe through three Galera nodes at once need up to about ten; the pauses add up to
/// about 1.5 s at most on average.
const CONTENTION_TRIES: u32 = 12;

impl super::Store {
    /// Runs `attempt` — one whole transaction — again when the database aborted it in favour of
    /// a concurrent one (an InnoDB or PostgreSQL deadlock, a serialization failure, a Galera
    /// certification conflict), up to [`CONTENTION_TRIES`] tries in all, after a short random
    /// pause that grows with each try (so the same transactions do not collide again in
    /// lockstep). Each retry is counted ([`Store::contention_retries`](super::Store)).
    pub(crate) async fn retrying<T, F, Fut>(&self, mut attempt: F) -> Result<T, StoreError>
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = Result<T, StoreError>>,
    {
        let mut tries = 1;
        loop {
            match attempt().await {
                Err(StoreError::Contention(err)) if tries < CONTENTION_TRIES => {
                    tracing::debug!(error = %err, tries, "transaction aborted by the database; retrying");
                    self.retries
                        .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    tokio::time::sleep(backoff(tries)).await;
                    tries += 1;
                }
                other => return other,
            }
        }
    }

    /// Transactions run again since start because the database aborted them in favour of a
    /// concurrent one.
    pub fn contention_retries(&self) -> u64 {
        self.retries.load(std::sync::atomic::Ordering::Relaxed)
    }
}

/// A random pause of up to 2^`tries` × 2 ms.
fn backoff(tries: u32) -> std::time::Duration {
    use std::hash::BuildHasher;
    let ceiling_ms = 2u64 << tries.min(8);
    let random = std::hash::RandomState::new().hash_one(tries);
    std::time::Duration::from_micros(random % (ceiling_ms * 1_000))
}

fn database_error_is_outage(db: &dyn sqlx::error::DatabaseError) -> bool {
    if let Some(pg) = db.try_downcast_ref::<sqlx::postgres::PgDatabaseError>() {
        postgres_outage(pg.code())
    } else if let Some(mysql) = db.try_downcast_ref::<sqlx::mysql::MySqlDatabaseError>() {
        mysql_outage(mysql.number())
    } else {
        sqlite_code(db).is_some_and(sqlite_outage)
    }
}

/// The (extended) result code of a SQLite error; `None` for other back-ends' errors.
fn sqlite_code(db: &dyn sqlx::error::DatabaseError) -> Option<i32> {
    db.try_downcast_ref::<sqlx::sqlite::SqliteError>()?;
    db.code()?.parse().ok()
}

/// True when SQLite refused a connection because another one holds the file (`SQLITE_BUSY`
/// or `SQLITE_LOCKED`, any extended code): `Store::connect` tries its first connection again.
pub(super) fn is_sqlite_busy(err: &DbErr) -> bool {
    let DbErr::Conn(RuntimeErr::SqlxError(e)) = err else {
        return false;
    };
    let sqlx::Error::Database(db) = e.as_ref() else {
        return false;
    };
    sqlite_code(db.as_ref()).is_some_and(sqlite_busy)
}

/// SQLite (extended) result codes: the low byte is the primary code. BUSY, LOCKED.
fn sqlite_busy(extended: i32) -> bool {
    matches!(extended & 0xff, 5 | 6)
}

/// BUSY, LOCKED, IOERR, FULL, CANTOPEN.
fn sqlite_outage(extended: i32) -> bool {
    sqlite_busy(extended) || matches!(extended & 0xff, 10 | 13 | 14)
}

/// PostgreSQL SQLSTATE: class 08 connection exception, class 53 insufficient resources,
/// 57P01..57P03 shutdown / cannot connect now.
fn postgres_outage(code: &str) -> bool {
    code.starts_with("08") || code.starts_with("53") || matches!(code, "57P01" | "57P02" | "57P03")
}

/// MySQL / MariaDB error numbers: too many connections, shutdown in progress, lock wait timeout,
/// read-only server, connection lost.
fn mysql_outage(number: u16) -> bool {
    matches!(
        number,
        1040 | 1053 | 1205 | 1290 | 1927 | 2002 | 2003 | 2006 | 2013
    )
}

#[cfg(test)]
mod tests {
    use super::{mysql_outage, postgres_outage, sqlite_outage};

    #[test]
    fn sqlite_busy_and_io_errors_are_outages_constraint_errors_are_not() {
        assert!(sqlite_outage(5));
        assert!(sqlite_outage(517));
        assert!(sqlite_outage(10));
        assert!(!sqlite_outage(2067));
        assert!(!sqlite_outage(19));
    }

    #[test]
    fn postgres_connection_classes_are_outages() {
        assert!(postgres_outage("08006"));
        assert!(postgres_outage("57P01"));
        assert!(postgres_outage("53300"));
        assert!(!postgres_outage("23505"));
        assert!(!postgres_outage("42601"));
    }

    #[test]
    fn mysql_connection_losses_are_outages() {
        assert!(mysql_outage(2013));
        assert!(mysql_outage(1040));
        assert!(!mysql_outage(1062));
        assert!(!mysql_outage(1064));
    }
}
