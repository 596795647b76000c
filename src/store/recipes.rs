//! Recipes: create, read, list, change, publish, delete.
//!
//! Writes that need ownership take the caller's id and filter on it in the statement itself
//! (`WHERE id = ? AND user_id = ?`), so a check made earlier cannot be raced into changing
//! somebody else's row. Lists are newest first, ties broken by id.

use chrono::{SubsecRound, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};

use super::{Recipe, Store, StoreError, entities::recipe};
use crate::domain::{OwnRecipes, Page, RecipeChanges, RecipeFields, RecipeId};

/// Which recipes a list returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Visibility {
    /// Published recipes of every user.
    Published,
    /// Recipes of one user, drafts included or not.
    OwnedBy(i64, OwnRecipes),
}

impl Store {
    /// Saves a new draft owned by `owner`.
    pub async fn insert_recipe(
        &self,
        owner: i64,
        fields: &RecipeFields,
    ) -> Result<Recipe, StoreError> {
        let now = Utc::now().trunc_subsecs(6);
        let row = recipe::ActiveModel {
            user_id: Set(Some(owner)),
            name: Set(fields.name.clone()),
            description: Set(fields.description.clone()),
            num_of_servings: Set(fields.num_of_servings),
            cook_time: Set(fields.cook_time),
            directions: Set(fields.directions.clone()),
            is_publish: Set(false),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        };
        Ok(row.insert(&self.db).await?)
    }

    /// The recipe `id`, published or not.
    pub async fn find_recipe(&self, id: RecipeId) -> Result<Option<Recipe>, StoreError> {
        Ok(recipe::Entity::find_by_id(id.get()).one(&self.db).await?)
    }

    /// One page of recipes, newest first.
    pub async fn list_recipes(
        &self,
        visibility: Visibility,
        page: Page,
    ) -> Result<Vec<Recipe>, StoreError> {
        let query = match visibility {
            Visibility::Published => {
                recipe::Entity::find().filter(recipe::Column::IsPublish.eq(true))
            }
            Visibility::OwnedBy(owner, filter) => {
                let mine = recipe::Entity::find().filter(recipe::Column::UserId.eq(owner));
                match filter {
                    OwnRecipes::All => mine,
                    OwnRecipes::Published => mine.filter(recipe::Column::IsPublish.eq(true)),
                    OwnRecipes::Drafts => mine.filter(recipe::Column::IsPublish.eq(false)),
                }
            }
        };
        Ok(query
            .order_by_desc(recipe::Column::CreatedAt)
            .order_by_desc(recipe::Column::Id)
            .offset(page.offset())
            .limit(page.limit())
            .all(&self.db)
            .await?)
    }

    /// How many published recipes `owner` has.
    pub async fn count_published(&self, owner: i64) -> Result<u64, StoreError> {
        Ok(recipe::Entity::find()
            .filter(recipe::Column::UserId.eq(owner))
            .filter(recipe::Column::IsPublish.eq(true))
            .count(&self.db)
            .await?)
    }

    /// Replaces every editable field of `owner`'s recipe `id`; `None` if there is no such recipe.
    pub async fn replace_recipe(
        &self,
        id: RecipeId,
        owner: i64,
        fields: &RecipeFields,
    ) -> Result<Option<Recipe>, StoreError> {
        let changes = RecipeChanges {
            name: Some(fields.name.clone()),
            description: Some(fields.description.clone()),
            num_of_servings: Some(fields.num_of_servings),
            cook_time: Some(fields.cook_time),
            directions: Some(fields.directions.clone()),
        };
        self.update_recipe(id, owner, &changes).await
    }

    /// Applies `changes` to `owner`'s recipe `id`; `None` if there is no such recipe. An empty
    /// change set leaves the row (and its `updated_at`) untouched.
    pub async fn update_recipe(
        &self,
        id: RecipeId,
        owner: i64,
        changes: &RecipeChanges,
    ) -> Result<Option<Recipe>, StoreError> {
        if changes.is_empty() {
            return self.find_owned(id, owner).await;
        }
        let mut row = <recipe::ActiveModel as Default>::default();
        if let Some(name) = &changes.name {
            row.name = Set(name.clone());
        }
        if let Some(description) = &changes.description {
            row.description = Set(description.clone());
        }
        if let Some(servings) = changes.num_of_servings {
            row.num_of_servings = Set(servings);
        }
        if let Some(cook_time) = changes.cook_time {
            row.cook_time = Set(cook_time);
        }
        if let Some(directions) = &changes.directions {
            row.directions = Set(directions.clone());
        }
        self.write_owned(id, owner, row).await
    }

    /// Sets or clears the publication of `owner`'s recipe `id`; `None` if there is no such recipe.
    pub async fn set_published(
        &self,
        id: RecipeId,
        owner: i64,
        published: bool,
    ) -> Result<Option<Recipe>, StoreError> {
        let row = recipe::ActiveModel {
            is_publish: Set(published),
            ..Default::default()
        };
        self.write_owned(id, owner, row).await
    }

    /// Deletes `owner`'s recipe `id`; false if there was no such recipe.
    pub async fn delete_recipe(&self, id: RecipeId, owner: i64) -> Result<bool, StoreError> {
        let result = recipe::Entity::delete_many()
            .filter(recipe::Column::Id.eq(id.get()))
            .filter(recipe::Column::UserId.eq(owner))
            .exec(&self.db)
            .await?;
        Ok(result.rows_affected > 0)
    }

    /// Writes the set columns of `row` (and a fresh `updated_at`) to `owner`'s recipe `id`, then
    /// reads the row back.
    async fn write_owned(
        &self,
        id: RecipeId,
        owner: i64,
        mut row: recipe::ActiveModel,
    ) -> Result<Option<Recipe>, StoreError> {
        row.updated_at = Set(Utc::now().trunc_subsecs(6));
        let result = recipe::Entity::update_many()
            .set(row)
            .filter(recipe::Column::Id.eq(id.get()))
            .filter(recipe::Column::UserId.eq(owner))
            .exec(&self.db)
            .await?;
        if result.rows_affected == 0 {
            return Ok(None);
        }
        self.find_owned(id, owner).await
    }

    async fn find_owned(&self, id: RecipeId, owner: i64) -> Result<Option<Recipe>, StoreError> {
        Ok(recipe::Entity::find_by_id(id.get())
            .filter(recipe::Column::UserId.eq(owner))
            .one(&self.db)
            .await?)
    }
}
