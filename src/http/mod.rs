//! The HTTP layer: one module per resource, assembled into one `Router` with the middleware
//! stack. Handlers parse input into domain types, call the store, and answer JSON; they never
//! write SQL.

mod extract;
mod health;
mod lists;
mod middleware;
mod profile;
mod publish;
mod rate_limit;
mod recipes;
mod sessions;
mod tags;
mod tokens;
mod users;
mod views;

use std::time::Duration;

use axum::{Router, extract::DefaultBodyLimit};

use crate::{error::ApiError, state::AppState};

/// Limits applied by the middleware stack.
#[derive(Debug, Clone, Copy)]
pub struct HttpLimits {
    /// Largest request body accepted, in bytes.
    pub body_limit: usize,
    /// Longest a request may take before it is answered 503.
    pub request_timeout: Duration,
}

/// The whole application: every route, the JSON fallbacks and the middleware stack.
pub fn router(state: AppState, limits: HttpLimits) -> Router {
    let routes = Router::new()
        .merge(health::router())
        .merge(users::router())
        .merge(recipes::router())
        .merge(publish::router())
        .merge(sessions::router())
        .merge(profile::router())
        .merge(tokens::router())
        .merge(tags::router())
        .fallback(|| async { ApiError::NotFound("no such route") })
        .method_not_allowed_fallback(|| async { ApiError::MethodNotAllowed })
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            rate_limit::enforce,
        ))
        .with_state(state)
        .layer(DefaultBodyLimit::max(limits.body_limit));
    middleware::wrap(routes, limits.request_timeout)
}
