//! `/users/me/tokens`: personal access tokens for scripts and integrations.
//!
//! The token itself is answered once, at creation, and stored only as a hash. Listing shows
//! names, scopes and dates, never tokens. Creating, listing and deleting tokens needs a login
//! session: a personal access token cannot mint or see others.

use axum::{
    Json,
    extract::State,
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};
use chrono::{Duration, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::{
    auth::{
        SessionUser,
        opaque::{PERSONAL_PREFIX, new_token},
    },
    domain::{NewToken, NewTokenInput, TokenId},
    error::ApiError,
    http::{
        extract::{ApiJson, IdPath},
        views::{Done, Outcome, SUCCESS, timestamp},
    },
    state::AppState,
    store::PersonalToken,
};

/// Personal access token routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_tokens, create_token))
        .routes(routes!(delete_token))
}

/// A personal access token (never the token itself).
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = PersonalToken)]
struct TokenView {
    /// The token's id.
    #[schema(minimum = 1)]
    id: i64,
    /// What it is for.
    #[schema(example = "backup script")]
    name: String,
    /// `read` or `write`.
    #[schema(example = "read")]
    scope: String,
    /// RFC 3339, UTC.
    #[schema(format = DateTime)]
    created_at: String,
    /// RFC 3339, UTC; null: never used.
    #[schema(format = DateTime)]
    last_used_at: Option<String>,
    /// RFC 3339, UTC; null: never expires.
    #[schema(format = DateTime)]
    expires_at: Option<String>,
}

impl From<PersonalToken> for TokenView {
    fn from(token: PersonalToken) -> Self {
        Self {
            id: token.id.get(),
            name: token.name,
            scope: token.scope,
            created_at: timestamp(token.created_at),
            last_used_at: token.last_used_at.map(timestamp),
            expires_at: token.expires_at.map(timestamp),
        }
    }
}

/// A new token, shown this once.
#[derive(Debug, Serialize, ToSchema)]
struct Created {
    result: Outcome,
    /// The token (`rpat_…`) for `Authorization: Bearer`: shown this once, never again.
    token: String,
    /// Its details.
    info: TokenView,
}

/// `{"result": "success", "tokens": [...]}`.
#[derive(Debug, Serialize, ToSchema)]
struct TokenList {
    result: Outcome,
    /// Newest first.
    tokens: Vec<TokenView>,
}

/// Create a personal access token for a script or integration.
#[utoipa::path(post, path = "/users/me/tokens", tag = "tokens",
    request_body = NewTokenInput,
    security(("bearer" = ["session"])),
    responses((status = 201, description = "Created: the token is in the answer, only this once",
        body = Created)))]
async fn create_token(
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

/// Your personal access tokens, newest first (without the tokens themselves).
#[utoipa::path(get, path = "/users/me/tokens", tag = "tokens",
    security(("bearer" = ["session"])),
    responses((status = 200, description = "Your tokens", body = TokenList)))]
async fn list_tokens(
    State(state): State<AppState>,
    SessionUser(user): SessionUser,
) -> Result<Json<TokenList>, ApiError> {
    let tokens = state.store.personal_tokens(user.user_id).await?;
    Ok(Json(TokenList {
        result: SUCCESS,
        tokens: tokens.into_iter().map(TokenView::from).collect(),
    }))
}

/// Revoke one of your personal access tokens, at once.
#[utoipa::path(delete, path = "/users/me/tokens/{id}", tag = "tokens",
    params(IdPath<TokenId>),
    security(("bearer" = ["session"])),
    responses((status = 200, description = "Revoked", body = Done)))]
async fn delete_token(
    State(state): State<AppState>,
    SessionUser(user): SessionUser,
    IdPath(id): IdPath<TokenId>,
) -> Result<Json<Done>, ApiError> {
    if !state.store.delete_personal_token(id, user.user_id).await? {
        return Err(ApiError::NotFound("token not found"));
    }
    Ok(Json(Done::new()))
}
