//! Comments: a recipe's thread, oldest first; posting and deleting keep the recipe's
//! `comment_count` in the same transaction. A comment is visible exactly when its recipe is
//! (published, or to its owner): unpublishing a recipe hides its thread.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};

use super::{lock_recipe, scores::write_counts};
use crate::domain::{COMMENT_EDIT_WINDOW, CommentId, Photo, RecipeId, UserId};
use crate::store::{
    Store, StoreError,
    entities::{comment, recipe, user},
    photos::decode_json,
    recipes::writes::now,
};

/// Who wrote a comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentAuthor {
    pub id: UserId,
    pub username: String,
    pub avatar: Option<Photo>,
}

/// A comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    pub id: CommentId,
    pub recipe_id: RecipeId,
    /// `None` once its author deleted their account.
    pub author: Option<CommentAuthor>,
    pub body: String,
    pub created_at: DateTime<Utc>,
    pub edited_at: Option<DateTime<Utc>>,
}

/// What a change of a comment did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommentEdit {
    /// No such comment that the viewer can see.
    NotFound,
    /// Somebody else's comment.
    NotAuthor,
    /// Posted longer ago than the edit window.
    TooLate,
    /// Changed.
    Edited(Box<Comment>),
}

/// What a deletion of a comment did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommentDeletion {
    /// No such comment that the viewer can see.
    NotFound,
    /// Neither its author nor the recipe's owner.
    Forbidden,
    Deleted,
}

impl Store {
    /// A page of recipe `id`'s comments, oldest first, after comment `after` (else after the
    /// first `offset`); `None` if
    /// `viewer` (or an anonymous reader) cannot see the recipe. The flag tells whether more
    /// follow.
    pub async fn list_comments(
        &self,
        viewer: Option<UserId>,
        id: RecipeId,
        after: Option<i64>,
        offset: u64,
        limit: u64,
    ) -> Result<Option<(Vec<Comment>, bool)>, StoreError> {
        if !self.recipe_visible(viewer, id).await? {
            return Ok(None);
        }
        let mut query = comment::Entity::find()
            .filter(comment::Column::RecipeId.eq(id.get()))
            .order_by_asc(comment::Column::Id)
            .offset(offset)
            .limit(limit.saturating_add(1));
        if let Some(after) = after {
            query = query.filter(comment::Column::Id.gt(after));
        }
        let mut rows = query.all(&self.db).await?;
        let more = rows.len() as u64 > limit;
        rows.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
        Ok(Some((with_authors(&self.db, rows).await?, more)))
    }

    /// Posts `body` on recipe `id` as `viewer`; `None` if they cannot see such a recipe.
    pub async fn add_comment(
        &self,
        viewer: UserId,
        id: RecipeId,
        body: &str,
    ) -> Result<Option<Comment>, StoreError> {
        self.retrying(|| self.add_comment_once(viewer, id, body))
            .await
    }

