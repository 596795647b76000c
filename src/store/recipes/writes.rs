//! Recipes: create, read, change, publish, delete.
//!
//! Writes that need ownership take the caller's id and filter on it in the statement itself
//! (`WHERE id = ? AND user_id = ?`), so a check made earlier cannot be raced into changing
//! somebody else's row. Every write runs in one transaction whose first statement updates the
//! recipe's row (locking it), then keeps `search_text`, the tag links and the tags' published
//! counts in step with it, and raises its `version`. A change may carry the versions the client
//! last saw (`If-Match`): the first statement then also requires one of them, so a change made
//! meanwhile by anyone makes this one fail with [`StoreError::Stale`] and write nothing. A
//! transaction the database aborts to break a deadlock with a concurrent one is run again.
//! Lists and search live in `lists`.

use chrono::{DateTime, SubsecRound, Utc};
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter,
    sea_query::{Expr, ExprTrait},
};

use super::{
    Recipe, RecipeOrigin,
    ingredients::{parse_lines, replace_terms},
    row::COLUMNS,
    row::decode,
    tags,
};
use crate::domain::{
    EntityTags, RecipeChanges, RecipeFields, RecipeId, UserId, join_lines, search_text,
};
use crate::ingredients::{MeasureSystem, PARSER_VERSION};
use crate::store::{Store, StoreError, entities::recipe, sql::Sql};

pub(in crate::store) fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

impl Store {
    /// Saves a new draft owned by `owner`.
    pub async fn insert_recipe(
        &self,
        owner: UserId,
        fields: &RecipeFields,
    ) -> Result<Recipe, StoreError> {
        self.insert_recipe_from(owner, fields, &RecipeOrigin::default())
            .await
    }

    /// Saves a new recipe owned by `owner`, with where it came from (see [`RecipeOrigin`]).
    /// [`StoreError::Conflict`] if `owner` already has a recipe with `origin.uid`.
    pub async fn insert_recipe_from(
        &self,
        owner: UserId,
        fields: &RecipeFields,
        origin: &RecipeOrigin,
    ) -> Result<Recipe, StoreError> {
        let uid = origin
            .uid
            .clone()
            .unwrap_or_else(|| uuid::Uuid::new_v4().simple().to_string());
        self.retrying(|| self.insert_recipe_once(owner, fields, origin, &uid))
            .await
    }

    /// One attempt of [`Store::insert_recipe_from`].
    async fn insert_recipe_once(
        &self,
        owner: UserId,
        fields: &RecipeFields,
        origin: &RecipeOrigin,
        uid: &str,
    ) -> Result<Recipe, StoreError> {
        let now = now();
        let created_at = origin.created_at.map_or(now, |at| at.trunc_subsecs(6));
        let updated_at = Ord::max(
            origin.updated_at.map_or(now, |at| at.trunc_subsecs(6)),
            created_at,
        );
        let tag_names = fields.tags.clone().unwrap_or_default();
        let ingredients = fields.ingredients.as_deref().and_then(join_lines);
        let text = search_text(
            &fields.name,
            fields.description.as_deref(),
            ingredients.as_deref(),
            fields.directions.as_deref(),
        );
        let parsed = parse_lines(ingredients.as_deref());
        let row = recipe::ActiveModel {
            user_id: Set(Some(owner.get())),
            name: Set(fields.name.clone()),
            description: Set(fields.description.clone()),
            num_of_servings: Set(fields.num_of_servings),
            cook_time: Set(fields.cook_time),
            directions: Set(fields.directions.clone()),
            is_publish: Set(origin.published),
            created_at: Set(created_at),
            updated_at: Set(updated_at),
            ingredients: Set(ingredients),
            tags: Set(join_lines(&tag_names)),
            search_text: Set(Some(text)),
            source_url: Set(origin.source_url.clone()),
            uid: Set(Some(uid.to_owned())),
            ingredient_items: Set(parsed.items),
            ingredient_parser: Set(PARSER_VERSION),
            measure_system: Set(fields
                .measure_system
                .flatten()
                .map(|system| system.id().to_owned())),
            ..Default::default()
        };
        tags::create_tags(&self.db, &tag_names).await?;
        let txn = self.begin_write().await?;
        let saved = row.insert(&txn).await?;
        tags::link_new_recipe(&txn, saved.id, &tag_names, origin.published).await?;
        replace_terms(&txn, saved.id, &parsed.terms, true).await?;
        txn.commit().await?;
        Ok(saved.into())
    }

