//! The recipe point select on PostgreSQL and MySQL/MariaDB, on a few connections of its own.
//!
//! `GET /recipes/{id}` is the most frequent request. Through the ORM and its pool each one
//! would build its statement anew, look every column up by name, and — the pool's price — add a
//! second round trip when the connection goes back (the pool pings every returned connection, in
//! case a cancelled query left it mid-answer). Here the statement is a constant, prepared once
//! per connection; the row is read by position with the one recipe decoder (`row`); and
//! the connections are a few slots of this module's own: a connection goes back into its slot
//! only after its query completed, so a cancelled query drops its connection instead of needing
//! a ping. When every slot is busy the read waits for one; an empty slot connects on its next use (with the pool's connect timeout, so an outage is a
//! quick 503 and the first read after it reconnects).

use std::{
    sync::{
        LazyLock,
        atomic::{AtomicUsize, Ordering},
    },
    time::Duration,
};

use sea_orm::sqlx::{self, Connection};
use tokio::sync::{Mutex, MutexGuard};

use super::row::{COLUMNS, ReadColumn, Recipe, decode};
use crate::{
    domain::RecipeId,
    store::{StoreError, galera},
};

/// One recipe by id, `$1` placeholder (PostgreSQL).
pub(in crate::store) static POSTGRES: LazyLock<String> =
    LazyLock::new(|| format!("SELECT {COLUMNS} FROM recipe r WHERE r.id = $1"));
/// One recipe by id, `?` placeholder (MySQL/MariaDB).
pub(in crate::store) static MYSQL: LazyLock<String> =
    LazyLock::new(|| format!("SELECT {COLUMNS} FROM recipe r WHERE r.id = ?"));

/// A few database connections reserved for the point select.
pub(in crate::store) struct ReadConnections<C: Connection> {
    options: <C as Connection>::Options,
    /// The point select in the back-end's placeholder syntax.
    select: &'static str,
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
    /// connected, reading with `select` (one of [`POSTGRES`] and [`MYSQL`]).
    pub(in crate::store) fn new(
        options: <C as Connection>::Options,
        select: &'static str,
        setup: Option<&'static str>,
        count: usize,
        connect_timeout: Duration,
    ) -> Self {
        Self {
            options,
            select,
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
    i64: for<'q> sqlx::Encode<'q, C::Database> + sqlx::Type<C::Database>,
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

    /// The recipe with this id, drafts included. A
    /// connection that was lost since its last use (the database restarted, say) is replaced
    /// and the read tried once more on the new one.
    pub(in crate::store) async fn find_recipe(
        &self,
        id: RecipeId,
    ) -> Result<Option<Recipe>, StoreError> {
        let mut slot = self.slot().await;
        let mut retried = false;
        loop {
            let reused = slot.is_some();
            let mut connection = self.take(&mut slot).await.map_err(StoreError::from)?;
            let answer = sqlx::query::<C::Database>(sqlx::AssertSqlSafe(self.select))
                .bind(id.get())
                .fetch_optional(&mut connection)
                .await;
            match answer {
                Ok(row) => {
                    *slot = Some(connection);
                    return row.as_ref().map(decode).transpose();
                }
                Err(err) => match StoreError::from(err) {
                    StoreError::Unavailable(_) if reused && !retried => retried = true,
                    err => return Err(err),
                },
            }
        }
    }
}
