//! Email verification: a single-use token per address to prove, stored as its SHA-256 with the
//! address it proves, its mail queued in the same transaction (at registration, on a resend,
//! on a change of address); using it marks the address verified — or, for an account's
//! `pending_email`, makes it the account's address.
//!
//! A new token makes the account's earlier ones unusable (their `used_at` is set), so only the
//! newest link works. Using a token is a conditional UPDATE first: of two concurrent uses of one
//! token exactly one goes on. A changed address goes through the unique index on `user.email`:
//! when another account took it meanwhile, nothing changes (the transaction is rolled back).

use chrono::{DateTime, SubsecRound, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    sea_query::Expr,
};

use crate::domain::{Actor, AuditAction, Email, UserId};
use crate::store::{
    OutgoingMail, Store, StoreError,
    admin::audit::{AuditEntry, record},
    entities::{email_verification, user},
    outbox::queue_mail,
};

use super::User;

fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

/// A verification to start: the token's hash, when it stops working, and the mail holding the
/// link — sent to the address the token proves (`mail.recipient`).
#[derive(Debug, Clone)]
pub struct NewVerification {
    pub token_hash: String,
    pub expires_at: DateTime<Utc>,
    pub mail: OutgoingMail,
}

/// What using a verification token did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verified {
    /// The account, with its address verified (and changed, for a pending address).
    Account(Box<User>),
    /// The token is unknown, used, superseded or expired, or proves an address that is neither
    /// the account's current one nor its pending one any more.
    Invalid,
}

/// What a change of address did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EmailChange {
    /// The new address is pending; its verification mail is queued.
    Requested(Box<User>),
    /// Another account has the address.
    Taken,
    /// The account does not exist.
    Gone,
}

impl Store {
    /// Mails a new verification of `user_id`'s pending address, or of its current one while it
    /// is unverified — whichever `verification.mail.recipient` is, and only while it still is
    /// (one transaction; earlier tokens stop working). False when the account is gone or that
    /// address needs no verification any more.
    pub async fn resend_email_verification(
        &self,
        user_id: UserId,
        verification: &NewVerification,
    ) -> Result<bool, StoreError> {
        self.retrying(|| self.resend_email_verification_once(user_id, verification))
            .await
    }

    async fn resend_email_verification_once(
        &self,
        user_id: UserId,
        verification: &NewVerification,
    ) -> Result<bool, StoreError> {
        let txn = self.begin_write().await?;
        let Some(account) = lock_account(&txn, user_id).await? else {
            return Ok(false);
        };
        let address = verification.mail.recipient.as_str();
        let wanted = account.pending_email.as_deref() == Some(address)
            || (account.pending_email.is_none()
                && account.email == address
                && !account.email_verified);
        if !wanted {
            return Ok(false);
        }
        issue(&txn, user_id, verification, now()).await?;
        txn.commit().await?;
        Ok(true)
    }

    /// Makes `new_email` the pending address of `user_id` and starts its verification (its
    /// mail is `verification.mail`); queues `notice` to the current address and records the
    /// request in the audit log — one transaction. The current address stays until the new one
    /// is verified.
    pub async fn request_email_change(
        &self,
        user_id: UserId,
        new_email: &Email,
        verification: &NewVerification,
        notice: &OutgoingMail,
        actor: &Actor,
    ) -> Result<EmailChange, StoreError> {
        self.retrying(|| {
            self.request_email_change_once(user_id, new_email, verification, notice, actor)
        })
        .await
    }

    async fn request_email_change_once(
        &self,
        user_id: UserId,
        new_email: &Email,
        verification: &NewVerification,
        notice: &OutgoingMail,
        actor: &Actor,
    ) -> Result<EmailChange, StoreError> {
        let at = now();
        let txn = self.begin_write().await?;
        let Some(account) = lock_account(&txn, user_id).await? else {
            return Ok(EmailChange::Gone);
        };
        // Only a courtesy answer: the unique index decides when the address is verified.
        let taken = user::Entity::find()
            .filter(user::Column::Email.eq(new_email.as_str()))
            .filter(user::Column::Id.ne(user_id.get()))
            .one(&txn)
            .await?
            .is_some();
        if taken {
            return Ok(EmailChange::Taken);
        }
        user::Entity::update_many()
            .set(user::ActiveModel {
                pending_email: Set(Some(new_email.as_str().to_owned())),
                updated_at: Set(at),
                ..Default::default()
            })
            .filter(user::Column::Id.eq(user_id.get()))
            .exec(&txn)
            .await?;
        issue(&txn, user_id, verification, at).await?;
        queue_mail(&txn, notice).await?;
        record(
            &txn,
            AuditEntry {
                actor,
                action: AuditAction::EmailChangeRequested,
                subject: Some(user_id),
                target: None,
                details: serde_json::json!({"from": account.email, "to": new_email.as_str()}),
            },
        )
        .await?;
        let account = user::Entity::find_by_id(user_id.get()).one(&txn).await?;
        txn.commit().await?;
        Ok(account.map_or(EmailChange::Gone, |row| {
            EmailChange::Requested(Box::new(row.into()))
        }))
    }

