//! Collections: creating, changing and deleting them, adding and removing recipes (kept in
//! the order they were added), and reading them. The store hands out what a collection is;
//! who may read it is decided above it (`domain::collections`). A reader other than the owner
//! gets only published recipes from `collection_recipes`, whatever the collection holds.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, sea_query::Expr,
};

use crate::domain::{
    COLLECTIONS_PER_ACCOUNT, CollectionChanges, CollectionFields, CollectionId,
    RECIPES_PER_COLLECTION, RecipeId, UserId, Visibility, new_share_key,
};
use crate::store::{
    Recipe, Store, StoreError,
    entities::{collection, collection_recipe, recipe, user},
    recipes::writes::now,
    recipes::{COLUMNS, decode},
    sql::Sql,
};

/// A collection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Collection {
    pub id: CollectionId,
    pub owner: UserId,
    pub name: String,
    pub description: Option<String>,
    pub visibility: Visibility,
    pub share_key: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<collection::Model> for Collection {
    fn from(row: collection::Model) -> Self {
        Self {
            id: CollectionId::stored(row.id),
            owner: UserId::stored(row.user_id),
            name: row.name,
            description: row.description,
            // A value written by a newer version reads as the most private.
            visibility: Visibility::parse(&row.visibility).unwrap_or(Visibility::Private),
            share_key: row.share_key,
            created_at: row.created_at,
            updated_at: row.updated_at,
        }
    }
}

/// What adding a recipe to a collection did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CollectionAdd {
    /// No such collection of the owner.
    NoCollection,
    /// No such recipe that the owner can see (another user's draft is never added).
    NoRecipe,
    /// The collection holds the most recipes allowed.
    Full,
    /// Added now, or there already.
    Done,
}

impl Store {
    /// Creates `owner`'s collection; `None` when they have the most collections allowed.
    pub async fn create_collection(
        &self,
        owner: UserId,
        fields: &CollectionFields,
    ) -> Result<Option<Collection>, StoreError> {
        self.retrying(|| self.create_collection_once(owner, fields))
            .await
    }

