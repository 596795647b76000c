//! `/users/cookie`: a login session kept in an `HttpOnly` cookie, for the browser UI.
//!
//! A page's script must not hold a refresh token where injected script could read it (no
//! `localStorage`). So the UI hands the refresh token from register/login to
//! `POST /users/cookie` at once: the server rotates it (the handed-over token is spent) and sets
//! the new one as a cookie that scripts cannot read (`HttpOnly`), that travels only over HTTPS
//! (`Secure`; browsers treat `localhost` as secure), only from this site's own pages
//! (`SameSite=Strict`) and only to these routes (`Path=/users/cookie`). The page keeps the access
//! token in memory and, on a reload or when it expires, gets a new one from
//! `POST /users/cookie/refresh`. `DELETE /users/cookie` ends the session and clears the cookie.
//!
//! Every route here is protected against cross-site request forgery by [`SameOrigin`]. The
//! rotation rules are those of `POST /users/refresh`: reusing a spent token ends the session.

use axum::{
    Json,
    extract::State,
    http::{HeaderMap, HeaderValue, header},
    response::{IntoResponse, Response},
};
use cookie::{Cookie, SameSite};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::session_tokens::{SessionTokens, rotate_refresh_token};
use crate::{
    auth::opaque::hash_token,
    domain::required,
    error::{ApiError, AuthFailure, ErrorBody},
    http::{
        contract::responses::CrossOrigin,
        extract::ApiJson,
        layers::SameOrigin,
        views::{Done, Outcome, SUCCESS},
    },
    state::AppState,
};

/// The cookie's name; the `__Secure-` prefix makes browsers refuse it unless it is `Secure`.
pub const COOKIE_NAME: &str = "__Secure-recipe-refresh";
/// The only path the browser sends the cookie to.
const COOKIE_PATH: &str = "/users/cookie";
/// The name of the security scheme in the OpenAPI document.
pub const COOKIE_SCHEME: &str = "refresh_cookie";

/// Routes under `/users/cookie`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(keep_session_in_cookie, end_cookie_session))
        .routes(routes!(refresh_from_cookie))
}

/// A refresh token to keep in the cookie.
#[derive(Debug, Deserialize, ToSchema)]
struct CookieInput {
    /// A current refresh token (`rt_…`) from register, login or refresh. It is spent: the
    /// cookie holds its successor.
    #[schema(value_type = String, required = true, example = "rt_2b7c…")]
    refresh_token: Option<String>,
}

/// `{"result": "success", "access_token", "token_type", "expires_in"}`: the refresh token is
/// in the cookie only.
#[derive(Debug, Serialize, ToSchema)]
struct AccessResponse {
    result: Outcome,
    /// Short-lived JWT for `Authorization: Bearer`.
    access_token: String,
    /// Always `Bearer`.
    #[schema(example = "Bearer")]
    token_type: &'static str,
    /// Seconds until the access token expires.
    #[schema(minimum = 1, example = 900)]
    expires_in: u64,
}

/// The answer of a rotation: the access token in the body, the refresh token in the cookie.
fn with_cookie(state: &AppState, tokens: SessionTokens) -> Response {
    let max_age = i64::try_from(state.tokens.refresh_ttl().as_secs()).unwrap_or(i64::MAX);
    let cookie = cookie(
        tokens.refresh_token,
        cookie::time::Duration::seconds(max_age),
    );
    let body = AccessResponse {
        result: SUCCESS,
        access_token: tokens.access_token,
        token_type: tokens.token_type,
        expires_in: tokens.expires_in,
    };
    ([(header::SET_COOKIE, cookie)], Json(body)).into_response()
}

/// A `Set-Cookie` value for the session cookie holding `value` for `max_age`.
fn cookie(value: String, max_age: cookie::time::Duration) -> HeaderValue {
    let cookie = Cookie::build((COOKIE_NAME, value))
        .path(COOKIE_PATH)
        .http_only(true)
        .secure(true)
        .same_site(SameSite::Strict)
        .max_age(max_age)
        .build();
    HeaderValue::from_str(&cookie.to_string()).expect("a cookie is a header value")
}

/// `Set-Cookie` that removes the session cookie.
fn cleared() -> [(header::HeaderName, HeaderValue); 1] {
    [(
        header::SET_COOKIE,
        cookie(String::new(), cookie::time::Duration::ZERO),
    )]
}

/// The refresh token in the request's session cookie, if any.
fn cookie_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == COOKIE_NAME && !c.value().is_empty())
        .map(|c| c.value().to_owned())
}

