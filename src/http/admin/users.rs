//! `GET /admin/users` (list and search accounts), `POST /admin/users/{id}/disable` and
//! `POST /admin/users/{id}/enable`. Disabling ends the account's sessions in the same
//! transaction, and every instance refuses its credentials from its next request on.

use axum::{Json, extract::State, response::Response};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::views::{AdminAccountEnvelope, AdminAccountList, AdminAccountView};
use crate::{
    auth::AdminUser,
    domain::{UserId, parse_free_text},
    error::{ApiError, ErrorBody},
    http::{
        contract::schemas,
        extract::{CursorQuery, IdPath, OptionalJson, PageQuery, QueryOf},
        paging::{decode_cursor, next_cursor, with_link},
        views::SUCCESS,
    },
    state::AppState,
    store::AccountChange,
};

/// The administrators' account routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_users))
        .routes(routes!(disable_user))
        .routes(routes!(enable_user))
}

/// Longest search text, in characters.
const SEARCH_MAX: usize = 100;
/// Longest reason, in characters.
pub const REASON_MAX: usize = 500;

/// The search of `GET /admin/users`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UserSearch {
    /// Part of a username or email address (case-insensitive); empty: every account.
    #[param(max_length = 100)]
    q: Option<String>,
}

/// Why an account is disabled (kept in the audit log).
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct DisableInput {
    #[schema(schema_with = schemas::moderation_note)]
    reason: Option<String>,
}

const FINGERPRINT: &str = "admin:users";

/// Accounts in id order, optionally those whose username or email contains `q`.
#[utoipa::path(get, path = "/admin/users", tag = "admin",
    params(UserSearch, PageQuery, CursorQuery),
    security(("bearer" = ["admin"])),
    responses(
        (status = 200, description = "A page of accounts", body = AdminAccountList,
            headers(("Link" = String, description = "`<next page URL>; rel=\"next\"` when more follows"))),
        (status = 403, description = "`admin_required` or `session_required`", body = ErrorBody),
    ))]
async fn list_users(
    State(state): State<AppState>,
    _admin: AdminUser,
    QueryOf(search): QueryOf<UserSearch>,
    PageQuery(page): PageQuery,
    CursorQuery(cursor): CursorQuery,
) -> Result<Response, ApiError> {
    let q = search
        .q
        .map(|q| q.trim().to_owned())
        .filter(|q| !q.is_empty());
    if q.as_ref().is_some_and(|q| q.chars().count() > SEARCH_MAX) {
        return Err(ApiError::field(
            "q",
            format!("must be at most {SEARCH_MAX} characters"),
        ));
    }
    let fingerprint = format!("{FINGERPRINT}:{}", q.as_deref().unwrap_or_default());
    let after = decode_cursor(&state, &fingerprint, cursor)?;
    let offset = if after.is_some() { 0 } else { page.offset() };
    let (users, more) = state
        .store
        .list_users(q.as_deref(), after, offset, page.limit())
        .await?;
    let last = users.last().map(|user| user.id.get());
    let next = next_cursor(&state, &fingerprint, last, more);
    let link = next.as_deref().map(|cursor| {
        let mut url = format!("/admin/users?limit={}&cursor={cursor}", page.limit());
        if let Some(q) = &q {
            url.push_str("&q=");
            url.push_str(
                &percent_encoding::utf8_percent_encode(q, percent_encoding::NON_ALPHANUMERIC)
                    .to_string(),
            );
        }
        url
    });
    let body = AdminAccountList {
        result: SUCCESS,
        count: users.len(),
        result_list: users.into_iter().map(AdminAccountView::from).collect(),
        next_cursor: next,
    };
    Ok(with_link(body, link))
}

/// Validates an optional note of `field` for the moderation record: free text of at most
/// [`REASON_MAX`] characters; blank is none.
pub fn parse_note(field: &str, note: Option<String>) -> Result<Option<String>, ApiError> {
    let Some(note) = note else { return Ok(None) };
    let note = parse_free_text(note, REASON_MAX).map_err(|m| ApiError::field(field, m))?;
    let note = note.trim();
    Ok((!note.is_empty()).then(|| note.to_owned()))
}

async fn set_active(
    state: &AppState,
    admin: &AdminUser,
    id: UserId,
    active: bool,
    reason: Option<String>,
) -> Result<Json<AdminAccountEnvelope>, ApiError> {
    if id == admin.account.id && !active {
        return Err(ApiError::OwnAdminAccount);
    }
    let reason = parse_note("reason", reason)?;
    let change = state
        .store
        .set_account_active(id, active, &admin.actor(), reason.as_deref())
        .await?;
    match change {
        AccountChange::Changed(user) | AccountChange::Unchanged(user) => {
            Ok(Json(AdminAccountEnvelope {
                result: SUCCESS,
                user: user.into(),
            }))
        }
        AccountChange::Missing => Err(ApiError::NotFound("user not found")),
    }
}

/// Disable an account: it cannot sign in, and its sessions, tokens and personal access tokens
/// are refused on every instance from now on (idempotent).
#[utoipa::path(post, path = "/admin/users/{id}/disable", tag = "admin",
    params(IdPath<UserId>),
    request_body(content = Option<DisableInput>, description = "Optional: why"),
    security(("bearer" = ["admin"])),
    responses(
        (status = 200, description = "Disabled", body = AdminAccountEnvelope),
        (status = 403, description = "`admin_required`, `session_required`, or `own_account` \
            (your own account)", body = ErrorBody),
        (status = 404, description = "No such account", body = ErrorBody),
    ))]
async fn disable_user(
    State(state): State<AppState>,
    admin: AdminUser,
    IdPath(id): IdPath<UserId>,
    OptionalJson(input): OptionalJson<DisableInput>,
) -> Result<Json<AdminAccountEnvelope>, ApiError> {
    let reason = input.and_then(|input| input.reason);
    set_active(&state, &admin, id, false, reason).await
}

/// Enable a disabled account again (idempotent). Its old sessions stay ended.
#[utoipa::path(post, path = "/admin/users/{id}/enable", tag = "admin",
    params(IdPath<UserId>),
    security(("bearer" = ["admin"])),
    responses(
        (status = 200, description = "Enabled", body = AdminAccountEnvelope),
        (status = 403, description = "`admin_required` or `session_required`", body = ErrorBody),
        (status = 404, description = "No such account", body = ErrorBody),
    ))]
async fn enable_user(
    State(state): State<AppState>,
    admin: AdminUser,
    IdPath(id): IdPath<UserId>,
) -> Result<Json<AdminAccountEnvelope>, ApiError> {
    set_active(&state, &admin, id, true, None).await
}
