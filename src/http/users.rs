//! `/users/*`: register, log in, log out.

use axum::{Json, Router, extract::State, routing::post};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};

use super::{
    extract::ApiJson,
    views::{Done, SUCCESS},
};
use crate::{
    auth::{AuthUser, PasswordCheck},
    domain::{Email, FieldErrors, Password, Username},
    error::ApiError,
    state::AppState,
    store::StoreError,
};

/// Routes under `/users`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/users/register", post(register))
        .route("/users/login", post(login))
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

#[derive(Debug, Serialize)]
struct UserView {
    id: i64,
    username: String,
    email: String,
}

#[derive(Debug, Serialize)]
struct RegisterResponse {
    result: &'static str,
    access_token: String,
    user: UserView,
}

#[derive(Debug, Serialize)]
struct LoginResponse {
    result: &'static str,
    access_token: String,
}

/// `Ok(value)` when present, "is required" otherwise.
fn required(value: Option<String>) -> Result<String, String> {
    value.ok_or_else(|| "is required".to_owned())
}

/// `POST /users/register`: creates an account and logs it in.
async fn register(
    State(state): State<AppState>,
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
    let access_token = state.tokens.issue_access(user.id)?;
    Ok(Json(RegisterResponse {
        result: SUCCESS,
        access_token,
        user: UserView {
            id: user.id,
            username: user.username,
            email: user.email,
        },
    }))
}

/// `POST /users/login`: exchanges email and password for an access token. An unknown email and
/// a wrong password get the same answer after the same amount of work. A correct password whose
/// stored hash is the original app's pbkdf2 gets its hash upgraded to argon2id.
async fn login(
    State(state): State<AppState>,
    ApiJson(input): ApiJson<LoginInput>,
) -> Result<Json<LoginResponse>, ApiError> {
    let mut errors = FieldErrors::new();
    let email = errors.take("email", required(input.email));
    let password = errors.take("password", required(input.password));
    let (Some(email), Some(password)) = (email, password) else {
        return Err(ApiError::Validation(errors));
    };
    let password = SecretString::from(password);

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
    let access_token = state.tokens.issue_access(user.id)?;
    Ok(Json(LoginResponse {
        result: SUCCESS,
        access_token,
    }))
}

/// `POST /users/logout`: revokes the presented access token for every server instance.
async fn logout(State(state): State<AppState>, user: AuthUser) -> Result<Json<Done>, ApiError> {
    state
        .store
        .revoke_token(&user.jti, user.user_id, user.expires_at)
        .await?;
    Ok(Json(Done::new()))
}
