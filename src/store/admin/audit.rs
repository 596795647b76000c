//! The audit log: one row per administrator action or security event, written in the
//! transaction of the change it records, and never changed or deleted afterwards (the
//! migration's triggers refuse it).

use chrono::{DateTime, SubsecRound, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};

use crate::{
    domain::{Actor, AuditAction, AuditTarget, UserId},
    store::{Store, StoreError, entities::audit_event},
};

/// An event to record. `details` is a JSON object of plain facts (never a token or password).
#[derive(Debug, Clone)]
pub struct AuditEntry<'a> {
    pub actor: &'a Actor,
    pub action: AuditAction,
    /// The account the event concerns.
    pub subject: Option<UserId>,
    pub target: Option<AuditTarget>,
    pub details: serde_json::Value,
}

/// A recorded event.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditRecord {
    pub id: i64,
    pub created_at: DateTime<Utc>,
    pub actor_id: Option<i64>,
    pub actor: String,
    pub action: String,
    pub subject_user_id: Option<i64>,
    pub target_kind: Option<String>,
    pub target_id: Option<i64>,
    pub details: serde_json::Value,
}

impl From<audit_event::Model> for AuditRecord {
    fn from(row: audit_event::Model) -> Self {
        AuditRecord {
            id: row.id,
            created_at: row.created_at,
            actor_id: row.actor_id,
            actor: row.actor,
            action: row.action,
            subject_user_id: row.subject_user_id,
            target_kind: row.target_kind,
            target_id: row.target_id,
            details: row
                .details
                .as_deref()
                .and_then(|text| serde_json::from_str(text).ok())
                .unwrap_or(serde_json::Value::Null),
        }
    }
}

/// Appends `entry` to the log, in the caller's transaction.
pub(crate) async fn record(
    db: &impl ConnectionTrait,
    entry: AuditEntry<'_>,
) -> Result<(), StoreError> {
    let (target_kind, target_id) = match entry.target.map(AuditTarget::parts) {
        Some((kind, id)) => (Some(kind.to_owned()), Some(id)),
        None => (None, None),
    };
    let details = (!entry.details.is_null()).then(|| entry.details.to_string());
    audit_event::ActiveModel {
        created_at: Set(Utc::now().trunc_subsecs(6)),
        actor_id: Set(entry.actor.id.map(UserId::get)),
        actor: Set(entry.actor.name.chars().take(100).collect()),
        action: Set(entry.action.as_str().to_owned()),
        subject_user_id: Set(entry.subject.map(UserId::get)),
        target_kind: Set(target_kind),
        target_id: Set(target_id),
        details: Set(details),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

impl Store {
    /// Appends `entry` to the log on its own.
    pub async fn record_audit(&self, entry: AuditEntry<'_>) -> Result<(), StoreError> {
        record(&self.db, entry).await
    }

    /// Up to `limit` events, newest first, older than event `before` when given; and whether
    /// more follow. With `subject`, only the events concerning that account.
    pub async fn audit_page(
        &self,
        before: Option<i64>,
        subject: Option<UserId>,
        offset: u64,
        limit: u64,
    ) -> Result<(Vec<AuditRecord>, bool), StoreError> {
        let mut query = audit_event::Entity::find()
            .order_by_desc(audit_event::Column::Id)
            .offset(offset)
            .limit(limit.saturating_add(1));
        if let Some(before) = before {
            query = query.filter(audit_event::Column::Id.lt(before));
        }
        if let Some(subject) = subject {
            query = query.filter(audit_event::Column::SubjectUserId.eq(subject.get()));
        }
        let mut rows = query.all(&self.db).await?;
        let more = rows.len() as u64 > limit;
        rows.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
        Ok((rows.into_iter().map(AuditRecord::from).collect(), more))
    }
}
