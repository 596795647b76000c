//! `/users/*`: accounts and their credentials.
//!
//! - `users`: register, log in, refresh, log out (`/users/register|login|refresh|logout`);
//! - `session_cookie`: the browser's session kept in an `HttpOnly` cookie (`/users/cookie*`);
//! - `profile`: your account (`/users/me`: read, rename, password, delete) and public profiles
//!   (`/users/{id}`, `/users/{id}/recipes`);
//! - `avatar`: your avatar (`/users/avatar`);
//! - `archive`: your whole account as an archive, and restoring one (`/users/me/export|import`);
//! - `password_reset`: a forgotten password's reset link by mail, and using it
//!   (`/users/password/forgot|reset`);
//! - `email_verification`: proving an address with a mailed link, and asking for a new link
//!   (`/users/verify`, `/users/me/verification`);
//! - `sessions`: your login sessions (`/users/me/sessions`);
//! - `personal_tokens`: personal access tokens for scripts (`/users/me/tokens`);
//! - `session_tokens`: starting a session and rotating its refresh token, shared by `users` and
//!   `session_cookie` (not a route module);
//! - `verification_mail`: a new verification token and its mail, shared by `users`, `profile`
//!   and `email_verification` (not a route module).

mod archive;
mod avatar;
mod email_verification;
mod password_reset;
mod personal_tokens;
mod profile;
mod session_cookie;
mod session_tokens;
mod sessions;
mod users;
mod verification_mail;

use utoipa_axum::router::OpenApiRouter;

use crate::state::AppState;

pub use session_cookie::{COOKIE_NAME, COOKIE_SCHEME};

/// Every route under `/users`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(users::router())
        .merge(session_cookie::router())
        .merge(profile::router())
        .merge(avatar::router())
        .merge(archive::router())
        .merge(password_reset::router())
        .merge(email_verification::router())
        .merge(sessions::router())
        .merge(personal_tokens::router())
}
