//! Personal access tokens: created (hash only), found by hash, listed, deleted.

use chrono::{DateTime, Duration, SubsecRound, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, EntityTrait, QueryFilter,
    QueryOrder,
};

use super::{Store, StoreError, entities::personal_access_token};

/// A personal access token row.
pub type PersonalToken = personal_access_token::Model;

/// `last_used_at` is written at most this often per token, so a busy script does not turn
/// every read into a write.
const TOUCH_INTERVAL_SECS: i64 = 60;

impl Store {
    /// Stores a new token of `user_id` whose hash is `token_hash`.
    pub async fn insert_personal_token(
        &self,
        user_id: i64,
        name: &str,
        scope: &str,
        token_hash: &str,
        expires_at: Option<DateTime<Utc>>,
    ) -> Result<PersonalToken, StoreError> {
        let row = personal_access_token::ActiveModel {
            user_id: Set(user_id),
            name: Set(name.to_owned()),
            scope: Set(scope.to_owned()),
            token_hash: Set(token_hash.to_owned()),
            created_at: Set(Utc::now().trunc_subsecs(6)),
            last_used_at: Set(None),
            expires_at: Set(expires_at),
            ..Default::default()
        };
        Ok(row.insert(&self.db).await?)
    }

    /// The unexpired token whose hash is `token_hash`; records its use.
    pub async fn use_personal_token(
        &self,
        token_hash: &str,
    ) -> Result<Option<PersonalToken>, StoreError> {
        let now = Utc::now().trunc_subsecs(6);
        let token = personal_access_token::Entity::find()
            .filter(personal_access_token::Column::TokenHash.eq(token_hash))
            .filter(
                Condition::any()
                    .add(personal_access_token::Column::ExpiresAt.is_null())
                    .add(personal_access_token::Column::ExpiresAt.gt(now)),
            )
            .one(&self.db)
            .await?;
        let Some(token) = token else { return Ok(None) };
        let stale = now - Duration::seconds(TOUCH_INTERVAL_SECS);
        if token.last_used_at.is_none_or(|at| at < stale) {
            personal_access_token::Entity::update_many()
                .set(personal_access_token::ActiveModel {
                    last_used_at: Set(Some(now)),
                    ..Default::default()
                })
                .filter(personal_access_token::Column::Id.eq(token.id))
                .exec(&self.db)
                .await?;
        }
        Ok(Some(token))
    }

    /// The tokens of `user_id`, newest first (expired ones included, so they can be cleaned up).
    pub async fn personal_tokens(&self, user_id: i64) -> Result<Vec<PersonalToken>, StoreError> {
        Ok(personal_access_token::Entity::find()
            .filter(personal_access_token::Column::UserId.eq(user_id))
            .order_by_desc(personal_access_token::Column::CreatedAt)
            .order_by_desc(personal_access_token::Column::Id)
            .all(&self.db)
            .await?)
    }

    /// Deletes token `id` of `user_id`; false if there is no such token.
    pub async fn delete_personal_token(&self, id: i64, user_id: i64) -> Result<bool, StoreError> {
        let result = personal_access_token::Entity::delete_many()
            .filter(personal_access_token::Column::Id.eq(id))
            .filter(personal_access_token::Column::UserId.eq(user_id))
            .exec(&self.db)
            .await?;
        Ok(result.rows_affected > 0)
    }
}
