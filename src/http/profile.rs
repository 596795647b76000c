//! Accounts: the caller's own (`/users/me`: read, rename, change password, delete) and other
//! users' public profiles (`/users/{id}`, `/users/{id}/recipes`).
//!
//! Changing the password needs the current one and ends every other session. Deleting the
//! account needs the password and deletes the user's recipes, sessions and tokens with it.
//! Both need a login session: personal access tokens cannot do either.

use axum::{
    Json, Router,
    extract::State,
    response::Response,
    routing::{get, post},
};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};

use super::{
    extract::{ApiJson, IdPath, ListParams},
    lists,
    views::{AccountView, Done, SUCCESS},
};
use crate::{
    auth::{AuthUser, PasswordCheck, SessionUser},
    domain::{FieldErrors, OwnRecipes, Password, UserId, Username, required},
    error::ApiError,
    state::AppState,
    store::{User, Visibility},
};

/// Account routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/users/me", get(me).patch(rename).delete(delete_account))
        .route("/users/me/password", post(change_password))
        .route("/users/{id}", get(public_profile))
        .route("/users/{id}/recipes", get(public_recipes))
}

#[derive(Debug, Serialize)]
struct AccountEnvelope {
    result: &'static str,
    user: AccountView,
}

#[derive(Debug, Serialize)]
struct PublicUser {
    id: i64,
    username: String,
    /// Published recipes only.
    recipe_count: u64,
}

#[derive(Debug, Serialize)]
struct PublicEnvelope {
    result: &'static str,
    user: PublicUser,
}

#[derive(Debug, Deserialize)]
struct RenameInput {
    username: Option<String>,
}

#[derive(Debug, Deserialize)]
struct PasswordChangeInput {
    current_password: Option<String>,
    new_password: Option<String>,
}

#[derive(Debug, Deserialize)]
struct ConfirmInput {
    password: Option<String>,
}

const NO_USER: ApiError = ApiError::NotFound("user not found");

async fn own_account(state: &AppState, user: &AuthUser) -> Result<User, ApiError> {
    state.store.find_user(user.user_id).await?.ok_or(NO_USER)
}

/// Checks `password` against the caller's current one (403 `wrong_password` otherwise).
async fn confirm_password(
    state: &AppState,
    account: &User,
    password: String,
) -> Result<(), ApiError> {
    let password = SecretString::from(password);
    match state
        .hasher
        .verify(&password, Some(&account.password))
        .await?
    {
        PasswordCheck::Mismatch => Err(ApiError::WrongPassword),
        PasswordCheck::Match | PasswordCheck::MatchNeedsRehash => Ok(()),
    }
}

/// `GET /users/me`.
async fn me(
    State(state): State<AppState>,
    user: AuthUser,
) -> Result<Json<AccountEnvelope>, ApiError> {
    let account = own_account(&state, &user).await?;
    Ok(Json(AccountEnvelope {
        result: SUCCESS,
        user: account.into(),
    }))
}

/// `PATCH /users/me`: changes the username.
async fn rename(
    State(state): State<AppState>,
    user: AuthUser,
    ApiJson(input): ApiJson<RenameInput>,
) -> Result<Json<AccountEnvelope>, ApiError> {
    let username = required(input.username)
        .and_then(|raw| Username::parse(&raw))
        .map_err(|m| ApiError::field("username", m))?;
    let account = state
        .store
        .update_username(user.user_id, &username)
        .await?
        .ok_or(NO_USER)?;
    Ok(Json(AccountEnvelope {
        result: SUCCESS,
        user: account.into(),
    }))
}

/// `POST /users/me/password`: needs the current password; ends every other session.
async fn change_password(
    State(state): State<AppState>,
    SessionUser(user): SessionUser,
    ApiJson(input): ApiJson<PasswordChangeInput>,
) -> Result<Json<Done>, ApiError> {
    let mut errors = FieldErrors::new();
    let current = errors.take("current_password", required(input.current_password));
    let new = errors.take(
        "new_password",
        required(input.new_password).and_then(|p| Password::parse(&p, state.password_policy)),
    );
    let (Some(current), Some(new)) = (current, new) else {
        return Err(ApiError::Validation(errors));
    };
    let account = own_account(&state, &user).await?;
    confirm_password(&state, &account, current).await?;
    let hash = state.hasher.hash(new.secret()).await?;
    state
        .store
        .update_password_hash(user.user_id, &hash)
        .await?;
    state
        .store
        .revoke_other_sessions(user.user_id, user.session_id())
        .await?;
    Ok(Json(Done::new()))
}

/// `DELETE /users/me`: needs the password; deletes the account, its recipes and its sessions.
async fn delete_account(
    State(state): State<AppState>,
    SessionUser(user): SessionUser,
    ApiJson(input): ApiJson<ConfirmInput>,
) -> Result<Json<Done>, ApiError> {
    let password = required(input.password).map_err(|m| ApiError::field("password", m))?;
    let account = own_account(&state, &user).await?;
    confirm_password(&state, &account, password).await?;
    if !state.store.delete_user(user.user_id).await? {
        return Err(NO_USER);
    }
    Ok(Json(Done::new()))
}

/// `GET /users/{id}`: a user's public profile.
async fn public_profile(
    State(state): State<AppState>,
    IdPath(id): IdPath<UserId>,
) -> Result<Json<PublicEnvelope>, ApiError> {
    let account = state.store.find_user(id.get()).await?.ok_or(NO_USER)?;
    let recipe_count = state.store.count_published(account.id).await?;
    Ok(Json(PublicEnvelope {
        result: SUCCESS,
        user: PublicUser {
            id: account.id,
            username: account.username,
            recipe_count,
        },
    }))
}

/// `GET /users/{id}/recipes`: a user's published recipes, with the same parameters as
/// `GET /recipes`.
async fn public_recipes(
    State(state): State<AppState>,
    IdPath(id): IdPath<UserId>,
    params: ListParams,
) -> Result<Response, ApiError> {
    if state.store.find_user(id.get()).await?.is_none() {
        return Err(NO_USER);
    }
    let visibility = Visibility::OwnedBy(id.get(), OwnRecipes::Published);
    lists::answer(&state, visibility, &format!("user:{}", id.get()), params).await
}
