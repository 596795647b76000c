//! `POST /admin/invites` (a new invitation code: single- or multi-use, optionally expiring;
//! the code is shown once), `GET /admin/invites` and `DELETE /admin/invites/{id}` (revoke).
//! With `SIGNUP=invite`, `POST /users/register` needs one in `invite_code`.

use axum::{
    Json,
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use chrono::{Duration, Utc};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::views::{InviteEnvelope, InviteList, InviteView};
use crate::{
    auth::{
        AdminUser,
        opaque::{INVITE_PREFIX, new_token},
    },
    domain::{FieldErrors, InviteId, json_int, parse_free_text},
    error::{ApiError, ErrorBody},
    http::{
        contract::schemas,
        extract::{CursorQuery, IdPath, OptionalJson, PageQuery},
        paging::{decode_cursor, next_cursor, with_link},
        views::SUCCESS,
    },
    state::AppState,
    store::{InviteRevocation, NewInvite},
};

/// The invitation routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_invite, list_invites))
        .routes(routes!(revoke_invite))
}

/// Most signups one code may admit.
const MAX_USES: i64 = 10_000;
/// Longest validity, in hours (one year).
const MAX_HOURS: i64 = 24 * 366;
/// Longest note, in characters.
const NOTE_MAX: usize = 200;
/// Characters of a code kept to tell it apart.
const HINT_CHARS: usize = 8;

/// A new invitation code's settings (all optional).
#[derive(Debug, Default, Deserialize, ToSchema)]
struct InviteInput {
    /// How many accounts it may create (1 to 10000; default 1).
    #[serde(default, deserialize_with = "json_int::optional")]
    #[schema(value_type = Option<i64>, minimum = 1, maximum = 10000, example = 1)]
    max_uses: Option<i64>,
    /// Hours until it expires (1 to 8784); absent or null: never.
    #[serde(default, deserialize_with = "json_int::optional")]
    #[schema(value_type = Option<i64>, minimum = 1, maximum = 8784, example = 72)]
    expires_in_hours: Option<i64>,
    /// A note for administrators (who it is for).
    #[schema(schema_with = schemas::invite_note)]
    note: Option<String>,
}

/// Create an invitation code; the answer holds the code, which is not shown again.
#[utoipa::path(post, path = "/admin/invites", tag = "admin",
    request_body(content = Option<InviteInput>, description = "Optional settings"),
    security(("bearer" = ["admin"])),
    responses(
        (status = 201, description = "Created: `invite.code` is the code", body = InviteEnvelope),
        (status = 403, description = "`admin_required` or `session_required`", body = ErrorBody),
    ))]
async fn create_invite(
    State(state): State<AppState>,
    admin: AdminUser,
    OptionalJson(input): OptionalJson<InviteInput>,
) -> Result<Response, ApiError> {
    let input = input.unwrap_or_default();
    let mut errors = FieldErrors::new();
    let max_uses = match input.max_uses {
        None => 1,
        Some(n) if (1..=MAX_USES).contains(&n) => n,
        Some(_) => {
            errors.add("max_uses", format!("must be from 1 to {MAX_USES}"));
            1
        }
    };
    let hours = match input.expires_in_hours {
        None => None,
        Some(h) if (1..=MAX_HOURS).contains(&h) => Some(h),
        Some(_) => {
            errors.add("expires_in_hours", format!("must be from 1 to {MAX_HOURS}"));
            None
        }
    };
    let note = match input.note.map(|n| parse_free_text(n, NOTE_MAX)) {
        None => None,
        Some(Ok(n)) => Some(n.trim().to_owned()).filter(|n| !n.is_empty()),
        Some(Err(message)) => {
            errors.add("note", message);
            None
        }
    };
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let (code, hash) = new_token(INVITE_PREFIX)?;
    let hint: String = code.chars().take(HINT_CHARS).collect();
    let new = NewInvite {
        code_hash: &hash,
        hint: &hint,
        note: note.as_deref(),
        // In 1..=10000: fits.
        max_uses: i32::try_from(max_uses).unwrap_or(1),
        expires_at: hours.map(|h| Utc::now() + Duration::hours(h)),
    };
    let invite = state.store.create_invite(&new, &admin.actor()).await?;
    let body = InviteEnvelope {
        result: SUCCESS,
        invite: InviteView::new(invite, Some(code)),
    };
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

/// Invitation codes, newest first (the codes themselves are never shown again).
#[utoipa::path(get, path = "/admin/invites", tag = "admin",
    params(PageQuery, CursorQuery),
    security(("bearer" = ["admin"])),
    responses(
        (status = 200, description = "A page of invitation codes", body = InviteList,
            headers(("Link" = String, description = "`<next page URL>; rel=\"next\"` when more follows"))),
        (status = 403, description = "`admin_required` or `session_required`", body = ErrorBody),
    ))]
async fn list_invites(
    State(state): State<AppState>,
    _admin: AdminUser,
    PageQuery(page): PageQuery,
    CursorQuery(cursor): CursorQuery,
) -> Result<Response, ApiError> {
    const FINGERPRINT: &str = "admin:invites";
    let before = decode_cursor(&state, FINGERPRINT, cursor)?;
    let offset = if before.is_some() { 0 } else { page.offset() };
    let (invites, more) = state
        .store
        .list_invites(before, offset, page.limit())
        .await?;
    let last = invites.last().map(|invite| invite.id.get());
    let next = next_cursor(&state, FINGERPRINT, last, more);
    let link = next
        .as_deref()
        .map(|cursor| format!("/admin/invites?limit={}&cursor={cursor}", page.limit()));
    let body = InviteList {
        result: SUCCESS,
        count: invites.len(),
        result_list: invites
            .into_iter()
            .map(|invite| InviteView::new(invite, None))
            .collect(),
        next_cursor: next,
    };
    Ok(with_link(body, link))
}

/// Revoke an invitation code: it admits nobody more (idempotent).
#[utoipa::path(delete, path = "/admin/invites/{id}", tag = "admin",
    params(IdPath<InviteId>),
    security(("bearer" = ["admin"])),
    responses(
        (status = 200, description = "Revoked", body = InviteEnvelope),
        (status = 403, description = "`admin_required` or `session_required`", body = ErrorBody),
        (status = 404, description = "No such invitation", body = ErrorBody),
    ))]
async fn revoke_invite(
    State(state): State<AppState>,
    admin: AdminUser,
    IdPath(id): IdPath<InviteId>,
) -> Result<Json<InviteEnvelope>, ApiError> {
    match state.store.revoke_invite(id, &admin.actor()).await? {
        InviteRevocation::Revoked(invite) | InviteRevocation::AlreadyRevoked(invite) => {
            Ok(Json(InviteEnvelope {
                result: SUCCESS,
                invite: InviteView::new(invite, None),
            }))
        }
        InviteRevocation::Missing => Err(ApiError::NotFound("invitation not found")),
    }
}
