//! `/users/*`: register, log in, refresh, log out.
//!
//! Register and login start a session and answer an access token (short-lived JWT) and a
//! refresh token (opaque, rotated on every use). `POST /users/refresh` exchanges a refresh token
//! for a new pair; presenting an already-used one revokes its session. Logout ends the session.

use axum::{
    Json, Router,
    extract::State,
    http::{HeaderMap, header},
    routing::post,
};
use chrono::{DateTime, Utc};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};

use super::{
    extract::ApiJson,
    views::{AccountView, Done, SUCCESS},
};
use crate::{
    auth::{
        AuthUser, Credential, PasswordCheck,
        opaque::{REFRESH_PREFIX, hash_token, new_token},
    },
    domain::{Email, FieldErrors, Password, Username, required},
    error::ApiError,
    state::AppState,
    store::{Refresh, StoreError},
};

/// Routes under `/users`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/users/register", post(register))
        .route("/users/login", post(login))
        .route("/users/refresh", post(refresh))
        .route("/users/logout", post(logout))
}

#[derive(Debug, Deserialize)]
struct RegisterInput {
    username: Option<String>,
    email: Option<String>,
    password: Option<String>,
}

#[derive(Debug, Deserialize)]
struct LoginInput {
    email: Option<String>,
    password: Option<String>,
}

#[derive(Debug, Deserialize)]
struct RefreshInput {
    refresh_token: Option<String>,
}

/// The tokens of a session, as every route that starts or refreshes one answers them.
#[derive(Debug, Serialize)]
struct SessionTokens {
    access_token: String,
    refresh_token: String,
    token_type: &'static str,
    /// Seconds until the access token expires.
    expires_in: u64,
}

#[derive(Debug, Serialize)]
struct RegisterResponse {
    result: &'static str,
    #[serde(flatten)]
    tokens: SessionTokens,
    user: AccountView,
}

#[derive(Debug, Serialize)]
struct TokensResponse {
    result: &'static str,
    #[serde(flatten)]
    tokens: SessionTokens,
}

/// Longest user agent kept with a session.
const USER_AGENT_MAX: usize = 255;

fn user_agent(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::USER_AGENT)?.to_str().ok()?.trim();
    (!value.is_empty()).then(|| value.chars().take(USER_AGENT_MAX).collect())
}

/// Starts a session for `user_id` and issues its first tokens.
async fn start_session(
    state: &AppState,
    user_id: i64,
    headers: &HeaderMap,
) -> Result<SessionTokens, ApiError> {
    let (refresh_token, hash, expires_at) = new_refresh_token(state)?;
    let session = state
        .store
        .create_session(user_id, user_agent(headers).as_deref(), &hash, expires_at)
        .await?;
    session_tokens(state, user_id, session.id, refresh_token)
}

/// A new refresh token, its hash, and when it expires.
fn new_refresh_token(state: &AppState) -> Result<(String, String, DateTime<Utc>), ApiError> {
    let (token, hash) = new_token(REFRESH_PREFIX)?;
    Ok((token, hash, Utc::now() + state.tokens.refresh_ttl()))
}

fn session_tokens(
    state: &AppState,
    user_id: i64,
    session_id: i64,
    refresh_token: String,
) -> Result<SessionTokens, ApiError> {
    Ok(SessionTokens {
        access_token: state.tokens.issue_access(user_id, session_id)?,
        refresh_token,
        token_type: "Bearer",
        expires_in: state.tokens.access_ttl().as_secs(),
    })
}

/// `POST /users/register`: creates an account and logs it in.
async fn register(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiJson(input): ApiJson<RegisterInput>,
) -> Result<Json<RegisterResponse>, ApiError> {
    let mut errors = FieldErrors::new();
    let username = errors.take(
        "username",
        required(input.username).and_then(|u| Username::parse(&u)),
    );
    let email = errors.take(
        "email",
        required(input.email).and_then(|e| Email::parse(&e)),
    );
    let password = errors.take(
        "password",
        required(input.password).and_then(|p| Password::parse(&p, state.password_policy)),
    );
    let (Some(username), Some(email), Some(password)) = (username, email, password) else {
        return Err(ApiError::Validation(errors));
    };

    let hash = state.hasher.hash(password.secret()).await?;
    let user = state
        .store
        .insert_user(&username, &email, &hash)
        .await
        .map_err(|e| match e {
            StoreError::Conflict => ApiError::EmailTaken,
            other => other.into(),
        })?;
    let tokens = start_session(&state, user.id, &headers).await?;
    Ok(Json(RegisterResponse {
        result: SUCCESS,
        tokens,
        user: user.into(),
    }))
}

