//! `/users/*`: register, log in, refresh, log out.
//!
//! Register and login start a session and answer an access token (short-lived JWT) and a
//! refresh token (opaque, rotated on every use). Registering also mails a link that verifies
//! the new account's address (queued with the account, in its transaction). `POST /users/refresh` exchanges a refresh token
//! for a new pair; presenting an already-used one revokes its session. Logout ends the session.

use axum::{
    Json,
    extract::State,
    http::HeaderMap,
    response::{IntoResponse, Response},
};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::session_tokens::{SessionTokens, rotate_refresh_token, start_session};
use super::verification_mail::{mail_language, new_verification};
use crate::{
    auth::{AuthUser, Credential, PasswordCheck, opaque::hash_token},
    domain::{Email, FieldErrors, Password, SignupMode, Username, required},
    error::{ApiError, ErrorBody},
    http::{
        contract::schemas,
        extract::ApiJson,
        layers::AccountLimit,
        views::{AccountView, Done, Outcome, SUCCESS},
    },
    rate_limits::Decision,
    state::AppState,
    store::StoreError,
};

/// Routes under `/users`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(register))
        .routes(routes!(signup_policy))
        .routes(routes!(login))
        .routes(routes!(refresh))
        .routes(routes!(logout))
}

/// A new account. The password's lengths are the server's configured policy.
#[derive(Debug, Deserialize, ToSchema)]
struct RegisterInput {
    #[schema(schema_with = schemas::username, required = true)]
    username: Option<String>,
    #[schema(schema_with = schemas::email, required = true)]
    email: Option<String>,
    #[schema(schema_with = schemas::new_password, required = true)]
    password: Option<String>,
    /// An invitation code (`inv_…`) from an administrator: required when the site's signup is
    /// by invitation (see `GET /users/signup`), ignored otherwise.
    #[schema(value_type = Option<String>, example = "inv_Q2xKc0…")]
    invite_code: Option<String>,
}

/// How this site lets people register.
#[derive(Debug, Serialize, ToSchema)]
struct SignupPolicy {
    result: Outcome,
    /// `open` (anyone), `invite` (`invite_code` needed) or `closed`.
    #[schema(example = "open")]
    signup: &'static str,
    /// Whether publishing needs a verified email address.
    verified_email_to_publish: bool,
}

/// Credentials. Any strings are accepted: a wrong or unknown pair is 401.
#[derive(Debug, Deserialize, ToSchema)]
struct LoginInput {
    /// The account's email address.
    #[schema(value_type = String, required = true, example = "hong@example.com")]
    email: Option<String>,
    /// Its password.
    #[schema(value_type = String, required = true, format = Password, example = "correct horse battery")]
    password: Option<String>,
}

/// A refresh token from register, login or a previous refresh.
#[derive(Debug, Deserialize, ToSchema)]
struct RefreshInput {
    /// The refresh token (`rt_…`); it works once.
    #[schema(value_type = String, required = true, example = "rt_2b7c…")]
    refresh_token: Option<String>,
}

/// `{"result": "success", <tokens>, "user": account}`.
#[derive(Debug, Serialize, ToSchema)]
struct RegisterResponse {
    result: Outcome,
    #[serde(flatten)]
    tokens: SessionTokens,
    /// The new account.
    user: AccountView,
}

/// `{"result": "success", <tokens>}`.
#[derive(Debug, Serialize, ToSchema)]
struct TokensResponse {
    result: Outcome,
    #[serde(flatten)]
    tokens: SessionTokens,
}

/// Create an account and log it in.
///
/// Answers the first access and refresh tokens of a new session, and the account (its
/// `email_verified` false). A link that verifies the address is mailed (in Korean when
/// `Accept-Language` prefers Korean, else in English); it works for `EMAIL_VERIFICATION_HOURS`.
#[utoipa::path(post, path = "/users/register", tag = "accounts",
    request_body = RegisterInput,
    responses(
        (status = 200, description = "Registered and logged in", body = RegisterResponse),
        (status = 403, description = "`signup_closed`: registration is closed; or \
            `invalid_invite`: the site's signup is by invitation and `invite_code` is missing, \
            unknown, used up, expired or revoked", body = ErrorBody),
        (status = 409, description = "`email_taken`: an account with this email exists", body = ErrorBody),
    ))]
async fn register(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiJson(input): ApiJson<RegisterInput>,
) -> Result<Json<RegisterResponse>, ApiError> {
    let invite = match state.signup {
        SignupMode::Open => None,
        SignupMode::Closed => return Err(ApiError::SignupClosed),
        SignupMode::Invite => {
            let code = input
                .invite_code
                .as_deref()
                .map(str::trim)
                .unwrap_or_default();
            if code.is_empty() {
                return Err(ApiError::InvalidInvite);
            }
            Some(hash_token(code))
        }
    };
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
    let verification = new_verification(
        &state,
        username.as_str(),
        email.as_str(),
        mail_language(&headers, None),
    )?;
    let user = state
        .store
        .insert_user(&username, &email, &hash, invite.as_deref(), &verification)
        .await
        .map_err(|e| match e {
            StoreError::Conflict => ApiError::EmailTaken,
            other => other.into(),
        })?
        .ok_or(ApiError::InvalidInvite)?;
    state.postbox.wake();
    let tokens = start_session(&state, user.id, &headers).await?;
    Ok(Json(RegisterResponse {
        result: SUCCESS,
        tokens,
        user: user.into(),
    }))
}

