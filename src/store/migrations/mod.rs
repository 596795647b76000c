//! Schema migrations, embedded in the binary and applied at start (`Store::migrate`).
//!
//! One file per migration, named after its date and order. An applied migration is never edited:
//! change the schema by adding a new one. Each emits the DDL of the connected back-end.

use sea_orm_migration::{
    MigrationTrait, MigratorTrait,
    prelude::{Alias, ColumnDef, IntoIden, SchemaManager},
    sea_orm::DbBackend,
};

mod m20261126_000000_adopt_original_tables;
mod m20261126_000001_create_user;
mod m20261126_000002_create_recipe;
mod m20261126_000003_create_revoked_token;
mod m20261126_000004_create_server_secret;
mod m20261126_000005_create_session;
mod m20261126_000006_create_personal_access_token;

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
