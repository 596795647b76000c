//! `/users/me/sessions`: the caller's active sessions (one per login), and ending one.

use axum::{
    Json, Router,
    extract::State,
    routing::{delete, get},
};
use serde::Serialize;

use super::{
    extract::IdPath,
    views::{Done, SUCCESS, timestamp},
};
use crate::{auth::SessionUser, domain::SessionId, error::ApiError, state::AppState};

/// Session routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/users/me/sessions", get(list))
        .route("/users/me/sessions/{id}", delete(end))
}

#[derive(Debug, Serialize)]
struct SessionView {
    id: i64,
    /// The `User-Agent` of the login that started it.
    user_agent: Option<String>,
    created_at: String,
    last_used_at: String,
    expires_at: String,
    /// True for the session of the token making this request.
    current: bool,
}

#[derive(Debug, Serialize)]
struct SessionList {
    result: &'static str,
    sessions: Vec<SessionView>,
}

/// `GET /users/me/sessions`: active sessions, most recently used first.
async fn list(
    State(state): State<AppState>,
    SessionUser(user): SessionUser,
) -> Result<Json<SessionList>, ApiError> {
    let sessions = state.store.active_sessions(user.user_id).await?;
    let sessions = sessions
        .into_iter()
        .map(|s| SessionView {
            id: s.id,
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

/// `DELETE /users/me/sessions/{id}`: ends one of the caller's sessions (404 if it is not theirs
/// or already ended).
async fn end(
    State(state): State<AppState>,
    SessionUser(user): SessionUser,
    IdPath(id): IdPath<SessionId>,
) -> Result<Json<Done>, ApiError> {
    if !state.store.revoke_session(id.get(), user.user_id).await? {
        return Err(ApiError::NotFound("session not found"));
    }
    Ok(Json(Done::new()))
}
