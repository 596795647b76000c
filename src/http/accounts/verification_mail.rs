//! Preparing an email verification (a new `evt_…` token, its expiry and its mail), shared by
//! registration (`users`), a change of address (`profile`) and a resend (`email_verification`);
//! not a route module. The link is `<site>/verify-email#token=evt_…`: the token is in the
//! fragment, which browsers do not send to servers or in `Referer`.

use axum::http::{HeaderMap, header::ACCEPT_LANGUAGE};

use crate::http::layers::within_limit;
use crate::{
    auth::opaque::{VERIFY_PREFIX, new_token},
    domain::Language,
    error::ApiError,
    mail::Letter,
    state::AppState,
    store::NewVerification,
};

/// A verification of `address` for the account named `username`, its mail in `language`.
pub(super) fn new_verification(
    state: &AppState,
    username: &str,
    address: &str,
    language: Language,
) -> Result<NewVerification, ApiError> {
    let (token, token_hash) = new_token(VERIFY_PREFIX)?;
    let ttl = state.email_verification_ttl;
    let letter = Letter::VerifyEmail {
        username: username.to_owned(),
        link: format!("{}/verify-email#token={token}", state.postbox.site()),
        hours: (ttl.as_secs() / 3_600).max(1),
    };
    Ok(NewVerification {
        token_hash,
        expires_at: chrono::Utc::now() + chrono::Duration::from_std(ttl).unwrap_or_default(),
        mail: state.postbox.letter(&letter, language, address),
    })
}

/// The language of mail about an account: its chosen one, else the one `Accept-Language`
/// prefers.
pub(super) fn mail_language(headers: &HeaderMap, chosen: Option<Language>) -> Language {
    chosen.unwrap_or_else(|| {
        Language::from_accept_language(
            headers
                .get(ACCEPT_LANGUAGE)
                .and_then(|value| value.to_str().ok()),
        )
    })
}

/// Counts a verification mail against account `user_id`'s allowance (`PASSWORD_RESETS_PER_HOUR`
/// per hour, as for reset links): 429 `rate_limited` when it is spent.
pub(super) async fn count_mail(
    state: &AppState,
    user_id: crate::domain::UserId,
) -> Result<(), ApiError> {
    let key = format!("verification:{}", user_id.get());
    within_limit(&state.limits.resets_per_address, &key).await
}
