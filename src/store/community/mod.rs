//! What users do with each other's recipes: favourites (`favorites`), ratings (`ratings`),
//! comments (`comments`), and the recipe's counters and sort scores they keep (`scores`).
//!
//! Every change that moves a counter locks the recipe's row first (see [`lock_recipe`]), reads
//! the counters under that lock, and writes them back in the same transaction as the row that
//! changed: two changes of one recipe's counters cannot interleave, so the counters always
//! equal a recount. Changes of different recipes do not wait for each other. An account's
//! deletion takes its favourites and ratings out of the recipes' counters (`scores`); its
//! comments stay, anonymous (`comment.user_id` becomes NULL); a recipe's deletion removes
//! everything hanging off it.

pub(super) mod archive;
mod collections;
mod comments;
mod favorites;
mod follows;
mod ratings;
mod scores;

pub use collections::{Collection, CollectionAdd};
pub use comments::{Comment, CommentAuthor, CommentDeletion, CommentEdit};
pub use favorites::FavoriteState;
pub use follows::{FollowEntry, FollowList, FollowState};
pub use ratings::RatingOutcome;
pub(in crate::store) use scores::{forget_account, last_score_change};

use std::collections::HashMap;

use sea_orm::{ConnectionTrait, DatabaseTransaction, DbBackend};

use crate::domain::{RecipeId, UserId};
use crate::store::{Store, StoreError, sql::Sql};

/// A recipe's row as a community change sees it, locked for the rest of its transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Locked {
    owner: Option<i64>,
    published: bool,
    favorite_count: i64,
    rating_count: i64,
    rating_sum: i64,
    rating_score: i64,
    comment_count: i64,
}

impl Locked {
    /// Whether `viewer` may see the recipe: published, or theirs.
    fn visible_to(&self, viewer: UserId) -> bool {
        self.published || self.owner == Some(viewer.get())
    }

    /// Whether a change from `self` to `other` moves either sort score.
    fn scores_differ(&self, other: &Locked) -> bool {
        self.favorite_count != other.favorite_count || self.rating_score != other.rating_score
    }
}

/// Locks recipe `id` for the rest of `txn` and reads it; `None` if there is no such recipe.
/// On the servers a locking read (`FOR UPDATE`: it waits for, and then sees, every concurrent
/// change of the row); on SQLite the write transaction holds the database's write lock already.
async fn lock_recipe(
    txn: &DatabaseTransaction,
    id: RecipeId,
) -> Result<Option<Locked>, StoreError> {
    let backend = txn.get_database_backend();
    let mut read = Sql::new(backend);
    read.push(
        "SELECT user_id, is_publish, favorite_count, rating_count, rating_sum, rating_score, \
         comment_count FROM recipe WHERE id = ",
    )
    .bind(id.get());
    if backend != DbBackend::Sqlite {
        read.push(" FOR UPDATE");
    }
    let Some(row) = txn.query_one_raw(read.build()).await? else {
        return Ok(None);
    };
    Ok(Some(Locked {
        owner: row.try_get_by_index(0)?,
        published: row.try_get_by_index(1)?,
        favorite_count: row.try_get_by_index(2)?,
        rating_count: row.try_get_by_index(3)?,
        rating_sum: row.try_get_by_index(4)?,
        rating_score: row.try_get_by_index(5)?,
        comment_count: row.try_get_by_index(6)?,
    }))
}

/// What one signed-in viewer did to a recipe: the `is_favorite` and `my_rating` of its answer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ViewerMarks {
    pub is_favorite: bool,
    pub my_rating: Option<i32>,
}

impl Store {
    /// `viewer`'s favourites and ratings among `recipes` (those without either are left out).
    pub async fn viewer_marks(
        &self,
        viewer: UserId,
        recipes: &[RecipeId],
    ) -> Result<HashMap<RecipeId, ViewerMarks>, StoreError> {
        let mut marks: HashMap<RecipeId, ViewerMarks> = HashMap::new();
        if recipes.is_empty() {
            return Ok(marks);
        }
        let backend = self.db.get_database_backend();
        let ids = || recipes.iter().map(|id| id.get());
        let mut sql = Sql::new(backend);
        sql.push("SELECT recipe_id, 0 AS stars FROM favorite WHERE user_id = ")
            .bind(viewer.get())
            .push(" AND recipe_id IN ")
            .bind_list(ids())
            .push(" UNION ALL SELECT recipe_id, stars FROM rating WHERE user_id = ")
            .bind(viewer.get())
            .push(" AND recipe_id IN ")
            .bind_list(ids());
        for row in self.db.query_all_raw(sql.build()).await? {
            let recipe = RecipeId::stored(row.try_get_by_index::<i64>(0)?);
            let stars: i32 = row.try_get_by_index(1)?;
            let entry = marks.entry(recipe).or_default();
            if stars == 0 {
                entry.is_favorite = true;
            } else {
                entry.my_rating = Some(stars);
            }
        }
        Ok(marks)
    }
}
