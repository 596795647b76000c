//! An account's part in the community as its archive holds it (`GET /users/me/export`), and the
//! recipes an archive's favourites, ratings and collections concern, found by uid, with the
//! importing account's collections (`POST /users/me/import`).
//!
//! Reads only: an import restores through [`Store::set_favorite`], [`Store::set_rating`],
//! [`Store::create_collection`] and [`Store::add_to_collection`], which keep the counters and
//! the limits. What concerns a recipe the account cannot see now (somebody's recipe unpublished
//! since) is left out, as every other read leaves it out. A collection's share key is never part
//! of its record. Ids and uids are read [`CHUNK`] at a time, so that no statement binds more
//! values than a back-end takes.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::domain::{RecipeId, UserId, Visibility};
use crate::store::{
    Collection, Store, StoreError,
    entities::{collection, collection_recipe, comment, favorite, follow, rating, recipe, user},
};

/// Most ids or uids bound in one statement.
const CHUNK: usize = 500;

/// A recipe's id, uid, name, owner and whether it is published.
type MentionRow = (i64, Option<String>, String, Option<i64>, bool);

/// A recipe as an archive names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecipeMention {
    pub id: RecipeId,
    /// Its identity across servers (32 hex digits).
    pub uid: String,
    pub name: String,
    /// Its author's username; `None` for an ownerless recipe.
    pub author: Option<String>,
}

/// A recipe among the account's favourites, since `created_at`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FavoriteRecord {
    pub recipe: RecipeMention,
    pub created_at: DateTime<Utc>,
}

/// The account's rating of a recipe.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RatingRecord {
    pub recipe: RecipeMention,
    pub stars: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A comment the account wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentRecord {
    pub recipe: RecipeMention,
    pub body: String,
    pub created_at: DateTime<Utc>,
    pub edited_at: Option<DateTime<Utc>>,
}

/// An account the account follows, since `created_at`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowRecord {
    pub user: UserId,
    pub username: String,
    pub created_at: DateTime<Utc>,
}

/// One of the account's collections, with the recipes of it that the account can see, in its
/// order; without its share key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CollectionRecord {
    pub name: String,
    pub description: Option<String>,
    pub visibility: Visibility,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub recipes: Vec<RecipeMention>,
}

/// What an account did in the community, oldest first in each list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommunityRecords {
    pub favorites: Vec<FavoriteRecord>,
    pub ratings: Vec<RatingRecord>,
    pub comments: Vec<CommentRecord>,
    pub following: Vec<FollowRecord>,
    pub collections: Vec<CollectionRecord>,
}

/// A collection and the ids of every recipe it holds, in its order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CollectionContents {
    pub collection: Collection,
    pub recipes: Vec<RecipeId>,
}

/// A recipe that a viewer can see and that has a given uid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UidMatch {
    pub uid: String,
    pub id: RecipeId,
    /// `None` for an ownerless recipe.
    pub owner: Option<UserId>,
    /// The owner's username.
    pub author: Option<String>,
}

