//! Forgotten passwords: `POST /users/password/forgot` mails a single-use reset link,
//! `POST /users/password/reset` uses it.
//!
//! Asking never tells whether an account has the address: the answer is the same 202 with the
//! same body, given after the same fixed time ([`ANSWER_TIME`]) whether a link was mailed or
//! not. Requests are limited per address (registered or not) and per client address. The link
//! (`<site>/reset-password#token=prt_…`: the token is in the fragment, which browsers do not send
//! to servers or in `Referer`) works once, for `PASSWORD_RESET_MINUTES`, and only while it is
//! the account's newest. Using it sets the password, ends every session of the account (their
//! access and refresh tokens stop working at once) and mails a notice. Personal access tokens
//! are kept: the account's owner manages them.

use std::time::Duration;

use axum::{
    Json,
    extract::State,
    http::{HeaderMap, StatusCode, header::ACCEPT_LANGUAGE},
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::http::layers::within_limit;
use crate::{
    auth::opaque::{RESET_PREFIX, hash_token, new_token},
    domain::{Actor, Email, FieldErrors, Language, Password, required},
    error::{ApiError, ErrorBody},
    http::{
        contract::schemas,
        extract::ApiJson,
        views::{Done, Outcome, SUCCESS},
    },
    mail::Letter,
    state::AppState,
};

/// How long `POST /users/password/forgot` takes, whatever it finds.
pub const ANSWER_TIME: Duration = Duration::from_millis(300);

/// Password reset routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(forgot_password))
        .routes(routes!(reset_password))
}

/// Whose password is forgotten.
#[derive(Debug, Deserialize, ToSchema)]
struct ForgotInput {
    #[schema(schema_with = schemas::email, required = true)]
    email: Option<String>,
}

/// A reset token and the new password.
#[derive(Debug, Deserialize, ToSchema)]
struct ResetInput {
    /// The token of the reset link (`prt_…`, after `#token=`).
    #[schema(value_type = String, required = true, example = "prt_Zm9v…")]
    token: Option<String>,
    #[schema(schema_with = schemas::new_password, required = true)]
    new_password: Option<String>,
}

/// `{"result": "success", "message": …}`: the same whether or not an account has the address.
#[derive(Debug, Serialize, ToSchema)]
struct ForgotResponse {
    result: Outcome,
    /// What happens next.
    #[schema(
        example = "If an account has this address, a message with a reset link is on its way."
    )]
    message: &'static str,
}

/// Ask for a password reset link by mail.
///
/// Always 202 with the same body after the same time, whether or not an account has the
/// address. The link in the message works once, for an hour (`PASSWORD_RESET_MINUTES`), and
/// only while it is the newest one asked for. The message is in Korean when `Accept-Language`
/// prefers Korean, else in English.
#[utoipa::path(post, path = "/users/password/forgot", tag = "accounts",
    request_body = ForgotInput,
    responses(
        (status = 202, description = "Accepted: a link is mailed if an account has the address", body = ForgotResponse),
        (status = 429, description = "`rate_limited`: too many requests for this address or from this client", body = ErrorBody),
    ))]
async fn forgot_password(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiJson(input): ApiJson<ForgotInput>,
) -> Result<(StatusCode, Json<ForgotResponse>), ApiError> {
    let deadline = tokio::time::Instant::now() + ANSWER_TIME;
    let email = required(input.email)
        .and_then(|e| Email::parse(&e))
        .map_err(|message| ApiError::field("email", message))?;
    within_limit(&state.limits.resets_per_address, email.as_str()).await?;
    let language = language_of(&headers);
    if let Some(account) = state.store.find_credentials(&email).await? {
        let user = account.user;
        let (token, hash) = new_token(RESET_PREFIX)?;
        let ttl = state.password_reset_ttl;
        let letter = Letter::PasswordReset {
            username: user.username,
            link: format!("{}/reset-password#token={token}", state.postbox.site()),
            minutes: ttl.as_secs() / 60,
        };
        let mail = state.postbox.letter(&letter, language, &user.email);
        let expires_at = chrono::Utc::now() + chrono::Duration::from_std(ttl).unwrap_or_default();
        if state
            .store
            .start_password_reset(user.id, &hash, expires_at, &mail)
            .await?
        {
            state.postbox.wake();
        }
    }
    tokio::time::sleep_until(deadline).await;
    Ok((
        StatusCode::ACCEPTED,
        Json(ForgotResponse {
            result: SUCCESS,
            message: "If an account has this address, a message with a reset link is on its way.",
        }),
    ))
}

/// Set a new password with a reset link's token.
///
/// The token works once, and only while it is the newest asked for and not expired. Every
/// session of the account ends; a notice is mailed.
#[utoipa::path(post, path = "/users/password/reset", tag = "accounts",
    request_body = ResetInput,
    responses(
        (status = 200, description = "The password is changed; log in with it", body = Done),
        (status = 403, description = "`invalid_reset_token`: the token is unknown, used, replaced by a newer one, or expired", body = ErrorBody),
    ))]
async fn reset_password(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiJson(input): ApiJson<ResetInput>,
) -> Result<Json<Done>, ApiError> {
    let mut errors = FieldErrors::new();
    let token = errors.take("token", required(input.token));
    let password = errors.take(
        "new_password",
        required(input.new_password).and_then(|p| Password::parse(&p, state.password_policy)),
    );
    let (Some(token), Some(password)) = (token, password) else {
        return Err(ApiError::Validation(errors));
    };
    let hash = hash_token(&token);
    let Some((user_id, username, email)) = state.store.password_reset_account(&hash).await? else {
        return Err(ApiError::InvalidResetToken);
    };
    let password_hash = state.hasher.hash(password.secret()).await?;
    let language = language_of(&headers);
    let actor = Actor::account(user_id, &username);
    let notice = state
        .postbox
        .letter(&Letter::PasswordChanged { username }, language, &email);
    if !state
        .store
        .finish_password_reset(&hash, user_id, &password_hash, &notice, &actor)
        .await?
    {
        return Err(ApiError::InvalidResetToken);
    }
    state.postbox.wake();
    Ok(Json(Done::new()))
}

/// The language `Accept-Language` prefers.
fn language_of(headers: &HeaderMap) -> Language {
    Language::from_accept_language(
        headers
            .get(ACCEPT_LANGUAGE)
            .and_then(|value| value.to_str().ok()),
    )
}
