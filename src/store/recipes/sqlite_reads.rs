//! The hot reads on SQLite — one recipe by id, one page of a list without a search — run
//! directly on the calling thread through their own read-only connections.
//!
//! The SQLite driver under SeaORM runs each connection on a worker thread and hands every
//! statement and every row across threads; for a point select that hand-over costs several
//! times the query itself (measured in docs/BENCHMARKS.md). These reads are a few
//! microseconds of work on an index, so they run where the request runs, on prepared statements
//! cached per connection. Anything that may take long (a full-text search) stays on the pooled
//! driver, whose worker threads keep the async workers free.
//!
//! The connections are read-only (`query_only`), one per async worker thread; WAL mode lets
//! them read while a writer writes, and each statement sees every transaction committed before
//! it started, so a read after an acknowledged write sees that write.

use std::{
    path::Path,
    sync::{
        LazyLock, Mutex, MutexGuard,
        atomic::{AtomicUsize, Ordering},
    },
    time::Duration,
};

use anyhow::Context;
use chrono::{DateTime, NaiveDateTime, Utc};
use rusqlite::{Connection, OpenFlags, Row, types::Value as Lite};
use sea_orm::{DbErr, Statement, Value};

use super::row::{COLUMNS, ReadColumn, Recipe, decode};
use crate::{domain::RecipeId, store::StoreError};

/// Statements kept prepared per connection (lists vary by filter and order).
const STATEMENT_CACHE: usize = 64;

/// One recipe by id.
static SELECT_RECIPE: LazyLock<String> =
    LazyLock::new(|| format!("SELECT {COLUMNS} FROM recipe r WHERE r.id = ?"));

/// Read-only connections to one SQLite file.
pub(in crate::store) struct SqliteReads {
    connections: Box<[Mutex<Connection>]>,
    next: AtomicUsize,
}

impl std::fmt::Debug for SqliteReads {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteReads")
            .field("connections", &self.connections.len())
            .finish()
    }
}

impl SqliteReads {
    /// Opens `count` read-only connections to the database file at `path`, which must exist.
    pub(in crate::store) fn open(
        path: &Path,
        count: usize,
        busy_timeout: Duration,
    ) -> anyhow::Result<Self> {
        let connections = (0..count.max(1))
            .map(|_| {
                let connection = Connection::open_with_flags(
                    path,
                    OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                )
                .with_context(|| format!("could not open {} for reading", path.display()))?;
                connection.busy_timeout(busy_timeout)?;
                connection.pragma_update(None, "query_only", true)?;
                connection.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
                Ok(Mutex::new(connection))
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        Ok(Self {
            connections: connections.into_boxed_slice(),
            next: AtomicUsize::new(0),
        })
    }

    /// The recipe with this id, drafts included.
    pub(in crate::store) fn find_recipe(&self, id: RecipeId) -> Result<Option<Recipe>, StoreError> {
        let connection = self.connection();
        let mut statement = connection
            .prepare_cached(&SELECT_RECIPE)
            .map_err(StoreError::from)?;
        let mut rows = statement.query([id.get()]).map_err(StoreError::from)?;
        match rows.next().map_err(StoreError::from)? {
            Some(row) => decode(row).map(Some),
            None => Ok(None),
        }
    }

    /// Runs a list statement that selects [`COLUMNS`]; `None` when it binds
    /// a value of a type these reads do not carry (the caller then runs it on the pool).
    pub(in crate::store) fn recipes(
        &self,
        statement: &Statement,
    ) -> Option<Result<Vec<Recipe>, StoreError>> {
        let values = match &statement.values {
            Some(values) => values.0.iter().map(to_sqlite).collect::<Option<Vec<_>>>()?,
            None => Vec::new(),
        };
        let connection = self.connection();
        let run = || -> Result<Vec<Recipe>, StoreError> {
            let mut prepared = connection
                .prepare_cached(&statement.sql)
                .map_err(StoreError::from)?;
            let mut rows = prepared
                .query(rusqlite::params_from_iter(values.iter()))
                .map_err(StoreError::from)?;
            let mut recipes = Vec::new();
            while let Some(row) = rows.next().map_err(StoreError::from)? {
                recipes.push(decode(row)?);
            }
            Ok(recipes)
        };
        Some(run())
    }

    /// A free connection if there is one, else the next in turn (its holder is done within
    /// microseconds: no statement here waits on anything but SQLite).
    fn connection(&self) -> MutexGuard<'_, Connection> {
        let start = self.next.fetch_add(1, Ordering::Relaxed);
        let count = self.connections.len();
        for offset in 0..count {
            if let Ok(guard) = self.connections[(start + offset) % count].try_lock() {
                return guard;
            }
        }
        self.connections[start % count]
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// rusqlite's rows. A timestamp is read as SeaORM writes it on SQLite (RFC 3339 text), or in
/// the other text forms the SQLite driver reads (`YYYY-MM-DD HH:MM:SS[.fff][±hh:mm]`, taken as
/// UTC without an offset).
impl ReadColumn for Row<'_> {
    fn int(&self, index: usize) -> Result<i64, StoreError> {
        self.get(index).map_err(StoreError::from)
    }

    fn optional_int(&self, index: usize) -> Result<Option<i64>, StoreError> {
        self.get(index).map_err(StoreError::from)
    }

    fn optional_int32(&self, index: usize) -> Result<Option<i32>, StoreError> {
        self.get(index).map_err(StoreError::from)
    }

    fn text(&self, index: usize) -> Result<String, StoreError> {
        self.get(index).map_err(StoreError::from)
    }

    fn optional_text(&self, index: usize) -> Result<Option<String>, StoreError> {
        self.get(index).map_err(StoreError::from)
    }

    fn flag(&self, index: usize) -> Result<bool, StoreError> {
        self.get(index).map_err(StoreError::from)
    }

    fn instant(&self, index: usize) -> Result<DateTime<Utc>, StoreError> {
        let text: String = self.get(index).map_err(StoreError::from)?;
        parse_timestamp(&text).ok_or_else(|| {
            StoreError::Other(DbErr::Custom(format!(
                "column {index} is not a timestamp: {text:?}"
            )))
        })
    }
}

pub(super) fn parse_timestamp(text: &str) -> Option<DateTime<Utc>> {
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Some(at.with_timezone(&Utc));
    }
    if let Ok(at) = DateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%.f%:z") {
        return Some(at.with_timezone(&Utc));
    }
    ["%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S%.f"]
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(text, format).ok())
        .map(|at| at.and_utc())
}