impl Store {
    /// `user`'s favourites, ratings and comments on the recipes they can see (published, or
    /// theirs), each with the recipe it concerns; the accounts they follow; their collections,
    /// each with the recipes of it they can see.
    pub async fn community_records(&self, user: UserId) -> Result<CommunityRecords, StoreError> {
        let favorites = favorite::Entity::find()
            .filter(favorite::Column::UserId.eq(user.get()))
            .order_by_asc(favorite::Column::CreatedAt)
            .order_by_asc(favorite::Column::RecipeId)
            .all(&self.db)
            .await?;
        let ratings = rating::Entity::find()
            .filter(rating::Column::UserId.eq(user.get()))
            .order_by_asc(rating::Column::CreatedAt)
            .order_by_asc(rating::Column::RecipeId)
            .all(&self.db)
            .await?;
        let comments = comment::Entity::find()
            .filter(comment::Column::UserId.eq(user.get()))
            .order_by_asc(comment::Column::Id)
            .all(&self.db)
            .await?;
        let following = self.following_records(user).await?;
        let contents = self.collection_contents(user).await?;
        let mut ids: Vec<i64> = favorites
            .iter()
            .map(|row| row.recipe_id)
            .chain(ratings.iter().map(|row| row.recipe_id))
            .chain(comments.iter().map(|row| row.recipe_id))
            .chain(
                contents
                    .iter()
                    .flat_map(|held| held.recipes.iter().map(|id| id.get())),
            )
            .collect();
        ids.sort_unstable();
        ids.dedup();
        let mentions = self.mentions(user, &ids).await?;
        let mention = |id: i64| mentions.get(&id).cloned();
        Ok(CommunityRecords {
            favorites: favorites
                .into_iter()
                .filter_map(|row| {
                    Some(FavoriteRecord {
                        recipe: mention(row.recipe_id)?,
                        created_at: row.created_at,
                    })
                })
                .collect(),
            ratings: ratings
                .into_iter()
                .filter_map(|row| {
                    Some(RatingRecord {
                        recipe: mention(row.recipe_id)?,
                        stars: row.stars,
                        created_at: row.created_at,
                        updated_at: row.updated_at,
                    })
                })
                .collect(),
            comments: comments
                .into_iter()
                .filter_map(|row| {
                    Some(CommentRecord {
                        recipe: mention(row.recipe_id)?,
                        body: row.body,
                        created_at: row.created_at,
                        edited_at: row.edited_at,
                    })
                })
                .collect(),
            following,
            collections: contents
                .into_iter()
                .map(|held| CollectionRecord {
                    name: held.collection.name,
                    description: held.collection.description,
                    visibility: held.collection.visibility,
                    created_at: held.collection.created_at,
                    updated_at: held.collection.updated_at,
                    recipes: held
                        .recipes
                        .iter()
                        .filter_map(|id| mention(id.get()))
                        .collect(),
                })
                .collect(),
        })
    }

    /// The accounts `user` follows, oldest follow first.
    async fn following_records(&self, user: UserId) -> Result<Vec<FollowRecord>, StoreError> {
        let rows = follow::Entity::find()
            .filter(follow::Column::FollowerId.eq(user.get()))
            .order_by_asc(follow::Column::CreatedAt)
            .order_by_asc(follow::Column::Id)
            .all(&self.db)
            .await?;
        let names = self
            .usernames(rows.iter().map(|row| row.followee_id).collect())
            .await?;
        Ok(rows
            .into_iter()
            .filter_map(|row| {
                Some(FollowRecord {
                    user: UserId::stored(row.followee_id),
                    username: names.get(&row.followee_id)?.clone(),
                    created_at: row.created_at,
                })
            })
            .collect())
    }

    /// `owner`'s collections, oldest first, each with every recipe it holds (whoever may see
    /// them), in its order.
    pub async fn collection_contents(
        &self,
        owner: UserId,
    ) -> Result<Vec<CollectionContents>, StoreError> {
        let collections = collection::Entity::find()
            .filter(collection::Column::UserId.eq(owner.get()))
            .order_by_asc(collection::Column::Id)
            .all(&self.db)
            .await?;
        let ids: Vec<i64> = collections.iter().map(|row| row.id).collect();
        let mut held: HashMap<i64, Vec<RecipeId>> = HashMap::new();
        for chunk in ids.chunks(CHUNK) {
            let rows = collection_recipe::Entity::find()
                .select_only()
                .column(collection_recipe::Column::CollectionId)
                .column(collection_recipe::Column::RecipeId)
                .filter(collection_recipe::Column::CollectionId.is_in(chunk.iter().copied()))
                .order_by_asc(collection_recipe::Column::CollectionId)
                .order_by_asc(collection_recipe::Column::Position)
                .into_tuple::<(i64, i64)>()
                .all(&self.db)
                .await?;
            for (collection, recipe) in rows {
                held.entry(collection)
                    .or_default()
                    .push(RecipeId::stored(recipe));
            }
        }
        Ok(collections
            .into_iter()
            .map(|row| CollectionContents {
                recipes: held.remove(&row.id).unwrap_or_default(),
                collection: Collection::from(row),
            })
            .collect())
    }

