//! Favourites: `PUT` / `DELETE /recipes/{id}/favorite`, idempotent, with the recipe's
//! `favorite_count` kept in the same transaction.

use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

use super::{lock_recipe, scores::write_counts};
use crate::domain::{RecipeId, UserId};
use crate::store::{Store, StoreError, entities::favorite, recipes::writes::now};

/// A recipe's favourites after a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FavoriteState {
    pub is_favorite: bool,
    pub favorite_count: i64,
}

impl Store {
    /// Adds recipe `id` to `viewer`'s favourites (`on`) or removes it; `None` if the viewer
    /// cannot see such a recipe. Doing it twice changes nothing.
    pub async fn set_favorite(
        &self,
        viewer: UserId,
        id: RecipeId,
        on: bool,
    ) -> Result<Option<FavoriteState>, StoreError> {
        self.retrying(|| self.set_favorite_once(viewer, id, on))
            .await
    }

    async fn set_favorite_once(
        &self,
        viewer: UserId,
        id: RecipeId,
        on: bool,
    ) -> Result<Option<FavoriteState>, StoreError> {
        let txn = self.begin_write().await?;
        let Some(before) = lock_recipe(&txn, id)
            .await?
            .filter(|r| r.visible_to(viewer))
        else {
            return Ok(None);
        };
        let held = favorite::Entity::find_by_id((viewer.get(), id.get()))
            .one(&txn)
            .await?
            .is_some();
        let mut after = before;
        if on && !held {
            favorite::ActiveModel {
                user_id: Set(viewer.get()),
                recipe_id: Set(id.get()),
                created_at: Set(now()),
            }
            .insert(&txn)
            .await?;
            after.favorite_count += 1;
        } else if !on && held {
            favorite::Entity::delete_many()
                .filter(favorite::Column::UserId.eq(viewer.get()))
                .filter(favorite::Column::RecipeId.eq(id.get()))
                .exec(&txn)
                .await?;
            after.favorite_count -= 1;
        }
        write_counts(&txn, id, &before, &after).await?;
        txn.commit().await?;
        Ok(Some(FavoriteState {
            is_favorite: on,
            favorite_count: after.favorite_count,
        }))
    }
}
