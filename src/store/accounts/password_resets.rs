//! Password resets: a single-use token per request, stored as its SHA-256, its mail queued in
//! the same transaction; using it sets the password, ends every session and queues a notice.
//!
//! A new request makes the account's earlier tokens unusable (their `used_at` is set), so only
//! the newest link works. Using a token is a conditional UPDATE: of two concurrent uses of one
//! token exactly one changes the password.

use chrono::{DateTime, SubsecRound, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, EntityTrait, QueryFilter, sea_query::Expr,
};

use crate::domain::{Actor, AuditAction, UserId};
use crate::store::{
    OutgoingMail, Store, StoreError,
    admin::audit::{AuditEntry, record},
    entities::{password_reset, user},
    outbox::queue_mail,
};

use super::sessions::revoke;

fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

impl Store {
    /// Starts a reset of `user_id`'s password with the token hashed `token_hash`, usable until
    /// `expires_at`, and queues `mail` (which holds the token) — one transaction. Earlier
    /// tokens of the account stop working. False when the account no longer exists.
    pub async fn start_password_reset(
        &self,
        user_id: UserId,
        token_hash: &str,
        expires_at: DateTime<Utc>,
        mail: &OutgoingMail,
    ) -> Result<bool, StoreError> {
        self.retrying(|| self.start_password_reset_once(user_id, token_hash, expires_at, mail))
            .await
    }

    async fn start_password_reset_once(
        &self,
        user_id: UserId,
        token_hash: &str,
        expires_at: DateTime<Utc>,
        mail: &OutgoingMail,
    ) -> Result<bool, StoreError> {
        let at = now();
        let txn = self.begin_write().await?;
        let exists = user::Entity::update_many()
            .col_expr(user::Column::Id, Expr::col(user::Column::Id))
            .filter(user::Column::Id.eq(user_id.get()))
            .exec(&txn)
            .await?
            .rows_affected
            > 0;
        if !exists {
            return Ok(false);
        }
        supersede(&txn, user_id, at).await?;
        password_reset::Entity::insert(password_reset::ActiveModel {
            user_id: Set(user_id.get()),
            token_hash: Set(token_hash.to_owned()),
            created_at: Set(at),
            expires_at: Set(expires_at),
            used_at: Set(None),
            ..Default::default()
        })
        .exec_without_returning(&txn)
        .await?;
        queue_mail(&txn, mail).await?;
        txn.commit().await?;
        Ok(true)
    }

    /// The account whose usable (unused, unexpired) reset token is hashed `token_hash`.
    pub async fn password_reset_account(
        &self,
        token_hash: &str,
    ) -> Result<Option<(UserId, String, String)>, StoreError> {
        let Some(reset) = usable(token_hash).one(&self.db).await? else {
            return Ok(None);
        };
        Ok(user::Entity::find_by_id(reset.user_id)
            .one(&self.db)
            .await?
            .map(|row| (UserId::stored(row.id), row.username, row.email)))
    }

    /// Uses the reset token hashed `token_hash`: sets `user_id`'s password hash, ends every
    /// session of the account, queues `notice` and records it in the audit log, in one
    /// transaction. False when the token is
    /// not (or no longer) usable for that account.
    pub async fn finish_password_reset(
        &self,
        token_hash: &str,
        user_id: UserId,
        password_hash: &str,
        notice: &OutgoingMail,
        actor: &Actor,
    ) -> Result<bool, StoreError> {
        self.retrying(|| {
            self.finish_password_reset_once(token_hash, user_id, password_hash, notice, actor)
        })
        .await
    }

    async fn finish_password_reset_once(
        &self,
        token_hash: &str,
        user_id: UserId,
        password_hash: &str,
        notice: &OutgoingMail,
        actor: &Actor,
    ) -> Result<bool, StoreError> {
        let at = now();
        let txn = self.begin_write().await?;
        let used = password_reset::Entity::update_many()
            .set(password_reset::ActiveModel {
                used_at: Set(Some(at)),
                ..Default::default()
            })
            .filter(password_reset::Column::TokenHash.eq(token_hash))
            .filter(password_reset::Column::UserId.eq(user_id.get()))
            .filter(password_reset::Column::UsedAt.is_null())
            .filter(password_reset::Column::ExpiresAt.gt(at))
            .exec(&txn)
            .await?
            .rows_affected;
        if used == 0 {
            return Ok(false);
        }
        user::Entity::update_many()
            .set(user::ActiveModel {
                password: Set(password_hash.to_owned()),
                updated_at: Set(at),
                ..Default::default()
            })
            .filter(user::Column::Id.eq(user_id.get()))
            .exec(&txn)
            .await?;
        supersede(&txn, user_id, at).await?;
        revoke(
            &txn,
            Condition::all().add(crate::store::entities::session::Column::UserId.eq(user_id.get())),
            at,
        )
        .await?;
        queue_mail(&txn, notice).await?;
        record(
            &txn,
            AuditEntry {
                actor,
                action: AuditAction::PasswordReset,
                subject: Some(user_id),
                target: None,
                details: serde_json::Value::Null,
            },
        )
        .await?;
        txn.commit().await?;
        Ok(true)
    }
}

/// The usable reset token hashed `token_hash`.
fn usable(token_hash: &str) -> sea_orm::Select<password_reset::Entity> {
    password_reset::Entity::find()
        .filter(password_reset::Column::TokenHash.eq(token_hash))
        .filter(password_reset::Column::UsedAt.is_null())
        .filter(password_reset::Column::ExpiresAt.gt(now()))
}

/// Makes every unused reset token of `user_id` unusable.
async fn supersede(
    txn: &sea_orm::DatabaseTransaction,
    user_id: UserId,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    password_reset::Entity::update_many()
        .set(password_reset::ActiveModel {
            used_at: Set(Some(at)),
            ..Default::default()
        })
        .filter(password_reset::Column::UserId.eq(user_id.get()))
        .filter(password_reset::Column::UsedAt.is_null())
        .exec(txn)
        .await?;
    Ok(())
}
