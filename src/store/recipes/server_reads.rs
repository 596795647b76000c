//! The hot reads on PostgreSQL and MySQL/MariaDB — the recipe point select and list pages
//! without a search — on a few connections of their own.
//!
//! `GET /recipes/{id}` and the first pages of `GET /recipes` are the most frequent requests.
//! Through the ORM and its pool each one would build its statement anew, look every column up
//! by name, and — the pool's price — add a second round trip when the connection goes back (the
//! pool pings every returned connection, in case a cancelled query left it mid-answer). Here
//! the statements are prepared once per connection; rows are read by position with the one
//! recipe decoder (`row`; MySQL's point read gets its row packed into one column, see
//! `packed_row`); and the connections are a few slots of this module's own: a
//! connection goes back into its slot only after its query completed, so a cancelled query
//! drops its connection instead of needing a ping. When every slot is busy the read waits for
//! one; an empty slot connects on its next use (with the pool's connect timeout, so an outage
//! is a quick 503 and the first read after it reconnects).

use std::{
    sync::{
        LazyLock,
        atomic::{AtomicUsize, Ordering},
    },
    time::Duration,
};

use sea_orm::{
    Statement, Value,
    sqlx::{self, Connection},
};
use tokio::sync::{Mutex, MutexGuard};

use super::{
    packed_row::{self, PackedRow},
    row::{COLUMNS, ReadColumn, Recipe, decode},
};
use crate::{
    domain::RecipeId,
    store::{StoreError, galera},
};

/// One recipe by id, `$1` placeholder (PostgreSQL).
pub(in crate::store) static POSTGRES: LazyLock<String> =
    LazyLock::new(|| format!("SELECT {COLUMNS} FROM recipe r WHERE r.id = $1"));
/// One recipe by id, `?` placeholder, packed into one column (MySQL/MariaDB, see
/// `packed_row`).
pub(in crate::store) static MYSQL: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {} FROM recipe r WHERE r.id = ?",
        packed_row::packed(COLUMNS)
    )
});

/// A few database connections reserved for the point select.
pub(in crate::store) struct ReadConnections<C: Connection> {
    options: <C as Connection>::Options,
    /// The point select in the back-end's placeholder syntax.
    select: &'static str,
    /// Whether the point select packs the row into one column ([`MYSQL`]).
    packed: bool,
    /// A statement each new connection runs first (MariaDB: reads that wait for a Galera node
    /// to catch up; MySQL's "unknown variable" answer to it is ignored).
    setup: Option<&'static str>,
    slots: Box<[Mutex<Option<C>>]>,
    next: AtomicUsize,
    connect_timeout: Duration,
}

impl<C: Connection> std::fmt::Debug for ReadConnections<C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReadConnections")
            .field("slots", &self.slots.len())
            .finish_non_exhaustive()
    }
}

impl<C: Connection> ReadConnections<C> {
    /// `count` slots connecting with `options`, each on first use, running `setup` once
    /// connected, reading with `select` (one of [`POSTGRES`] and [`MYSQL`]; `packed` for
    /// [`MYSQL`]).
    pub(in crate::store) fn new(
        options: <C as Connection>::Options,
        select: &'static str,
        packed: bool,
        setup: Option<&'static str>,
        count: usize,
        connect_timeout: Duration,
    ) -> Self {
        Self {
            options,
            select,
            packed,
            setup,
            slots: (0..count.max(1)).map(|_| Mutex::new(None)).collect(),
            next: AtomicUsize::new(0),
            connect_timeout,
        }
    }

    /// A slot no other request holds, else the next in turn once its holder is done.
    async fn slot(&self) -> MutexGuard<'_, Option<C>> {
        let start = self.next.fetch_add(1, Ordering::Relaxed);
        let count = self.slots.len();
        let free =
            (0..count).find_map(|offset| self.slots[(start + offset) % count].try_lock().ok());
        match free {
            Some(slot) => slot,
            None => self.slots[start % count].lock().await,
        }
    }
}

