//! `AuthUser` and `SessionUser`: the authenticated caller, as extractors.
//!
//! Put `AuthUser` in a handler's signature to require a credential, or `Option<AuthUser>` to
//! accept anonymous callers too (a credential that is present but invalid is still refused).
//! Two kinds of `Authorization: Bearer` credential are accepted:
//! - an access token (JWT) from a login: valid when its signature, algorithm and expiry check
//!   out, its `jti` has not been revoked, its user still exists and is not disabled, and its
//!   session has not ended;
//! - a personal access token (`rpat_…`): valid while it exists, has not expired and its
//!   account is not disabled. A `read`
//!   token may only use safe methods (GET, HEAD, OPTIONS); anything else is 403
//!   `insufficient_scope`.
//!
//! `SessionUser` additionally requires a login session: managing credentials (password, account,
//! sessions, personal tokens) is refused to personal access tokens (403 `session_required`).
//! Every authentication failure is a 401 with `WWW-Authenticate: Bearer`.

use axum::{
    extract::{FromRequestParts, OptionalFromRequestParts},
    http::{HeaderValue, header, request::Parts},
};
use chrono::{DateTime, Utc};

use super::{
    AccessClaims,
    opaque::{PERSONAL_PREFIX, hash_token},
};
use crate::{
    domain::{SessionId, TokenId, TokenScope, UserId},
    error::{ApiError, AuthFailure},
    state::AppState,
};

/// A caller who presented a valid credential.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthUser {
    /// The caller's user id.
    pub user_id: UserId,
    /// What they presented.
    pub credential: Credential,
}

/// The credential a request was authenticated with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credential {
    /// An access token issued at login or refresh.
    Session {
        /// The token's id (for revocation).
        jti: String,
        /// When the token expires.
        expires_at: DateTime<Utc>,
        /// The session it belongs to (absent only in tokens issued before sessions existed).
        session_id: Option<SessionId>,
    },
    /// A personal access token.
    Personal {
        /// The token's row id.
        token_id: TokenId,
        /// What it may do.
        scope: TokenScope,
    },
}

impl AuthUser {
    /// The login session of this request, if it was made with a session's access token.
    pub fn session_id(&self) -> Option<SessionId> {
        match &self.credential {
            Credential::Session { session_id, .. } => *session_id,
            Credential::Personal { .. } => None,
        }
    }
}

/// A caller authenticated with a login session's access token (not a personal access token).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionUser(pub AuthUser);

fn unauthorized(failure: AuthFailure, message: &'static str) -> ApiError {
    ApiError::unauthorized(failure, message)
}

/// The token of a `Bearer` authorization header (scheme matched case-insensitively).
fn bearer_token(value: &HeaderValue) -> Result<&str, ApiError> {
    let malformed = || {
        unauthorized(
            AuthFailure::InvalidToken,
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

async fn authenticate(value: &HeaderValue, state: &AppState) -> Result<AuthUser, ApiError> {
    let token = bearer_token(value)?;
    if token.starts_with(PERSONAL_PREFIX) {
        return authenticate_personal(token, state).await;
    }
    let claims = state.tokens.verify_access(token)?;
    let valid = state
        .store
        .access_is_valid(claims.user_id, &claims.jti, claims.session_id)
        .await?;
    if valid {
        return Ok(session_user(claims));
    }
    // Something failed: find out what, for the error code.
    if state.store.is_revoked(&claims.jti).await? {
        return Err(unauthorized(
            AuthFailure::TokenRevoked,
            "access token has been revoked",
        ));
    }
    if state.store.user_is_disabled(claims.user_id).await? {
        return Err(unauthorized(
            AuthFailure::AccountDisabled,
            "this account has been disabled by an administrator",
        ));
    }
    if !state.store.user_exists(claims.user_id).await? {
        return Err(unauthorized(
            AuthFailure::InvalidToken,
            "access token is invalid",
        ));
    }
    if let Some(session_id) = claims.session_id
        && !state
            .store
            .session_is_active(session_id, claims.user_id)
            .await?
    {
        return Err(unauthorized(
            AuthFailure::SessionEnded,
            "the session of this access token has ended",
        ));
    }
    // The one-query check refused it; refuse it here too even if no single check can say why.
    Err(unauthorized(
        AuthFailure::InvalidToken,
        "access token is invalid",
    ))
}

fn session_user(claims: AccessClaims) -> AuthUser {
    AuthUser {
        user_id: claims.user_id,
        credential: Credential::Session {
            jti: claims.jti,
            expires_at: claims.expires_at,
            session_id: claims.session_id,
        },
    }
}

async fn authenticate_personal(token: &str, state: &AppState) -> Result<AuthUser, ApiError> {
    let invalid = || {
        unauthorized(
            AuthFailure::InvalidToken,
            "personal access token is invalid, revoked or expired",
        )
    };
    let row = state
        .store
        .use_personal_token(&hash_token(token))
        .await?
        .ok_or_else(invalid)?;
    let scope = TokenScope::parse(&row.scope).map_err(|_| invalid())?;
    Ok(AuthUser {
        user_id: row.user_id,
        credential: Credential::Personal {
            token_id: row.id,
            scope,
        },
    })
}

/// Refuses a read-only token on a method that can change something.
fn check_scope(user: &AuthUser, parts: &Parts) -> Result<(), ApiError> {
    let read_only = matches!(
        user.credential,
        Credential::Personal {
            scope: TokenScope::Read,
            ..
        }
    );
    if read_only && !parts.method.is_safe() {
        return Err(ApiError::InsufficientScope);
    }
    Ok(())
}

impl FromRequestParts<AppState> for AuthUser {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let Some(value) = parts.headers.get(header::AUTHORIZATION) else {
            return Err(unauthorized(
                AuthFailure::MissingToken,
                "this route needs an access token (Authorization: Bearer <token>)",
            ));
        };
        let user = authenticate(value, state).await?;
        check_scope(&user, parts)?;
        Ok(user)
    }
}

impl OptionalFromRequestParts<AppState> for AuthUser {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Option<Self>, Self::Rejection> {
        match parts.headers.get(header::AUTHORIZATION) {
            Some(value) => {
                let user = authenticate(value, state).await?;
                check_scope(&user, parts)?;
                Ok(Some(user))
            }
            None => Ok(None),
        }
    }
}

/// The caller of a public read, when they present a valid credential: `None` without one, and
/// also for a credential that does not authenticate (expired, revoked, …) — a public read
/// ignores what it cannot use, as the original's lists did. Other failures (the database
/// away) are answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IfSignedIn(pub Option<AuthUser>);

impl FromRequestParts<AppState> for IfSignedIn {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        match <AuthUser as OptionalFromRequestParts<AppState>>::from_request_parts(parts, state)
            .await
        {
            Ok(user) => Ok(IfSignedIn(user)),
            Err(err) if err.status().is_client_error() => Ok(IfSignedIn(None)),
            Err(err) => Err(err),
        }
    }
}

impl IfSignedIn {
    /// The caller's id, if signed in.
    pub fn id(&self) -> Option<UserId> {
        self.0.as_ref().map(|user| user.user_id)
    }
}

impl FromRequestParts<AppState> for SessionUser {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let user =
            <AuthUser as FromRequestParts<AppState>>::from_request_parts(parts, state).await?;
        match user.credential {
            Credential::Session { .. } => Ok(SessionUser(user)),
            Credential::Personal { .. } => Err(ApiError::SessionRequired),
        }
    }
}
