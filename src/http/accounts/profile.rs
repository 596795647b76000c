//! Accounts: the caller's own (`/users/me`: read, rename, change password, delete) and other
//! users' public profiles (`/users/{id}`, `/users/{id}/recipes`).
//!
//! A new email address (`PATCH /users/me {"email"}`) is pending until the link mailed to it is
//! used (`POST /users/verify`); the current address stays the account's (and signs in) until
//! then, and gets a notice of the request. Changing the password needs the current one and
//! ends every other session. Deleting the
//! account needs the password and deletes the user's recipes, sessions and tokens with it.
//! Both need a login session: personal access tokens cannot do either.

use axum::{Json, extract::State, http::HeaderMap, response::Response};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::verification_mail::{count_mail, mail_language, new_verification};
use crate::{
    auth::{AuthUser, IfSignedIn, PasswordCheck, SessionUser},
    domain::{
        Actor, AuditAction, Email, FieldErrors, Language, ListScope, Password, UserId, Username,
        required,
    },
    error::{ApiError, ErrorBody},
    http::{
        contract::schemas,
        extract::{ApiJson, IdPath, ListParams},
        layers::PublicReader,
        recipes::answer_list,
        views::{AccountEnvelope, Done, LanguageCode, Outcome, RecipeList, SUCCESS},
    },
    mail::Letter,
    state::AppState,
    store::{AuditEntry, EmailChange, User},
};

/// Account routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_account, update_account, delete_account))
        .routes(routes!(change_password))
        .routes(routes!(get_user))
        .routes(routes!(list_user_recipes))
}

/// What anyone may know of a user.
#[derive(Debug, Serialize, ToSchema)]
struct PublicUser {
    /// The user's id.
    #[schema(minimum = 1)]
    id: i64,
    /// Display name.
    #[schema(example = "홍길동")]
    username: String,
    /// Published recipes only.
    #[schema(minimum = 0)]
    recipe_count: u64,
    /// The avatar's largest JPEG (a square), or null.
    #[schema(example = "/media/5a1e0b3c0d2e6b1f4a9c8d7e6f5a4b3c2d1e0f9a.jpg")]
    avatar_url: Option<String>,
    /// How many users follow them.
    #[schema(minimum = 0)]
    follower_count: i64,
    /// How many users they follow.
    #[schema(minimum = 0)]
    following_count: i64,
    /// Only for a signed-in caller: whether you follow them.
    #[serde(skip_serializing_if = "Option::is_none")]
    is_following: Option<bool>,
}

/// `{"result": "success", "user": profile}`.
#[derive(Debug, Serialize, ToSchema)]
struct PublicEnvelope {
    result: Outcome,
    /// The profile.
    user: PublicUser,
}

/// What to change of your account: any of these fields (absent ones stay as they are).
#[derive(Debug, Deserialize, ToSchema)]
struct AccountPatchInput {
    /// A new display name (not null).
    #[serde(default, deserialize_with = "present")]
    #[schema(schema_with = schemas::username)]
    username: Option<Option<String>>,
    /// Your language for mail, pages and messages; null follows the browser's
    /// `Accept-Language`.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<LanguageCode>, nullable = true)]
    language: Option<Option<String>>,
    /// A new email address: it becomes `pending_email`, and your address once you open the
    /// link mailed to it. Your current address is a no-op.
    #[serde(default, deserialize_with = "present")]
    #[schema(schema_with = schemas::email)]
    email: Option<Option<String>>,
}

/// Tells an absent field (`None`) from an explicit `null` (`Some(None)`).
fn present<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// The current password and the new one (whose lengths are the configured policy).
#[derive(Debug, Deserialize, ToSchema)]
struct PasswordChangeInput {
    /// Your current password.
    #[schema(value_type = String, required = true, format = Password)]
    current_password: Option<String>,
    #[schema(schema_with = schemas::new_password, required = true)]
    new_password: Option<String>,
}

/// Your password, to confirm.
#[derive(Debug, Deserialize, ToSchema)]
struct ConfirmInput {
    /// Your current password.
    #[schema(value_type = String, required = true, format = Password)]
    password: Option<String>,
}

/// One of the languages recipe-api speaks, by its exact code.
fn parse_language(code: &str) -> Result<Language, String> {
    match code {
        "en" => Ok(Language::English),
        "ko" => Ok(Language::Korean),
        _ => Err("must be \"en\" or \"ko\" (or null)".into()),
    }
}

