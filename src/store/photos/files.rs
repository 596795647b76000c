//! The bookkeeping that makes removing stored files safe while uploads run, on several
//! instances at once:
//!
//! 1. an upload **claims** its files' names (`media_object.pending + 1`, committed) before it
//!    writes the files;
//! 2. the transaction that saves the photo's rows releases the claims;
//! 3. a file is removed only under a [`MediaLock`]: the name's `media_object` row locked (the
//!    whole database on SQLite), no photo using it, and no live claim. The file is deleted while
//!    the lock is held and the row goes with the commit.
//!
//! A claim waits for a lock on its name, and a lock sees every committed claim and photo, so a
//! file that an upload is about to use is never removed under it. A claim left by an upload
//! that crashed stops counting after the claim lifetime; the sweep then removes its files.

use std::collections::HashSet;

use chrono::Utc;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, DbBackend, EntityTrait, QueryFilter,
    QuerySelect,
    sea_query::{Expr, ExprTrait, OnConflict},
};

use crate::store::{
    Store, StoreError,
    entities::{image_file, media_object},
    sql::Sql,
};

/// A stored file's row, locked until [`MediaLock::forget`] or drop: no upload can claim the
/// name meanwhile, so its file can be deleted.
#[derive(Debug)]
pub struct MediaLock {
    txn: DatabaseTransaction,
    name: String,
}

impl MediaLock {
    /// The locked name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Deletes the name's row (its file is gone) and releases the lock.
    pub async fn forget(self) -> Result<(), StoreError> {
        media_object::Entity::delete_by_id(self.name.clone())
            .exec(&self.txn)
            .await?;
        self.txn.commit().await?;
        Ok(())
    }
}

impl Store {
    /// Claims `names` for an upload about to write them.
    pub async fn claim_media(&self, names: &[String]) -> Result<(), StoreError> {
        let mut names = names.to_vec();
        // One order for every claimer, so two claims of the same names cannot deadlock.
        names.sort_unstable();
        names.dedup();
        self.retrying(|| async {
            let txn = self.begin_write().await?;
            let now = Utc::now().timestamp();
            for name in &names {
                let row = media_object::ActiveModel {
                    name: sea_orm::ActiveValue::Set(name.clone()),
                    pending: sea_orm::ActiveValue::Set(1),
                    touched_at: sea_orm::ActiveValue::Set(now),
                };
                let on_conflict = OnConflict::column(media_object::Column::Name)
                    .value(
                        media_object::Column::Pending,
                        Expr::col((media_object::Entity, media_object::Column::Pending)).add(1),
                    )
                    .value(media_object::Column::TouchedAt, now)
                    .to_owned();
                media_object::Entity::insert(row)
                    .on_conflict(on_conflict)
                    .exec_without_returning(&txn)
                    .await?;
            }
            txn.commit().await?;
            Ok(())
        })
        .await
    }

    /// Releases claims of an upload that saved nothing.
    pub async fn release_media_claims(&self, names: &[String]) -> Result<(), StoreError> {
        self.retrying(|| async {
            let txn = self.begin_write().await?;
            release_claims(&txn, names).await?;
            txn.commit().await?;
            Ok(())
        })
        .await
    }

    /// Locks `name` if its file may be deleted: known, used by no photo, and with no claim made
    /// in the last `claim_lifetime_secs`. `None` when it must stay (or is not known).
    pub async fn lock_unused_media(
        &self,
        name: &str,
        claim_lifetime_secs: i64,
    ) -> Result<Option<MediaLock>, StoreError> {
        let txn = self.begin_write().await?;
        let backend = txn.get_database_backend();
        let mut select = Sql::new(backend);
        select
            .push("SELECT pending, touched_at FROM media_object WHERE name = ")
            .bind(name);
        if backend != DbBackend::Sqlite {
            select.push(" FOR UPDATE");
        }
        let Some(row) = txn.query_one_raw(select.build()).await? else {
            return Ok(None);
        };
        let pending: i32 = row.try_get_by_index(0)?;
        let touched_at: i64 = row.try_get_by_index(1)?;
        let claim_is_live =
            pending > 0 && touched_at > Utc::now().timestamp() - claim_lifetime_secs;
        if claim_is_live {
            return Ok(None);
        }
        let used = image_file::Entity::find()
            .select_only()
            .column(image_file::Column::Name)
            .filter(image_file::Column::Name.eq(name))
            .limit(1)
            .into_tuple::<String>()
            .one(&txn)
            .await?
            .is_some();
        if used {
            return Ok(None);
        }
        Ok(Some(MediaLock {
            txn,
            name: name.to_owned(),
        }))
    }

    /// Up to `limit` known names that no photo uses and no live claim holds: the files a crash
    /// (or a failed removal) left behind.
    pub async fn unused_media(
        &self,
        claim_lifetime_secs: i64,
        limit: u64,
    ) -> Result<Vec<String>, StoreError> {
        let cutoff = Utc::now().timestamp() - claim_lifetime_secs;
        let used = sea_orm::sea_query::Query::select()
            .expr(Expr::val(1))
            .from(image_file::Entity)
            .and_where(
                Expr::col((image_file::Entity, image_file::Column::Name))
                    .equals((media_object::Entity, media_object::Column::Name)),
            )
            .take();
        Ok(media_object::Entity::find()
            .select_only()
            .column(media_object::Column::Name)
            .filter(Expr::exists(used).not())
            .filter(
                media_object::Column::Pending
                    .lte(0)
                    .or(media_object::Column::TouchedAt.lt(cutoff)),
            )
            .limit(limit)
            .into_tuple()
            .all(&self.db)
            .await?)
    }

    /// Records `names` (stored files the database did not know) as unused, unclaimed files,
    /// so that the collector can remove them under its lock.
    pub async fn adopt_media(&self, names: &[String]) -> Result<(), StoreError> {
        for name in names {
            let row = media_object::ActiveModel {
                name: sea_orm::ActiveValue::Set(name.clone()),
                pending: sea_orm::ActiveValue::Set(0),
                touched_at: sea_orm::ActiveValue::Set(0),
            };
            media_object::Entity::insert(row)
                .on_conflict_do_nothing_on([media_object::Column::Name])
                .exec(&self.db)
                .await?;
        }
        Ok(())
    }

    /// Which of `names` are known (have a `media_object` row).
    pub async fn known_media(&self, names: &[String]) -> Result<HashSet<String>, StoreError> {
        let mut known = HashSet::new();
        for chunk in names.chunks(500) {
            let found: Vec<String> = media_object::Entity::find()
                .select_only()
                .column(media_object::Column::Name)
                .filter(media_object::Column::Name.is_in(chunk.iter().cloned()))
                .into_tuple()
                .all(&self.db)
                .await?;
            known.extend(found);
        }
        Ok(known)
    }
}

/// Releases one claim on each of `names` (within the caller's transaction).
pub(super) async fn release_claims(
    txn: &DatabaseTransaction,
    names: &[String],
) -> Result<(), StoreError> {
    if names.is_empty() {
        return Ok(());
    }
    media_object::Entity::update_many()
        .col_expr(
            media_object::Column::Pending,
            Expr::col(media_object::Column::Pending).sub(1),
        )
        .filter(media_object::Column::Name.is_in(names.iter().cloned()))
        .filter(media_object::Column::Pending.gt(0))
        .exec(txn)
        .await?;
    Ok(())
}
