//! Writing a recipe's counters, and the score changes behind continuous `popular` and
//! `rating` cursors.
//!
//! Before a change moves a recipe's favourites or rating score, its previous values go to a
//! new `recipe_score_change` row, whose id the recipe keeps (`score_change`); a list page after
//! the first orders recipes by their scores as of its first page's last change (see
//! `recipes::lists`). The rows are kept a little longer than such a cursor lives
//! ([`SCORE_CHANGES_KEPT`]) and then removed by [`Store::prune_score_changes`].

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction,
    DbBackend, EntityTrait, QueryFilter,
};

use super::Locked;
use crate::domain::{
    PRIOR_STARS, PRIOR_VOTES, RecipeId, SCORE_CURSOR_LIFETIME, SCORE_SCALE, UserId,
};
use crate::store::{
    Store, StoreError, entities::recipe_score_change, recipes::writes::now, sql::Sql,
};

/// How long score changes are kept: a cursor's lifetime and an hour for clocks that differ
/// between instances.
pub const SCORE_CHANGES_KEPT: chrono::TimeDelta = SCORE_CURSOR_LIFETIME
    .checked_add(&chrono::TimeDelta::hours(1))
    .unwrap();

/// Writes the counters of `after` to recipe `id` (locked, and read as `before`), recording the
/// previous sort scores first when they change; nothing when nothing changed.
pub(super) async fn write_counts(
    txn: &DatabaseTransaction,
    id: RecipeId,
    before: &Locked,
    after: &Locked,
) -> Result<(), StoreError> {
    if before == after {
        return Ok(());
    }
    let mut update = Sql::new(txn.get_database_backend());
    update
        .push("UPDATE recipe SET favorite_count = ")
        .bind(after.favorite_count)
        .push(", rating_count = ")
        .bind(after.rating_count)
        .push(", rating_sum = ")
        .bind(after.rating_sum)
        .push(", rating_score = ")
        .bind(after.rating_score)
        .push(", comment_count = ")
        .bind(after.comment_count);
    if before.scores_differ(after) {
        let change = recipe_score_change::ActiveModel {
            recipe_id: Set(id.get()),
            changed_at: Set(now()),
            favorite_count: Set(before.favorite_count),
            rating_score: Set(before.rating_score),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        update.push(", score_change = ").bind(change.id);
    }
    update.push(" WHERE id = ").bind(id.get());
    txn.execute_raw(update.build()).await?;
    Ok(())
}

/// The id of the last score change (0 when there is none).
pub(in crate::store) async fn last_score_change(
    db: &impl ConnectionTrait,
) -> Result<i64, StoreError> {
    let statement = sea_orm::Statement::from_string(
        db.get_database_backend(),
        "SELECT MAX(id) AS id FROM recipe_score_change",
    );
    Ok(match db.query_one_raw(statement).await? {
        Some(row) => row.try_get::<Option<i64>>("", "id")?.unwrap_or(0),
        None => 0,
    })
}

/// Takes account `user`'s favourites and ratings out of the counters of the recipes they
/// concern, and its follows out of the other accounts' counters, inside the transaction that
/// deletes the account (whose cascade then deletes the rows). The account's row is locked first, so a favourite or rating it adds meanwhile waits
/// and then finds the account gone; the recipes' rows are locked before their scores are
/// recorded.
pub(in crate::store) async fn forget_account(
    txn: &DatabaseTransaction,
    user: UserId,
) -> Result<(), StoreError> {
    let backend = txn.get_database_backend();
    let id = user.get();
    if backend != DbBackend::Sqlite {
        let mut lock = Sql::new(backend);
        lock.push("SELECT id FROM ")
            .push(if backend == DbBackend::MySql {
                "`user`"
            } else {
                "\"user\""
            })
            .push(" WHERE id = ")
            .bind(id)
            .push(" FOR UPDATE");
        txn.execute_raw(lock.build()).await?;
    }
    let concerned = |sql: &mut Sql| {
        sql.push(" WHERE id IN (SELECT recipe_id FROM favorite WHERE user_id = ")
            .bind(id)
            .push(" UNION SELECT recipe_id FROM rating WHERE user_id = ")
            .bind(id)
            .push(")");
    };
    let mut lock_recipes = Sql::new(backend);
    lock_recipes.push("UPDATE recipe SET score_change = score_change");
    concerned(&mut lock_recipes);
    txn.execute_raw(lock_recipes.build()).await?;
    let mut record = Sql::new(backend);
    record
        .push(
            "INSERT INTO recipe_score_change (recipe_id, changed_at, favorite_count, \
             rating_score) SELECT id, ",
        )
        .bind(now())
        .push(", favorite_count, rating_score FROM recipe");
    concerned(&mut record);
    txn.execute_raw(record.build()).await?;
    let mut favorites = Sql::new(backend);
    favorites
        .push(
            "UPDATE recipe SET favorite_count = favorite_count - 1 \
             WHERE id IN (SELECT recipe_id FROM favorite WHERE user_id = ",
        )
        .bind(id)
        .push(")");
    txn.execute_raw(favorites.build()).await?;
    let mut ratings = Sql::new(backend);
    ratings
        .push(
            "UPDATE recipe SET rating_count = rating_count - 1, rating_sum = rating_sum - \
             (SELECT x.stars FROM rating x WHERE x.recipe_id = recipe.id AND x.user_id = ",
        )
        .bind(id)
        .push(") WHERE id IN (SELECT recipe_id FROM rating WHERE user_id = ")
        .bind(id)
        .push(")");
    txn.execute_raw(ratings.build()).await?;
    // `domain::rating_score` in SQL: integer division rounds down on every back-end.
    let divide = if backend == DbBackend::MySql {
        " DIV "
    } else {
        " / "
    };
    let mut rescore = Sql::new(backend);
    rescore
        .push("UPDATE recipe SET rating_score = (")
        .push(&(PRIOR_VOTES * PRIOR_STARS).to_string())
        .push(" + rating_sum) * ")
        .push(&SCORE_SCALE.to_string())
        .push(divide)
        .push("(")
        .push(&PRIOR_VOTES.to_string())
        .push(
            " + rating_count), score_change = (SELECT MAX(c.id) FROM recipe_score_change c \
               WHERE c.recipe_id = recipe.id)",
        );
    concerned(&mut rescore);
    txn.execute_raw(rescore.build()).await?;
    super::follows::forget_follows(txn, user).await
}

impl Store {
    /// Removes the score changes older than [`SCORE_CHANGES_KEPT`]; how many went.
    pub async fn prune_score_changes(&self) -> Result<u64, StoreError> {
        let cutoff = Utc::now() - SCORE_CHANGES_KEPT;
        let deleted = recipe_score_change::Entity::delete_many()
            .filter(recipe_score_change::Column::ChangedAt.lt(cutoff))
            .exec(&self.db)
            .await?;
        Ok(deleted.rows_affected)
    }
}
