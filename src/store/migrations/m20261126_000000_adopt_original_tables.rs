//! Adopts a database created by the original Flask app, before any other migration runs.
//!
//! On a fresh database this does nothing. When the original's `user` and `recipe` tables are
//! already there (MySQL/MariaDB, the DDL of the original course), it reshapes them in place into
//! recipe-api's schema without losing or renumbering a row:
//! - ids and owner references become signed `BIGINT` (the original used `INT UNSIGNED`), keeping
//!   values and `AUTO_INCREMENT` counters; the owner foreign key is re-created with
//!   `ON DELETE CASCADE`;
//! - `TIMESTAMP … ON UPDATE CURRENT_TIMESTAMP` columns become `DATETIME(6)` holding the same UTC
//!   instants (the connection's time zone is UTC);
//! - NULL flags get their defaults (`is_publish` 0, `is_active` 1) and become NOT NULL;
//! - emails are trimmed and lower-cased (the original compared them case-insensitively).
//!
//! Passwords stay as they are: the original's pbkdf2 hashes are verified at login and replaced by
//! argon2id then. Each step is idempotent, so a run interrupted half-way can simply be repeated.

use sea_orm_migration::{
    prelude::*,
    sea_orm::{ConnectionTrait, DbBackend, Statement},
};

#[derive(DeriveMigrationName)]
pub struct Migration;

const USER_COLUMNS: [&str; 6] = [
    "id",
    "username",
    "email",
    "password",
    "created_at",
    "updated_at",
];
const RECIPE_COLUMNS: [&str; 10] = [
    "id",
    "user_id",
    "name",
    "description",
    "num_of_servings",
    "cook_time",
    "directions",
    "is_publish",
    "created_at",
    "updated_at",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if !manager.has_table("user").await? {
            return Ok(());
        }
        if manager.get_database_backend() != DbBackend::MySql {
            return Err(DbErr::Migration(
                "a table named `user` already exists in this database but was not created by \
                 recipe-api; adopting the original app's tables is supported on MySQL/MariaDB"
                    .into(),
            ));
        }
        let db = manager.get_connection();
        require_columns(db, "user", &USER_COLUMNS).await?;
        require_columns(db, "recipe", &RECIPE_COLUMNS).await?;

        // Foreign keys pin the column types: drop them, convert both tables, re-create one.
        let constraints = db
            .query_all_raw(Statement::from_string(
                DbBackend::MySql,
                "SELECT DISTINCT CONSTRAINT_NAME AS name FROM information_schema.KEY_COLUMN_USAGE \
                 WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'recipe' \
                 AND REFERENCED_TABLE_NAME = 'user'",
            ))
            .await?;
        for row in constraints {
            let name: String = row.try_get("", "name")?;
            db.execute_unprepared(&format!(
                "ALTER TABLE `recipe` DROP FOREIGN KEY `{}`",
                name.replace('`', "``")
            ))
            .await?;
        }
        for statement in [
            "UPDATE `user` SET `email` = LOWER(TRIM(`email`))",
            "UPDATE `user` SET `is_active` = 1 WHERE `is_active` IS NULL",
            "ALTER TABLE `user` \
               MODIFY `id` BIGINT NOT NULL AUTO_INCREMENT, \
               MODIFY `username` VARCHAR(255) NOT NULL, \
               MODIFY `email` VARCHAR(255) NOT NULL, \
               MODIFY `password` VARCHAR(255) NOT NULL, \
               MODIFY `is_active` TINYINT(1) NOT NULL DEFAULT 1, \
               MODIFY `created_at` DATETIME(6) NOT NULL, \
               MODIFY `updated_at` DATETIME(6) NOT NULL",
            "UPDATE `recipe` SET `is_publish` = 0 WHERE `is_publish` IS NULL",
            "ALTER TABLE `recipe` \
               MODIFY `id` BIGINT NOT NULL AUTO_INCREMENT, \
               MODIFY `user_id` BIGINT NULL, \
               MODIFY `name` VARCHAR(255) NOT NULL, \
               MODIFY `num_of_servings` INT NULL, \
               MODIFY `cook_time` INT NULL, \
               MODIFY `is_publish` TINYINT(1) NOT NULL DEFAULT 0, \
               MODIFY `created_at` DATETIME(6) NOT NULL, \
               MODIFY `updated_at` DATETIME(6) NOT NULL",
            "ALTER TABLE `recipe` ADD CONSTRAINT `fk_recipe_user` FOREIGN KEY (`user_id`) \
               REFERENCES `user` (`id`) ON DELETE CASCADE",
        ] {
            db.execute_unprepared(statement).await?;
        }
        tracing::info!("adopted the original app's `user` and `recipe` tables");
        Ok(())
    }

    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        // The original tables are not restored: their old column types would truncate data
        // written since.
        Ok(())
    }
}

/// Fails with a clear message unless `table` has every column in `columns`.
async fn require_columns(
    db: &SchemaManagerConnection<'_>,
    table: &str,
    columns: &[&str],
) -> Result<(), DbErr> {
    let rows = db
        .query_all_raw(Statement::from_sql_and_values(
            DbBackend::MySql,
            "SELECT COLUMN_NAME AS name FROM information_schema.COLUMNS \
             WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?",
            [table.into()],
        ))
        .await?;
    let present: Vec<String> = rows
        .iter()
        .filter_map(|row| row.try_get::<String>("", "name").ok())
        .collect();
    let missing: Vec<&str> = columns
        .iter()
        .copied()
        .filter(|c| !present.iter().any(|p| p == c))
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(DbErr::Migration(format!(
            "table `{table}` exists but does not look like the original app's (missing columns: {}); \
             recipe-api will not modify it",
            missing.join(", ")
        )))
    }
}