    /// Uses the verification token hashed `token_hash` (see [`Verified`]). A pending address
    /// that another account took meanwhile is [`StoreError::Conflict`], and nothing changes.
    pub async fn verify_email(&self, token_hash: &str) -> Result<Verified, StoreError> {
        self.retrying(|| self.verify_email_once(token_hash)).await
    }

    async fn verify_email_once(&self, token_hash: &str) -> Result<Verified, StoreError> {
        let at = now();
        let txn = self.begin_write().await?;
        let used = email_verification::Entity::update_many()
            .set(email_verification::ActiveModel {
                used_at: Set(Some(at)),
                ..Default::default()
            })
            .filter(email_verification::Column::TokenHash.eq(token_hash))
            .filter(email_verification::Column::UsedAt.is_null())
            .filter(email_verification::Column::ExpiresAt.gt(at))
            .exec(&txn)
            .await?
            .rows_affected;
        if used == 0 {
            return Ok(Verified::Invalid);
        }
        let Some(token) = email_verification::Entity::find()
            .filter(email_verification::Column::TokenHash.eq(token_hash))
            .one(&txn)
            .await?
        else {
            return Ok(Verified::Invalid);
        };
        let user_id = UserId::stored(token.user_id);
        let Some(account) = lock_account(&txn, user_id).await? else {
            return Ok(Verified::Invalid);
        };
        if account.email == token.email {
            user::Entity::update_many()
                .set(user::ActiveModel {
                    email_verified: Set(true),
                    updated_at: Set(at),
                    ..Default::default()
                })
                .filter(user::Column::Id.eq(user_id.get()))
                .exec(&txn)
                .await?;
        } else if account.pending_email.as_deref() == Some(token.email.as_str()) {
            // The unique index refuses an address another account has: Conflict, rolled back.
            user::Entity::update_many()
                .set(user::ActiveModel {
                    email: Set(token.email.clone()),
                    pending_email: Set(None),
                    email_verified: Set(true),
                    updated_at: Set(at),
                    ..Default::default()
                })
                .filter(user::Column::Id.eq(user_id.get()))
                .exec(&txn)
                .await?;
            let actor = Actor::account(user_id, &account.username);
            record(
                &txn,
                AuditEntry {
                    actor: &actor,
                    action: AuditAction::EmailChanged,
                    subject: Some(user_id),
                    target: None,
                    details: serde_json::json!({"from": account.email, "to": token.email}),
                },
            )
            .await?;
        } else {
            return Ok(Verified::Invalid);
        }
        supersede(&txn, user_id, at).await?;
        let account = user::Entity::find_by_id(user_id.get()).one(&txn).await?;
        txn.commit().await?;
        Ok(account.map_or(Verified::Invalid, |row| {
            Verified::Account(Box::new(row.into()))
        }))
    }
}

/// Starts a verification of account `user_id` inside `txn`: earlier tokens stop working, the
/// token is stored for the address its mail goes to, and the mail is queued.
pub(in crate::store) async fn issue(
    txn: &DatabaseTransaction,
    user_id: UserId,
    verification: &NewVerification,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    supersede(txn, user_id, at).await?;
    email_verification::Entity::insert(email_verification::ActiveModel {
        user_id: Set(user_id.get()),
        token_hash: Set(verification.token_hash.clone()),
        email: Set(verification.mail.recipient.clone()),
        created_at: Set(at),
        expires_at: Set(verification.expires_at),
        used_at: Set(None),
        ..Default::default()
    })
    .exec_without_returning(txn)
    .await?;
    queue_mail(txn, &verification.mail).await?;
    Ok(())
}

/// Locks account `user_id`'s row (a write, whatever its state) and reads it.
async fn lock_account(
    txn: &DatabaseTransaction,
    user_id: UserId,
) -> Result<Option<user::Model>, StoreError> {
    let exists = user::Entity::update_many()
        .col_expr(user::Column::Id, Expr::col(user::Column::Id))
        .filter(user::Column::Id.eq(user_id.get()))
        .exec(txn)
        .await?
        .rows_affected
        > 0;
    if !exists {
        return Ok(None);
    }
    Ok(user::Entity::find_by_id(user_id.get()).one(txn).await?)
}

/// Makes every unused verification token of `user_id` unusable.
async fn supersede(
    txn: &impl ConnectionTrait,
    user_id: UserId,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    email_verification::Entity::update_many()
        .set(email_verification::ActiveModel {
            used_at: Set(Some(at)),
            ..Default::default()
        })
        .filter(email_verification::Column::UserId.eq(user_id.get()))
        .filter(email_verification::Column::UsedAt.is_null())
        .exec(txn)
        .await?;
    Ok(())
}
