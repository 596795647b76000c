//! Where recipes came from: the page a recipe was imported from (`source_url`), and the identity
//! (`uid`) that travels with it in account archives. Finding them lets an import recognise a
//! recipe its caller already has; an account's archive reads all of its recipes.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use super::Recipe;
use crate::domain::{RecipeId, UserId};
use crate::store::{Store, StoreError, entities::recipe};

/// Where a new recipe comes from, for [`Store::insert_recipe_from`]. The default is a new
/// draft written by its owner now.
#[derive(Debug, Clone, Default)]
pub struct RecipeOrigin {
    /// The page it was imported from.
    pub source_url: Option<String>,
    /// Its identity from an archive; a new one is made when `None`.
    pub uid: Option<String>,
    /// Whether it is published from the start (an archive's published recipe).
    pub published: bool,
    /// When it was first written (an archive's); now when `None`.
    pub created_at: Option<chrono::DateTime<chrono::Utc>>,
    /// When it was last changed (an archive's); now when `None`.
    pub updated_at: Option<chrono::DateTime<chrono::Utc>>,
}

impl Store {
    /// `owner`'s oldest recipe imported from `source_url`, if any.
    pub async fn find_imported(
        &self,
        owner: UserId,
        source_url: &str,
    ) -> Result<Option<Recipe>, StoreError> {
        Ok(recipe::Entity::find()
            .filter(recipe::Column::UserId.eq(owner.get()))
            .filter(recipe::Column::SourceUrl.eq(source_url))
            .order_by_asc(recipe::Column::Id)
            .one(&self.db)
            .await?
            .map(Recipe::from))
    }

    /// Every recipe of `owner`, drafts included, oldest first (for their archive).
    pub async fn recipes_of(&self, owner: UserId) -> Result<Vec<Recipe>, StoreError> {
        Ok(recipe::Entity::find()
            .filter(recipe::Column::UserId.eq(owner.get()))
            .order_by_asc(recipe::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(Recipe::from)
            .collect())
    }

    /// Sets when `owner`'s recipe `id` last changed to `at` (an archive's time, once its photos
    /// are restored: adding them is part of restoring it, not a change of the recipe).
    pub async fn restore_updated_at(
        &self,
        id: RecipeId,
        owner: UserId,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), StoreError> {
        use chrono::SubsecRound;
        recipe::Entity::update_many()
            .col_expr(
                recipe::Column::UpdatedAt,
                sea_orm::sea_query::Expr::value(at.trunc_subsecs(6)),
            )
            .filter(recipe::Column::Id.eq(id.get()))
            .filter(recipe::Column::UserId.eq(owner.get()))
            .exec(&self.db)
            .await?;
        Ok(())
    }

    /// `owner`'s recipe with the archive identity `uid`, if any.
    pub async fn find_by_uid(
        &self,
        owner: UserId,
        uid: &str,
    ) -> Result<Option<Recipe>, StoreError> {
        Ok(recipe::Entity::find()
            .filter(recipe::Column::UserId.eq(owner.get()))
            .filter(recipe::Column::Uid.eq(uid))
            .one(&self.db)
            .await?
            .map(Recipe::from))
    }
}
