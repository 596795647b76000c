//! `GET /admin/reports` (the queue: open reports oldest first, or resolved or all) and
//! `POST /admin/reports/{id}/resolve` (with an optional note; written to the audit log).

use axum::{Json, extract::State, response::Response};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{
    users::parse_note,
    views::{ReportEnvelope, ReportList, ReportView},
};
use crate::{
    auth::AdminUser,
    domain::ReportId,
    error::{ApiError, ErrorBody},
    http::{
        contract::schemas,
        extract::{CursorQuery, IdPath, OptionalJson, PageQuery, QueryOf},
        paging::{decode_cursor, next_cursor, with_link},
        views::SUCCESS,
    },
    state::AppState,
    store::{ReportStatus, Resolution},
};

/// The report queue's routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_reports))
        .routes(routes!(resolve_report))
}

/// Which reports `GET /admin/reports` lists.
#[derive(Debug, Clone, Copy, ToSchema)]
#[schema(rename_all = "lowercase")]
enum StatusFilter {
    Open,
    Resolved,
    All,
}

/// The filter of `GET /admin/reports`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct ReportFilter {
    /// `open` (default), `resolved` or `all`.
    #[param(value_type = Option<StatusFilter>, inline, example = "open")]
    status: Option<String>,
}

/// How a report was resolved (optional).
#[derive(Debug, Default, Deserialize, ToSchema)]
struct ResolveInput {
    /// A note for the record.
    #[schema(schema_with = schemas::moderation_note)]
    note: Option<String>,
}

/// Users' reports, oldest first.
#[utoipa::path(get, path = "/admin/reports", tag = "admin",
    params(ReportFilter, PageQuery, CursorQuery),
    security(("bearer" = ["admin"])),
    responses(
        (status = 200, description = "A page of reports", body = ReportList,
            headers(("Link" = String, description = "`<next page URL>; rel=\"next\"` when more follows"))),
        (status = 403, description = "`admin_required` or `session_required`", body = ErrorBody),
    ))]
async fn list_reports(
    State(state): State<AppState>,
    _admin: AdminUser,
    QueryOf(filter): QueryOf<ReportFilter>,
    PageQuery(page): PageQuery,
    CursorQuery(cursor): CursorQuery,
) -> Result<Response, ApiError> {
    let status = match filter.status.as_deref() {
        None | Some("open") => StatusFilter::Open,
        Some("resolved") => StatusFilter::Resolved,
        Some("all") => StatusFilter::All,
        Some(_) => return Err(ApiError::field("status", "must be open, resolved or all")),
    };
    let (status, name) = match status {
        StatusFilter::Open => (ReportStatus::Open, "open"),
        StatusFilter::Resolved => (ReportStatus::Resolved, "resolved"),
        StatusFilter::All => (ReportStatus::All, "all"),
    };
    let fingerprint = format!("admin:reports:{name}");
    let after = decode_cursor(&state, &fingerprint, cursor)?;
    let offset = if after.is_some() { 0 } else { page.offset() };
    let (reports, more) = state
        .store
        .list_reports(status, after, offset, page.limit())
        .await?;
    let last = reports.last().map(|report| report.id.get());
    let next = next_cursor(&state, &fingerprint, last, more);
    let link = next.as_deref().map(|cursor| {
        format!(
            "/admin/reports?status={name}&limit={}&cursor={cursor}",
            page.limit()
        )
    });
    let body = ReportList {
        result: SUCCESS,
        count: reports.len(),
        result_list: reports.into_iter().map(ReportView::from).collect(),
        next_cursor: next,
    };
    Ok(with_link(body, link))
}

/// Resolve a report (idempotent: resolving it again keeps the first resolution).
#[utoipa::path(post, path = "/admin/reports/{id}/resolve", tag = "admin",
    params(IdPath<ReportId>),
    request_body(content = Option<ResolveInput>, description = "Optional note"),
    security(("bearer" = ["admin"])),
    responses(
        (status = 200, description = "Resolved", body = ReportEnvelope),
        (status = 403, description = "`admin_required` or `session_required`", body = ErrorBody),
        (status = 404, description = "No such report", body = ErrorBody),
    ))]
async fn resolve_report(
    State(state): State<AppState>,
    admin: AdminUser,
    IdPath(id): IdPath<ReportId>,
    OptionalJson(input): OptionalJson<ResolveInput>,
) -> Result<Json<ReportEnvelope>, ApiError> {
    let note = parse_note("note", input.unwrap_or_default().note)?;
    match state
        .store
        .resolve_report(id, note.as_deref(), &admin.actor())
        .await?
    {
        Resolution::Resolved(report) | Resolution::AlreadyResolved(report) => {
            Ok(Json(ReportEnvelope {
                result: SUCCESS,
                report: report.into(),
            }))
        }
        Resolution::Missing => Err(ApiError::NotFound("report not found")),
    }
}
