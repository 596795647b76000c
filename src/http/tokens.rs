//! `/users/me/tokens`: personal access tokens for scripts and integrations.
//!
//! The token itself is answered once, at creation, and stored only as a hash. Listing shows
//! names, scopes and dates, never tokens. Creating, listing and deleting tokens needs a login
//! session: a personal access token cannot mint or see others.

use axum::{
    Json, Router,
    extract::State,
    http::{StatusCode, header},
    response::{IntoResponse, Response},
    routing::{delete, get},
};
use chrono::{Duration, Utc};
use serde::Serialize;

use super::{
    extract::{ApiJson, IdPath},
    views::{Done, SUCCESS, timestamp},
};
use crate::{
    auth::{
        SessionUser,
        opaque::{PERSONAL_PREFIX, new_token},
    },
    domain::{NewToken, NewTokenInput, TokenId},
    error::ApiError,
    state::AppState,
    store::PersonalToken,
};

/// Personal access token routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/users/me/tokens", get(list).post(create))
        .route("/users/me/tokens/{id}", delete(remove))
}

#[derive(Debug, Serialize)]
struct TokenView {
    id: i64,
    name: String,
    scope: String,
    created_at: String,
    last_used_at: Option<String>,
    /// Null: never expires.
    expires_at: Option<String>,
}

impl From<PersonalToken> for TokenView {
    fn from(token: PersonalToken) -> Self {
        Self {
            id: token.id,
            name: token.name,
            scope: token.scope,
            created_at: timestamp(token.created_at),
            last_used_at: token.last_used_at.map(timestamp),
            expires_at: token.expires_at.map(timestamp),
        }
    }
}

#[derive(Debug, Serialize)]
struct Created {
    result: &'static str,
    /// The token: shown this once, never again.
    token: String,
    info: TokenView,
}

#[derive(Debug, Serialize)]
struct TokenList {
    result: &'static str,
    tokens: Vec<TokenView>,
}

/// `POST /users/me/tokens`: 201 with the token (once) and its details.
async fn create(
    State(state): State<AppState>,
    SessionUser(user): SessionUser,
    ApiJson(input): ApiJson<NewTokenInput>,
) -> Result<Response, ApiError> {
    let request = NewToken::parse(input).map_err(ApiError::Validation)?;
    let (token, hash) = new_token(PERSONAL_PREFIX)?;
    let expires_at = request
        .expires_in_days
        .map(|days| Utc::now() + Duration::days(days));
    let row = state
        .store
        .insert_personal_token(
            user.user_id,
            &request.name,
            request.scope.as_str(),
            &hash,
            expires_at,
        )
        .await?;
    let body = Created {
        result: SUCCESS,
        token,
        info: row.into(),
    };
    Ok((
        StatusCode::CREATED,
        [(header::CACHE_CONTROL, "no-store")],
        Json(body),
    )
        .into_response())
}

/// `GET /users/me/tokens`: the caller's tokens, newest first, without the secrets.
async fn list(
    State(state): State<AppState>,
    SessionUser(user): SessionUser,
) -> Result<Json<TokenList>, ApiError> {
    let tokens = state.store.personal_tokens(user.user_id).await?;
    Ok(Json(TokenList {
        result: SUCCESS,
        tokens: tokens.into_iter().map(TokenView::from).collect(),
    }))
}

/// `DELETE /users/me/tokens/{id}`: revokes a token at once (404 if it is not the caller's).
async fn remove(
    State(state): State<AppState>,
    SessionUser(user): SessionUser,
    IdPath(id): IdPath<TokenId>,
) -> Result<Json<Done>, ApiError> {
    if !state
        .store
        .delete_personal_token(id.get(), user.user_id)
        .await?
    {
        return Err(ApiError::NotFound("token not found"));
    }
    Ok(Json(Done::new()))
}
