//! `ApiError`: the one error type of the HTTP layer, and the one place that decides what a
//! client sees of a failure.
//!
//! Every error answers `{"error": "<human message>", "code": "<machine_code>"}` (plus `"fields"`
//! for validation errors) with the status its variant names and the code it carries (see
//! `codes`). 5xx bodies are generic: the cause chain is logged once here and never sent to the
//! client.

mod codes;
mod korean;

pub use codes::{AuthFailure, BadInput, ErrorCode};
pub use korean::{korean_field_message, korean_message};

use axum::{
    Json,
    http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::Serialize;
use utoipa::ToSchema;

use crate::{
    auth::TokenError,
    domain::FieldErrors,
    media::{MediaError, Refusal},
    outbound::FetchError,
    rate_limits::Decision,
    store::StoreError,
};

/// Seconds a client should wait before retrying after a 503.
const RETRY_AFTER_SECS: &str = "5";

/// An error answered to the client.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 400 `validation_error`: fields failed validation; `fields` says which and why.
    #[error("request validation failed")]
    Validation(FieldErrors),
    /// 400 with the code of `input` (`malformed_json`, `invalid_id`, `invalid_body`, …).
    #[error("{message}")]
    BadRequest { input: BadInput, message: String },
    /// 401 with `WWW-Authenticate: Bearer` and the code of `failure`: a missing, invalid,
    /// expired or revoked credential.
    #[error("{message}")]
    Unauthorized {
        failure: AuthFailure,
        message: &'static str,
    },
    /// 401 `invalid_token`: the credential's account was deleted while the request ran.
    #[error("the account of this credential no longer exists")]
    AccountGone,
    /// 401 `invalid_credentials`: the same answer for an unknown email and a wrong password.
    #[error("invalid email or password")]
    InvalidCredentials,
    /// 403 `wrong_password`: the current password given to confirm a sensitive change is wrong.
    #[error("the current password is incorrect")]
    WrongPassword,
    /// 403 `insufficient_scope`: a read-only personal access token on a request that changes
    /// something.
    #[error("this personal access token is read-only")]
    InsufficientScope,
    /// 403 `session_required`: credential management needs a login session, not a personal
    /// access token.
    #[error("this action needs a login session, not a personal access token")]
    SessionRequired,
    /// 403 `cross_origin_request`: a cookie-authenticated request sent by another site's page
    /// (cross-site request forgery).
    #[error("this request came from another site and was refused")]
    CrossOrigin,
    /// 403 `invalid_reset_token`.
    #[error(
        "this password reset link is invalid, was used already, was replaced by a newer one, or has expired; ask for a new one"
    )]
    InvalidResetToken,
    /// 403 `invalid_verification_token`.
    #[error(
        "this verification link is invalid, was used already, was replaced by a newer one, or has expired; ask for a new one"
    )]
    InvalidVerificationToken,
    /// 403 `account_disabled`: signing in to a disabled account (with its right password).
    #[error("this account has been disabled by an administrator")]
    AccountDisabled,
    /// 403 `admin_required`.
    #[error("this needs an administrator's account")]
    AdminRequired,
    /// 403 `own_account`: an administrator disabling or demoting their own account.
    #[error("administrators cannot disable or demote their own account")]
    OwnAdminAccount,
    /// 403 `signup_closed`.
    #[error("registration is closed on this site")]
    SignupClosed,
    /// 403 `invalid_invite`.
    #[error(
        "registration needs a valid invitation code (invite_code): this one is missing, unknown, used up, expired or revoked"
    )]
    InvalidInvite,
    /// 403 `recipe_hidden`: publishing a recipe an administrator hid.
    #[error("an administrator hid this recipe; it cannot be published until it is unhidden")]
    RecipeHidden,
    /// 403 `email_unverified`.
    #[error("verify your email address before publishing (see POST /users/me/verification)")]
    EmailUnverified,
    /// 403 `forbidden`: the resource is visible to the caller but not theirs to change.
    #[error("you do not own this resource")]
    Forbidden,
    /// 403 `own_recipe`: a rating of one's own recipe.
    #[error("you cannot rate your own recipe")]
    OwnRecipe,
    /// 403 `own_account`: following oneself.
    #[error("you cannot follow yourself")]
    OwnAccount,
    /// 403 `edit_window_closed`: a change of a comment posted longer ago than the edit window.
    #[error(
        "a comment can be changed only within {} minutes of posting it",
        crate::domain::COMMENT_EDIT_WINDOW.num_minutes()
    )]
    EditWindowClosed,
    /// 404 `not_found`.
    #[error("{0}")]
    NotFound(&'static str),
    /// 405 `method_not_allowed`.
    #[error("method not allowed on this path")]
    MethodNotAllowed,
    /// 412 `precondition_failed`: `If-Match` names none of the resource's current version.
    #[error("the recipe has changed since you read it (If-Match); nothing was changed")]
    PreconditionFailed,
    /// 409 `email_taken`.
    #[error("an account with this email already exists")]
    EmailTaken,
    /// 409 `gallery_full`: the recipe's gallery holds the most photos allowed.
    #[error(
        "the recipe's gallery already holds {} photos; delete one first",
        crate::domain::GALLERY_MAX
    )]
    GalleryFull,
    /// 409 `too_many_collections`: the account has the most collections allowed.
    #[error(
        "you have {} collections, the most allowed; delete one first",
        crate::domain::COLLECTIONS_PER_ACCOUNT
    )]
    TooManyCollections,
    /// 409 `collection_full`: the collection holds the most recipes allowed.
    #[error(
        "the collection holds {} recipes, the most allowed; remove one first",
        crate::domain::RECIPES_PER_COLLECTION
    )]
    CollectionFull,
    /// 409 `gallery_changed`: a new order that does not list exactly the gallery's photos.
    #[error(
        "the order must list each photo of the gallery exactly once; the gallery has other photos"
    )]
    GalleryChanged,
    /// 413 `payload_too_large`.
    #[error("request body is too large")]
    PayloadTooLarge,
    /// 413 `payload_too_large`: an uploaded file over the size limit (in bytes).
    #[error("the file is larger than {0} bytes")]
    FileTooLarge(u64),
    /// 415 `unsupported_media_type`.
    #[error("request body must be JSON (Content-Type: application/json)")]
    UnsupportedMediaType,
    /// 415 `unsupported_media_type`: an archive sent as something else than a zip.
    #[error("request body must be a zip archive (Content-Type: application/zip)")]
    NotZip,
    /// 415 `unsupported_media_type`: an upload route sent something else than a form.
    #[error("request body must be multipart/form-data with the file in the field `{0}`")]
    NotMultipart(&'static str),
    /// 415 `unsupported_image_type`: the file's content is not an accepted image (`Some` names
    /// a recognised image type that cannot be read here).
    #[error("{}", unsupported_image_message(*.0))]
    UnsupportedImage(Option<&'static str>),
    /// 422 `image_too_large`: more pixels than allowed.
    #[error("the image is too large: at most {0} pixels, and at most 65535 on a side")]
    ImageTooLarge(u64),
    /// 422 `invalid_image`: a truncated or corrupt image.
    #[error("the image is truncated or corrupt and could not be read")]
    InvalidImage,
    /// 400 `url_not_allowed`: the fetch policy refuses the URL (the reason, never credentials).
    #[error("this URL cannot be imported from: {0}")]
    UrlNotAllowed(String),
    /// 502 `fetch_failed`: the page or image could not be fetched (why, naming only the host).
    #[error("the page could not be fetched: {0}")]
    FetchFailed(String),
    /// 422 `no_recipe_found`: the page or document holds no schema.org recipe.
    #[error("no recipe was found: the page has no schema.org Recipe (JSON-LD or microdata)")]
    NoRecipeFound,
    /// 422 `invalid_archive`: the account archive cannot be read.
    #[error("the archive cannot be imported: {0}")]
    InvalidArchive(String),
    /// 422 `servings_unknown`: a recipe without `num_of_servings` cannot be scaled.
    #[error("this recipe does not say how many servings it makes, so it cannot be scaled")]
    ServingsUnknown,
    /// 503 `media_unavailable` with `Retry-After`: the media store failed.
    #[error("the media store is unavailable, try again shortly")]
    MediaUnavailable(#[source] anyhow::Error),
    /// 429 `rate_limited` with `Retry-After` and the `RateLimit-*` headers.
    #[error("too many requests, retry later")]
    RateLimited(Decision),
    /// 503 `database_unavailable` with `Retry-After`.
    #[error("the database is unavailable, try again shortly")]
    DatabaseUnavailable(#[source] StoreError),
    /// 503 `migrations_pending`: the database lacks migrations this build needs (readiness).
    #[error("the database lacks {0} migration(s) of this version")]
    MigrationsPending(usize),
    /// 500 `internal_error`: a bug or unexpected failure; details only in the log.
    #[error("internal server error")]
    Internal(#[from] anyhow::Error),
}

/// The message of [`ApiError::UnsupportedImage`].
fn unsupported_image_message(kind: Option<&'static str>) -> String {
    let accepted = crate::media::ACCEPTED_TYPES;
    match kind {
        Some(kind) => format!("{kind} images cannot be read here; send {accepted}"),
        None => format!("the file is not an image of an accepted type: {accepted}"),
    }
}

/// The JSON body of every error response.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Error, example = json!({"error": "request validation failed", "code": "validation_error", "fields": {"name": "is required"}}))]
pub struct ErrorBody<'a> {
    /// Human-readable message: English, or Korean when `Accept-Language` prefers Korean
    /// (`Content-Language` says which).
    pub error: &'a str,
    /// Stable machine-readable code.
    #[schema(schema_with = error_code_schema)]
    pub code: ErrorCode,
    /// For `validation_error`: each offending field (or query parameter) and what is wrong
    /// with it.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<std::collections::BTreeMap<String, String>>)]
    pub fields: Option<&'a FieldErrors>,
}

/// `code`: one of [`ErrorCode::ALL`].
fn error_code_schema() -> utoipa::openapi::Object {
    utoipa::openapi::ObjectBuilder::new()
        .schema_type(utoipa::openapi::Type::String)
        .enum_values(Some(ErrorCode::ALL.iter().map(|code| code.as_str())))
        .description(Some("Stable machine-readable code"))
        .build()
}

impl ApiError {
    /// A 400 `validation_error` about one field.
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        Self::Validation(FieldErrors::single(field, message))
    }

    /// A 400 about `input`, explained by `message`.
    pub fn bad_request(input: BadInput, message: impl Into<String>) -> Self {
        Self::BadRequest {
            input,
            message: message.into(),
        }
    }

    /// A 401 for `failure`, explained by `message`.
    pub fn unauthorized(failure: AuthFailure, message: &'static str) -> Self {
        Self::Unauthorized { failure, message }
    }

    /// The status this error answers with.
    pub fn status(&self) -> StatusCode {
        match self {
            Self::Validation(_) | Self::BadRequest { .. } | Self::UrlNotAllowed(_) => {
                StatusCode::BAD_REQUEST
            }
            Self::Unauthorized { .. } | Self::AccountGone | Self::InvalidCredentials => {
                StatusCode::UNAUTHORIZED
            }
            Self::Forbidden
            | Self::WrongPassword
            | Self::InsufficientScope
            | Self::SessionRequired
            | Self::CrossOrigin
            | Self::OwnRecipe
            | Self::OwnAccount
            | Self::EditWindowClosed
            | Self::InvalidResetToken
            | Self::InvalidVerificationToken
            | Self::AccountDisabled
            | Self::AdminRequired
            | Self::OwnAdminAccount
            | Self::SignupClosed
            | Self::InvalidInvite
            | Self::RecipeHidden
            | Self::EmailUnverified => StatusCode::FORBIDDEN,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Self::EmailTaken
            | Self::GalleryFull
            | Self::GalleryChanged
            | Self::TooManyCollections
            | Self::CollectionFull => StatusCode::CONFLICT,
            Self::PreconditionFailed => StatusCode::PRECONDITION_FAILED,
            Self::PayloadTooLarge | Self::FileTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType
            | Self::NotMultipart(_)
            | Self::NotZip
            | Self::UnsupportedImage(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::ImageTooLarge(_)
            | Self::InvalidImage
            | Self::NoRecipeFound
            | Self::InvalidArchive(_)
            | Self::ServingsUnknown => StatusCode::UNPROCESSABLE_ENTITY,
            Self::FetchFailed(_) => StatusCode::BAD_GATEWAY,
            Self::RateLimited(_) => StatusCode::TOO_MANY_REQUESTS,
            Self::DatabaseUnavailable(_)
            | Self::MigrationsPending(_)
            | Self::MediaUnavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The machine-readable code.
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::Validation(_) => ErrorCode::ValidationError,
            Self::BadRequest { input, .. } => input.code(),
            Self::Unauthorized { failure, .. } => failure.code(),
            Self::AccountGone => ErrorCode::InvalidToken,
            Self::InvalidCredentials => ErrorCode::InvalidCredentials,
            Self::InvalidResetToken => ErrorCode::InvalidResetToken,
            Self::InvalidVerificationToken => ErrorCode::InvalidVerificationToken,
            Self::AccountDisabled => ErrorCode::AccountDisabled,
            Self::AdminRequired => ErrorCode::AdminRequired,
            Self::OwnAdminAccount => ErrorCode::OwnAccount,
            Self::SignupClosed => ErrorCode::SignupClosed,
            Self::InvalidInvite => ErrorCode::InvalidInvite,
            Self::RecipeHidden => ErrorCode::RecipeHidden,
            Self::EmailUnverified => ErrorCode::EmailUnverified,
            Self::Forbidden => ErrorCode::Forbidden,
            Self::WrongPassword => ErrorCode::WrongPassword,
            Self::InsufficientScope => ErrorCode::InsufficientScope,
            Self::SessionRequired => ErrorCode::SessionRequired,
            Self::CrossOrigin => ErrorCode::CrossOriginRequest,
            Self::OwnRecipe => ErrorCode::OwnRecipe,
            Self::OwnAccount => ErrorCode::OwnAccount,
            Self::EditWindowClosed => ErrorCode::EditWindowClosed,
            Self::NotFound(_) => ErrorCode::NotFound,
            Self::MethodNotAllowed => ErrorCode::MethodNotAllowed,
            Self::EmailTaken => ErrorCode::EmailTaken,
            Self::GalleryFull => ErrorCode::GalleryFull,
            Self::GalleryChanged => ErrorCode::GalleryChanged,
            Self::TooManyCollections => ErrorCode::TooManyCollections,
            Self::CollectionFull => ErrorCode::CollectionFull,
            Self::PreconditionFailed => ErrorCode::PreconditionFailed,
            Self::PayloadTooLarge | Self::FileTooLarge(_) => ErrorCode::PayloadTooLarge,
            Self::UnsupportedMediaType | Self::NotMultipart(_) | Self::NotZip => {
                ErrorCode::UnsupportedMediaType
            }
            Self::UnsupportedImage(_) => ErrorCode::UnsupportedImageType,
            Self::ImageTooLarge(_) => ErrorCode::ImageTooLarge,
            Self::InvalidImage => ErrorCode::InvalidImage,
            Self::UrlNotAllowed(_) => ErrorCode::UrlNotAllowed,
            Self::FetchFailed(_) => ErrorCode::FetchFailed,
            Self::NoRecipeFound => ErrorCode::NoRecipeFound,
            Self::InvalidArchive(_) => ErrorCode::InvalidArchive,
            Self::ServingsUnknown => ErrorCode::ServingsUnknown,
            Self::MediaUnavailable(_) => ErrorCode::MediaUnavailable,
            Self::RateLimited(_) => ErrorCode::RateLimited,
            Self::DatabaseUnavailable(_) => ErrorCode::DatabaseUnavailable,
            Self::MigrationsPending(_) => ErrorCode::MigrationsPending,
            Self::Internal(_) => ErrorCode::InternalError,
        }
    }
}

impl From<MediaError> for ApiError {
    fn from(err: MediaError) -> Self {
        match err {
            MediaError::Refused(Refusal::NotAnImage) => ApiError::UnsupportedImage(None),
            MediaError::Refused(Refusal::Undecodable(kind)) => {
                ApiError::UnsupportedImage(Some(kind))
            }
            MediaError::Refused(Refusal::TooManyPixels { max }) => ApiError::ImageTooLarge(max),
            MediaError::Refused(Refusal::Corrupt) => ApiError::InvalidImage,
            MediaError::Storage(cause) => ApiError::MediaUnavailable(cause),
            MediaError::Store(cause) => cause.into(),
        }
    }
}

impl From<FetchError> for ApiError {
    fn from(err: FetchError) -> Self {
        match err {
            FetchError::NotAllowed(reason) => ApiError::UrlNotAllowed(reason),
            FetchError::Failed(reason) => ApiError::FetchFailed(reason),
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(err: StoreError) -> Self {
        match err {
            // A transaction that kept losing races (after its retries) is as good as an outage:
            // the client should try again shortly.
            StoreError::Unavailable(_) | StoreError::Contention(_) => {
                ApiError::DatabaseUnavailable(err)
            }
            StoreError::Stale => ApiError::PreconditionFailed,
            StoreError::AccountGone => ApiError::AccountGone,
            other => ApiError::Internal(anyhow::Error::new(other)),
        }
    }
}

impl From<TokenError> for ApiError {
    fn from(err: TokenError) -> Self {
        match err {
            TokenError::Expired => {
                ApiError::unauthorized(AuthFailure::TokenExpired, "access token has expired")
            }
            TokenError::Invalid => {
                ApiError::unauthorized(AuthFailure::InvalidToken, "access token is invalid")
            }
        }
    }
}

/// Sets `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset` from `decision`.
pub fn insert_rate_limit_headers(headers: &mut HeaderMap, decision: &Decision) {
    const LIMIT: HeaderName = HeaderName::from_static("ratelimit-limit");
    const REMAINING: HeaderName = HeaderName::from_static("ratelimit-remaining");
    const RESET: HeaderName = HeaderName::from_static("ratelimit-reset");
    headers.insert(LIMIT, HeaderValue::from(decision.limit));
    headers.insert(REMAINING, HeaderValue::from(decision.remaining));
    headers.insert(RESET, HeaderValue::from(decision.reset_secs));
}

/// Writes the cause chain of a server-side failure to the log, once.
fn log_server_error(err: &ApiError) {
    let mut chain = String::new();
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        chain.push_str(": ");
        chain.push_str(&cause.to_string());
        source = cause.source();
    }
    match err {
        ApiError::DatabaseUnavailable(_) => {
            tracing::warn!(error = %err, cause = %chain, "database unavailable")
        }
        ApiError::MediaUnavailable(_) => {
            tracing::warn!(error = %err, cause = %chain, "media store unavailable")
        }
        ApiError::Internal(inner) => tracing::error!(error = ?inner, "request failed"),
        _ => {}
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        if status.is_server_error() {
            log_server_error(&self);
        }
        let message = self.to_string();
        let fields = match &self {
            ApiError::Validation(fields) => Some(fields),
            _ => None,
        };
        let body = ErrorBody {
            error: &message,
            code: self.code(),
            fields,
        };
        let mut response = (status, Json(body)).into_response();
        let headers = response.headers_mut();
        match self {
            ApiError::Unauthorized { .. }
            | ApiError::AccountGone
            | ApiError::InvalidCredentials => {
                headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            ApiError::DatabaseUnavailable(_) | ApiError::MediaUnavailable(_) => {
                headers.insert(
                    header::RETRY_AFTER,
                    HeaderValue::from_static(RETRY_AFTER_SECS),
                );
            }
            ApiError::RateLimited(decision) => {
                insert_rate_limit_headers(headers, &decision);
                let retry = decision.retry_after_secs.unwrap_or(1);
                headers.insert(header::RETRY_AFTER, HeaderValue::from(retry));
            }
            _ => {}
        }
        response
    }
}

/// One error of each kind (two where a kind says different things), with the causes of the
/// 5xx ones saying "secret cause": for the tests of the answers and of their Korean.
#[cfg(test)]
pub(crate) fn one_of_each() -> Vec<ApiError> {
    let decision = Decision {
        limit: 1,
        remaining: 0,
        reset_secs: 1,
        retry_after_secs: Some(1),
    };
    let outage = || StoreError::Unavailable(sea_orm::DbErr::Custom("secret cause".into()));
    vec![
        ApiError::Validation(FieldErrors::single("name", "is required")),
        ApiError::bad_request(BadInput::MalformedJson, "request body is not valid JSON"),
        ApiError::bad_request(BadInput::InvalidQuery, "query string could not be parsed"),
        ApiError::unauthorized(AuthFailure::MissingToken, "missing bearer token"),
        ApiError::unauthorized(AuthFailure::TokenExpired, "access token has expired"),
        ApiError::AccountGone,
        ApiError::InvalidCredentials,
        ApiError::WrongPassword,
        ApiError::InsufficientScope,
        ApiError::SessionRequired,
        ApiError::CrossOrigin,
        ApiError::InvalidResetToken,
        ApiError::InvalidVerificationToken,
        ApiError::AccountDisabled,
        ApiError::AdminRequired,
        ApiError::OwnAdminAccount,
        ApiError::SignupClosed,
        ApiError::InvalidInvite,
        ApiError::RecipeHidden,
        ApiError::EmailUnverified,
        ApiError::Forbidden,
        ApiError::OwnRecipe,
        ApiError::OwnAccount,
        ApiError::EditWindowClosed,
        ApiError::NotFound("recipe not found"),
        ApiError::NotFound("no such route"),
        ApiError::MethodNotAllowed,
        ApiError::PreconditionFailed,
        ApiError::EmailTaken,
        ApiError::GalleryFull,
        ApiError::TooManyCollections,
        ApiError::CollectionFull,
        ApiError::GalleryChanged,
        ApiError::PayloadTooLarge,
        ApiError::FileTooLarge(10),
        ApiError::UnsupportedMediaType,
        ApiError::NotZip,
        ApiError::NotMultipart("cover"),
        ApiError::UnsupportedImage(None),
        ApiError::UnsupportedImage(Some("AVIF")),
        ApiError::ImageTooLarge(10),
        ApiError::InvalidImage,
        ApiError::UrlNotAllowed("127.0.0.1 is a loopback address".into()),
        ApiError::FetchFailed("example.com answered 404 Not Found".into()),
        ApiError::NoRecipeFound,
        ApiError::InvalidArchive("no manifest.json".into()),
        ApiError::ServingsUnknown,
        ApiError::MediaUnavailable(anyhow::anyhow!("secret cause")),
        ApiError::RateLimited(decision),
        ApiError::DatabaseUnavailable(outage()),
        ApiError::MigrationsPending(1),
        ApiError::Internal(anyhow::anyhow!("secret cause")),
        ApiError::from(TokenError::Expired),
        ApiError::from(TokenError::Invalid),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every variant answers its status with the envelope carrying its code; a 401 names the
    /// scheme; a 5xx body says nothing of its cause.
    #[tokio::test]
    async fn every_variant_answers_its_status_and_code_and_hides_causes() {
        let variants = one_of_each();
        for error in variants {
            let (status, code) = (error.status(), error.code());
            let response = error.into_response();
            assert_eq!(response.status(), status);
            let unauthorized = status == StatusCode::UNAUTHORIZED;
            assert_eq!(
                response.headers().contains_key(header::WWW_AUTHENTICATE),
                unauthorized,
                "{code}"
            );
            let body = axum::body::to_bytes(response.into_body(), 4096)
                .await
                .unwrap();
            let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
            assert_eq!(body["code"], code.as_str());
            assert!(!body.to_string().contains("secret cause"), "{body}");
        }
    }
}
