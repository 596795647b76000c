//! Read-your-writes with read replicas and the read cache: which reads may be answered by a
//! replica or the cache, and what a change does to them.
//!
//! A read may go to a replica or the cache ([`PublicReader`]) only when it presents no
//! credential — a signed-in caller's reads run on the primary, so they always include their own
//! changes — and no fresh write marker. After every successful change ([`after_changes`]) —
//! except those that touch no published data (sessions, tokens, passwords, reports,
//! invitations) — this instance's read cache is emptied and the change announced to the other
//! instances (see `read_cache`), and the answer carries the marker: a cookie
//! (`recipe_api_wrote`) holding the time it expires, for as long as a replica may trail the
//! primary or another instance's cache may hold an older answer. A client that keeps cookies
//! and then reads without its token (a browser opening a shared page, say) reads from the
//! primary, uncached, on any instance until every copy holds its change. With neither replicas
//! nor the cache nothing is set.

use std::convert::Infallible;

use axum::{
    extract::{FromRequestParts, MatchedPath, Request, State},
    http::{HeaderMap, HeaderValue, header, request::Parts},
    middleware::Next,
    response::Response,
};
use cookie::{Cookie, SameSite};

use crate::state::AppState;

/// The write marker's cookie.
const MARKER: &str = "recipe_api_wrote";

/// Whether this request's reads of published data may go to a read replica.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PublicReader(pub bool);

impl<S: Sync> FromRequestParts<S> for PublicReader {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let credential = parts.headers.contains_key(header::AUTHORIZATION);
        Ok(PublicReader(
            !credential && !wrote_recently(&parts.headers, unix_now()),
        ))
    }
}

/// Whether `headers` carry a write marker that has not expired by `now` (Unix seconds).
fn wrote_recently(headers: &HeaderMap, now: u64) -> bool {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(Result::ok)
        .filter(|cookie| cookie.name() == MARKER)
        .any(|cookie| cookie.value().parse::<u64>().is_ok_and(|until| until > now))
}

/// The routes whose changes touch nothing a cached or replicated read shows: sessions, tokens,
/// passwords, verification, reports and invitations. Every other change counts.
const NOTHING_PUBLISHED: &[&str] = &[
    "/users/register",
    "/users/login",
    "/users/refresh",
    "/users/logout",
    "/users/cookie",
    "/users/cookie/refresh",
    "/users/me/password",
    "/users/me/sessions/{id}",
    "/users/me/tokens",
    "/users/me/tokens/{id}",
    "/users/me/verification",
    "/users/password/forgot",
    "/users/password/reset",
    "/users/verify",
    "/recipes/{id}/report",
    "/users/{id}/report",
    "/comments/{id}/report",
    "/admin/reports/{id}/resolve",
    "/admin/invites",
    "/admin/invites/{id}",
    "/ingredients/parse",
];

/// After a successful change (any method but `GET`, `HEAD` and `OPTIONS`): empties the read
/// cache, announces the change to the other instances, and sets the write marker.
pub async fn after_changes(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let route = request.extensions().get::<MatchedPath>();
    let changes = !request.method().is_safe()
        && !route.is_some_and(|route| NOTHING_PUBLISHED.contains(&route.as_str()));
    let mut response = next.run(request).await;
    if !changes || !response.status().is_success() {
        return response;
    }
    let cached_for = state.read_cache.lifetime();
    if cached_for.is_some() {
        state.read_cache.invalidate();
        announce(&state);
    }
    let window = match (state.store.read_your_writes_window(), cached_for) {
        (Some(replicas), Some(cache)) => Some(replicas.max(cache)),
        (replicas, cache) => replicas.or(cache),
    };
    if let Some(window) = window {
        let seconds = marker_seconds(window);
        response
            .headers_mut()
            .append(header::SET_COOKIE, marker(unix_now() + seconds, seconds));
    }
    response
}

/// Whole seconds the marker lasts for a `window`: rounded up, plus one, because the marker
/// holds a whole second and the time it is checked against is rounded down — so it counts for
/// at least `window` after it is set, wherever in a second that happens.
fn marker_seconds(window: std::time::Duration) -> u64 {
    window.as_secs() + u64::from(window.subsec_nanos() > 0) + 1
}

/// Tells the other instances of the change: over `CACHE_BUS` if set, else by PostgreSQL's
/// `NOTIFY` (nothing on the other back-ends, whose caches rely on expiry).
fn announce(state: &AppState) {
    if let Some(bus) = state.cache_bus.clone() {
        tokio::spawn(async move { bus.announce().await });
    } else if state.store.announces_changes() {
        let store = state.store.clone();
        tokio::spawn(async move {
            if let Err(err) = store.announce_change().await {
                tracing::debug!(error = %err, "could not announce a change to the other instances");
            }
        });
    }
}

/// The marker cookie: reads stay on the primary until `until` (Unix seconds).
fn marker(until: u64, max_age: u64) -> HeaderValue {
    let cookie = Cookie::build((MARKER, until.to_string()))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .max_age(cookie::time::Duration::seconds(
            i64::try_from(max_age).unwrap_or(i64::MAX),
        ))
        .build();
    HeaderValue::from_str(&cookie.to_string()).expect("a cookie is a header value")
}

fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |since| since.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_cookie(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, HeaderValue::from_str(value).unwrap());
        headers
    }

    #[test]
    fn a_marker_counts_until_it_expires() {
        let headers = with_cookie("theme=dark; recipe_api_wrote=1000");
        assert!(wrote_recently(&headers, 999));
        assert!(!wrote_recently(&headers, 1000));
        assert!(!wrote_recently(&with_cookie("recipe_api_wrote=soon"), 0));
        assert!(!wrote_recently(&HeaderMap::new(), 0));
    }

    #[test]
    fn the_marker_outlasts_its_window_wherever_in_a_second_it_is_set() {
        use std::time::Duration;
        for (window, seconds) in [(750, 2), (1_000, 2), (1_001, 3), (5_000, 6)] {
            let window = Duration::from_millis(window);
            assert_eq!(marker_seconds(window), seconds, "{window:?}");
            // Set at 1000.999 s (Unix time 1000 when read): still counted at 1000.999 + window.
            let set_at = 1_000.999_f64;
            let until = 1_000 + marker_seconds(window);
            let last_needed = (set_at + window.as_secs_f64()).floor() as u64;
            let headers = with_cookie(&format!("recipe_api_wrote={until}"));
            assert!(wrote_recently(&headers, last_needed), "{window:?}");
        }
    }

    #[test]
    fn the_marker_is_a_cookie_the_check_reads_back() {
        let set = marker(2_000, 6);
        let text = set.to_str().unwrap();
        assert!(
            text.contains("Max-Age=6") && text.contains("HttpOnly"),
            "{text}"
        );
        let pair = text.split(';').next().unwrap();
        assert!(wrote_recently(&with_cookie(pair), 1_999));
    }
}
