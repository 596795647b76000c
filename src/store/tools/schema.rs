//! Introspection of the connected database's tables — the one query whose SQL differs per back-end.

use sea_orm::{ConnectionTrait, DbBackend, Statement};

use crate::store::{Store, StoreError};

impl Store {
    /// Names of the tables in the connected database (schema), sorted. SQLite's full-text index
    /// (`recipe_fts`, its shadow tables and its word table `recipe_fts_words`) and
    /// PostgreSQL's search table (`recipe_search`) are left out: triggers derive them from
    /// `recipe`.
    pub async fn table_names(&self) -> Result<Vec<String>, StoreError> {
        let backend = self.db.get_database_backend();
        let sql = match backend {
            DbBackend::Sqlite => {
                "SELECT name AS name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
                 AND name NOT LIKE 'recipe_fts%'"
            }
            DbBackend::Postgres => {
                "SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() \
                 AND tablename <> 'recipe_search'"
            }
            _ => {
                "SELECT TABLE_NAME AS name FROM information_schema.TABLES \
                 WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'"
            }
        };
        let rows = self
            .db
            .query_all_raw(Statement::from_string(backend, sql))
            .await?;
        let mut names = rows
            .iter()
            .map(|row| row.try_get::<String>("", "name"))
            .collect::<Result<Vec<_>, _>>()?;
        names.sort();
        Ok(names)
    }
}
