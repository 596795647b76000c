//! Bulk writes of generated community data for `recipe-api dev generate`: follows, favourites
//! and ratings many rows per statement, then the counters they imply written in batches (one
//! `UPDATE … SET c = CASE …` per batch of rows). Not used by the server, whose writes keep the
//! counters one change at a time.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, EntityTrait, QueryFilter,
    sea_query::{CaseStatement, Expr},
};

use crate::store::{
    Store, StoreError,
    entities::{favorite, follow, rating, recipe, user},
};

/// Rows per statement: every back-end's parameter limit stays far away.
const CHUNK: usize = 1_000;

/// One account following another.
#[derive(Debug, Clone)]
pub struct BulkFollow {
    pub follower_id: i64,
    pub followee_id: i64,
    pub created_at: DateTime<Utc>,
}

/// One favourite or rating (`stars` is ignored for a favourite).
#[derive(Debug, Clone)]
pub struct BulkVote {
    pub user_id: i64,
    pub recipe_id: i64,
    pub stars: i32,
    pub created_at: DateTime<Utc>,
}

/// A recipe's community counters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecipeCounters {
    pub id: i64,
    pub favorite_count: i64,
    pub rating_count: i64,
    pub rating_sum: i64,
    pub rating_score: i64,
}

/// An account's follow counters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FollowCounters {
    pub id: i64,
    pub follower_count: i64,
    pub following_count: i64,
}

impl Store {
    /// Inserts follows, favourites and ratings, many per statement, in one transaction.
    pub async fn insert_community_bulk(
        &self,
        follows: &[BulkFollow],
        favorites: &[BulkVote],
        ratings: &[BulkVote],
    ) -> Result<(), StoreError> {
        let txn = self.begin_write().await?;
        for chunk in follows.chunks(CHUNK) {
            follow::Entity::insert_many(chunk.iter().map(|f| follow::ActiveModel {
                follower_id: Set(f.follower_id),
                followee_id: Set(f.followee_id),
                created_at: Set(f.created_at),
                ..Default::default()
            }))
            .exec_without_returning(&txn)
            .await?;
        }
        for chunk in favorites.chunks(CHUNK) {
            favorite::Entity::insert_many(chunk.iter().map(|f| favorite::ActiveModel {
                user_id: Set(f.user_id),
                recipe_id: Set(f.recipe_id),
                created_at: Set(f.created_at),
            }))
            .exec_without_returning(&txn)
            .await?;
        }
        for chunk in ratings.chunks(CHUNK) {
            rating::Entity::insert_many(chunk.iter().map(|r| rating::ActiveModel {
                user_id: Set(r.user_id),
                recipe_id: Set(r.recipe_id),
                stars: Set(r.stars),
                created_at: Set(r.created_at),
                updated_at: Set(r.created_at),
            }))
            .exec_without_returning(&txn)
            .await?;
        }
        txn.commit().await?;
        Ok(())
    }

    /// Writes recipes' favourite and rating counters (in batches, one transaction each).
    pub async fn set_recipe_counters_bulk(
        &self,
        rows: &[RecipeCounters],
    ) -> Result<(), StoreError> {
        for chunk in rows.chunks(CHUNK / 2) {
            let txn = self.begin_write().await?;
            let ids = chunk.iter().map(|r| r.id);
            recipe::Entity::update_many()
                .col_expr(
                    recipe::Column::FavoriteCount,
                    by_id(
                        recipe::Column::Id,
                        chunk.iter().map(|r| (r.id, r.favorite_count)),
                    ),
                )
                .col_expr(
                    recipe::Column::RatingCount,
                    by_id(
                        recipe::Column::Id,
                        chunk.iter().map(|r| (r.id, r.rating_count)),
                    ),
                )
                .col_expr(
                    recipe::Column::RatingSum,
                    by_id(
                        recipe::Column::Id,
                        chunk.iter().map(|r| (r.id, r.rating_sum)),
                    ),
                )
                .col_expr(
                    recipe::Column::RatingScore,
                    by_id(
                        recipe::Column::Id,
                        chunk.iter().map(|r| (r.id, r.rating_score)),
                    ),
                )
                .filter(recipe::Column::Id.is_in(ids))
                .exec(&txn)
                .await?;
            txn.commit().await?;
        }
        Ok(())
    }

    /// Writes accounts' follower and following counters (in batches, one transaction each).
    pub async fn set_follow_counters_bulk(
        &self,
        rows: &[FollowCounters],
    ) -> Result<(), StoreError> {
        for chunk in rows.chunks(CHUNK / 2) {
            let txn = self.begin_write().await?;
            let ids = chunk.iter().map(|r| r.id);
            user::Entity::update_many()
                .col_expr(
                    user::Column::FollowerCount,
                    by_id(
                        user::Column::Id,
                        chunk.iter().map(|r| (r.id, r.follower_count)),
                    ),
                )
                .col_expr(
                    user::Column::FollowingCount,
                    by_id(
                        user::Column::Id,
                        chunk.iter().map(|r| (r.id, r.following_count)),
                    ),
                )
                .filter(user::Column::Id.is_in(ids))
                .exec(&txn)
                .await?;
            txn.commit().await?;
        }
        Ok(())
    }
}

/// `CASE WHEN id = a THEN x WHEN id = b THEN y … END`.
fn by_id(id: impl ColumnTrait, values: impl Iterator<Item = (i64, i64)>) -> Expr {
    values
        .fold(CaseStatement::new(), |case, (row, value)| {
            case.case(id.eq(row), value)
        })
        .into()
}