const NO_USER: ApiError = ApiError::NotFound("user not found");

async fn own_account(state: &AppState, user: &AuthUser) -> Result<User, ApiError> {
    state.store.find_user(user.user_id).await?.ok_or(NO_USER)
}

/// Checks `password` against the caller's current one (403 `wrong_password` otherwise; 404
/// when the account is gone).
async fn confirm_password(
    state: &AppState,
    user: &AuthUser,
    password: String,
) -> Result<(), ApiError> {
    let password = SecretString::from(password);
    let hash = state
        .store
        .password_hash(user.user_id)
        .await?
        .ok_or(NO_USER)?;
    match state.hasher.verify(&password, Some(&hash)).await? {
        PasswordCheck::Mismatch => Err(ApiError::WrongPassword),
        PasswordCheck::Match | PasswordCheck::MatchNeedsRehash => Ok(()),
    }
}

/// Your account.
#[utoipa::path(get, path = "/users/me", tag = "accounts",
    security(("bearer" = ["read"])),
    responses((status = 200, description = "Your account", body = AccountEnvelope)))]
async fn get_account(
    State(state): State<AppState>,
    user: AuthUser,
) -> Result<Json<AccountEnvelope>, ApiError> {
    let account = own_account(&state, &user).await?;
    Ok(Json(AccountEnvelope {
        result: SUCCESS,
        user: account.into(),
    }))
}

/// Change your username, language or email address.
///
/// A new email address becomes `pending_email`: a verification link is mailed to it (valid for
/// `EMAIL_VERIFICATION_HOURS`) and a notice to your current address, which stays yours — and
/// the one you sign in with — until the link is used. A new address counts against
/// `PASSWORD_RESETS_PER_HOUR` per account.
#[utoipa::path(patch, path = "/users/me", tag = "accounts",
    request_body = AccountPatchInput,
    security(("bearer" = ["write"])),
    responses(
        (status = 200, description = "Your account, changed", body = AccountEnvelope),
        (status = 409, description = "`email_taken`: another account has the new address", body = ErrorBody),
        (status = 429, description = "`rate_limited`: too many verification links asked for this account", body = ErrorBody),
    ))]
async fn update_account(
    State(state): State<AppState>,
    user: AuthUser,
    headers: HeaderMap,
    ApiJson(input): ApiJson<AccountPatchInput>,
) -> Result<Json<AccountEnvelope>, ApiError> {
    let mut errors = FieldErrors::new();
    let username = match input.username {
        None => None,
        Some(None) => errors.take("username", Err("must be a string, not null".to_owned())),
        Some(Some(raw)) => errors.take("username", Username::parse(&raw)),
    };
    let email = match input.email {
        None => None,
        Some(None) => errors.take("email", Err("must be a string, not null".to_owned())),
        Some(Some(raw)) => errors.take("email", Email::parse(&raw)),
    };
    let language = match input.language {
        None => None,
        Some(None) => Some(None),
        Some(Some(code)) => errors.take("language", parse_language(&code)).map(Some),
    };
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let mut account = state
        .store
        .update_profile(user.user_id, username.as_ref(), language)
        .await?
        .ok_or(NO_USER)?;
    if let Some(email) = email.filter(|email| email.as_str() != account.email) {
        account = change_email(&state, &headers, account, &email).await?;
    }
    Ok(Json(AccountEnvelope {
        result: SUCCESS,
        user: account.into(),
    }))
}

/// Makes `email` the pending address of `account`, mailing its verification link and a notice
/// to the current address.
async fn change_email(
    state: &AppState,
    headers: &HeaderMap,
    account: User,
    email: &Email,
) -> Result<User, ApiError> {
    count_mail(state, account.id).await?;
    let language = mail_language(headers, account.language);
    let verification = new_verification(state, &account.username, email.as_str(), language)?;
    let notice = state.postbox.letter(
        &Letter::EmailChangeRequested {
            username: account.username.clone(),
            new_email: email.as_str().to_owned(),
        },
        language,
        &account.email,
    );
    let actor = Actor::account(account.id, &account.username);
    match state
        .store
        .request_email_change(account.id, email, &verification, &notice, &actor)
        .await?
    {
        EmailChange::Requested(account) => {
            state.postbox.wake();
            Ok(*account)
        }
        EmailChange::Taken => Err(ApiError::EmailTaken),
        EmailChange::Gone => Err(NO_USER),
    }
}