    async fn add_comment_once(
        &self,
        viewer: UserId,
        id: RecipeId,
        body: &str,
    ) -> Result<Option<Comment>, StoreError> {
        let txn = self.begin_write().await?;
        let Some(before) = lock_recipe(&txn, id)
            .await?
            .filter(|r| r.visible_to(viewer))
        else {
            return Ok(None);
        };
        let saved = comment::ActiveModel {
            recipe_id: Set(id.get()),
            user_id: Set(Some(viewer.get())),
            body: Set(body.to_owned()),
            created_at: Set(now()),
            edited_at: Set(None),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let mut after = before;
        after.comment_count += 1;
        write_counts(&txn, id, &before, &after).await?;
        let comment = with_authors(&txn, vec![saved]).await?.remove(0);
        txn.commit().await?;
        Ok(Some(comment))
    }

    /// Changes `viewer`'s comment `id` to `body`, within the edit window.
    pub async fn edit_comment(
        &self,
        viewer: UserId,
        id: CommentId,
        body: &str,
    ) -> Result<CommentEdit, StoreError> {
        let Some(row) = self.visible_comment(viewer, id).await? else {
            return Ok(CommentEdit::NotFound);
        };
        if row.user_id != Some(viewer.get()) {
            return Ok(CommentEdit::NotAuthor);
        }
        let at = now();
        // The window is checked in the statement too, so a change cannot slip past it.
        let changed = comment::Entity::update_many()
            .set(comment::ActiveModel {
                body: Set(body.to_owned()),
                edited_at: Set(Some(at)),
                ..Default::default()
            })
            .filter(comment::Column::Id.eq(id.get()))
            .filter(comment::Column::UserId.eq(viewer.get()))
            .filter(comment::Column::CreatedAt.gte(at - COMMENT_EDIT_WINDOW))
            .exec(&self.db)
            .await?;
        if changed.rows_affected == 0 {
            return Ok(
                match comment::Entity::find_by_id(id.get()).one(&self.db).await? {
                    Some(_) => CommentEdit::TooLate,
                    None => CommentEdit::NotFound,
                },
            );
        }
        let edited = comment::Model {
            body: body.to_owned(),
            edited_at: Some(at),
            ..row
        };
        let comment = with_authors(&self.db, vec![edited]).await?.remove(0);
        Ok(CommentEdit::Edited(Box::new(comment)))
    }

    /// Deletes comment `id`, as its author or the owner of its recipe.
    pub async fn delete_comment(
        &self,
        viewer: UserId,
        id: CommentId,
    ) -> Result<CommentDeletion, StoreError> {
        self.retrying(|| self.delete_comment_once(viewer, id)).await
    }

    async fn delete_comment_once(
        &self,
        viewer: UserId,
        id: CommentId,
    ) -> Result<CommentDeletion, StoreError> {
        let Some(found) = comment::Entity::find_by_id(id.get()).one(&self.db).await? else {
            return Ok(CommentDeletion::NotFound);
        };
        let recipe_id = RecipeId::stored(found.recipe_id);
        let txn = self.begin_write().await?;
        let Some(before) = lock_recipe(&txn, recipe_id)
            .await?
            .filter(|r| r.visible_to(viewer))
        else {
            return Ok(CommentDeletion::NotFound);
        };
        // Read again under the recipe's lock: it may have gone meanwhile.
        let Some(row) = comment::Entity::find_by_id(id.get()).one(&txn).await? else {
            return Ok(CommentDeletion::NotFound);
        };
        if row.user_id != Some(viewer.get()) && before.owner != Some(viewer.get()) {
            return Ok(CommentDeletion::Forbidden);
        }
        comment::Entity::delete_by_id(id.get()).exec(&txn).await?;
        let mut after = before;
        after.comment_count -= 1;
        write_counts(&txn, recipe_id, &before, &after).await?;
        txn.commit().await?;
        Ok(CommentDeletion::Deleted)
    }

    /// Comment `id`, if `viewer` can see its recipe.
    async fn visible_comment(
        &self,
        viewer: UserId,
        id: CommentId,
    ) -> Result<Option<comment::Model>, StoreError> {
        let Some(row) = comment::Entity::find_by_id(id.get()).one(&self.db).await? else {
            return Ok(None);
        };
        let visible = self
            .recipe_visible(Some(viewer), RecipeId::stored(row.recipe_id))
            .await?;
        Ok(visible.then_some(row))
    }

    /// Whether recipe `id` exists and `viewer` (or an anonymous reader) can see it.
    pub async fn recipe_visible(
        &self,
        viewer: Option<UserId>,
        id: RecipeId,
    ) -> Result<bool, StoreError> {
        let found = recipe::Entity::find_by_id(id.get())
            .select_only()
            .column(recipe::Column::UserId)
            .column(recipe::Column::IsPublish)
            .into_tuple::<(Option<i64>, bool)>()
            .one(&self.db)
            .await?;
        Ok(match found {
            Some((owner, published)) => {
                published || (owner.is_some() && owner == viewer.map(UserId::get))
            }
            None => false,
        })
    }
}

/// `rows` with their authors' names and avatars.
async fn with_authors(
    db: &impl ConnectionTrait,
    rows: Vec<comment::Model>,
) -> Result<Vec<Comment>, StoreError> {
    let mut ids: Vec<i64> = rows.iter().filter_map(|row| row.user_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let authors: HashMap<i64, CommentAuthor> = if ids.is_empty() {
        HashMap::new()
    } else {
        user::Entity::find()
            .filter(user::Column::Id.is_in(ids))
            .all(db)
            .await?
            .into_iter()
            .map(|row| {
                (
                    row.id,
                    CommentAuthor {
                        id: UserId::stored(row.id),
                        username: row.username,
                        avatar: decode_json(row.avatar.as_deref()),
                    },
                )
            })
            .collect()
    };
    Ok(rows
        .into_iter()
        .map(|row| Comment {
            id: CommentId::stored(row.id),
            recipe_id: RecipeId::stored(row.recipe_id),
            author: row.user_id.and_then(|id| authors.get(&id).cloned()),
            body: row.body,
            created_at: row.created_at,
            edited_at: row.edited_at,
        })
        .collect())
}