/// How this site lets people register (`SIGNUP`), for sign-up forms.
#[utoipa::path(get, path = "/users/signup", tag = "accounts",
    responses((status = 200, description = "The signup policy", body = SignupPolicy)))]
async fn signup_policy(State(state): State<AppState>) -> Json<SignupPolicy> {
    Json(SignupPolicy {
        result: SUCCESS,
        signup: match state.signup {
            SignupMode::Open => "open",
            SignupMode::Invite => "invite",
            SignupMode::Closed => "closed",
        },
        verified_email_to_publish: state.require_verified_email_to_publish,
    })
}

/// Log in: exchange email and password for tokens.
///
/// An unknown email and a wrong password get the same answer after the same amount of work.
/// Attempts are also limited per account (429).
#[utoipa::path(post, path = "/users/login", tag = "accounts",
    request_body = LoginInput,
    responses(
        (status = 200, description = "Logged in: a new session", body = TokensResponse),
        (status = 401, description = "`invalid_credentials`: wrong email or password", body = ErrorBody,
            headers(("WWW-Authenticate" = String, description = "`Bearer`"))),
        (status = 403, description = "`account_disabled`: the right password of an account an \
            administrator disabled", body = ErrorBody),
    ))]
async fn login(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiJson(input): ApiJson<LoginInput>,
) -> Response {
    let mut account_limit = None;
    let result = log_in(&state, &headers, input, &mut account_limit).await;
    let mut response = result.map(Json).into_response();
    if let Some(decision) = account_limit {
        // For the RateLimit-* headers, when it is stricter than the per-address limits.
        response.extensions_mut().insert(AccountLimit(decision));
    }
    response
}

/// The work of [`login`]; `account_limit` receives the per-account limit's decision, if the
/// attempt counted against one.
async fn log_in(
    state: &AppState,
    headers: &HeaderMap,
    input: LoginInput,
    account_limit: &mut Option<Decision>,
) -> Result<TokensResponse, ApiError> {
    let mut errors = FieldErrors::new();
    let email = errors.take("email", required(input.email));
    let password = errors.take("password", required(input.password));
    let (Some(email), Some(password)) = (email, password) else {
        return Err(ApiError::Validation(errors));
    };
    let password = SecretString::from(password);
    // No account has an invalid address: such an attempt counts against the per-address limits
    // only, and stores nothing. A valid one counts against its canonical form's limit, whether
    // an account has it or not (so the limit reveals nothing).
    let email = Email::parse(&email).ok();
    if let Some(email) = &email {
        let decision = state.limits.login_per_account.check(email.as_str()).await;
        *account_limit = Some(decision);
        if decision.retry_after_secs.is_some() {
            return Err(ApiError::RateLimited(decision));
        }
    }

    let credentials = match &email {
        Some(email) => state.store.find_credentials(email).await?,
        None => None,
    };
    let stored = credentials.as_ref().map(|c| c.password_hash.as_str());
    let check = state.hasher.verify(&password, stored).await?;
    let Some(user) = credentials
        .filter(|_| check != PasswordCheck::Mismatch)
        .map(|c| c.user)
    else {
        return Err(ApiError::InvalidCredentials);
    };
    // Only someone who knows the password learns that the account is disabled.
    if !user.is_active {
        return Err(ApiError::AccountDisabled);
    }
    if check == PasswordCheck::MatchNeedsRehash {
        // A hash from the original app, or one made with other argon2 parameters: replace it
        // with a current one now that we know the password.
        let hash = state.hasher.hash(&password).await?;
        state.store.update_password_hash(user.id, &hash).await?;
    }
    // The account may be deleted meanwhile: then these credentials are no longer valid.
    let tokens = start_session(state, user.id, headers)
        .await
        .map_err(|error| match error {
            ApiError::AccountGone => ApiError::InvalidCredentials,
            other => other,
        })?;
    Ok(TokensResponse {
        result: SUCCESS,
        tokens,
    })
}

/// Exchange a refresh token for a new access and refresh token.
///
/// The presented refresh token stops working; presenting it again ends the whole session —
/// except within `REFRESH_REUSE_GRACE` seconds (10 by default) while its successor is unused:
/// then it answers the same new pair again (a retry after a lost answer).
#[utoipa::path(post, path = "/users/refresh", tag = "accounts",
    request_body = RefreshInput,
    responses(
        (status = 200, description = "New tokens of the same session", body = TokensResponse),
        (status = 401, description = "`invalid_refresh_token` (unknown, expired or ended) or \
            `refresh_token_reused` (already used: the session is now ended)", body = ErrorBody,
            headers(("WWW-Authenticate" = String, description = "`Bearer`"))),
    ))]
async fn refresh(
    State(state): State<AppState>,
    ApiJson(input): ApiJson<RefreshInput>,
) -> Result<Json<TokensResponse>, ApiError> {
    let presented =
        required(input.refresh_token).map_err(|m| ApiError::field("refresh_token", m))?;
    let tokens = rotate_refresh_token(&state, &presented).await?;
    Ok(Json(TokensResponse {
        result: SUCCESS,
        tokens,
    }))
}

/// Log out: revoke the presented credential.
///
/// An access token is revoked with its session (whose refresh token stops working); a personal
/// access token is deleted. Effective on every server instance at once.
#[utoipa::path(post, path = "/users/logout", tag = "accounts",
    security(("bearer" = ["write"])),
    responses((status = 200, description = "Revoked", body = Done)))]
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
