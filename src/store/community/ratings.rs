//! Ratings: `PUT` / `DELETE /recipes/{id}/rating`, one per user and recipe, never on one's own
//! recipe, with the recipe's `rating_count`, `rating_sum` and `rating_score` kept in the same
//! transaction.

use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

use super::{lock_recipe, scores::write_counts};
use crate::domain::{RecipeId, UserId, rating_score};
use crate::store::{Store, StoreError, entities::rating, recipes::writes::now};

/// What a rating change did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RatingOutcome {
    /// No such recipe that the viewer can see.
    NotFound,
    /// The viewer's own recipe: not theirs to rate.
    OwnRecipe,
    /// Done: the viewer's stars now (`None`: no rating), and the recipe's ratings.
    Rated {
        my_rating: Option<i32>,
        count: i64,
        sum: i64,
    },
}

impl Store {
    /// Sets `viewer`'s rating of recipe `id` to `stars`, or removes it (`None`).
    pub async fn set_rating(
        &self,
        viewer: UserId,
        id: RecipeId,
        stars: Option<i32>,
    ) -> Result<RatingOutcome, StoreError> {
        self.retrying(|| self.set_rating_once(viewer, id, stars))
            .await
    }

    async fn set_rating_once(
        &self,
        viewer: UserId,
        id: RecipeId,
        stars: Option<i32>,
    ) -> Result<RatingOutcome, StoreError> {
        let txn = self.begin_write().await?;
        let Some(before) = lock_recipe(&txn, id)
            .await?
            .filter(|r| r.visible_to(viewer))
        else {
            return Ok(RatingOutcome::NotFound);
        };
        if before.owner == Some(viewer.get()) {
            return Ok(RatingOutcome::OwnRecipe);
        }
        let key = (viewer.get(), id.get());
        let old = rating::Entity::find_by_id(key).one(&txn).await?;
        let mut after = before;
        match (&old, stars) {
            (None, None) => {}
            (Some(old), None) => {
                rating::Entity::delete_many()
                    .filter(rating::Column::UserId.eq(viewer.get()))
                    .filter(rating::Column::RecipeId.eq(id.get()))
                    .exec(&txn)
                    .await?;
                after.rating_count -= 1;
                after.rating_sum -= i64::from(old.stars);
            }
            (Some(old), Some(stars)) => {
                let mut row: rating::ActiveModel = old.clone().into();
                row.stars = Set(stars);
                row.updated_at = Set(now());
                row.update(&txn).await?;
                after.rating_sum += i64::from(stars) - i64::from(old.stars);
            }
            (None, Some(stars)) => {
                let at = now();
                rating::ActiveModel {
                    user_id: Set(viewer.get()),
                    recipe_id: Set(id.get()),
                    stars: Set(stars),
                    created_at: Set(at),
                    updated_at: Set(at),
                }
                .insert(&txn)
                .await?;
                after.rating_count += 1;
                after.rating_sum += i64::from(stars);
            }
        }
        after.rating_score = rating_score(after.rating_sum, after.rating_count);
        write_counts(&txn, id, &before, &after).await?;
        txn.commit().await?;
        Ok(RatingOutcome::Rated {
            my_rating: stars,
            count: after.rating_count,
            sum: after.rating_sum,
        })
    }
}
