//! The answers of the administrators' routes.

use serde::Serialize;
use utoipa::ToSchema;

use crate::{
    http::views::{AccountRole, Outcome, timestamp},
    store::{AuditRecord, Invite, Report, User},
};

/// An account, as administrators see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct AdminAccountView {
    #[schema(minimum = 1)]
    pub id: i64,
    pub username: String,
    pub email: String,
    pub role: AccountRole,
    pub email_verified: bool,
    /// True once disabled: it cannot sign in and its credentials are refused.
    pub disabled: bool,
    /// RFC 3339, UTC.
    #[schema(format = DateTime)]
    pub created_at: String,
}

impl From<User> for AdminAccountView {
    fn from(user: User) -> Self {
        AdminAccountView {
            id: user.id.get(),
            username: user.username,
            email: user.email,
            role: user.role.into(),
            email_verified: user.email_verified,
            disabled: !user.is_active,
            created_at: timestamp(user.created_at),
        }
    }
}

/// `{"result": "success", "user": account}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct AdminAccountEnvelope {
    pub result: Outcome,
    pub user: AdminAccountView,
}

/// A page of accounts.
#[derive(Debug, Serialize, ToSchema)]
pub struct AdminAccountList {
    pub result: Outcome,
    pub count: usize,
    pub result_list: Vec<AdminAccountView>,
    /// The `cursor` of the next page; null on the last.
    pub next_cursor: Option<String>,
}

/// An invitation code (the code itself only in the answer that created it).
#[derive(Debug, Serialize, ToSchema)]
pub struct InviteView {
    #[schema(minimum = 1)]
    pub id: i64,
    /// The code (`inv_…`): shown once, when created.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "inv_Q2xK…")]
    pub code: Option<String>,
    /// The code's first characters, to tell codes apart.
    #[schema(example = "inv_Q2xK")]
    pub hint: String,
    pub note: Option<String>,
    #[schema(minimum = 1)]
    pub max_uses: i32,
    #[schema(minimum = 0)]
    pub uses: i32,
    /// RFC 3339, UTC.
    #[schema(format = DateTime)]
    pub created_at: String,
    /// RFC 3339, UTC; null: never.
    #[schema(format = DateTime)]
    pub expires_at: Option<String>,
    /// RFC 3339, UTC; null: not revoked.
    #[schema(format = DateTime)]
    pub revoked_at: Option<String>,
    /// Whether it still admits a signup now.
    pub usable: bool,
}

impl InviteView {
    pub fn new(invite: Invite, code: Option<String>) -> Self {
        let now = chrono::Utc::now();
        let usable = invite.revoked_at.is_none()
            && invite.uses < invite.max_uses
            && invite.expires_at.is_none_or(|at| at > now);
        InviteView {
            id: invite.id.get(),
            code,
            hint: invite.hint,
            note: invite.note,
            max_uses: invite.max_uses,
            uses: invite.uses,
            created_at: timestamp(invite.created_at),
            expires_at: invite.expires_at.map(timestamp),
            revoked_at: invite.revoked_at.map(timestamp),
            usable,
        }
    }
}

/// `{"result": "success", "invite": invite}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct InviteEnvelope {
    pub result: Outcome,
    pub invite: InviteView,
}

/// A page of invitation codes, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct InviteList {
    pub result: Outcome,
    pub count: usize,
    pub result_list: Vec<InviteView>,
    pub next_cursor: Option<String>,
}

/// A report, as administrators see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReportView {
    #[schema(minimum = 1)]
    pub id: i64,
    /// Who reported it (null: the account is gone).
    pub reporter_id: Option<i64>,
    /// `recipe`, `user` or `comment`.
    #[schema(example = "recipe")]
    pub target_type: String,
    pub target_id: i64,
    #[schema(example = "spam")]
    pub reason: String,
    pub details: Option<String>,
    /// `open` or `resolved`.
    #[schema(example = "open")]
    pub status: String,
    #[schema(format = DateTime)]
    pub created_at: String,
    #[schema(format = DateTime)]
    pub resolved_at: Option<String>,
    pub resolved_by: Option<i64>,
    /// The administrator's note.
    pub resolution: Option<String>,
}

impl From<Report> for ReportView {
    fn from(report: Report) -> Self {
        ReportView {
            id: report.id.get(),
            reporter_id: report.reporter_id,
            target_type: report.target_kind,
            target_id: report.target_id,
            reason: report.reason,
            details: report.details,
            status: report.status,
            created_at: timestamp(report.created_at),
            resolved_at: report.resolved_at.map(timestamp),
            resolved_by: report.resolved_by,
            resolution: report.resolution,
        }
    }
}

/// `{"result": "success", "report": report}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReportEnvelope {
    pub result: Outcome,
    pub report: ReportView,
}

/// A page of reports, oldest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReportList {
    pub result: Outcome,
    pub count: usize,
    pub result_list: Vec<ReportView>,
    pub next_cursor: Option<String>,
}

/// One event of the audit log.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditView {
    #[schema(minimum = 1)]
    pub id: i64,
    #[schema(format = DateTime)]
    pub created_at: String,
    /// The acting account's id (null: the command line).
    pub actor_id: Option<i64>,
    /// The actor's name at the time (a username, or `command line`).
    pub actor: String,
    #[schema(example = "account_disabled")]
    pub action: String,
    /// The account the event concerns.
    pub subject_user_id: Option<i64>,
    /// `recipe`, `invite` or `report`.
    pub target_type: Option<String>,
    pub target_id: Option<i64>,
    /// Plain facts of the event (never a token or password).
    #[schema(value_type = Object)]
    pub details: serde_json::Value,
}

impl From<AuditRecord> for AuditView {
    fn from(record: AuditRecord) -> Self {
        AuditView {
            id: record.id,
            created_at: timestamp(record.created_at),
            actor_id: record.actor_id,
            actor: record.actor,
            action: record.action,
            subject_user_id: record.subject_user_id,
            target_type: record.target_kind,
            target_id: record.target_id,
            details: match record.details {
                serde_json::Value::Null => serde_json::json!({}),
                details => details,
            },
        }
    }
}

/// A page of the audit log, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditList {
    pub result: Outcome,
    pub count: usize,
    pub result_list: Vec<AuditView>,
    pub next_cursor: Option<String>,
}
