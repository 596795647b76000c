//! `AuthUser`: the authenticated caller, as an extractor.
//!
//! Put `AuthUser` in a handler's signature to require a valid access token, or
//! `Option<AuthUser>` to accept anonymous callers too (a token that is present but invalid is
//! still refused). A token is valid when its signature, algorithm and expiry check out, its
//! `jti` has not been revoked, its user still exists and its session has not ended. Every
//! failure is a 401 with `WWW-Authenticate: Bearer`.

use axum::{
    extract::{FromRequestParts, OptionalFromRequestParts},
    http::{header, request::Parts},
};
use chrono::{DateTime, Utc};

use crate::{error::ApiError, state::AppState};

/// A caller who presented a valid access token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthUser {
    /// The caller's user id.
    pub user_id: i64,
    /// The presented token's id.
    pub jti: String,
    /// When the presented token expires.
    pub expires_at: DateTime<Utc>,
    /// The session the token was issued in.
    pub session_id: Option<i64>,
}

fn unauthorized(code: &'static str, message: &'static str) -> ApiError {
    ApiError::Unauthorized { code, message }
}

/// The token of a `Bearer` authorization header (scheme matched case-insensitively).
fn bearer_token(value: &header::HeaderValue) -> Result<&str, ApiError> {
    let malformed = || {
        unauthorized(
            "invalid_token",
            "Authorization header must be 'Bearer <token>'",
        )
    };
    let value = value.to_str().map_err(|_| malformed())?;
    let (scheme, token) = value.split_once(' ').ok_or_else(malformed)?;
    let token = token.trim();
    if !scheme.eq_ignore_ascii_case("bearer") || token.is_empty() {
        return Err(malformed());
    }
    Ok(token)
}

impl AuthUser {
    async fn authenticate(value: &header::HeaderValue, state: &AppState) -> Result<Self, ApiError> {
        let claims = state.tokens.verify_access(bearer_token(value)?)?;
        if state.store.is_revoked(&claims.jti).await? {
            return Err(unauthorized(
                "token_revoked",
                "access token has been revoked",
            ));
        }
        if !state.store.user_exists(claims.user_id).await? {
            return Err(unauthorized("invalid_token", "access token is invalid"));
        }
        if let Some(session_id) = claims.session_id
            && !state
                .store
                .session_is_active(session_id, claims.user_id)
                .await?
        {
            return Err(unauthorized(
                "session_ended",
                "the session of this access token has ended",
            ));
        }
        Ok(Self {
            user_id: claims.user_id,
            jti: claims.jti,
            expires_at: claims.expires_at,
            session_id: claims.session_id,
        })
    }
}

impl FromRequestParts<AppState> for AuthUser {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        match parts.headers.get(header::AUTHORIZATION) {
            Some(value) => Self::authenticate(value, state).await,
            None => Err(unauthorized(
                "missing_token",
                "this route needs an access token (Authorization: Bearer <token>)",
            )),
        }
    }
}

impl OptionalFromRequestParts<AppState> for AuthUser {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Option<Self>, Self::Rejection> {
        match parts.headers.get(header::AUTHORIZATION) {
            Some(value) => Self::authenticate(value, state).await.map(Some),
            None => Ok(None),
        }
    }
}
