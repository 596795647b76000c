//! Security headers of the pages this server serves to browsers (`/` and `/docs`): a
//! Content-Security-Policy, `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer`
//! and `Cross-Origin-Opener-Policy: same-origin`.

use axum::{
    Router,
    http::{HeaderName, HeaderValue, header},
};
use tower_http::set_header::SetResponseHeaderLayer;

/// `routes` with the page headers and `csp` on every answer.
pub fn with_page_headers<S: Clone + Send + Sync + 'static>(
    routes: Router<S>,
    csp: &'static str,
) -> Router<S> {
    let headers = [
        (header::CONTENT_SECURITY_POLICY, csp),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin",
        ),
    ];
    headers.into_iter().fold(routes, |routes, (name, value)| {
        routes.layer(SetResponseHeaderLayer::overriding(
            name,
            HeaderValue::from_static(value),
        ))
    })
}
