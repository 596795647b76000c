//! Rate limiting middleware: every request counts against its client IP's general allowance,
//! and requests to the credential routes (register, login, refresh, keeping a session in the
//! cookie, password change) also
//! against a much smaller one. Over either: 429 `rate_limited` with `Retry-After`. Every answer
//! carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset` for the strictest
//! allowance that applied. Login attempts are also limited per account, in the login handler,
//! which hands its decision back as an [`AccountLimit`] response extension so that these headers
//! report it when it is the stricter one.

use std::{
    hash::Hash,
    net::{IpAddr, Ipv4Addr, SocketAddr},
};

use axum::{
    extract::{ConnectInfo, Request, State},
    http::Method,
    middleware::Next,
    response::{IntoResponse, Response},
};

use crate::{
    error::{ApiError, insert_rate_limit_headers},
    rate_limits::{Decision, Limit, client_key},
    state::AppState,
};

/// Counts this request against `limit` for `key` (an account, an address): 429
/// `rate_limited` once its allowance is spent. For the limits a handler applies itself.
pub async fn within<K: Hash + Sync + ?Sized>(limit: &Limit, key: &K) -> Result<(), ApiError> {
    let decision = limit.check(key).await;
    match decision.retry_after_secs {
        Some(_) => Err(ApiError::RateLimited(decision)),
        None => Ok(()),
    }
}

/// A per-account limit a handler applied (a response extension read by [`enforce`]).
#[derive(Debug, Clone, Copy)]
pub struct AccountLimit(pub Decision);

/// Routes with the stricter per-IP allowance.
/// (`/users/cookie/refresh` is not one: a browser asks it on every page load, and its cookie
/// holds 256 random bits that no number of guesses finds.)
const CREDENTIAL_ROUTES: [&str; 8] = [
    "/users/register",
    "/users/login",
    "/users/refresh",
    "/users/cookie",
    "/users/me/password",
    "/users/password/forgot",
    "/users/password/reset",
    "/users/verify",
];

/// The client address of `request` (see `RateLimits::client_ip`).
fn client_ip(state: &AppState, request: &Request) -> IpAddr {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |info| info.0.ip());
    let forwarded = request
        .headers()
        .get("x-forwarded-for")
        .and_then(|v| v.to_str().ok());
    state.limits.client_ip(peer, forwarded)
}

/// The middleware: counts the request, refuses it when over an allowance. Media files are not
/// counted: they cost a file read, are cached by clients for a year, and a page of recipes
/// shows dozens.
pub async fn enforce(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if request
        .uri()
        .path()
        .starts_with(crate::media::names::URL_PREFIX)
    {
        return next.run(request).await;
    }
    let ip = client_key(client_ip(&state, &request));
    let mut decision = state.limits.general.check(&ip).await;
    let credential_route =
        request.method() == Method::POST && CREDENTIAL_ROUTES.contains(&request.uri().path());
    if credential_route && decision.retry_after_secs.is_none() {
        decision = state.limits.auth.check(&ip).await;
    }
    if decision.retry_after_secs.is_some() {
        return ApiError::RateLimited(decision).into_response();
    }
    let mut response = next.run(request).await;
    if let Some(AccountLimit(account)) = response.extensions().get::<AccountLimit>() {
        decision = decision.stricter(*account);
    }
    insert_rate_limit_headers(response.headers_mut(), &decision);
    response
}
