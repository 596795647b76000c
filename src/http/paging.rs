//! Paging of the community's lists that are not recipe lists (comments, followers, collections
//! and a collection's recipes): an opaque cursor holding the last item's position, signed for
//! one list (`fingerprint`), and the `Link: <…>; rel="next"` header.

use axum::{
    Json,
    http::{HeaderValue, header},
    response::{IntoResponse, Response},
};
use serde::Serialize;

use crate::{
    domain::{Position, SortKey},
    error::ApiError,
    state::AppState,
};

/// The position a `cursor` of the list `fingerprint` continues after (400 for any other).
pub fn decode_cursor(
    state: &AppState,
    fingerprint: &str,
    raw: Option<String>,
) -> Result<Option<i64>, ApiError> {
    raw.map(|raw| {
        state
            .cursors
            .decode(fingerprint, &raw)
            .ok()
            .filter(|position| position.key == SortKey::Id && position.id > 0)
            .map(|position| position.id)
            .ok_or_else(|| ApiError::field("cursor", "is not a valid cursor"))
    })
    .transpose()
}

/// The cursor of the page after the item at `last` of the list `fingerprint`, when `more`.
pub fn next_cursor(
    state: &AppState,
    fingerprint: &str,
    last: Option<i64>,
    more: bool,
) -> Option<String> {
    last.filter(|_| more).map(|id| {
        let position = Position {
            id,
            key: SortKey::Id,
        };
        state.cursors.encode(fingerprint, &position)
    })
}

/// `body` as JSON, with `Link: <next>; rel="next"` when there is a next page.
pub fn with_link<T: Serialize>(body: T, next: Option<String>) -> Response {
    let link = next.and_then(|next| HeaderValue::from_str(&format!("<{next}>; rel=\"next\"")).ok());
    match link {
        Some(link) => ([(header::LINK, link)], Json(body)).into_response(),
        None => Json(body).into_response(),
    }
}
