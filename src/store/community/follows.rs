//! Following: who follows whom, both sides' counters kept in the same transaction as the
//! `follow` row, and the lists of an account's followers and followings (newest first).

use std::collections::HashMap;

use sea_orm::{
    ActiveModelTrait,
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, DatabaseTransaction, DbBackend, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
    sea_query::{Expr, ExprTrait},
};

use crate::domain::{Photo, UserId};
use crate::store::{
    Store, StoreError,
    entities::{follow, user},
    photos::decode_json,
    recipes::writes::now,
};

/// Whether the viewer follows an account after a change, and its followers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FollowState {
    pub following: bool,
    pub follower_count: i64,
}

/// One account of a list of followers or followings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowEntry {
    /// The `follow` row's id: the position in the list.
    pub position: i64,
    pub id: UserId,
    pub username: String,
    pub avatar: Option<Photo>,
}

/// Which side of `follow` a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FollowList {
    /// The accounts following the user.
    Followers,
    /// The accounts the user follows.
    Following,
}

impl Store {
    /// Makes `follower` follow `followee` (`on`) or stop; `None` if `followee` does not exist.
    /// Doing it twice changes nothing. The caller makes sure the two differ.
    pub async fn set_follow(
        &self,
        follower: UserId,
        followee: UserId,
        on: bool,
    ) -> Result<Option<FollowState>, StoreError> {
        self.retrying(|| self.set_follow_once(follower, followee, on))
            .await
    }

    async fn set_follow_once(
        &self,
        follower: UserId,
        followee: UserId,
        on: bool,
    ) -> Result<Option<FollowState>, StoreError> {
        let txn = self.begin_write().await?;
        // Both accounts' rows, locked in one statement (in key order), then read.
        user::Entity::update_many()
            .col_expr(
                user::Column::FollowerCount,
                Expr::col(user::Column::FollowerCount),
            )
            .filter(user::Column::Id.is_in([follower.get(), followee.get()]))
            .exec(&txn)
            .await?;
        let counts = lock_counts(&txn, &[follower, followee]).await?;
        let (Some(_), Some(&(followers, _))) = (counts.get(&follower), counts.get(&followee))
        else {
            // A missing follower is an account deleted during its own request.
            return if counts.contains_key(&follower) {
                Ok(None)
            } else {
                Err(StoreError::AccountGone)
            };
        };
        let existing = follow::Entity::find()
            .filter(follow::Column::FollowerId.eq(follower.get()))
            .filter(follow::Column::FolloweeId.eq(followee.get()))
            .one(&txn)
            .await?;
        let delta = match (on, existing) {
            (true, None) => {
                follow::ActiveModel {
                    follower_id: Set(follower.get()),
                    followee_id: Set(followee.get()),
                    created_at: Set(now()),
                    ..Default::default()
                }
                .insert(&txn)
                .await?;
                1
            }
            (false, Some(row)) => {
                follow::Entity::delete_by_id(row.id).exec(&txn).await?;
                -1
            }
            _ => 0,
        };
        if delta != 0 {
            add_to(&txn, followee, user::Column::FollowerCount, delta).await?;
            add_to(&txn, follower, user::Column::FollowingCount, delta).await?;
        }
        txn.commit().await?;
        Ok(Some(FollowState {
            following: on,
            follower_count: followers + delta,
        }))
    }

    /// Whether `viewer` follows `user`.
    pub async fn follows(&self, viewer: UserId, user: UserId) -> Result<bool, StoreError> {
        Ok(follow::Entity::find()
            .filter(follow::Column::FollowerId.eq(viewer.get()))
            .filter(follow::Column::FolloweeId.eq(user.get()))
            .one(&self.db)
            .await?
            .is_some())
    }

