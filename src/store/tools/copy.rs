//! Copying every table from one database to another (`recipe-api copy`), ids preserved.
//!
//! Tables are copied parents first, in primary-key order and in batches; the source is read
//! inside one read-only transaction where the back-end offers a consistent snapshot. Afterwards
//! PostgreSQL's id sequences are moved past the copied ids (SQLite and MySQL do that by
//! themselves) and every table's row count is compared with the source's.
//!
//! Every table the migrations create must be listed in [`COPIED_TABLES`] and in
//! `Store::copy_into`; a test compares that list with the live schema.
//!
//! Photos' rows are copied; their files stay in the media store (`DATA_DIR/media` or the
//! bucket), which the server on the target database uses as it is, or which is copied beside
//! the database (its files are named by their content, so any copy of them will do).

use anyhow::{Context, bail};
use sea_orm::{
    ConnectionTrait, DbBackend, EntityTrait, IntoActiveModel, Iterable, PaginatorTrait,
    PrimaryKeyToColumn, QueryOrder, Statement,
};

use crate::store::{
    Store,
    entities::{
        audit_event, collection, collection_recipe, comment, email_verification, favorite, follow,
        image, image_file, invite, media_object, outbox_message, password_reset,
        personal_access_token, rating, recipe, recipe_ingredient, recipe_score_change, recipe_tag,
        refresh_token, report, revoked_token, server_secret, session, tag, user,
    },
};

/// Tables `copy_into` copies, parents before children. The migrations' bookkeeping table
/// (`seaql_migrations`) is not copied: the target's migrations run when it is opened.
pub const COPIED_TABLES: [&str; 26] = [
    "user",
    "recipe",
    "tag",
    "recipe_tag",
    "recipe_ingredient",
    "revoked_token",
    "server_secret",
    "session",
    "refresh_token",
    "personal_access_token",
    "image",
    "image_file",
    "media_object",
    "favorite",
    "rating",
    "comment",
    "recipe_score_change",
    "follow",
    "collection",
    "collection_recipe",
    "outbox_message",
    "password_reset",
    "email_verification",
    "invite",
    "report",
    "audit_event",
];

/// How to copy.
#[derive(Debug, Clone, Copy)]
pub struct CopyOptions {
    /// Rows read and written per statement.
    pub batch_size: u64,
    /// Delete the target's rows first instead of refusing a non-empty target.
    pub replace: bool,
}

/// Rows copied into one table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableCopy {
    pub table: &'static str,
    pub rows: u64,
}

impl Store {
    /// Copies every table of this database into `target` (already migrated), reporting progress
    /// as `(table, rows copied so far, rows in total)`.
    pub async fn copy_into(
        &self,
        target: &Store,
        options: CopyOptions,
        progress: &(dyn Fn(&str, u64, u64) + Sync),
    ) -> anyhow::Result<Vec<TableCopy>> {
        let batch = options.batch_size.max(1);
        prepare_target(target, options.replace).await?;
        // One snapshot of the source for the whole copy.
        let source = self
            .begin_snapshot()
            .await
            .context("could not start a read transaction on the source")?;
        let report = vec![
            copy_table::<user::Entity>(&source, &target.db, batch, progress).await?,
            copy_table::<recipe::Entity>(&source, &target.db, batch, progress).await?,
            copy_table::<tag::Entity>(&source, &target.db, batch, progress).await?,
            copy_table::<recipe_tag::Entity>(&source, &target.db, batch, progress).await?,
            copy_table::<recipe_ingredient::Entity>(&source, &target.db, batch, progress).await?,
            copy_table::<revoked_token::Entity>(&source, &target.db, batch, progress).await?,
            copy_table::<server_secret::Entity>(&source, &target.db, batch, progress).await?,
            copy_table::<session::Entity>(&source, &target.db, batch, progress).await?,
            copy_table::<refresh_token::Entity>(&source, &target.db, batch, progress).await?,
            copy_table::<personal_access_token::Entity>(&source, &target.db, batch, progress)
                .await?,
            copy_table::<image::Entity>(&source, &target.db, batch, progress).await?,
            copy_table::<image_file::Entity>(&source, &target.db, batch, progress).await?,
            copy_table::<media_object::Entity>(&source, &target.db, batch, progress).await?,
            copy_table::<favorite::Entity>(&source, &target.db, batch, progress).await?,
            copy_table::<rating::Entity>(&source, &target.db, batch, progress).await?,
            copy_table::<comment::Entity>(&source, &target.db, batch, progress).await?,
            copy_table::<recipe_score_change::Entity>(&source, &target.db, batch, progress).await?,
            copy_table::<follow::Entity>(&source, &target.db, batch, progress).await?,
            copy_table::<collection::Entity>(&source, &target.db, batch, progress).await?,
            copy_table::<collection_recipe::Entity>(&source, &target.db, batch, progress).await?,
            copy_table::<outbox_message::Entity>(&source, &target.db, batch, progress).await?,
            copy_table::<password_reset::Entity>(&source, &target.db, batch, progress).await?,
            copy_table::<email_verification::Entity>(&source, &target.db, batch, progress).await?,
            copy_table::<invite::Entity>(&source, &target.db, batch, progress).await?,
            copy_table::<report::Entity>(&source, &target.db, batch, progress).await?,
            copy_table::<audit_event::Entity>(&source, &target.db, batch, progress).await?,
        ];
        if target.db.get_database_backend() == DbBackend::Postgres {
            for table in [
                "user",
                "recipe",
                "tag",
                "session",
                "personal_access_token",
                "image",
                "comment",
                "recipe_score_change",
                "follow",
                "collection",
                "outbox_message",
                "password_reset",
                "email_verification",
                "invite",
                "report",
                "audit_event",
            ] {
                reset_postgres_sequence(target, table).await?;
            }
        }
        for copied in &report {
            let in_target = count_rows(&target.db, copied.table).await?;
            if in_target != copied.rows {
                bail!(
                    "verification failed: {} has {in_target} rows in the target, {} were copied",
                    copied.table,
                    copied.rows
                );
            }
        }
        source.commit().await?;
        Ok(report)
    }
}

