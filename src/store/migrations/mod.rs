//! Schema migrations, embedded in the binary and applied at start (`Store::migrate`).
//!
//! One file per migration, named after its date and order. An applied migration is never edited:
//! change the schema by adding a new one. Each emits the DDL of the connected back-end.
//!
//! [`migrate`] applies them under a database-wide lock, so several instances starting at once on
//! an empty database do not race each other.

use super::galera;
use sea_orm_migration::{
    MigrationTrait, MigratorTrait,
    prelude::{Alias, ColumnDef, IntoIden, SchemaManager},
    sea_orm::{
        ConnectionTrait, DatabaseConnection, DbBackend, DbErr, SqliteTransactionMode,
        TransactionOptions, TransactionTrait,
    },
};

mod cluster_lease;
mod m20261126_000000_adopt_original_tables;
mod m20261126_000001_create_user;
mod m20261126_000002_create_recipe;
mod m20261126_000003_create_revoked_token;
mod m20261126_000004_create_server_secret;
mod m20261126_000005_create_session;
mod m20261126_000006_create_personal_access_token;
mod m20261126_000007_recipe_search;
mod m20261126_000008_long_text_on_mysql;
mod m20261127_000009_recipe_version;
mod m20261202_000010_canonical_emails;
mod m20261202_000011_photos;
mod m20261202_000012_recipe_origins;
mod m20261202_000013_ingredient_items;
mod m20261203_000014_community;
mod m20261203_000015_follows;
mod m20261203_000016_collections;
mod m20261203_000017_mail;
mod m20261203_000018_public_site;
mod m20261204_000019_search_prefixes;
mod m20261204_000020_search_words;
mod m20261204_000021_search_table;

/// The ordered list of migrations.
pub struct Migrator;

impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261126_000000_adopt_original_tables::Migration),
            Box::new(m20261126_000001_create_user::Migration),
            Box::new(m20261126_000002_create_recipe::Migration),
            Box::new(m20261126_000003_create_revoked_token::Migration),
            Box::new(m20261126_000004_create_server_secret::Migration),
            Box::new(m20261126_000005_create_session::Migration),
            Box::new(m20261126_000006_create_personal_access_token::Migration),
            Box::new(m20261126_000007_recipe_search::Migration),
            Box::new(m20261126_000008_long_text_on_mysql::Migration),
            Box::new(m20261127_000009_recipe_version::Migration),
            Box::new(m20261202_000010_canonical_emails::Migration),
            Box::new(m20261202_000011_photos::Migration),
            Box::new(m20261202_000012_recipe_origins::Migration),
            Box::new(m20261202_000013_ingredient_items::Migration),
            Box::new(m20261203_000014_community::Migration),
            Box::new(m20261203_000015_follows::Migration),
            Box::new(m20261203_000016_collections::Migration),
            Box::new(m20261203_000017_mail::Migration),
            Box::new(m20261203_000018_public_site::Migration),
            Box::new(m20261204_000019_search_prefixes::Migration),
            Box::new(m20261204_000020_search_words::Migration),
            Box::new(m20261204_000021_search_table::Migration),
        ]
    }
}

/// A non-null UTC instant column: `timestamptz` on PostgreSQL, RFC 3339 text on SQLite and
/// `DATETIME(6)` on MySQL/MariaDB (whose `TIMESTAMP` ends in 2038 and keeps whole seconds; the
/// connection's time zone is UTC, so `DATETIME` holds UTC).
fn instant(manager: &SchemaManager, column: impl IntoIden) -> ColumnDef {
    let mut def = ColumnDef::new(column);
    match manager.get_database_backend() {
        DbBackend::MySql => def.custom(Alias::new("DATETIME(6)")),
        _ => def.timestamp_with_time_zone(),
    };
    def.not_null().take()
}

/// A nullable text column of any length (MySQL's `TEXT` stops at 64 KiB).
fn long_text(manager: &SchemaManager, column: impl IntoIden) -> ColumnDef {
    let mut def = ColumnDef::new(column);
    match manager.get_database_backend() {
        DbBackend::MySql => def.custom(Alias::new("LONGTEXT")),
        _ => def.text(),
    };
    def.null().take()
}

/// Name of the MySQL lock (and, hashed, the PostgreSQL advisory lock) that serialises migrations.
const LOCK_NAME: &str = "recipe_api_migrations";
/// PostgreSQL advisory lock key: the bytes of "recipeAP".
const POSTGRES_LOCK_KEY: i64 = 0x7265_6369_7065_4150;

/// How many of this build's migrations the database has not applied.
pub async fn pending(db: &DatabaseConnection) -> Result<usize, DbErr> {
    Ok(Migrator::get_pending_migrations(db).await?.len())
}

/// Applies pending migrations inside one transaction that first takes a database-wide lock:
/// `pg_advisory_xact_lock` on PostgreSQL (released at commit), `GET_LOCK` on MySQL/MariaDB, and a
/// write (`PRAGMA user_version`) on SQLite, which takes the database's write lock. On a Galera
/// cluster, whose `GET_LOCK` holds on one node only, a lease row every node sees
/// ([`cluster_lease`]). An instance that waited finds the migrations applied and does nothing.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    if galera::is_galera(db).await? {
        let lease = cluster_lease::take(db).await?;
        let applied = Migrator::up(db, None).await;
        lease.release().await;
        return applied;
    }
    // On SQLite the transaction takes the write lock as it begins (waiting for it), so a
    // server writing meanwhile (another process: `recipe-api admin …` beside a running server)
    // cannot make it fail on upgrading a read snapshot.
    let options = TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..TransactionOptions::default()
    };
    let txn = db.begin_with_options(options).await?;
    let backend = db.get_database_backend();
    match backend {
        DbBackend::Postgres => {
            txn.execute_unprepared(&format!(
                "SELECT pg_advisory_xact_lock({POSTGRES_LOCK_KEY})"
            ))
            .await?;
        }
        DbBackend::MySql => {
            let row = txn
                .query_one_raw(sea_orm_migration::sea_orm::Statement::from_string(
                    backend,
                    format!("SELECT GET_LOCK('{LOCK_NAME}', 300) AS locked"),
                ))
                .await?;
            let locked: Option<i64> = match row {
                Some(row) => row.try_get("", "locked")?,
                None => None,
            };
            if locked != Some(1) {
                return Err(DbErr::Migration(
                    "timed out waiting for another instance's migrations".into(),
                ));
            }
        }
        _ => {
            txn.execute_unprepared("PRAGMA user_version = 1").await?;
        }
    }
    Migrator::up(&txn, None).await?;
    if backend == DbBackend::MySql {
        txn.execute_unprepared(&format!("DO RELEASE_LOCK('{LOCK_NAME}')"))
            .await?;
    }
    txn.commit().await
}

/// For a migration's tests: how many migrations come before the one named `name`, and how
/// many from it on (the steps to apply up to just before it, and to undo down to there).
#[cfg(test)]
fn steps_around(name: &str) -> (u32, u32) {
    let migrations = Migrator::migrations();
    let before = migrations
        .iter()
        .position(|m| m.name() == name)
        .expect("a migration of that name");
    let count = |n: usize| u32::try_from(n).expect("few migrations");
    (count(before), count(migrations.len() - before))
}
