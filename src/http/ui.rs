//! The browser UI: the static files under `web/`, compiled into the release binary, served at
//! `/` and `/ui/…`. The UI is a client of the public API like any other; nothing here reads
//! the database.
//!
//! Every page address of the UI (`/`, `/r/{id}`, `/u/{id}`, `/login`, …) answers the same
//! `index.html` (a recipe's page with its preview tags added, see `share_page`), whose script
//! draws the page the address names, so a bookmarked or reloaded page
//! opens where it was. The UI's addresses are distinct from the API's (`/recipes/{id}` stays
//! JSON). Files under `/ui/` are revalidated by `ETag` (304 when unchanged).
//!
//! Every answer carries a Content-Security-Policy that allows only this server's own scripts
//! and styles (no inline script, no `eval`), and Trusted Types, so the browser itself refuses any
//! attempt to insert text as HTML.

use axum::{
    Router,
    extract::Path,
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
};
use rust_embed::Embed;

use super::layers::with_page_headers;
use crate::{error::ApiError, state::AppState};

/// The UI's files.
#[derive(Embed)]
#[folder = "web/"]
struct Files;

/// The page addresses that the UI draws (client-side routes); `/r/{id}` is one too, with the
/// recipe's preview tags in its head (see [`share_pages`]).
pub const PAGES: [&str; 16] = [
    "/",
    "/login",
    "/register",
    "/forgot-password",
    "/reset-password",
    "/verify-email",
    "/new",
    "/my",
    "/favorites",
    "/feed",
    "/profile",
    "/r/{id}/edit",
    "/u/{id}",
    "/c",
    "/c/{id}",
    "/admin",
];

/// Where the files are served from.
const FILES_PREFIX: &str = "/ui";

/// `img-src blob:`: the preview of a photo chosen for upload is a local object URL.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; \
    connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; \
    frame-ancestors 'none'; require-trusted-types-for 'script'; trusted-types 'none'";

/// The UI's routes (pages, not API operations: they are not in the OpenAPI document).
pub fn pages<S: Clone + Send + Sync + 'static>() -> Router<S> {
    let routes =
        PAGES
            .into_iter()
            .fold(Router::new(), |routes, page| {
                routes.route(
                    page,
                    get(|headers: HeaderMap| async move { serve("index.html", &headers) }),
                )
            })
            .route(
                &format!("{FILES_PREFIX}/{{*file}}"),
                get(|Path(file): Path<String>, headers: HeaderMap| async move {
                    serve(&file, &headers)
                }),
            );
    with_page_headers(routes, CSP)
}

/// The shareable recipe pages (`/r/{id}`, see `share_page`): they read the database, so they
/// are mounted where the rate limits apply.
pub fn share_pages() -> Router<AppState> {
    with_page_headers(
        Router::new().route("/r/{id}", get(super::share_page::page)),
        CSP,
    )
}

/// The UI's page (`index.html`), as every page address answers it.
pub fn index_html() -> std::borrow::Cow<'static, [u8]> {
    Files::get("index.html")
        .expect("index.html is embedded")
        .data
}

/// `file` from `web/`, or 304 when the client's copy (`If-None-Match`) is current.
fn serve(file: &str, headers: &HeaderMap) -> Response {
    let Some(found) = Files::get(file) else {
        return ApiError::NotFound("no such file").into_response();
    };
    let hash = found.metadata.sha256_hash();
    let etag = format!("\"{}\"", hex(&hash[..12]));
    let etag = HeaderValue::from_str(&etag).expect("hex is a header value");
    let cache = HeaderValue::from_static("no-cache");
    let current = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|tags| tags.split(',').any(|t| t.trim() == etag));
    if current {
        let headers = [(header::ETAG, etag), (header::CACHE_CONTROL, cache)];
        return (StatusCode::NOT_MODIFIED, headers).into_response();
    }
    let mime = found.metadata.mimetype();
    let content_type = if mime.starts_with("text/") || mime.ends_with("javascript") {
        format!("{mime}; charset=utf-8")
    } else {
        mime.to_owned()
    };
    let headers = [
        (
            header::CONTENT_TYPE,
            HeaderValue::from_str(&content_type).expect("a MIME type is a header value"),
        ),
        (header::ETAG, etag),
        (header::CACHE_CONTROL, cache),
    ];
    (headers, found.data).into_response()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_of_the_ui_is_embedded_with_a_browser_type() {
        let names: Vec<_> = Files::iter().collect();
        assert!(names.iter().any(|n| n == "index.html"), "{names:?}");
        for name in names {
            let file = Files::get(&name).unwrap();
            let mime = file.metadata.mimetype();
            assert!(
                mime != "application/octet-stream",
                "{name} has no known type: add its extension to mime_guess's table or rename it"
            );
        }
    }
}
