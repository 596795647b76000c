//! `/media/{name}`: the stored files of photos — content-addressed, so each answer is cached
//! for a year (`immutable`), with its name as a strong `ETag`. `HEAD` and single byte ranges
//! (`Range: bytes=…`, 206) are answered; `nosniff` keeps browsers to the declared type. Kept
//! originals are never served. Not counted by the rate limits.

use axum::{
    body::Body,
    extract::{Path, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::{
    error::ApiError, http::contract::responses::MediaOutage, media::names, state::AppState,
};

const NO_FILE: ApiError = ApiError::NotFound("no such media file");

/// The media route.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_media))
}

/// A photo's file (an address from a photo's `url` or `variants`).
///
/// `Cache-Control: public, max-age=31536000, immutable`: a name always has the same content.
#[utoipa::path(get, path = "/media/{name}", tag = "photos",
    params(("name" = String, Path, description = "The file's name: 40 hex digits and `.webp` or `.jpg`",
        pattern = r"^[0-9a-f]{40}\.(webp|jpg)$"),
        ("Range" = Option<String>, Header, description = "One byte range, `bytes=START-END`, `bytes=START-` or `bytes=-LENGTH`"),
        ("If-None-Match" = Option<String>, Header, description = "The `ETag` you hold: 304 when it names this file")),
    responses(
        (status = 200, description = "The file", content(("image/webp"), ("image/jpeg")),
            headers(("ETag" = String, description = "The name, quoted"),
                ("Cache-Control" = String, description = "`public, max-age=31536000, immutable`"))),
        (status = 206, description = "The requested range of the file",
            content(("image/webp"), ("image/jpeg")),
            headers(("Content-Range" = String, description = "`bytes START-END/LENGTH`"))),
        (status = 304, description = "`If-None-Match` names this file: your copy is current"),
        (status = 416, description = "The range lies outside the file",
            headers(("Content-Range" = String, description = "`bytes */LENGTH`"))),
        MediaOutage,
    ))]
async fn get_media(
    State(state): State<AppState>,
    Path(name): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let content_type = names::served_type(&name).ok_or(NO_FILE)?;
    let etag = format!("\"{}\"", name.split('.').next().unwrap_or_default());
    let etag = HeaderValue::from_str(&etag).map_err(|_| NO_FILE)?;
    let fresh = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| {
            value
                .split(',')
                .any(|tag| tag.trim() == "*" || tag.trim().trim_start_matches("W/") == etag)
        });
    let cached = [
        (header::ETAG, etag.clone()),
        (
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        ),
    ];
    if fresh {
        return Ok((StatusCode::NOT_MODIFIED, cached).into_response());
    }
    let bytes = state
        .media
        .read(&name)
        .await
        .map_err(ApiError::MediaUnavailable)?
        .ok_or(NO_FILE)?;
    let length = bytes.len() as u64;
    let range = headers
        .get(header::RANGE)
        .and_then(|value| value.to_str().ok())
        .map(|value| byte_range(value, length));
    let (status, body, content_range) = match range {
        None | Some(Range::Ignored) => (StatusCode::OK, bytes, None),
        Some(Range::Unsatisfiable) => {
            let unsatisfiable = format!("bytes */{length}");
            return Ok((
                StatusCode::RANGE_NOT_SATISFIABLE,
                [(header::CONTENT_RANGE, unsatisfiable)],
            )
                .into_response());
        }
        Some(Range::Slice(start, end)) => (
            StatusCode::PARTIAL_CONTENT,
            bytes.slice(start as usize..=end as usize),
            Some(format!("bytes {start}-{end}/{length}")),
        ),
    };
    let mut response = (status, cached, Body::from(body)).into_response();
    let answer = response.headers_mut();
    answer.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    answer.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    answer.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    answer.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; sandbox"),
    );
    if let Some(value) = content_range.and_then(|range| HeaderValue::from_str(&range).ok()) {
        answer.insert(header::CONTENT_RANGE, value);
    }
    Ok(response)
}

/// What a `Range` header asks of a file `length` bytes long.
#[derive(Debug, PartialEq, Eq)]
enum Range {
    /// Bytes `start..=end`.
    Slice(u64, u64),
    /// Outside the file: 416.
    Unsatisfiable,
    /// Not one byte range this server serves (another unit, several ranges, malformed): the
    /// whole file is answered, as RFC 9110 allows.
    Ignored,
}

fn byte_range(value: &str, length: u64) -> Range {
    let Some(spec) = value.trim().strip_prefix("bytes=") else {
        return Range::Ignored;
    };
    if spec.contains(',') {
        return Range::Ignored;
    }
    let Some((first, last)) = spec.trim().split_once('-') else {
        return Range::Ignored;
    };
    let number = |text: &str| -> Option<u64> {
        (!text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()))
            .then(|| text.parse().ok())
            .flatten()
    };
    match (first.trim(), last.trim()) {
        ("", suffix) => match number(suffix) {
            Some(0) => Range::Unsatisfiable,
            Some(n) if length > 0 => Range::Slice(length.saturating_sub(n), length - 1),
            Some(_) => Range::Unsatisfiable,
            None => Range::Ignored,
        },
        (start, "") => match number(start) {
            Some(start) if start < length => Range::Slice(start, length - 1),
            Some(_) => Range::Unsatisfiable,
            None => Range::Ignored,
        },
        (start, end) => match (number(start), number(end)) {
            (Some(start), Some(end)) if start <= end && start < length => {
                Range::Slice(start, end.min(length - 1))
            }
            (Some(start), Some(end)) if start <= end => Range::Unsatisfiable,
            _ => Range::Ignored,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_ranges_follow_rfc_9110() {
        assert_eq!(byte_range("bytes=0-9", 100), Range::Slice(0, 9));
        assert_eq!(byte_range("bytes=90-", 100), Range::Slice(90, 99));
        assert_eq!(byte_range("bytes=-10", 100), Range::Slice(90, 99));
        assert_eq!(byte_range("bytes=-1000", 100), Range::Slice(0, 99));
        assert_eq!(byte_range("bytes=50-1000", 100), Range::Slice(50, 99));
        assert_eq!(byte_range("bytes=100-", 100), Range::Unsatisfiable);
        assert_eq!(byte_range("bytes=100-200", 100), Range::Unsatisfiable);
        assert_eq!(byte_range("bytes=-0", 100), Range::Unsatisfiable);
        for ignored in [
            "items=0-1",
            "bytes=0-1,5-6",
            "bytes=5-1",
            "bytes=a-b",
            "bytes=--1",
        ] {
            assert_eq!(byte_range(ignored, 100), Range::Ignored, "{ignored}");
        }
    }
}