    /// The recipe `id`, published or not.
    pub async fn find_recipe(&self, id: RecipeId) -> Result<Option<Recipe>, StoreError> {
        if let Some(hot) = &self.hot {
            return hot.find_recipe(id).await;
        }
        let mut select = Sql::new(self.db.get_database_backend());
        select
            .push("SELECT ")
            .push(COLUMNS)
            .push(" FROM recipe r WHERE r.id = ")
            .bind(id.get());
        match self.db.query_one_raw(select.build()).await? {
            Some(row) => Ok(Some(decode(&row)?)),
            None => Ok(None),
        }
    }

    /// How many published recipes `owner` has.
    pub async fn count_published(&self, owner: UserId) -> Result<u64, StoreError> {
        Ok(recipe::Entity::find()
            .filter(recipe::Column::UserId.eq(owner.get()))
            .filter(recipe::Column::IsPublish.eq(true))
            .count(&self.db)
            .await?)
    }

    /// Applies `changes` to `owner`'s recipe `id`; `None` if there is no such recipe. An empty
    /// change set leaves the row (and its `updated_at` and `version`) untouched.
    pub async fn update_recipe(
        &self,
        id: RecipeId,
        owner: UserId,
        changes: &RecipeChanges,
        expected: Option<&EntityTags>,
    ) -> Result<Option<Recipe>, StoreError> {
        self.retrying(|| self.update_recipe_once(id, owner, changes, expected))
            .await
    }

    /// One attempt of [`Store::update_recipe`].
    async fn update_recipe_once(
        &self,
        id: RecipeId,
        owner: UserId,
        changes: &RecipeChanges,
        expected: Option<&EntityTags>,
    ) -> Result<Option<Recipe>, StoreError> {
        if changes.is_empty() {
            let found = unchanged(find_owned(&self.db, id, owner).await?, expected)?;
            return Ok(found.map(Recipe::from));
        }
        if let Some(tag_names) = &changes.tags {
            tags::create_tags(&self.db, tag_names).await?;
        }
        let txn = self.begin_write().await?;
        let Some(mut current) = lock_owned(&txn, id, owner, None, expected).await? else {
            return Ok(None);
        };
        if let Some(name) = &changes.name {
            current.name = name.clone();
        }
        if let Some(description) = &changes.description {
            current.description = description.clone();
        }
        if let Some(servings) = changes.num_of_servings {
            current.num_of_servings = servings;
        }
        if let Some(cook_time) = changes.cook_time {
            current.cook_time = cook_time;
        }
        if let Some(directions) = &changes.directions {
            current.directions = directions.clone();
        }
        if let Some(ingredients) = &changes.ingredients {
            current.ingredients = join_lines(ingredients);
        }
        if let Some(tag_names) = &changes.tags {
            current.tags = join_lines(tag_names);
            tags::replace_tags(&txn, current.id, tag_names, current.is_publish).await?;
        }
        if changes.ingredients.is_some() || current.ingredient_parser < PARSER_VERSION {
            let parsed = parse_lines(current.ingredients.as_deref());
            current.ingredient_items = parsed.items;
            current.ingredient_parser = PARSER_VERSION;
            replace_terms(&txn, current.id, &parsed.terms, false).await?;
        }
        if let Some(system) = changes.measure_system {
            current.measure_system = system.map(|system| MeasureSystem::id(system).to_owned());
        }
        current.search_text = Some(search_text(
            &current.name,
            current.description.as_deref(),
            current.ingredients.as_deref(),
            current.directions.as_deref(),
        ));
        let mut row = recipe::ActiveModel::from(current.clone()).reset_all();
        row.id = sea_orm::ActiveValue::Unchanged(current.id);
        let saved = row.update(&txn).await?;
        txn.commit().await?;
        Ok(Some(saved.into()))
    }

    /// Sets or clears the publication of `owner`'s recipe `id`; `None` if there is no such recipe.
    /// Publishing a published recipe (or the reverse) changes nothing.
    pub async fn set_published(
        &self,
        id: RecipeId,
        owner: UserId,
        published: bool,
        expected: Option<&EntityTags>,
    ) -> Result<Option<Recipe>, StoreError> {
        self.retrying(|| self.set_published_once(id, owner, published, expected))
            .await
    }

    /// One attempt of [`Store::set_published`].
    async fn set_published_once(
        &self,
        id: RecipeId,
        owner: UserId,
        published: bool,
        expected: Option<&EntityTags>,
    ) -> Result<Option<Recipe>, StoreError> {
        let txn = self.begin_write().await?;
        let found = lock_owned(&txn, id, owner, Some(published), expected).await?;
        if !published {
            // Its owner wants a draft: unhiding it will not publish it again.
            recipe::Entity::update_many()
                .set(recipe::ActiveModel {
                    hidden_published: Set(false),
                    ..Default::default()
                })
                .filter(recipe::Column::Id.eq(id.get()))
                .filter(recipe::Column::UserId.eq(owner.get()))
                .filter(recipe::Column::HiddenPublished.eq(true))
                .exec(&txn)
                .await?;
        }
        txn.commit().await?;
        let found = match found {
            Some(row) => Some(row),
            None => find_owned(&self.db, id, owner).await?,
        };
        Ok(found.map(Recipe::from))
    }

