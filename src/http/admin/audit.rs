//! `GET /admin/audit`: the audit log, newest first, cursor-paginated; optionally only the
//! events concerning one account.

use axum::{extract::State, response::Response};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::views::{AuditList, AuditView};
use crate::{
    auth::AdminUser,
    domain::UserId,
    error::{ApiError, ErrorBody},
    http::{
        extract::{CursorQuery, PageQuery, QueryOf},
        paging::{decode_cursor, next_cursor, with_link},
        views::SUCCESS,
    },
    state::AppState,
};

/// The audit route.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_audit))
}

/// The filter of `GET /admin/audit`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct AuditFilter {
    /// Only the events concerning this account.
    #[param(value_type = Option<i64>, minimum = 1, maximum = 9_223_372_036_854_775_807_i64)]
    user_id: Option<String>,
}

/// The audit log: administrators' actions and security events, newest first.
#[utoipa::path(get, path = "/admin/audit", tag = "admin",
    params(AuditFilter, PageQuery, CursorQuery),
    security(("bearer" = ["admin"])),
    responses(
        (status = 200, description = "A page of events", body = AuditList,
            headers(("Link" = String, description = "`<next page URL>; rel=\"next\"` when more follows"))),
        (status = 403, description = "`admin_required` or `session_required`", body = ErrorBody),
    ))]
async fn list_audit(
    State(state): State<AppState>,
    _admin: AdminUser,
    QueryOf(filter): QueryOf<AuditFilter>,
    PageQuery(page): PageQuery,
    CursorQuery(cursor): CursorQuery,
) -> Result<Response, ApiError> {
    let subject = filter
        .user_id
        .filter(|raw| !raw.is_empty())
        .map(|raw| UserId::parse(&raw).map_err(|m| ApiError::field("user_id", m)))
        .transpose()?;
    let fingerprint = format!("admin:audit:{}", subject.map_or(0, UserId::get));
    let before = decode_cursor(&state, &fingerprint, cursor)?;
    let offset = if before.is_some() { 0 } else { page.offset() };
    let (events, more) = state
        .store
        .audit_page(before, subject, offset, page.limit())
        .await?;
    let last = events.last().map(|event| event.id);
    let next = next_cursor(&state, &fingerprint, last, more);
    let link = next.as_deref().map(|cursor| {
        let mut url = format!("/admin/audit?limit={}&cursor={cursor}", page.limit());
        if let Some(subject) = subject {
            url.push_str(&format!("&user_id={subject}"));
        }
        url
    });
    let body = AuditList {
        result: SUCCESS,
        count: events.len(),
        result_list: events.into_iter().map(AuditView::from).collect(),
        next_cursor: next,
    };
    Ok(with_link(body, link))
}
