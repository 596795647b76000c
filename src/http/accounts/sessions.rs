//! `/users/me/sessions`: the caller's active sessions (one per login), and ending one.

use axum::{Json, extract::State};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::{
    auth::SessionUser,
    domain::SessionId,
    error::ApiError,
    http::{
        extract::IdPath,
        views::{Done, Outcome, SUCCESS, timestamp},
    },
    state::AppState,
};

/// Session routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_sessions))
        .routes(routes!(end_session))
}

/// A login session.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Session)]
struct SessionView {
    /// The session's id.
    #[schema(minimum = 1)]
    id: i64,
    /// The `User-Agent` of the login that started it.
    user_agent: Option<String>,
    /// RFC 3339, UTC.
    #[schema(format = DateTime)]
    created_at: String,
    /// When its tokens were last issued or refreshed. RFC 3339, UTC.
    #[schema(format = DateTime)]
    last_used_at: String,
    /// When its refresh token expires. RFC 3339, UTC.
    #[schema(format = DateTime)]
    expires_at: String,
    /// True for the session of the token making this request.
    current: bool,
}

/// `{"result": "success", "sessions": [...]}`.
#[derive(Debug, Serialize, ToSchema)]
struct SessionList {
    result: Outcome,
    /// Most recently used first.
    sessions: Vec<SessionView>,
}

/// Your active sessions (one per login), most recently used first.
#[utoipa::path(get, path = "/users/me/sessions", tag = "sessions",
    security(("bearer" = ["session"])),
    responses((status = 200, description = "Active sessions", body = SessionList)))]
async fn list_sessions(
    State(state): State<AppState>,
    SessionUser(user): SessionUser,
) -> Result<Json<SessionList>, ApiError> {
    let sessions = state.store.active_sessions(user.user_id).await?;
    let sessions = sessions
        .into_iter()
        .map(|s| SessionView {
            id: s.id.get(),
            user_agent: s.user_agent,
            created_at: timestamp(s.created_at),
            last_used_at: timestamp(s.last_used_at),
            expires_at: timestamp(s.expires_at),
            current: user.session_id() == Some(s.id),
        })
        .collect();
    Ok(Json(SessionList {
        result: SUCCESS,
        sessions,
    }))
}

/// End one of your sessions: its tokens stop working at once.
#[utoipa::path(delete, path = "/users/me/sessions/{id}", tag = "sessions",
    params(IdPath<SessionId>),
    security(("bearer" = ["session"])),
    responses((status = 200, description = "Ended", body = Done)))]
async fn end_session(
    State(state): State<AppState>,
    SessionUser(user): SessionUser,
    IdPath(id): IdPath<SessionId>,
) -> Result<Json<Done>, ApiError> {
    if !state.store.revoke_session(id, user.user_id).await? {
        return Err(ApiError::NotFound("session not found"));
    }
    Ok(Json(Done::new()))
}
