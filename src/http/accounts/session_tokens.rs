//! Starting a login session and rotating its refresh token: what register, login, refresh and
//! the session cookie's routes share. A session answers an access token (a short-lived JWT) and
//! a refresh token (opaque, rotated on every use, see `store::accounts::sessions` for reuse detection and
//! its grace window).

use axum::http::{HeaderMap, header};
use chrono::Utc;
use serde::Serialize;
use utoipa::ToSchema;

use crate::{
    auth::opaque::{REFRESH_PREFIX, hash_token, new_token},
    domain::UserId,
    error::{ApiError, AuthFailure},
    state::AppState,
    store::{Refresh, StoreError},
};

/// The tokens of a session, as every route that starts or refreshes one answers them.
#[derive(Debug, Serialize, ToSchema)]
pub struct SessionTokens {
    /// Short-lived JWT for `Authorization: Bearer`.
    pub access_token: String,
    /// Opaque, single-use token for `POST /users/refresh`.
    pub refresh_token: String,
    /// Always `Bearer`.
    #[schema(example = "Bearer")]
    pub token_type: &'static str,
    /// Seconds until the access token expires.
    #[schema(minimum = 1, example = 900)]
    pub expires_in: u64,
}

/// Longest user agent kept with a session.
const USER_AGENT_MAX: usize = 255;

fn user_agent(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::USER_AGENT)?.to_str().ok()?.trim();
    (!value.is_empty()).then(|| value.chars().take(USER_AGENT_MAX).collect())
}

/// Starts a session for `user_id` and issues its first tokens.
pub async fn start_session(
    state: &AppState,
    user_id: UserId,
    headers: &HeaderMap,
) -> Result<SessionTokens, ApiError> {
    let (refresh_token, hash) = new_token(REFRESH_PREFIX)?;
    let expires_at = Utc::now() + state.tokens.refresh_ttl();
    let session = state
        .store
        .create_session(user_id, user_agent(headers).as_deref(), &hash, expires_at)
        .await?;
    Ok(SessionTokens {
        access_token: state.tokens.issue_access(user_id, session.id)?,
        refresh_token,
        token_type: "Bearer",
        expires_in: state.tokens.access_ttl().as_secs(),
    })
}

/// Exchanges the refresh token `presented` for a new pair of the same session. The pair is
/// derived from `presented`: within the grace window a retry gets the same pair again.
pub async fn rotate_refresh_token(
    state: &AppState,
    presented: &str,
) -> Result<SessionTokens, ApiError> {
    let refresh_token = state.tokens.successor_of(presented);
    let expires_at = Utc::now() + state.tokens.refresh_ttl();
    let outcome = match state
        .store
        .refresh_session(
            &hash_token(presented),
            &hash_token(&refresh_token),
            expires_at,
            state.tokens.reuse_grace(),
        )
        .await
    {
        // The account (and with it the session) was deleted meanwhile.
        Err(StoreError::AccountGone) => Refresh::Invalid,
        other => other?,
    };
    match outcome {
        Refresh::Rotated {
            user_id,
            session_id,
            rotated_at,
        } => {
            let access_token = state
                .tokens
                .issue_rotated_access(user_id, session_id, rotated_at, presented)?;
            // A pair answered again expires as it did the first time.
            let age = (Utc::now() - rotated_at).to_std().unwrap_or_default();
            let expires_in = state.tokens.access_ttl().saturating_sub(age).as_secs();
            Ok(SessionTokens {
                access_token,
                refresh_token,
                token_type: "Bearer",
                expires_in: expires_in.max(1),
            })
        }
        Refresh::Reused => Err(ApiError::Unauthorized {
            failure: AuthFailure::RefreshTokenReused,
            message: "this refresh token was already used; its session has been ended",
        }),
        Refresh::Invalid => Err(ApiError::Unauthorized {
            failure: AuthFailure::InvalidRefreshToken,
            message: "refresh token is invalid or expired",
        }),
    }
}