    /// A page of `user`'s followers or followings, newest first, after position `after`; the
    /// flag tells whether more follow.
    pub async fn list_follows(
        &self,
        user: UserId,
        list: FollowList,
        after: Option<i64>,
        offset: u64,
        limit: u64,
    ) -> Result<(Vec<FollowEntry>, bool), StoreError> {
        let followers = list == FollowList::Followers;
        let this_side = if followers {
            follow::Column::FolloweeId
        } else {
            follow::Column::FollowerId
        };
        let mut query = follow::Entity::find()
            .filter(this_side.eq(user.get()))
            .order_by_desc(follow::Column::Id)
            .offset(offset)
            .limit(limit.saturating_add(1));
        if let Some(after) = after {
            query = query.filter(follow::Column::Id.lt(after));
        }
        let mut rows = query.all(&self.db).await?;
        let more = rows.len() as u64 > limit;
        rows.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
        let ids: Vec<i64> = rows
            .iter()
            .map(|row| {
                if followers {
                    row.follower_id
                } else {
                    row.followee_id
                }
            })
            .collect();
        let accounts: HashMap<i64, user::Model> = if ids.is_empty() {
            HashMap::new()
        } else {
            user::Entity::find()
                .filter(user::Column::Id.is_in(ids.clone()))
                .all(&self.db)
                .await?
                .into_iter()
                .map(|row| (row.id, row))
                .collect()
        };
        let entries = rows
            .iter()
            .zip(ids)
            .filter_map(|(row, id)| {
                accounts.get(&id).map(|account| FollowEntry {
                    position: row.id,
                    id: UserId::stored(id),
                    username: account.username.clone(),
                    avatar: decode_json(account.avatar.as_deref()),
                })
            })
            .collect();
        Ok((entries, more))
    }
}

/// The follower and following counts of `users` (those that exist), read under the lock the
/// caller took.
async fn lock_counts(
    txn: &DatabaseTransaction,
    users: &[UserId],
) -> Result<HashMap<UserId, (i64, i64)>, StoreError> {
    let mut query = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .column(user::Column::FollowerCount)
        .column(user::Column::FollowingCount)
        .filter(user::Column::Id.is_in(users.iter().map(|user| user.get())));
    if txn.get_database_backend() != DbBackend::Sqlite {
        // The rows are ours already; on MySQL this makes the read see the latest commit.
        query = query.lock_exclusive();
    }
    Ok(query
        .into_tuple::<(i64, i64, i64)>()
        .all(txn)
        .await?
        .into_iter()
        .map(|(id, followers, following)| (UserId::stored(id), (followers, following)))
        .collect())
}

/// Adds `delta` to `column` of account `user`.
async fn add_to(
    txn: &DatabaseTransaction,
    user: UserId,
    column: user::Column,
    delta: i64,
) -> Result<(), StoreError> {
    user::Entity::update_many()
        .col_expr(column, Expr::col(column).add(delta))
        .filter(user::Column::Id.eq(user.get()))
        .exec(txn)
        .await?;
    Ok(())
}

/// Takes account `user`'s follows out of the other side's counters, inside the transaction
/// that deletes the account (with its row locked: see `scores::forget_account`), whose cascade
/// then deletes the rows.
pub(super) async fn forget_follows(
    txn: &DatabaseTransaction,
    user: UserId,
) -> Result<(), StoreError> {
    for (counter, this_side, other_side) in [
        (
            user::Column::FollowerCount,
            follow::Column::FollowerId,
            follow::Column::FolloweeId,
        ),
        (
            user::Column::FollowingCount,
            follow::Column::FolloweeId,
            follow::Column::FollowerId,
        ),
    ] {
        let others = sea_orm::sea_query::Query::select()
            .column(other_side)
            .from(follow::Entity)
            .and_where(Expr::col(this_side).eq(user.get()))
            .to_owned();
        user::Entity::update_many()
            .col_expr(counter, Expr::col(counter).sub(1))
            .filter(user::Column::Id.in_subquery(others))
            .exec(txn)
            .await?;
    }
    Ok(())
}