    /// The recipes with one of `uids` that `viewer` can see (published, or theirs), oldest
    /// first. Several accounts may hold a recipe with the same uid (each restored the same
    /// archive): all of them are returned.
    pub async fn visible_recipes_by_uid(
        &self,
        viewer: UserId,
        uids: &[String],
    ) -> Result<Vec<UidMatch>, StoreError> {
        let mut rows: Vec<(i64, Option<String>, Option<i64>)> = Vec::new();
        for chunk in uids.chunks(CHUNK) {
            rows.extend(
                recipe::Entity::find()
                    .select_only()
                    .column(recipe::Column::Id)
                    .column(recipe::Column::Uid)
                    .column(recipe::Column::UserId)
                    .filter(recipe::Column::Uid.is_in(chunk.iter().cloned()))
                    .filter(
                        Condition::any()
                            .add(recipe::Column::IsPublish.eq(true))
                            .add(recipe::Column::UserId.eq(viewer.get())),
                    )
                    .into_tuple::<(i64, Option<String>, Option<i64>)>()
                    .all(&self.db)
                    .await?,
            );
        }
        rows.sort_unstable_by_key(|(id, _, _)| *id);
        let names = self
            .usernames(rows.iter().filter_map(|(_, _, owner)| *owner).collect())
            .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(id, uid, owner)| {
                Some(UidMatch {
                    uid: uid?,
                    id: RecipeId::stored(id),
                    owner: owner.map(UserId::stored),
                    author: owner.and_then(|owner| names.get(&owner).cloned()),
                })
            })
            .collect())
    }

    /// The recipes `ids` that `viewer` can see, as an archive names them.
    async fn mentions(
        &self,
        viewer: UserId,
        ids: &[i64],
    ) -> Result<HashMap<i64, RecipeMention>, StoreError> {
        let mut rows: Vec<MentionRow> = Vec::new();
        for chunk in ids.chunks(CHUNK) {
            rows.extend(
                recipe::Entity::find()
                    .select_only()
                    .column(recipe::Column::Id)
                    .column(recipe::Column::Uid)
                    .column(recipe::Column::Name)
                    .column(recipe::Column::UserId)
                    .column(recipe::Column::IsPublish)
                    .filter(recipe::Column::Id.is_in(chunk.iter().copied()))
                    .into_tuple::<MentionRow>()
                    .all(&self.db)
                    .await?,
            );
        }
        rows.retain(|(_, _, _, owner, published)| *published || *owner == Some(viewer.get()));
        let names = self
            .usernames(
                rows.iter()
                    .filter_map(|(_, _, _, owner, _)| *owner)
                    .collect(),
            )
            .await?;
        Ok(rows
            .into_iter()
            .map(|(id, uid, name, owner, _)| {
                let mention = RecipeMention {
                    id: RecipeId::stored(id),
                    // As the recipe's own document in an archive is named (every recipe has
                    // had a uid since they were introduced; this is for a row that lacks one).
                    uid: uid.unwrap_or_else(|| format!("{id:032x}")),
                    name,
                    author: owner.and_then(|owner| names.get(&owner).cloned()),
                };
                (id, mention)
            })
            .collect())
    }

    /// The usernames of the accounts `ids`.
    async fn usernames(&self, mut ids: Vec<i64>) -> Result<HashMap<i64, String>, StoreError> {
        ids.sort_unstable();
        ids.dedup();
        let mut names = HashMap::with_capacity(ids.len());
        for chunk in ids.chunks(CHUNK) {
            names.extend(
                user::Entity::find()
                    .select_only()
                    .column(user::Column::Id)
                    .column(user::Column::Username)
                    .filter(user::Column::Id.is_in(chunk.iter().copied()))
                    .into_tuple::<(i64, String)>()
                    .all(&self.db)
                    .await?,
            );
        }
        Ok(names)
    }
}
