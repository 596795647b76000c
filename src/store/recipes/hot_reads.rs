//! The hot reads — one recipe by id, and a list page without a search — on a path of their own
//! beside the ORM's pool, per back-end: `sqlite_reads` (in-thread read-only connections) and
//! `server_reads` (a few reserved connections for PostgreSQL and MySQL).
//! They select the same columns and decode them with the same decoder as the ORM's reads
//! (`row`); every other statement goes through the ORM. The gains are measured in docs/BENCHMARKS.md.

use std::{path::Path, sync::Arc};

use sea_orm::{
    DatabaseConnection, DbBackend, Statement,
    sqlx::{MySqlConnection, PgConnection},
};

use super::{
    Recipe,
    server_reads::{self, ReadConnections},
    sqlite_reads::SqliteReads,
};
use crate::{
    domain::RecipeId,
    store::{DatabaseSettings, StoreError, galera},
};

/// The hot-read path of one back-end.
#[derive(Debug)]
pub(in crate::store) enum HotReads {
    Sqlite(SqliteReads),
    Postgres(Box<PostgresReads>),
    MySql(Box<ReadConnections<MySqlConnection>>),
}

/// PostgreSQL's two sets of reserved connections.
#[derive(Debug)]
pub(in crate::store) struct PostgresReads {
    /// The point select, whose one plan the server caches.
    point: ReadConnections<PgConnection>,
    /// List pages, planned for their values on every execution like the pool's reads (a
    /// generic plan cannot tell a rare tag or food from a common one).
    lists: ReadConnections<PgConnection>,
}

impl HotReads {
    /// The hot-read path for `db`; `sqlite_file` is the database file of a SQLite URL (`None`
    /// in memory, where a second connection would see another database).
    pub(in crate::store) fn open(
        db: &DatabaseConnection,
        sqlite_file: Option<&Path>,
        settings: &DatabaseSettings,
        busy_timeout: std::time::Duration,
    ) -> anyhow::Result<Option<Arc<Self>>> {
        // One connection per async worker (the default runtime has one per core), two for the
        // servers' so that a read waiting on the network does not hold up the next.
        let cores = std::thread::available_parallelism().map_or(2, usize::from);
        let hot = match db.get_database_backend() {
            DbBackend::Sqlite => match sqlite_file {
                Some(path) => HotReads::Sqlite(SqliteReads::open(path, cores, busy_timeout)?),
                None => return Ok(None),
            },
            DbBackend::Postgres => {
                // The point select has one plan whatever the id: let the server cache it (the
                // pool's connections plan every statement anew, see `connect`).
                let pool_options = (*db.get_postgres_connection_pool().connect_options()).clone();
                let options = pool_options.clone().options([("plan_cache_mode", "auto")]);
                HotReads::Postgres(Box::new(PostgresReads {
                    point: ReadConnections::new(
                        options,
                        &server_reads::POSTGRES,
                        false,
                        None,
                        cores * 2,
                        settings.connect_timeout,
                    ),
                    lists: ReadConnections::new(
                        pool_options,
                        &server_reads::POSTGRES,
                        false,
                        None,
                        cores,
                        settings.connect_timeout,
                    ),
                }))
            }
            _ => {
                let options = (*db.get_mysql_connection_pool().connect_options()).clone();
                HotReads::MySql(Box::new(ReadConnections::new(
                    options,
                    &server_reads::MYSQL,
                    true,
                    Some(galera::READ_YOUR_WRITES),
                    cores * 2,
                    settings.connect_timeout,
                )))
            }
        };
        Ok(Some(Arc::new(hot)))
    }

    /// The recipe with this id, drafts included.
    pub(in crate::store) async fn find_recipe(
        &self,
        id: RecipeId,
    ) -> Result<Option<Recipe>, StoreError> {
        match self {
            HotReads::Sqlite(reads) => reads.find_recipe(id),
            HotReads::Postgres(reads) => reads.point.find_recipe(id).await,
            HotReads::MySql(reads) => reads.find_recipe(id).await,
        }
    }

    /// The recipes a list statement (no search) selects, when this path runs it (`None`: run
    /// it on the pool).
    pub(in crate::store) async fn recipes(
        &self,
        statement: &Statement,
    ) -> Option<Result<Vec<Recipe>, StoreError>> {
        match self {
            HotReads::Sqlite(reads) => reads.recipes(statement),
            HotReads::Postgres(reads) => reads.lists.recipes(statement).await,
            HotReads::MySql(reads) => reads.recipes(statement).await,
        }
    }
}