/// `POST /users/login`: exchanges email and password for an access token. An unknown email and
/// a wrong password get the same answer after the same amount of work. A correct password whose
/// stored hash is the original app's pbkdf2 gets its hash upgraded to argon2id.
async fn login(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiJson(input): ApiJson<LoginInput>,
) -> Result<Json<TokensResponse>, ApiError> {
    let mut errors = FieldErrors::new();
    let email = errors.take("email", required(input.email));
    let password = errors.take("password", required(input.password));
    let (Some(email), Some(password)) = (email, password) else {
        return Err(ApiError::Validation(errors));
    };
    let password = SecretString::from(password);
    // Per account (per submitted email, registered or not, so the limit reveals nothing).
    let decision = state
        .limits
        .login_per_account
        .check(&email.trim().to_lowercase());
    if decision.retry_after_secs.is_some() {
        return Err(ApiError::RateLimited(decision));
    }

    let user = match Email::parse(&email) {
        Ok(email) => state.store.find_user_by_email(&email).await?,
        Err(_) => None,
    };
    let stored = user.as_ref().map(|u| u.password.as_str());
    let check = state.hasher.verify(&password, stored).await?;
    let Some(user) = user.filter(|_| check != PasswordCheck::Mismatch) else {
        return Err(ApiError::InvalidCredentials);
    };
    if check == PasswordCheck::MatchNeedsRehash {
        // A hash from the original app: replace it with argon2id now that we know the password.
        let hash = state.hasher.hash(&password).await?;
        state.store.update_password_hash(user.id, &hash).await?;
    }
    let tokens = start_session(&state, user.id, &headers).await?;
    Ok(Json(TokensResponse {
        result: SUCCESS,
        tokens,
    }))
}

/// `POST /users/refresh`: exchanges a refresh token for a new access + refresh pair. The
/// presented token stops working; presenting it again revokes the whole session.
async fn refresh(
    State(state): State<AppState>,
    ApiJson(input): ApiJson<RefreshInput>,
) -> Result<Json<TokensResponse>, ApiError> {
    let presented =
        required(input.refresh_token).map_err(|m| ApiError::field("refresh_token", m))?;
    let (refresh_token, new_hash, expires_at) = new_refresh_token(&state)?;
    match state
        .store
        .refresh_session(&hash_token(&presented), &new_hash, expires_at)
        .await?
    {
        Refresh::Rotated {
            user_id,
            session_id,
        } => {
            let tokens = session_tokens(&state, user_id, session_id, refresh_token)?;
            Ok(Json(TokensResponse {
                result: SUCCESS,
                tokens,
            }))
        }
        Refresh::Reused => Err(ApiError::Unauthorized {
            code: "refresh_token_reused",
            message: "this refresh token was already used; its session has been ended",
        }),
        Refresh::Invalid => Err(ApiError::Unauthorized {
            code: "invalid_refresh_token",
            message: "refresh token is invalid or expired",
        }),
    }
}

/// `POST /users/logout`: revokes the presented credential for every server instance — an
/// access token together with its session (whose refresh tokens stop working), or a personal
/// access token.
async fn logout(State(state): State<AppState>, user: AuthUser) -> Result<Json<Done>, ApiError> {
    match &user.credential {
        Credential::Session {
            jti,
            expires_at,
            session_id,
        } => {
            state
                .store
                .revoke_token(jti, user.user_id, *expires_at)
                .await?;
            if let Some(session_id) = session_id {
                state
                    .store
                    .revoke_session(*session_id, user.user_id)
                    .await?;
            }
        }
        Credential::Personal { token_id, .. } => {
            state
                .store
                .delete_personal_token(*token_id, user.user_id)
                .await?;
        }
    }
    Ok(Json(Done::new()))
}