/// Keep a session in the cookie.
///
/// Spends the given refresh token and sets its successor as an `HttpOnly; Secure;
/// SameSite=Strict` cookie (`Path=/users/cookie`); answers a new access token. For browser pages,
/// which must not keep refresh tokens where scripts can read them.
#[utoipa::path(post, path = "/users/cookie", tag = "accounts",
    request_body = CookieInput,
    responses(
        (status = 200, description = "The session is in the cookie (`Set-Cookie`)", body = AccessResponse,
            headers(("Set-Cookie" = String, description = "The session cookie"))),
        (status = 401, description = "`invalid_refresh_token` or `refresh_token_reused` (the \
            session is now ended)", body = ErrorBody,
            headers(("WWW-Authenticate" = String, description = "`Bearer`"))),
        CrossOrigin,
    ))]
async fn keep_session_in_cookie(
    _: SameOrigin,
    State(state): State<AppState>,
    ApiJson(input): ApiJson<CookieInput>,
) -> Result<Response, ApiError> {
    let presented =
        required(input.refresh_token).map_err(|m| ApiError::field("refresh_token", m))?;
    let tokens = rotate_refresh_token(&state, &presented).await?;
    Ok(with_cookie(&state, tokens))
}

/// Refresh from the cookie.
///
/// Spends the cookie's refresh token, sets its successor, and answers a new access token. When
/// the cookie is missing, expired, or its session ended, answers 401 and clears it.
#[utoipa::path(post, path = "/users/cookie/refresh", tag = "accounts",
    security(("refresh_cookie" = [])),
    responses(
        (status = 200, description = "A new access token; the cookie holds the next refresh token",
            body = AccessResponse,
            headers(("Set-Cookie" = String, description = "The session cookie"))),
        (status = 401, description = "`invalid_refresh_token` (no cookie, or it is expired or its \
            session ended) or `refresh_token_reused` (the session is now ended); the cookie is \
            cleared", body = ErrorBody,
            headers(("WWW-Authenticate" = String, description = "`Bearer`"))),
        CrossOrigin,
    ))]
async fn refresh_from_cookie(
    _: SameOrigin,
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Response {
    let Some(presented) = cookie_token(&headers) else {
        let error = ApiError::Unauthorized {
            failure: AuthFailure::InvalidRefreshToken,
            message: "there is no session cookie",
        };
        return (cleared(), error).into_response();
    };
    match rotate_refresh_token(&state, &presented).await {
        Ok(tokens) => with_cookie(&state, tokens),
        Err(error @ ApiError::Unauthorized { .. }) => (cleared(), error).into_response(),
        Err(error) => error.into_response(),
    }
}

/// Log out the cookie's session.
///
/// Ends the session whose refresh token the cookie holds (if any) and clears the cookie. Log out
/// an access token with `POST /users/logout`.
#[utoipa::path(delete, path = "/users/cookie", tag = "accounts",
    security((), ("refresh_cookie" = [])),
    responses(
        (status = 200, description = "Session ended (if there was one); cookie cleared", body = Done,
            headers(("Set-Cookie" = String, description = "Clears the session cookie"))),
        CrossOrigin,
    ))]
async fn end_cookie_session(
    _: SameOrigin,
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    if let Some(token) = cookie_token(&headers) {
        state
            .store
            .revoke_session_of_refresh_token(&hash_token(&token))
            .await?;
    }
    Ok((cleared(), Json(Done::new())).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cookie_is_http_only_secure_strict_and_scoped() {
        let value = cookie("rt_abc".into(), cookie::time::Duration::seconds(60));
        let text = value.to_str().unwrap();
        for part in [
            "__Secure-recipe-refresh=rt_abc",
            "HttpOnly",
            "Secure",
            "SameSite=Strict",
            "Path=/users/cookie",
            "Max-Age=60",
        ] {
            assert!(text.contains(part), "{text} lacks {part}");
        }
        let cleared = &cleared()[0].1;
        assert!(
            cleared.to_str().unwrap().contains("Max-Age=0"),
            "{cleared:?}"
        );
    }

    #[test]
    fn the_token_is_found_among_other_cookies() {
        let mut headers = HeaderMap::new();
        headers.append(header::COOKIE, HeaderValue::from_static("a=1; b=2"));
        headers.append(
            header::COOKIE,
            HeaderValue::from_static("x=y; __Secure-recipe-refresh=rt_xyz; z=1"),
        );
        assert_eq!(cookie_token(&headers).as_deref(), Some("rt_xyz"));
        let empty = HeaderMap::from_iter([(
            header::COOKIE,
            HeaderValue::from_static("__Secure-recipe-refresh="),
        )]);
        assert_eq!(cookie_token(&empty), None);
    }
}