/// A bound value as SQLite stores it; `None` for types the list statements never bind.
fn to_sqlite(value: &Value) -> Option<Lite> {
    Some(match value {
        Value::Bool(v) => v.map_or(Lite::Null, |b| Lite::Integer(i64::from(b))),
        Value::TinyInt(v) => v.map_or(Lite::Null, |n| Lite::Integer(n.into())),
        Value::SmallInt(v) => v.map_or(Lite::Null, |n| Lite::Integer(n.into())),
        Value::Int(v) => v.map_or(Lite::Null, |n| Lite::Integer(n.into())),
        Value::BigInt(v) => v.map_or(Lite::Null, Lite::Integer),
        Value::TinyUnsigned(v) => v.map_or(Lite::Null, |n| Lite::Integer(n.into())),
        Value::SmallUnsigned(v) => v.map_or(Lite::Null, |n| Lite::Integer(n.into())),
        Value::Unsigned(v) => v.map_or(Lite::Null, |n| Lite::Integer(n.into())),
        Value::BigUnsigned(v) => match v {
            None => Lite::Null,
            Some(n) => Lite::Integer(i64::try_from(*n).ok()?),
        },
        Value::String(v) => v.as_ref().map_or(Lite::Null, |s| Lite::Text(s.to_string())),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_timestamp_forms_sqlite_rows_hold() {
        let expected = "2026-11-27T03:57:58.461313Z";
        for text in [
            "2026-11-27T03:57:58.461313+00:00",
            "2026-11-27 03:57:58.461313+00:00",
            "2026-11-27 12:57:58.461313+09:00",
            "2026-11-27 03:57:58.461313",
            "2026-11-27T03:57:58.461313",
        ] {
            let parsed = parse_timestamp(text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(
                parsed.to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
                expected,
                "{text}"
            );
        }
        assert_eq!(parse_timestamp("yesterday"), None);
    }

    #[test]
    fn binds_integers_strings_and_booleans_only() {
        assert_eq!(to_sqlite(&Value::Bool(Some(true))), Some(Lite::Integer(1)));
        assert_eq!(to_sqlite(&Value::BigInt(None)), Some(Lite::Null));
        assert_eq!(
            to_sqlite(&Value::String(Some("김치".into()))),
            Some(Lite::Text("김치".into()))
        );
        assert_eq!(to_sqlite(&Value::BigUnsigned(Some(u64::MAX))), None);
        assert_eq!(to_sqlite(&Value::Double(Some(1.5))), None);
    }
}
