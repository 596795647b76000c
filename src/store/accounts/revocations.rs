//! Revoked access tokens: a token's `jti` is stored at logout and checked on every request, so
//! a restart or another server instance sharing the database still rejects it.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::{
    domain::UserId,
    store::{Store, StoreError, entities::revoked_token},
};

impl Store {
    /// Records that the token `jti` (valid until `expires_at`) may no longer be used, and
    /// forgets revocations whose tokens have expired anyway. Revoking twice is not an error.
    pub async fn revoke_token(
        &self,
        jti: &str,
        user_id: UserId,
        expires_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let row = revoked_token::ActiveModel {
            jti: Set(jti.to_owned()),
            user_id: Set(user_id.get()),
            expires_at: Set(expires_at),
        };
        match revoked_token::Entity::insert(row)
            .exec(&self.db)
            .await
            .map_err(StoreError::from)
        {
            Ok(_) | Err(StoreError::Conflict) => {}
            Err(other) => return Err(other),
        }
        revoked_token::Entity::delete_many()
            .filter(revoked_token::Column::ExpiresAt.lt(Utc::now()))
            .exec(&self.db)
            .await?;
        Ok(())
    }

    /// True when the token `jti` was revoked.
    pub async fn is_revoked(&self, jti: &str) -> Result<bool, StoreError> {
        let count = revoked_token::Entity::find_by_id(jti.to_owned())
            .count(&self.db)
            .await?;
        Ok(count > 0)
    }
}