/// Change your password; every other session ends.
#[utoipa::path(post, path = "/users/me/password", tag = "accounts",
    request_body = PasswordChangeInput,
    security(("bearer" = ["session"])),
    responses(
        (status = 200, description = "Changed", body = Done),
        (status = 403, description = "`wrong_password`: the current password is wrong; or \
            `session_required`: a personal access token cannot do this", body = ErrorBody),
    ))]
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
    confirm_password(&state, &user, current).await?;
    let hash = state.hasher.hash(new.secret()).await?;
    state
        .store
        .update_password_hash(user.user_id, &hash)
        .await?;
    state
        .store
        .revoke_other_sessions(user.user_id, user.session_id())
        .await?;
    let account = own_account(&state, &user).await?;
    state
        .store
        .record_audit(AuditEntry {
            actor: &Actor::account(account.id, &account.username),
            action: AuditAction::PasswordChanged,
            subject: Some(account.id),
            target: None,
            details: serde_json::Value::Null,
        })
        .await?;
    Ok(Json(Done::new()))
}

/// Delete your account, with its recipes, sessions and tokens.
#[utoipa::path(delete, path = "/users/me", tag = "accounts",
    request_body = ConfirmInput,
    security(("bearer" = ["session"])),
    responses(
        (status = 200, description = "Deleted", body = Done),
        (status = 403, description = "`wrong_password`: the password is wrong; or \
            `session_required`: a personal access token cannot do this", body = ErrorBody),
    ))]
async fn delete_account(
    State(state): State<AppState>,
    SessionUser(user): SessionUser,
    ApiJson(input): ApiJson<ConfirmInput>,
) -> Result<Json<Done>, ApiError> {
    let password = required(input.password).map_err(|m| ApiError::field("password", m))?;
    confirm_password(&state, &user, password).await?;
    let files = state.store.user_photo_files(user.user_id).await?;
    if !state.store.delete_user(user.user_id).await? {
        return Err(NO_USER);
    }
    state.media.release(&state.store, &files).await;
    Ok(Json(Done::new()))
}

/// A user's public profile.
#[utoipa::path(get, path = "/users/{id}", tag = "users",
    params(IdPath<UserId>),
    security((), ("bearer" = ["read"])),
    responses((status = 200, description = "The profile", body = PublicEnvelope)))]
async fn get_user(
    State(state): State<AppState>,
    viewer: IfSignedIn,
    reader: PublicReader,
    IdPath(id): IdPath<UserId>,
) -> Result<Json<PublicEnvelope>, ApiError> {
    let replica_ok = reader.0 && viewer.0.is_none();
    let found = state
        .store
        .public_read(replica_ok, |store| async move {
            let Some(account) = store.find_user(id).await? else {
                return Ok(None);
            };
            let recipe_count = store.count_published(account.id).await?;
            Ok(Some((account, recipe_count)))
        })
        .await?;
    let (account, recipe_count) = found.ok_or(NO_USER)?;
    let is_following = match viewer.id() {
        Some(viewer) => Some(state.store.follows(viewer, account.id).await?),
        None => None,
    };
    Ok(Json(PublicEnvelope {
        result: SUCCESS,
        user: PublicUser {
            id: account.id.get(),
            username: account.username,
            recipe_count,
            avatar_url: account.avatar.map(|avatar| avatar.url),
            follower_count: account.follower_count,
            following_count: account.following_count,
            is_following,
        },
    }))
}

/// A user's published recipes, with the parameters of `GET /recipes`.
#[utoipa::path(get, path = "/users/{id}/recipes", tag = "users",
    params(IdPath<UserId>, ListParams),
    security((), ("bearer" = ["read"])),
    responses((status = 200, description = "A page of the user's published recipes", body = RecipeList,
        headers(("Link" = String, description = "`<next page URL>; rel=\"next\"` when more follows")))))]
async fn list_user_recipes(
    State(state): State<AppState>,
    viewer: IfSignedIn,
    reader: PublicReader,
    IdPath(id): IdPath<UserId>,
    params: ListParams,
) -> Result<Response, ApiError> {
    let replica_ok = reader.0 && viewer.0.is_none();
    let exists = state
        .store
        .public_read(
            replica_ok,
            |store| async move { store.user_exists(id).await },
        )
        .await?;
    if !exists {
        return Err(NO_USER);
    }
    answer_list(&state, ListScope::Author(id), params, viewer.id(), reader).await
}
