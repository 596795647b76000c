//! Reports: users tell the administrators about a recipe, a user or a comment. One open report
//! per reporter and target (reporting again answers the open one); administrators resolve
//! them, which the audit log records.

use chrono::{DateTime, SubsecRound, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use serde_json::json;

use super::audit::{AuditEntry, record};
use crate::{
    domain::{Actor, AuditAction, AuditTarget, ReportId, UserId},
    store::{
        Store, StoreError,
        entities::{comment, report},
    },
};

/// What a report is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportTarget {
    Recipe(i64),
    User(i64),
    Comment(i64),
}

impl ReportTarget {
    /// The kind, as stored, and the id.
    pub fn parts(self) -> (&'static str, i64) {
        match self {
            ReportTarget::Recipe(id) => ("recipe", id),
            ReportTarget::User(id) => ("user", id),
            ReportTarget::Comment(id) => ("comment", id),
        }
    }
}

/// A report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub id: ReportId,
    pub reporter_id: Option<i64>,
    pub target_kind: String,
    pub target_id: i64,
    pub reason: String,
    pub details: Option<String>,
    /// `open` or `resolved`.
    pub status: String,
    pub created_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub resolved_by: Option<i64>,
    pub resolution: Option<String>,
}

impl From<report::Model> for Report {
    fn from(row: report::Model) -> Self {
        Report {
            id: ReportId::stored(row.id),
            reporter_id: row.reporter_id,
            target_kind: row.target_kind,
            target_id: row.target_id,
            reason: row.reason,
            details: row.details,
            status: row.status,
            created_at: row.created_at,
            resolved_at: row.resolved_at,
            resolved_by: row.resolved_by,
            resolution: row.resolution,
        }
    }
}

/// What filing a report did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filed {
    /// A new report.
    New(Report),
    /// The reporter's open report about the same target.
    AlreadyOpen(Report),
}

/// What resolving found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    Resolved(Report),
    AlreadyResolved(Report),
    Missing,
}

/// Which reports to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportStatus {
    Open,
    Resolved,
    All,
}

const OPEN: &str = "open";
const RESOLVED: &str = "resolved";

impl Store {
    /// Files a report by `reporter` about `target` (which the caller checked is there and
    /// visible to them).
    pub async fn file_report(
        &self,
        reporter: UserId,
        target: ReportTarget,
        reason: &str,
        details: Option<&str>,
    ) -> Result<Filed, StoreError> {
        self.retrying(|| self.file_report_once(reporter, target, reason, details))
            .await
    }

    async fn file_report_once(
        &self,
        reporter: UserId,
        target: ReportTarget,
        reason: &str,
        details: Option<&str>,
    ) -> Result<Filed, StoreError> {
        let (kind, id) = target.parts();
        let txn = self.begin_write().await?;
        let open = report::Entity::find()
            .filter(report::Column::TargetKind.eq(kind))
            .filter(report::Column::TargetId.eq(id))
            .filter(report::Column::ReporterId.eq(reporter.get()))
            .filter(report::Column::Status.eq(OPEN))
            .one(&txn)
            .await?;
        if let Some(open) = open {
            return Ok(Filed::AlreadyOpen(open.into()));
        }
        let row = report::ActiveModel {
            reporter_id: Set(Some(reporter.get())),
            target_kind: Set(kind.to_owned()),
            target_id: Set(id),
            reason: Set(reason.to_owned()),
            details: Set(details.map(str::to_owned)),
            status: Set(OPEN.to_owned()),
            created_at: Set(Utc::now().trunc_subsecs(6)),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        txn.commit().await?;
        Ok(Filed::New(row.into()))
    }

    /// Up to `limit` reports with `status`, oldest first, after `after`; and whether more
    /// follow.
    pub async fn list_reports(
        &self,
        status: ReportStatus,
        after: Option<i64>,
        offset: u64,
        limit: u64,
    ) -> Result<(Vec<Report>, bool), StoreError> {
        let mut query = report::Entity::find()
            .order_by_asc(report::Column::Id)
            .offset(offset)
            .limit(limit.saturating_add(1));
        match status {
            ReportStatus::Open => query = query.filter(report::Column::Status.eq(OPEN)),
            ReportStatus::Resolved => query = query.filter(report::Column::Status.eq(RESOLVED)),
            ReportStatus::All => {}
        }
        if let Some(after) = after {
            query = query.filter(report::Column::Id.gt(after));
        }
        let mut rows = query.all(&self.db).await?;
        let more = rows.len() as u64 > limit;
        rows.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
        Ok((rows.into_iter().map(Report::from).collect(), more))
    }

    /// Resolves report `id` with an optional note.
    pub async fn resolve_report(
        &self,
        id: ReportId,
        note: Option<&str>,
        actor: &Actor,
    ) -> Result<Resolution, StoreError> {
        self.retrying(|| self.resolve_report_once(id, note, actor))
            .await
    }

    async fn resolve_report_once(
        &self,
        id: ReportId,
        note: Option<&str>,
        actor: &Actor,
    ) -> Result<Resolution, StoreError> {
        let txn = self.begin_write().await?;
        let changed = report::Entity::update_many()
            .set(report::ActiveModel {
                status: Set(RESOLVED.to_owned()),
                resolved_at: Set(Some(Utc::now().trunc_subsecs(6))),
                resolved_by: Set(actor.id.map(|id| id.get())),
                resolution: Set(note.map(str::to_owned)),
                ..Default::default()
            })
            .filter(report::Column::Id.eq(id.get()))
            .filter(report::Column::Status.eq(OPEN))
            .exec(&txn)
            .await?
            .rows_affected;
        let Some(row) = report::Entity::find_by_id(id.get()).one(&txn).await? else {
            return Ok(Resolution::Missing);
        };
        if changed == 0 {
            return Ok(Resolution::AlreadyResolved(row.into()));
        }
        let subject = match row.target_kind.as_str() {
            "user" => Some(UserId::stored(row.target_id)),
            _ => None,
        };
        record(
            &txn,
            AuditEntry {
                actor,
                action: AuditAction::ReportResolved,
                subject,
                target: Some(AuditTarget::Report(id.get())),
                details: json!({
                    "target": format!("{}/{}", row.target_kind, row.target_id),
                    "reason": row.reason,
                    "note": note,
                }),
            },
        )
        .await?;
        txn.commit().await?;
        Ok(Resolution::Resolved(row.into()))
    }

    /// The recipe comment `id` is on, if the comment exists.
    pub async fn comment_recipe(&self, id: i64) -> Result<Option<i64>, StoreError> {
        Ok(comment::Entity::find_by_id(id)
            .select_only()
            .column(comment::Column::RecipeId)
            .into_tuple::<i64>()
            .one(&self.db)
            .await?)
    }
}
