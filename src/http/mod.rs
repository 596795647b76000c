//! The HTTP layer: one folder per resource, each with one router, assembled here into one
//! `Router` with the middleware stack. Handlers parse input into domain types, call the store,
//! and answer JSON; they never write SQL. Each handler carries its OpenAPI operation
//! (`#[utoipa::path]`) and is registered with it through `utoipa_axum::routes!`.
//!
//! - `accounts/`: `/users/*` — register, login, refresh, logout, the session cookie, your
//!   account, sessions and personal access tokens, public profiles;
//! - `recipes/`: `/recipes*` and `/tags` — recipes, publication, lists, conditional requests;
//! - `community/`: favourites, ratings and comments of recipes;
//! - `admin/`: `/admin/*` — accounts, hidden recipes, invitation codes, reports and the audit
//!   log, for administrators; `reports.rs`: users' reports of recipes, users and comments;
//! - `media.rs`: `/media/{name}`, the stored files of photos;
//! - `operations/`: health probes and metrics;
//! - `contract/`: the OpenAPI document, its schemas and parameters, and the docs page;
//! - `layers/`: the middleware — tracing, metrics, errors as JSON, rate limits, CSRF checks,
//!   security headers of pages;
//! - `schema_org/`: recipes as schema.org JSON-LD, for `GET /recipes/{id}` and the shareable
//!   pages;
//! - `ui.rs`: the browser UI's pages and files (`share_page.rs`: a recipe's page with its
//!   JSON-LD and Open Graph tags); `extract.rs` and `views.rs`: the request
//!   extractors and response bodies every resource shares; `paging.rs`: the cursors and `Link`
//!   headers of the lists that are not recipe lists; `upload.rs`: reading and preparing
//!   photo uploads, for the recipe and account routes.
//!
//! A route module never imports another route module: what two resources share lives in a
//! module of its own (e.g. `accounts::session_tokens`, `recipes::ownership`).

mod accounts;
mod admin;
mod community;
mod contract;
mod extract;
mod ingredients;
mod layers;
mod media;
mod operations;
mod paging;
mod recipes;
mod reports;
mod schema_org;
mod share_page;
mod ui;
mod upload;
mod views;

use std::time::Duration;

use axum::{Extension, Router};
use tower::ServiceBuilder;
use utoipa_axum::router::OpenApiRouter;

use crate::{error::ApiError, state::AppState};

/// Limits applied by the middleware stack.
#[derive(Debug, Clone, Copy)]
pub struct RequestLimits {
    /// Largest request body accepted, in bytes.
    pub body_limit: usize,
    /// Longest a request may take before it is answered 503.
    pub request_timeout: Duration,
}

/// Every API route, each registered with its OpenAPI operation.
fn api_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(contract::base())
        .merge(accounts::router())
        .merge(recipes::router())
        .merge(community::router())
        .merge(admin::router())
        .merge(reports::router())
        .merge(ingredients::router())
        .merge(media::router())
        .merge(operations::router())
        .merge(contract::router())
}

/// The whole application: every route, the docs page, the JSON fallbacks and the middleware
/// stack.
pub fn router(state: AppState, limits: RequestLimits) -> Router {
    let metrics = state.metrics.clone();
    let (api, collected) = api_routes().split_for_parts();
    let settings = contract::ContractSettings {
        password_policy: state.password_policy,
        body_limit: limits.body_limit,
    };
    let document = contract::Document::complete(collected, settings);
    // One `layer` call per stage: `Router::layer` boxes each route once per call, and axum
    // clones a route's whole stack of boxes for every request it answers.
    let routes = api
        .merge(contract::docs_page())
        .merge(ui::share_pages())
        .fallback(|| async { ApiError::NotFound("no such route") })
        .method_not_allowed_fallback(|| async { ApiError::MethodNotAllowed })
        .layer(
            ServiceBuilder::new()
                .layer(axum::middleware::from_fn_with_state(
                    state.clone(),
                    layers::enforce_rate_limits,
                ))
                .layer(axum::middleware::from_fn_with_state(
                    state.clone(),
                    layers::after_changes,
                ))
                .layer(Extension(document)),
        )
        // The UI's static files cost no database work: not counted against the rate limits.
        .merge(ui::pages())
        .with_state(state);
    layers::wrap(routes, limits, metrics)
}

#[cfg(test)]
mod tests {
    /// Routes reach the router only through `utoipa_axum::routes!`, which documents them: no
    /// source file adds one behind the document's back. The pages for browsers are the
    /// exceptions: `/docs` (added as a whole by `docs::page`) and the UI's pages and files
    /// (`ui.rs`, HTML rather than API operations). Test modules may build their own routers.
    #[test]
    fn no_route_is_added_without_its_operation() {
        let mut offenders = Vec::new();
        let src = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
        let mut dirs = vec![std::path::PathBuf::from(src)];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                    continue;
                }
                if path.ends_with("http/ui.rs") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                let code = text.split("#[cfg(test)]").next().unwrap_or_default();
                for call in [".route(", ".route_service(", ".nest(", ".nest_service("] {
                    if code.contains(call) {
                        offenders.push(format!("{} uses {call}", path.display()));
                    }
                }
            }
        }
        assert!(offenders.is_empty(), "{offenders:#?}");
    }
}