impl<C> ReadConnections<C>
where
    C: Connection,
    for<'c> &'c mut C: sqlx::Executor<'c, Database = C::Database>,
    Option<i64>: for<'q> sqlx::Encode<'q, C::Database> + sqlx::Type<C::Database>,
    Option<String>: for<'q> sqlx::Encode<'q, C::Database> + sqlx::Type<C::Database>,
    <C::Database as sqlx::Database>::Arguments: sqlx::IntoArguments<C::Database>,
    <C::Database as sqlx::Database>::Row: ReadColumn,
{
    /// The slot's connection, connecting (and running the setup statement) if it has none.
    async fn take(&self, slot: &mut Option<C>) -> Result<C, sqlx::Error> {
        if let Some(connection) = slot.take() {
            return Ok(connection);
        }
        let connect = async {
            let mut connection = C::connect_with(&self.options).await?;
            if let Some(setup) = self.setup {
                match sqlx::raw_sql(sqlx::AssertSqlSafe(setup))
                    .execute(&mut connection)
                    .await
                {
                    Err(err) if !galera::is_unknown_variable(&err) => return Err(err),
                    _ => {}
                }
            }
            Ok(connection)
        };
        tokio::time::timeout(self.connect_timeout, connect)
            .await
            .map_err(|_| sqlx::Error::PoolTimedOut)?
    }

    /// The rows `sql` answers with `values` bound. A connection that was lost since its last
    /// use (the database restarted, say) is replaced and the statement tried once more on the
    /// new one.
    async fn fetch(
        &self,
        sql: &str,
        values: &[Bound],
    ) -> Result<Vec<<C::Database as sqlx::Database>::Row>, StoreError> {
        let mut slot = self.slot().await;
        let mut retried = false;
        loop {
            let reused = slot.is_some();
            let mut connection = self.take(&mut slot).await.map_err(StoreError::from)?;
            let mut query = sqlx::query::<C::Database>(sqlx::AssertSqlSafe(sql));
            for value in values {
                query = match value {
                    Bound::Int(value) => query.bind(*value),
                    Bound::Text(value) => query.bind(value.clone()),
                };
            }
            match query.fetch_all(&mut connection).await {
                Ok(rows) => {
                    *slot = Some(connection);
                    return Ok(rows);
                }
                Err(err) => match StoreError::from(err) {
                    StoreError::Unavailable(_) if reused && !retried => retried = true,
                    err => return Err(err),
                },
            }
        }
    }

    /// The recipe with this id, drafts included.
    pub(in crate::store) async fn find_recipe(
        &self,
        id: RecipeId,
    ) -> Result<Option<Recipe>, StoreError> {
        let rows = self
            .fetch(self.select, &[Bound::Int(Some(id.get()))])
            .await?;
        let Some(row) = rows.first() else {
            return Ok(None);
        };
        if self.packed {
            return decode(&PackedRow::parse(&row.text(0)?)?).map(Some);
        }
        decode(row).map(Some)
    }

    /// The recipes a list statement selects; `None` when it binds a value of a kind this path
    /// does not bind (the caller runs it on the pool).
    pub(in crate::store) async fn recipes(
        &self,
        statement: &Statement,
    ) -> Option<Result<Vec<Recipe>, StoreError>> {
        let values = match &statement.values {
            Some(values) => values.0.iter().map(bound).collect::<Option<Vec<_>>>()?,
            None => Vec::new(),
        };
        let rows = match self.fetch(&statement.sql, &values).await {
            Ok(rows) => rows,
            Err(err) => return Some(Err(err)),
        };
        Some(rows.iter().map(decode).collect())
    }
}

/// A value bound to a statement of this path: what the list statements bind.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Bound {
    Int(Option<i64>),
    Text(Option<String>),
}

/// `value` as this path binds it; `None` for other kinds (booleans, floats, dates…).
fn bound(value: &Value) -> Option<Bound> {
    Some(match value {
        Value::TinyInt(v) => Bound::Int(v.map(i64::from)),
        Value::SmallInt(v) => Bound::Int(v.map(i64::from)),
        Value::Int(v) => Bound::Int(v.map(i64::from)),
        Value::BigInt(v) => Bound::Int(*v),
        Value::TinyUnsigned(v) => Bound::Int(v.map(i64::from)),
        Value::SmallUnsigned(v) => Bound::Int(v.map(i64::from)),
        Value::Unsigned(v) => Bound::Int(v.map(i64::from)),
        Value::BigUnsigned(v) => Bound::Int(match v {
            Some(n) => Some(i64::try_from(*n).ok()?),
            None => None,
        }),
        Value::String(v) => Bound::Text(v.as_ref().map(|s| s.to_string())),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_and_text_are_bound_and_other_kinds_left_to_the_pool() {
        assert_eq!(bound(&Value::Int(Some(7))), Some(Bound::Int(Some(7))));
        assert_eq!(bound(&Value::BigInt(None)), Some(Bound::Int(None)));
        assert_eq!(
            bound(&Value::String(Some("두부".into()))),
            Some(Bound::Text(Some("두부".into())))
        );
        assert_eq!(bound(&Value::BigUnsigned(Some(u64::MAX))), None);
        assert_eq!(bound(&Value::Bool(Some(true))), None);
        assert_eq!(bound(&Value::Double(Some(1.5))), None);
    }
}