/// Refuses a target that holds rows, or empties it when `replace` is set (children first).
async fn prepare_target(target: &Store, replace: bool) -> anyhow::Result<()> {
    let mut non_empty = Vec::new();
    for table in COPIED_TABLES {
        let rows = count_rows(&target.db, table).await?;
        if rows > 0 {
            non_empty.push(format!("{table}: {rows} rows"));
        }
    }
    if non_empty.is_empty() {
        return Ok(());
    }
    if !replace {
        bail!(
            "the target database is not empty ({}); pass --replace to delete its rows first",
            non_empty.join(", ")
        );
    }
    let audit_events = count_rows(&target.db, "audit_event").await?;
    if audit_events > 0 {
        bail!(
            "the target database holds an audit log ({audit_events} events), which is append-only \
             and never deleted; copy into an empty database instead"
        );
    }
    for table in COPIED_TABLES.iter().rev() {
        let sql = format!(
            "DELETE FROM {}",
            quote(target.db.get_database_backend(), table)
        );
        target
            .db
            .execute_unprepared(&sql)
            .await
            .with_context(|| format!("could not empty {table}"))?;
    }
    Ok(())
}

async fn copy_table<E>(
    source: &impl ConnectionTrait,
    target: &impl ConnectionTrait,
    batch: u64,
    progress: &(dyn Fn(&str, u64, u64) + Sync),
) -> anyhow::Result<TableCopy>
where
    E: EntityTrait + Default,
    E::Model: IntoActiveModel<E::ActiveModel> + Sync,
{
    let table = E::default().table_name();
    let mut query = E::find();
    for key in E::PrimaryKey::iter() {
        query = query.order_by_asc(key.into_column());
    }
    let mut pages = query.paginate(source, batch);
    let total = pages
        .num_items()
        .await
        .with_context(|| format!("could not count {table}"))?;
    let mut copied = 0;
    progress(table, copied, total);
    while let Some(rows) = pages
        .fetch_and_next()
        .await
        .with_context(|| format!("could not read {table}"))?
    {
        let count = rows.len() as u64;
        E::insert_many(rows.into_iter().map(IntoActiveModel::into_active_model))
            .exec_without_returning(target)
            .await
            .with_context(|| format!("could not write {table}"))?;
        copied += count;
        progress(table, copied, total);
    }
    Ok(TableCopy {
        table,
        rows: copied,
    })
}

async fn count_rows(db: &impl ConnectionTrait, table: &str) -> anyhow::Result<u64> {
    let backend = db.get_database_backend();
    let sql = format!("SELECT COUNT(*) AS n FROM {}", quote(backend, table));
    let row = db
        .query_one_raw(Statement::from_string(backend, sql))
        .await
        .with_context(|| format!("could not count the rows of {table}"))?
        .context("COUNT(*) returned no row")?;
    let n: i64 = row.try_get("", "n")?;
    Ok(u64::try_from(n).unwrap_or_default())
}

/// Moves `table`'s id sequence past the largest id, so new rows do not collide with copied ones.
async fn reset_postgres_sequence(target: &Store, table: &str) -> anyhow::Result<()> {
    let quoted = quote(DbBackend::Postgres, table);
    let sql = format!(
        "SELECT setval(pg_get_serial_sequence('{quoted}', 'id'), COALESCE((SELECT MAX(id) FROM {quoted}), 0) + 1, false)"
    );
    target
        .db
        .execute_raw(Statement::from_string(DbBackend::Postgres, sql))
        .await
        .with_context(|| format!("could not reset the id sequence of {table}"))?;
    Ok(())
}

/// `table` quoted for `backend` (`user` is a reserved word in PostgreSQL).
fn quote(backend: DbBackend, table: &str) -> String {
    match backend {
        DbBackend::MySql => format!("`{table}`"),
        _ => format!("\"{table}\""),
    }
}