    /// Deletes `owner`'s recipe `id`; false if there was no such recipe.
    pub async fn delete_recipe(
        &self,
        id: RecipeId,
        owner: UserId,
        expected: Option<&EntityTags>,
    ) -> Result<bool, StoreError> {
        self.retrying(|| self.delete_recipe_once(id, owner, expected))
            .await
    }

    /// One attempt of [`Store::delete_recipe`].
    async fn delete_recipe_once(
        &self,
        id: RecipeId,
        owner: UserId,
        expected: Option<&EntityTags>,
    ) -> Result<bool, StoreError> {
        let txn = self.begin_write().await?;
        // Lock the row whatever its state — a publish or unpublish running now is waited for —
        // and only then read whether it is published.
        let Some(current) = lock_owned(&txn, id, owner, None, expected).await? else {
            return Ok(false);
        };
        if current.is_publish {
            // Take the recipe out of its tags' published counts.
            tags::adjust_counts(&txn, id.get(), -1).await?;
        }
        let result = recipe::Entity::delete_many()
            .filter(recipe::Column::Id.eq(id.get()))
            .filter(recipe::Column::UserId.eq(owner.get()))
            .exec(&txn)
            .await?;
        txn.commit().await?;
        Ok(result.rows_affected > 0)
    }
}

/// Locks `owner`'s recipe `id` for the rest of `txn` by writing its row (a new `updated_at`
/// and `version`), and reads the row back (the entity, for writing it again); `None` if there
/// is no such recipe (or, with `publish`, if it already had that state).
///
/// With `publish = Some(p)`, the write sets `is_publish = p` (never publishing a hidden recipe)
/// and moves the tags' published counts when the state changes; otherwise it only sets `updated_at`. With `expected`, the row
/// is written only at one of those versions: [`StoreError::Stale`] if it is at another.
pub(in crate::store) async fn lock_owned(
    txn: &DatabaseTransaction,
    id: RecipeId,
    owner: UserId,
    publish: Option<bool>,
    expected: Option<&EntityTags>,
) -> Result<Option<recipe::Model>, StoreError> {
    let mut change = recipe::ActiveModel {
        updated_at: Set(now()),
        ..Default::default()
    };
    if let Some(published) = publish {
        change.is_publish = Set(published);
    }
    let mut update = recipe::Entity::update_many()
        .set(change)
        .col_expr(
            recipe::Column::Version,
            Expr::col(recipe::Column::Version).add(1),
        )
        .filter(recipe::Column::Id.eq(id.get()))
        .filter(recipe::Column::UserId.eq(owner.get()));
    if let Some(published) = publish {
        update = update.filter(recipe::Column::IsPublish.eq(!published));
    }
    if publish == Some(true) {
        // A recipe an administrator hid stays unpublished until unhidden.
        update = update.filter(recipe::Column::HiddenAt.is_null());
    }
    if let Some(EntityTags::Versions(versions)) = expected {
        update = update.filter(recipe::Column::Version.is_in(versions.iter().copied()));
    }
    if update.exec(txn).await?.rows_affected == 0 {
        // Nothing written: no such recipe, already in that state, or at another version.
        return match expected {
            Some(tags) => unchanged(find_owned(txn, id, owner).await?, Some(tags)).map(|_| None),
            None => Ok(None),
        };
    }
    if let Some(published) = publish {
        tags::adjust_counts(txn, id.get(), if published { 1 } else { -1 }).await?;
    }
    find_owned(txn, id, owner).await
}

/// `recipe` as it is, if it is at a version `expected` allows (else [`StoreError::Stale`]).
fn unchanged(
    recipe: Option<recipe::Model>,
    expected: Option<&EntityTags>,
) -> Result<Option<recipe::Model>, StoreError> {
    match (recipe, expected) {
        (Some(recipe), Some(tags)) if !tags.contains(recipe.version) => Err(StoreError::Stale),
        (recipe, _) => Ok(recipe),
    }
}

/// `owner`'s recipe `id` as the entity the writes change.
pub(in crate::store) async fn find_owned(
    db: &impl ConnectionTrait,
    id: RecipeId,
    owner: UserId,
) -> Result<Option<recipe::Model>, StoreError> {
    Ok(recipe::Entity::find_by_id(id.get())
        .filter(recipe::Column::UserId.eq(owner.get()))
        .one(db)
        .await?)
}
