//! Schema migrations, embedded in the binary and applied at start (`Store::migrate`).
//!
//! One file per migration, named after its date and order. An applied migration is never edited:
//! change the schema by adding a new one. Each emits the DDL of the connected back-end.

use sea_orm_migration::{MigrationTrait, MigratorTrait};

mod m20261126_000001_create_user;
mod m20261126_000002_create_recipe;
mod m20261126_000003_create_revoked_token;

/// The ordered list of migrations.
pub struct Migrator;

impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261126_000001_create_user::Migration),
            Box::new(m20261126_000002_create_recipe::Migration),
            Box::new(m20261126_000003_create_revoked_token::Migration),
        ]
    }
}
