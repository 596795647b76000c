//! Emails in their one canonical form (`domain::canonical_email`: Unicode NFC, lower-cased,
//! NFC), compared byte for byte on every back-end.
//!
//! Every stored email is rewritten into the canonical form. On MySQL/MariaDB the column also
//! gets a binary collation: the server's default collations compare case- and accent-
//! insensitively, so `café@…` was the account `cafe@…` there and not on the other back-ends.
//! Now the unique index, login and the per-account login limit all use the same form on all
//! three. Two stored emails with one canonical form (possible only as composed and decomposed
//! accents of one address) cannot both have it: an account already stored in that form keeps
//! it (else the oldest gets it); the other keeps its email as stored, can no longer log in by
//! email, and a warning names it.

use std::collections::HashSet;

use sea_orm_migration::{
    prelude::*,
    sea_orm::{ConnectionTrait, DbBackend, Statement},
};

use crate::domain::canonical_email;

/// The email column's width.
const EMAIL_COLUMN_CHARS: usize = 255;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let backend = manager.get_database_backend();
        let rows = db
            .query_all_raw(Statement::from_string(
                backend,
                r#"SELECT id, email FROM "user" ORDER BY id"#.replace('"', quote(backend)),
            ))
            .await?;
        let mut accounts = Vec::with_capacity(rows.len());
        for row in rows {
            accounts.push((
                row.try_get::<i64>("", "id")?,
                row.try_get::<String>("", "email")?,
            ));
        }
        let mut taken: HashSet<String> = accounts
            .iter()
            .filter(|(_, email)| canonical_email(email) == *email)
            .map(|(_, email)| email.clone())
            .collect();
        for (id, email) in &accounts {
            let canonical = canonical_email(email);
            if canonical == *email {
                continue;
            }
            if canonical.chars().count() > EMAIL_COLUMN_CHARS || !taken.insert(canonical.clone()) {
                tracing::warn!(
                    account = id,
                    "this account's email is kept as stored: its canonical form belongs to \
                     another account or does not fit; it cannot log in by email until an \
                     administrator changes one of them"
                );
                continue;
            }
            db.execute_raw(Statement::from_sql_and_values(
                backend,
                match backend {
                    DbBackend::Postgres => r#"UPDATE "user" SET email = $1 WHERE id = $2"#,
                    DbBackend::MySql => "UPDATE `user` SET email = ? WHERE id = ?",
                    _ => r#"UPDATE "user" SET email = ? WHERE id = ?"#,
                },
                [canonical.into(), (*id).into()],
            ))
            .await?;
        }
        if backend == DbBackend::MySql {
            db.execute_unprepared(
                "ALTER TABLE `user` MODIFY `email` VARCHAR(255) \
                 CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL",
            )
            .await?;
        }
        Ok(())
    }

    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        // The canonical form is an email of the same account: nothing to undo.
        Ok(())
    }
}

/// The identifier quote of `backend`.
fn quote(backend: DbBackend) -> &'static str {
    match backend {
        DbBackend::MySql => "`",
        _ => "\"",
    }
}