    async fn create_collection_once(
        &self,
        owner: UserId,
        fields: &CollectionFields,
    ) -> Result<Option<Collection>, StoreError> {
        let txn = self.begin_write().await?;
        // The account's row, locked: two creations cannot both pass the limit.
        user::Entity::update_many()
            .col_expr(user::Column::Id, Expr::col(user::Column::Id))
            .filter(user::Column::Id.eq(owner.get()))
            .exec(&txn)
            .await?;
        let count = collection::Entity::find()
            .filter(collection::Column::UserId.eq(owner.get()))
            .count(&txn)
            .await?;
        if count >= COLLECTIONS_PER_ACCOUNT {
            return Ok(None);
        }
        let at = now();
        let saved = collection::ActiveModel {
            user_id: Set(owner.get()),
            name: Set(fields.name.clone()),
            description: Set(fields.description.clone()),
            visibility: Set(fields.visibility.as_str().to_owned()),
            share_key: Set(new_share_key()),
            created_at: Set(at),
            updated_at: Set(at),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        txn.commit().await?;
        Ok(Some(saved.into()))
    }

    /// Collection `id`, whoever may read it.
    pub async fn find_collection(
        &self,
        id: CollectionId,
    ) -> Result<Option<Collection>, StoreError> {
        Ok(collection::Entity::find_by_id(id.get())
            .one(&self.db)
            .await?
            .map(Collection::from))
    }

    /// Applies `changes` to `owner`'s collection `id`; `None` if they have no such collection.
    pub async fn update_collection(
        &self,
        id: CollectionId,
        owner: UserId,
        changes: &CollectionChanges,
    ) -> Result<Option<Collection>, StoreError> {
        let mut change = collection::ActiveModel {
            updated_at: Set(now()),
            ..Default::default()
        };
        if let Some(name) = &changes.name {
            change.name = Set(name.clone());
        }
        if let Some(description) = &changes.description {
            change.description = Set(description.clone());
        }
        if let Some(visibility) = changes.visibility {
            change.visibility = Set(visibility.as_str().to_owned());
        }
        if changes.new_share_key {
            change.share_key = Set(new_share_key());
        }
        collection::Entity::update_many()
            .set(change)
            .filter(collection::Column::Id.eq(id.get()))
            .filter(collection::Column::UserId.eq(owner.get()))
            .exec(&self.db)
            .await?;
        Ok(collection::Entity::find_by_id(id.get())
            .filter(collection::Column::UserId.eq(owner.get()))
            .one(&self.db)
            .await?
            .map(Collection::from))
    }

    /// Deletes `owner`'s collection `id` (not its recipes); false if there was none.
    pub async fn delete_collection(
        &self,
        id: CollectionId,
        owner: UserId,
    ) -> Result<bool, StoreError> {
        let deleted = collection::Entity::delete_many()
            .filter(collection::Column::Id.eq(id.get()))
            .filter(collection::Column::UserId.eq(owner.get()))
            .exec(&self.db)
            .await?;
        Ok(deleted.rows_affected > 0)
    }

    /// Adds recipe `recipe` at the end of `owner`'s collection `id` (nothing if it is there).
    pub async fn add_to_collection(
        &self,
        id: CollectionId,
        owner: UserId,
        recipe: RecipeId,
    ) -> Result<CollectionAdd, StoreError> {
        self.retrying(|| self.add_to_collection_once(id, owner, recipe))
            .await
    }

    async fn add_to_collection_once(
        &self,
        id: CollectionId,
        owner: UserId,
        recipe_id: RecipeId,
    ) -> Result<CollectionAdd, StoreError> {
        let txn = self.begin_write().await?;
        if !lock_owned(&txn, id, owner).await? {
            return Ok(CollectionAdd::NoCollection);
        }
        let visible = recipe::Entity::find_by_id(recipe_id.get())
            .select_only()
            .column(recipe::Column::UserId)
            .column(recipe::Column::IsPublish)
            .into_tuple::<(Option<i64>, bool)>()
            .one(&txn)
            .await?
            .is_some_and(|(author, published)| published || author == Some(owner.get()));
        if !visible {
            return Ok(CollectionAdd::NoRecipe);
        }
        let held = collection_recipe::Entity::find()
            .filter(collection_recipe::Column::CollectionId.eq(id.get()));
        if held
            .clone()
            .filter(collection_recipe::Column::RecipeId.eq(recipe_id.get()))
            .one(&txn)
            .await?
            .is_some()
        {
            return Ok(CollectionAdd::Done);
        }
        if held.clone().count(&txn).await? >= RECIPES_PER_COLLECTION {
            return Ok(CollectionAdd::Full);
        }
        let last: Option<i64> = held
            .select_only()
            .column_as(collection_recipe::Column::Position.max(), "last")
            .into_tuple::<Option<i64>>()
            .one(&txn)
            .await?
            .flatten();
        collection_recipe::ActiveModel {
            collection_id: Set(id.get()),
            recipe_id: Set(recipe_id.get()),
            position: Set(last.unwrap_or(0) + 1),
            added_at: Set(now()),
        }
        .insert(&txn)
        .await?;
        txn.commit().await?;
        Ok(CollectionAdd::Done)
    }

    /// Removes recipe `recipe` from `owner`'s collection `id`; false if they have no such
    /// collection (a recipe that is not in it is fine).
    pub async fn remove_from_collection(
        &self,
        id: CollectionId,
        owner: UserId,
        recipe: RecipeId,
    ) -> Result<bool, StoreError> {
        self.retrying(|| async {
            let txn = self.begin_write().await?;
            if !lock_owned(&txn, id, owner).await? {
                return Ok(false);
            }
            collection_recipe::Entity::delete_many()
                .filter(collection_recipe::Column::CollectionId.eq(id.get()))
                .filter(collection_recipe::Column::RecipeId.eq(recipe.get()))
                .exec(&txn)
                .await?;
            txn.commit().await?;
            Ok(true)
        })
        .await
    }

    /// A page of collection `id`'s recipes in its order, after position `after` (else after
    /// the first `offset`): all of them for its owner, the published ones for anyone else.
    /// Each comes with its position; the flag tells whether more follow.
    pub async fn collection_recipes(
        &self,
        collection: &Collection,
        viewer: Option<UserId>,
        after: Option<i64>,
        offset: u64,
        limit: u64,
    ) -> Result<(Vec<(i64, Recipe)>, bool), StoreError> {
        let mut sql = Sql::new(self.db.get_database_backend());
        sql.push("SELECT ")
            .push(COLUMNS)
            .push(
                ", cr.position FROM collection_recipe cr JOIN recipe r ON r.id = cr.recipe_id \
                 WHERE cr.collection_id = ",
            )
            .bind(collection.id.get());
        push_visible(&mut sql, collection, viewer);
        if let Some(after) = after {
            sql.push(" AND cr.position > ").bind(after);
        }
        sql.push(" ORDER BY cr.position LIMIT ")
            .push(&limit.saturating_add(1).min(i64::MAX as u64).to_string());
        if after.is_none() && offset > 0 {
            sql.push(" OFFSET ")
                .bind(i64::try_from(offset).unwrap_or(i64::MAX));
        }
        let rows = self.db.query_all_raw(sql.build()).await?;
        let mut items = rows
            .iter()
            .map(|row| Ok((row.try_get::<i64>("", "position")?, decode(row)?)))
            .collect::<Result<Vec<_>, StoreError>>()?;
        let more = items.len() as u64 > limit;
        items.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
        Ok((items, more))
    }

    /// How many of each of `collections`' recipes `viewer` would see (one statement).
    pub async fn collection_sizes(
        &self,
        collections: &[Collection],
        viewer: Option<UserId>,
    ) -> Result<HashMap<CollectionId, i64>, StoreError> {
        let mut sizes: HashMap<CollectionId, i64> = collections
            .iter()
            .map(|collection| (collection.id, 0))
            .collect();
        if collections.is_empty() {
            return Ok(sizes);
        }
        let own: Vec<i64> = collections
            .iter()
            .filter(|collection| viewer == Some(collection.owner))
            .map(|collection| collection.id.get())
            .collect();
        let mut sql = Sql::new(self.db.get_database_backend());
        sql.push(
            "SELECT cr.collection_id AS id, COUNT(*) AS n FROM collection_recipe cr \
             JOIN recipe r ON r.id = cr.recipe_id WHERE cr.collection_id IN ",
        )
        .bind_list(collections.iter().map(|collection| collection.id.get()))
        .push(" AND (r.is_publish = TRUE");
        // In their own collections, the viewer also sees their drafts (as `push_visible`).
        if let (Some(viewer), false) = (viewer, own.is_empty()) {
            sql.push(" OR (r.user_id = ")
                .bind(viewer.get())
                .push(" AND cr.collection_id IN ")
                .bind_list(own)
                .push(")");
        }
        sql.push(") GROUP BY cr.collection_id");
        for row in self.db.query_all_raw(sql.build()).await? {
            let id = CollectionId::stored(row.try_get::<i64>("", "id")?);
            sizes.insert(id, row.try_get::<i64>("", "n")?);
        }
        Ok(sizes)
    }

    /// A page of `owner`'s collections, newest first, after collection `after`: every one, or
    /// only the public ones.
    pub async fn list_collections(
        &self,
        owner: UserId,
        only_public: bool,
        after: Option<i64>,
        offset: u64,
        limit: u64,
    ) -> Result<(Vec<Collection>, bool), StoreError> {
        let mut query = collection::Entity::find()
            .filter(collection::Column::UserId.eq(owner.get()))
            .order_by_desc(collection::Column::Id)
            .limit(limit.saturating_add(1));
        if only_public {
            query = query.filter(collection::Column::Visibility.eq(Visibility::Public.as_str()));
        }
        match after {
            Some(after) => query = query.filter(collection::Column::Id.lt(after)),
            None => query = query.offset(offset),
        }
        let mut rows = query.all(&self.db).await?;
        let more = rows.len() as u64 > limit;
        rows.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
        Ok((rows.into_iter().map(Collection::from).collect(), more))
    }
}

/// ` AND <the recipe is one viewer may see in this collection>`: the owner sees every recipe
/// they could add (published ones, and their own drafts); anyone else the published ones.
fn push_visible(sql: &mut Sql, collection: &Collection, viewer: Option<UserId>) {
    if viewer == Some(collection.owner) {
        sql.push(" AND (r.is_publish = TRUE OR r.user_id = ")
            .bind(collection.owner.get())
            .push(")");
    } else {
        sql.push(" AND r.is_publish = TRUE");
    }
}

/// Locks `owner`'s collection `id` for the rest of `txn` (a new `updated_at`); false if they
/// have no such collection.
async fn lock_owned(
    txn: &DatabaseTransaction,
    id: CollectionId,
    owner: UserId,
) -> Result<bool, StoreError> {
    collection::Entity::update_many()
        .col_expr(collection::Column::UpdatedAt, Expr::value(now()))
        .filter(collection::Column::Id.eq(id.get()))
        .filter(collection::Column::UserId.eq(owner.get()))
        .exec(txn)
        .await?;
    Ok(collection::Entity::find_by_id(id.get())
        .filter(collection::Column::UserId.eq(owner.get()))
        .one(txn)
        .await?
        .is_some())
}
