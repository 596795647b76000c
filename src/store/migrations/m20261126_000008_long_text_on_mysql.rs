//! MySQL/MariaDB only: the recipe's long text columns become `MEDIUMTEXT`.
//!
//! `TEXT` holds 65 535 *bytes* there, and a valid recipe can need more: 20 000 characters of
//! directions or 100 ingredient lines of 200 characters are up to 80 000 bytes in utf8mb4, and
//! the CJK bigrams of `search_text` are about three times the recipe's CJK text. PostgreSQL's
//! and SQLite's `TEXT` are unbounded, so nothing changes there.

use sea_orm_migration::{prelude::*, sea_orm::DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DbBackend::MySql {
            return Ok(());
        }
        manager
            .get_connection()
            .execute_unprepared(
                "ALTER TABLE `recipe` \
                   MODIFY `description` MEDIUMTEXT NULL, \
                   MODIFY `directions` MEDIUMTEXT NULL, \
                   MODIFY `ingredients` MEDIUMTEXT NULL, \
                   MODIFY `search_text` MEDIUMTEXT NULL",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        // The columns stay MEDIUMTEXT: going back to TEXT would truncate long recipes.
        Ok(())
    }
}
