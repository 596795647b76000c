//! Invitation codes: created by administrators, each good for a number of signups until it
//! expires or is revoked. Only the SHA-256 of a code is stored; a signup uses one in the
//! transaction that creates the account, with a conditional `UPDATE`, so concurrent signups
//! never use a code more times than it allows.

use chrono::{DateTime, SubsecRound, Utc};
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::Set,
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, ExprTrait},
};
use serde_json::json;

use super::audit::{AuditEntry, record};
use crate::{
    domain::{Actor, AuditAction, AuditTarget, InviteId},
    store::{Store, StoreError, entities::invite},
};

/// An invitation code, as administrators see it (never the code itself after creation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invite {
    pub id: InviteId,
    /// The code's first characters.
    pub hint: String,
    pub note: Option<String>,
    pub max_uses: i32,
    pub uses: i32,
    pub created_by: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl From<invite::Model> for Invite {
    fn from(row: invite::Model) -> Self {
        Invite {
            id: InviteId::stored(row.id),
            hint: row.code_hint,
            note: row.note,
            max_uses: row.max_uses,
            uses: row.uses,
            created_by: row.created_by,
            created_at: row.created_at,
            expires_at: row.expires_at,
            revoked_at: row.revoked_at,
        }
    }
}

/// A new invitation code's settings.
#[derive(Debug, Clone)]
pub struct NewInvite<'a> {
    pub code_hash: &'a str,
    pub hint: &'a str,
    pub note: Option<&'a str>,
    pub max_uses: i32,
    pub expires_at: Option<DateTime<Utc>>,
}

/// What revoking found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InviteRevocation {
    Revoked(Invite),
    AlreadyRevoked(Invite),
    Missing,
}

impl Store {
    /// Stores a new invitation code.
    pub async fn create_invite(
        &self,
        new: &NewInvite<'_>,
        actor: &Actor,
    ) -> Result<Invite, StoreError> {
        self.retrying(|| self.create_invite_once(new, actor)).await
    }

    async fn create_invite_once(
        &self,
        new: &NewInvite<'_>,
        actor: &Actor,
    ) -> Result<Invite, StoreError> {
        let txn = self.begin_write().await?;
        let row = invite::ActiveModel {
            code_hash: Set(new.code_hash.to_owned()),
            code_hint: Set(new.hint.to_owned()),
            note: Set(new.note.map(str::to_owned)),
            max_uses: Set(new.max_uses),
            uses: Set(0),
            created_by: Set(actor.id.map(|id| id.get())),
            created_at: Set(Utc::now().trunc_subsecs(6)),
            expires_at: Set(new.expires_at),
            revoked_at: Set(None),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        record(
            &txn,
            AuditEntry {
                actor,
                action: AuditAction::InviteCreated,
                subject: None,
                target: Some(AuditTarget::Invite(row.id)),
                details: json!({
                    "max_uses": new.max_uses,
                    "expires_at": new.expires_at.map(|at| at.to_rfc3339()),
                }),
            },
        )
        .await?;
        txn.commit().await?;
        Ok(row.into())
    }

    /// Up to `limit` invitation codes, newest first, older than `before`; and whether more
    /// follow.
    pub async fn list_invites(
        &self,
        before: Option<i64>,
        offset: u64,
        limit: u64,
    ) -> Result<(Vec<Invite>, bool), StoreError> {
        let mut query = invite::Entity::find()
            .order_by_desc(invite::Column::Id)
            .offset(offset)
            .limit(limit.saturating_add(1));
        if let Some(before) = before {
            query = query.filter(invite::Column::Id.lt(before));
        }
        let mut rows = query.all(&self.db).await?;
        let more = rows.len() as u64 > limit;
        rows.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
        Ok((rows.into_iter().map(Invite::from).collect(), more))
    }

    /// Revokes invitation `id`: it admits nobody more.
    pub async fn revoke_invite(
        &self,
        id: InviteId,
        actor: &Actor,
    ) -> Result<InviteRevocation, StoreError> {
        self.retrying(|| self.revoke_invite_once(id, actor)).await
    }

    async fn revoke_invite_once(
        &self,
        id: InviteId,
        actor: &Actor,
    ) -> Result<InviteRevocation, StoreError> {
        let txn = self.begin_write().await?;
        let changed = invite::Entity::update_many()
            .set(invite::ActiveModel {
                revoked_at: Set(Some(Utc::now().trunc_subsecs(6))),
                ..Default::default()
            })
            .filter(invite::Column::Id.eq(id.get()))
            .filter(invite::Column::RevokedAt.is_null())
            .exec(&txn)
            .await?
            .rows_affected;
        let Some(row) = invite::Entity::find_by_id(id.get()).one(&txn).await? else {
            return Ok(InviteRevocation::Missing);
        };
        if changed == 0 {
            return Ok(InviteRevocation::AlreadyRevoked(row.into()));
        }
        record(
            &txn,
            AuditEntry {
                actor,
                action: AuditAction::InviteRevoked,
                subject: None,
                target: Some(AuditTarget::Invite(id.get())),
                details: serde_json::Value::Null,
            },
        )
        .await?;
        txn.commit().await?;
        Ok(InviteRevocation::Revoked(row.into()))
    }
}

/// Uses the invitation code hashed `code_hash` once, in the caller's transaction; false when it
/// is unknown, revoked, expired or used up.
pub(in crate::store) async fn use_invite(
    db: &impl ConnectionTrait,
    code_hash: &str,
) -> Result<bool, StoreError> {
    let now = Utc::now();
    let used = invite::Entity::update_many()
        .col_expr(invite::Column::Uses, Expr::col(invite::Column::Uses).add(1))
        .filter(invite::Column::CodeHash.eq(code_hash))
        .filter(invite::Column::RevokedAt.is_null())
        .filter(Expr::col(invite::Column::Uses).lt(Expr::col(invite::Column::MaxUses)))
        .filter(
            Condition::any()
                .add(invite::Column::ExpiresAt.is_null())
                .add(invite::Column::ExpiresAt.gt(now)),
        )
        .exec(db)
        .await?
        .rows_affected;
    Ok(used > 0)
}
