//! The machine-readable `code` of every error answer, as types: [`ErrorCode`] lists them all
//! once (the OpenAPI document's list of codes is made from it), and the errors that share a
//! status say which code they carry by a variant of their own ([`AuthFailure`] for 401s,
//! [`BadInput`] for 400s other than field validation). A code is never spelled out as a string
//! anywhere else, so a new one cannot be missing from the list or the document.

use serde::Serialize;

/// Defines [`ErrorCode`] with one variant per code, in the order the document lists them.
macro_rules! error_codes {
    ($($(#[$doc:meta])* $variant:ident = $text:literal,)*) => {
        /// A stable machine-readable error code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum ErrorCode {
            $($(#[$doc])* $variant,)*
        }

        impl ErrorCode {
            /// Every code, in the order the document lists them.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant,)*];

            /// The code as clients see it.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $text,)*
                }
            }
        }
    };
}

error_codes! {
    /// 400: fields failed validation (`fields` says which and why).
    ValidationError = "validation_error",
    /// 400: the body is not JSON.
    MalformedJson = "malformed_json",
    /// 400: the body is JSON but not an object, or could not be read.
    InvalidBody = "invalid_body",
    /// 400: the `{id}` of the path is not a positive integer.
    InvalidId = "invalid_id",
    /// 400: the query string cannot be parsed.
    InvalidQuery = "invalid_query",
    /// 400: the request is not valid HTTP (or another client error without a code of its own).
    BadRequest = "bad_request",
    /// 400: the fetch policy refuses the URL to import from (the message names the reason).
    UrlNotAllowed = "url_not_allowed",
    /// 401: no `Authorization` header.
    MissingToken = "missing_token",
    /// 401: a malformed, forged or unknown credential.
    InvalidToken = "invalid_token",
    /// 401: an access token past its expiry.
    TokenExpired = "token_expired",
    /// 401: an access token revoked by logout.
    TokenRevoked = "token_revoked",
    /// 401: the access token's session has ended.
    SessionEnded = "session_ended",
    /// 401: a spent refresh token presented again (its session is now ended).
    RefreshTokenReused = "refresh_token_reused",
    /// 401: an unknown or expired refresh token, or one of an ended session.
    InvalidRefreshToken = "invalid_refresh_token",
    /// 403: a password reset token that is unknown, used, replaced by a newer one, or expired.
    InvalidResetToken = "invalid_reset_token",
    /// 401: the credential's account was disabled by an administrator; 403 at login.
    AccountDisabled = "account_disabled",
    /// 403: an email verification token that is unknown, used, replaced or expired.
    InvalidVerificationToken = "invalid_verification_token",
    /// 401: a wrong email or password (one answer for both).
    InvalidCredentials = "invalid_credentials",
    /// 403: the current password given to confirm a change is wrong.
    WrongPassword = "wrong_password",
    /// 403: a read-only personal access token on a request that changes something.
    InsufficientScope = "insufficient_scope",
    /// 403: a personal access token where a login session is needed.
    SessionRequired = "session_required",
    /// 403: a cookie-authenticated request sent by another site.
    CrossOriginRequest = "cross_origin_request",
    /// 403: somebody else's resource.
    Forbidden = "forbidden",
    /// 403: a rating of one's own recipe.
    OwnRecipe = "own_recipe",
    /// 403: following oneself.
    OwnAccount = "own_account",
    /// 403: an administrators' route, for an account that is not one.
    AdminRequired = "admin_required",
    /// 403: registration is closed (`SIGNUP=closed`).
    SignupClosed = "signup_closed",
    /// 403: registration needs an invitation code (`SIGNUP=invite`) and none, or an unusable
    /// one, was given.
    InvalidInvite = "invalid_invite",
    /// 403: publishing a recipe an administrator hid.
    RecipeHidden = "recipe_hidden",
    /// 403: publishing needs a verified email address (`REQUIRE_VERIFIED_EMAIL_TO_PUBLISH`).
    EmailUnverified = "email_unverified",
    /// 403: a change of a comment after its edit window (15 minutes).
    EditWindowClosed = "edit_window_closed",
    /// 404.
    NotFound = "not_found",
    /// 405.
    MethodNotAllowed = "method_not_allowed",
    /// 409: an account with this email exists.
    EmailTaken = "email_taken",
    /// 409: the recipe's gallery already holds the most photos allowed.
    GalleryFull = "gallery_full",
    /// 409: the account has the most collections allowed (500).
    TooManyCollections = "too_many_collections",
    /// 409: the collection holds the most recipes allowed (1000).
    CollectionFull = "collection_full",
    /// 409: a new gallery order that does not list exactly the gallery's current photos.
    GalleryChanged = "gallery_changed",
    /// 412: `If-Match` names none of the current versions.
    PreconditionFailed = "precondition_failed",
    /// 413.
    PayloadTooLarge = "payload_too_large",
    /// 414 (answered before any route runs).
    UriTooLong = "uri_too_long",
    /// 431 (answered before any route runs).
    HeadersTooLarge = "headers_too_large",
    /// 415: the body is not of the type the route reads (`application/json`, or
    /// `multipart/form-data` for uploads).
    UnsupportedMediaType = "unsupported_media_type",
    /// 415: the uploaded file is not an image of an accepted type (judged by its content).
    UnsupportedImageType = "unsupported_image_type",
    /// 422: the uploaded image has more pixels than allowed.
    ImageTooLarge = "image_too_large",
    /// 422: the uploaded image is truncated or corrupt.
    InvalidImage = "invalid_image",
    /// 422: the page or document to import holds no schema.org recipe.
    NoRecipeFound = "no_recipe_found",
    /// 422: the account archive to import cannot be read (the message says why).
    InvalidArchive = "invalid_archive",
    /// 422: `?servings=` asks to scale a recipe that does not say how many it serves.
    ServingsUnknown = "servings_unknown",
    /// 429.
    RateLimited = "rate_limited",
    /// 500: a fault of the server.
    InternalError = "internal_error",
    /// 502: the page or image to import could not be fetched (the message says why).
    FetchFailed = "fetch_failed",
    /// 503: the database cannot be reached, or a write kept losing races.
    DatabaseUnavailable = "database_unavailable",
    /// 503: the media store (directory or object store) failed.
    MediaUnavailable = "media_unavailable",
    /// 503: the database lacks migrations of this build (readiness).
    MigrationsPending = "migrations_pending",
    /// 503: the request took too long.
    Timeout = "timeout",
}

impl Serialize for ErrorCode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a credential was refused: the code of a 401 (`WWW-Authenticate: Bearer`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthFailure {
    MissingToken,
    InvalidToken,
    TokenExpired,
    TokenRevoked,
    SessionEnded,
    RefreshTokenReused,
    InvalidRefreshToken,
    AccountDisabled,
}

impl AuthFailure {
    /// Its code.
    pub const fn code(self) -> ErrorCode {
        match self {
            AuthFailure::MissingToken => ErrorCode::MissingToken,
            AuthFailure::InvalidToken => ErrorCode::InvalidToken,
            AuthFailure::TokenExpired => ErrorCode::TokenExpired,
            AuthFailure::TokenRevoked => ErrorCode::TokenRevoked,
            AuthFailure::SessionEnded => ErrorCode::SessionEnded,
            AuthFailure::RefreshTokenReused => ErrorCode::RefreshTokenReused,
            AuthFailure::InvalidRefreshToken => ErrorCode::InvalidRefreshToken,
            AuthFailure::AccountDisabled => ErrorCode::AccountDisabled,
        }
    }
}

/// What is wrong with a request that is not about one field: the code of such a 400.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BadInput {
    MalformedJson,
    InvalidBody,
    InvalidId,
    InvalidQuery,
}

impl BadInput {
    /// Its code.
    pub const fn code(self) -> ErrorCode {
        match self {
            BadInput::MalformedJson => ErrorCode::MalformedJson,
            BadInput::InvalidBody => ErrorCode::InvalidBody,
            BadInput::InvalidId => ErrorCode::InvalidId,
            BadInput::InvalidQuery => ErrorCode::InvalidQuery,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_listed_once_as_snake_case() {
        let mut texts: Vec<&str> = ErrorCode::ALL.iter().map(|code| code.as_str()).collect();
        assert!(
            texts
                .iter()
                .all(|text| text.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'))
        );
        texts.sort_unstable();
        texts.dedup();
        assert_eq!(texts.len(), ErrorCode::ALL.len());
        assert_eq!(
            serde_json::to_string(&ErrorCode::RateLimited).unwrap(),
            r#""rate_limited""#
        );
    }
}
