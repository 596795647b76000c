//! MariaDB Galera Cluster: what recipe-api does differently when its MySQL-family database is a
//! node of a Galera cluster (`wsrep_on` is `ON`).
//!
//! - Every connection asks its node to catch up with the cluster before each read
//!   (`wsrep_sync_wait` bit 1, added to whatever the server sets), so a change committed through
//!   one node is visible to a read through any other right after: a client that wrote through
//!   one instance and reads through another sees its write.
//! - Migrations are serialised by a lease row instead of `GET_LOCK`, whose locks are local to
//!   one node (see `migrations::cluster_lease`).
//! - Write conflicts between nodes are reported at commit as deadlocks (certification
//!   failures); the store runs the whole transaction again, as it does for InnoDB deadlocks.

use sea_orm::{ConnectionTrait, DbErr, Statement};

/// True when the connection's server is a Galera node with replication on. Plain MariaDB
/// reports `OFF`; MySQL has no such variable.
pub(crate) async fn is_galera(db: &impl ConnectionTrait) -> Result<bool, DbErr> {
    let backend = db.get_database_backend();
    if backend != sea_orm::DbBackend::MySql {
        return Ok(false);
    }
    let row = db
        .query_one_raw(Statement::from_string(
            backend,
            "SHOW VARIABLES LIKE 'wsrep_on'",
        ))
        .await?;
    let value: Option<String> = match row {
        Some(row) => Some(row.try_get_by_index(1)?),
        None => None,
    };
    Ok(value.is_some_and(|v| v.eq_ignore_ascii_case("ON")))
}

/// The statement every new MariaDB connection runs (the pool's and the hot reads' own): on a
/// Galera node, reads wait until the node has applied every change the cluster committed
/// before they began.
pub(crate) const READ_YOUR_WRITES: &str =
    "SET SESSION wsrep_sync_wait = @@global.wsrep_sync_wait | 1";

/// True for MySQL's answer to [`READ_YOUR_WRITES`]: "unknown system variable" (1193).
pub(crate) fn is_unknown_variable(err: &sea_orm::sqlx::Error) -> bool {
    err.as_database_error()
        .and_then(|db| db.try_downcast_ref::<sea_orm::sqlx::mysql::MySqlDatabaseError>())
        .is_some_and(|mysql| mysql.number() == 1193)
}
