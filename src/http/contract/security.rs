//! The credential schemes of the document: `bearer` (an access token or a personal access
//! token in `Authorization`) and `refresh_cookie` (the browser's session cookie). A login's
//! access token holds every role; a personal access token holds `read` (GET only) or `read`
//! and `write`; credential management needs `session` (a login's access token). Each
//! operation names the roles it needs (OpenAPI 3.1 lets a non-OAuth requirement list roles).

use utoipa::{
    Modify,
    openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme},
};

use crate::http::accounts::{COOKIE_NAME, COOKIE_SCHEME};

/// The name of the security scheme.
pub const BEARER: &str = "bearer";

/// Adds the credential schemes to the document.
pub struct CredentialSchemes;

impl Modify for CredentialSchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            BEARER,
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT access token, or rpat_… personal access token")
                    .description(Some(
                        "`Authorization: Bearer <token>`. An access token from register, login \
                         or refresh holds every role. A personal access token (`rpat_…`) holds \
                         `read` (GET only), or `read` and `write`; never `session`, which \
                         managing credentials (password, account, sessions, tokens) needs. \
                         `admin`: a login of an administrator's account (the `/admin/…` routes).",
                    ))
                    .build(),
            ),
        );
        components.add_security_scheme(
            COOKIE_SCHEME,
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                COOKIE_NAME,
                "The browser session cookie set by `POST /users/cookie` (`HttpOnly`, `Secure`, \
                 `SameSite=Strict`, `Path=/users/cookie`). Requests that use it must come from \
                 this server's own pages (`Sec-Fetch-Site: same-origin`, or a matching `Origin`).",
            ))),
        );
    }
}
