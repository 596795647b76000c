//! Personal access tokens: created (hash only), found by hash, listed, deleted.

use chrono::{DateTime, Duration, SubsecRound, Utc};
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::Set,
    ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder,
    sea_query::{Expr, ExprTrait, Query},
};

use crate::{
    domain::{TokenId, UserId},
    store::{
        Store, StoreError,
        entities::{personal_access_token, user},
    },
};

/// A personal access token (never the token itself: only its hash is stored).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonalToken {
    pub id: TokenId,
    pub user_id: UserId,
    pub name: String,
    /// `read` or `write`.
    pub scope: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub expires_at: Option<DateTime<Utc>>,
}

impl From<personal_access_token::Model> for PersonalToken {
    fn from(row: personal_access_token::Model) -> Self {
        PersonalToken {
            id: TokenId::stored(row.id),
            user_id: UserId::stored(row.user_id),
            name: row.name,
            scope: row.scope,
            created_at: row.created_at,
            last_used_at: row.last_used_at,
            expires_at: row.expires_at,
        }
    }
}

/// `last_used_at` is written at most this often per token, so a busy script does not turn
/// every read into a write.
const TOUCH_INTERVAL_SECS: i64 = 60;

impl Store {
    /// Stores a new token of `user_id` whose hash is `token_hash`.
    pub async fn insert_personal_token(
        &self,
        user_id: UserId,
        name: &str,
        scope: &str,
        token_hash: &str,
        expires_at: Option<DateTime<Utc>>,
    ) -> Result<PersonalToken, StoreError> {
        let row = personal_access_token::ActiveModel {
            user_id: Set(user_id.get()),
            name: Set(name.to_owned()),
            scope: Set(scope.to_owned()),
            token_hash: Set(token_hash.to_owned()),
            created_at: Set(Utc::now().trunc_subsecs(6)),
            last_used_at: Set(None),
            expires_at: Set(expires_at),
            ..Default::default()
        };
        Ok(row.insert(&self.db).await?.into())
    }

    /// The unexpired token whose hash is `token_hash`; records its use.
    pub async fn use_personal_token(
        &self,
        token_hash: &str,
    ) -> Result<Option<PersonalToken>, StoreError> {
        let now = Utc::now().trunc_subsecs(6);
        let token = personal_access_token::Entity::find()
            .filter(personal_access_token::Column::TokenHash.eq(token_hash))
            .filter(Expr::exists(
                Query::select()
                    .expr(Expr::val(1))
                    .from(user::Entity)
                    .and_where(Expr::col((user::Entity, user::Column::Id)).equals((
                        personal_access_token::Entity,
                        personal_access_token::Column::UserId,
                    )))
                    .and_where(Expr::col((user::Entity, user::Column::IsActive)).eq(true))
                    .take(),
            ))
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
        Ok(Some(token.into()))
    }

    /// The tokens of `user_id`, newest first (expired ones included, so they can be cleaned up).
    pub async fn personal_tokens(&self, user_id: UserId) -> Result<Vec<PersonalToken>, StoreError> {
        Ok(personal_access_token::Entity::find()
            .filter(personal_access_token::Column::UserId.eq(user_id.get()))
            .order_by_desc(personal_access_token::Column::CreatedAt)
            .order_by_desc(personal_access_token::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(PersonalToken::from)
            .collect())
    }

    /// Deletes token `id` of `user_id`; false if there is no such token.
    pub async fn delete_personal_token(
        &self,
        id: TokenId,
        user_id: UserId,
    ) -> Result<bool, StoreError> {
        let result = personal_access_token::Entity::delete_many()
            .filter(personal_access_token::Column::Id.eq(id.get()))
            .filter(personal_access_token::Column::UserId.eq(user_id.get()))
            .exec(&self.db)
            .await?;
        Ok(result.rows_affected > 0)
    }
}
