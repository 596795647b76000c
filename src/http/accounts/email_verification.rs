//! Proving an email address: `POST /users/verify` uses the token of a verification link
//! (mailed at registration, on a change of address and on a resend), `POST
//! /users/me/verification` mails a new link.
//!
//! The token is the credential of `/users/verify`: no sign-in is needed. It works once, for
//! `EMAIL_VERIFICATION_HOURS`, and only while it is the account's newest. A token for the
//! account's address marks it verified; a token for its pending address (`PATCH /users/me
//! {"email"}`) makes that the account's address — unless another account took it meanwhile
//! (409 `email_taken`, nothing changes) — and records `email_changed` in the audit log.

use axum::{
    Json,
    extract::State,
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::verification_mail::{count_mail, mail_language, new_verification};
use crate::{
    auth::{AuthUser, opaque::hash_token},
    domain::required,
    error::{ApiError, ErrorBody},
    http::{
        extract::ApiJson,
        views::{AccountEnvelope, Done, Outcome, SUCCESS},
    },
    state::AppState,
    store::{StoreError, Verified},
};

/// Email verification routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(verify_email))
        .routes(routes!(resend_verification))
}

/// A verification token.
#[derive(Debug, Deserialize, ToSchema)]
struct VerifyInput {
    /// The token of the verification link (`evt_…`, after `#token=`).
    #[schema(value_type = String, required = true, example = "evt_Zm9v…")]
    token: Option<String>,
}

/// `{"result": "success", "already_verified": true}`: nothing to verify, no mail.
#[derive(Debug, Serialize, ToSchema)]
struct AlreadyVerified {
    result: Outcome,
    /// Always true.
    already_verified: bool,
}

/// Verify an email address with a verification link's token.
///
/// No sign-in needed: the token is the credential. It works once, and only while it is the
/// newest asked for and not expired. For a pending address, the account's address changes to
/// it (sign in with it from now on).
#[utoipa::path(post, path = "/users/verify", tag = "accounts",
    request_body = VerifyInput,
    responses(
        (status = 200, description = "Verified: the account, its address verified (and changed, for a pending address)", body = AccountEnvelope),
        (status = 403, description = "`invalid_verification_token`: the token is unknown, used, \
            replaced by a newer one or expired, or its address is no longer the account's nor \
            its pending one", body = ErrorBody),
        (status = 409, description = "`email_taken`: another account took the pending address \
            meanwhile; nothing changed", body = ErrorBody),
    ))]
async fn verify_email(
    State(state): State<AppState>,
    ApiJson(input): ApiJson<VerifyInput>,
) -> Result<Json<AccountEnvelope>, ApiError> {
    let token = required(input.token).map_err(|m| ApiError::field("token", m))?;
    match state.store.verify_email(&hash_token(&token)).await {
        Ok(Verified::Account(user)) => Ok(Json((*user).into())),
        Ok(Verified::Invalid) => Err(ApiError::InvalidVerificationToken),
        Err(StoreError::Conflict) => Err(ApiError::EmailTaken),
        Err(other) => Err(other.into()),
    }
}

/// Mail a new verification link.
///
/// For your pending address if there is one, else for your current address while it is
/// unverified: 202, earlier links stop working. Already verified with nothing pending: 200
/// `already_verified`, and no mail. Counted against `PASSWORD_RESETS_PER_HOUR` per account.
#[utoipa::path(post, path = "/users/me/verification", tag = "accounts",
    security(("bearer" = ["write"])),
    responses(
        (status = 202, description = "A new link is on its way", body = Done),
        (status = 200, description = "Nothing to verify: no mail", body = AlreadyVerified),
        (status = 429, description = "`rate_limited`: too many links asked for this account", body = ErrorBody),
    ))]
async fn resend_verification(
    State(state): State<AppState>,
    user: AuthUser,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    const NO_USER: ApiError = ApiError::NotFound("user not found");
    let account = state.store.find_user(user.user_id).await?.ok_or(NO_USER)?;
    let address = match &account.pending_email {
        Some(pending) => pending.clone(),
        None if !account.email_verified => account.email.clone(),
        None => return Ok(already_verified()),
    };
    count_mail(&state, account.id).await?;
    let language = mail_language(&headers, account.language);
    let verification = new_verification(&state, &account.username, &address, language)?;
    if !state
        .store
        .resend_email_verification(account.id, &verification)
        .await?
    {
        // Verified (or gone) meanwhile.
        return match state.store.find_user(user.user_id).await? {
            Some(_) => Ok(already_verified()),
            None => Err(NO_USER),
        };
    }
    state.postbox.wake();
    Ok((StatusCode::ACCEPTED, Json(Done::new())).into_response())
}

fn already_verified() -> Response {
    Json(AlreadyVerified {
        result: SUCCESS,
        already_verified: true,
    })
    .into_response()
}
