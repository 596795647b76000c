//! Error answers in the client's language. Every error answer (status ≥ 400 with the JSON error
//! envelope) says in `Content-Language` which language its `error` message is in, and `Vary:
//! Accept-Language`; when the request's `Accept-Language` prefers Korean, the message is the
//! Korean one of its `code` (`crate::error::korean_message`, and the recurring field messages of
//! `validation_error` too).
//!
//! Rules: `code` and the keys of `fields` never change, nor the status and the other headers
//! (`WWW-Authenticate`, `Retry-After`, `RateLimit-*`, …); only small bodies are read (at most
//! [`ENVELOPE_MAX`] bytes, a size known before reading), so a large or streamed answer passes as
//! it is; a header that cannot be read (not visible ASCII) counts as no preference, English.

use axum::{
    body::{Body, HttpBody},
    extract::Request,
    http::{HeaderMap, HeaderValue, header, response::Parts},
    middleware::Next,
    response::Response,
};
use serde_json::Value;

use crate::{
    domain::Language,
    error::{ErrorCode, korean_field_message, korean_message},
};

/// The largest body read to be translated: error envelopes are far smaller.
const ENVELOPE_MAX: u64 = 64 * 1024;

/// Answers errors in the language the request's `Accept-Language` prefers.
pub async fn localize(request: Request, next: Next) -> Response {
    let language = preferred(request.headers());
    let response = next.run(request).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) || !is_json(response.headers()) {
        return response;
    }
    let small = response
        .body()
        .size_hint()
        .upper()
        .is_some_and(|upper| upper <= ENVELOPE_MAX);
    if !small {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, ENVELOPE_MAX as usize).await else {
        // Not possible for a body of a known size this small; say nothing rather than half.
        parts.headers.remove(header::CONTENT_LENGTH);
        return Response::from_parts(parts, Body::empty());
    };
    let Ok(Value::Object(mut envelope)) = serde_json::from_slice::<Value>(&bytes) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    let Some(code) = envelope
        .get("code")
        .and_then(Value::as_str)
        .and_then(code_of)
    else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    if language == Language::English || !envelope.get("error").is_some_and(Value::is_string) {
        mark(&mut parts, Language::English);
        return Response::from_parts(parts, Body::from(bytes));
    }
    let english = envelope["error"].as_str().unwrap_or_default().to_owned();
    envelope.insert("error".into(), korean_message(code, &english).into());
    if let Some(Value::Object(fields)) = envelope.get_mut("fields") {
        for message in fields.values_mut() {
            if let Some(korean) = message.as_str().and_then(korean_field_message) {
                *message = korean.into();
            }
        }
    }
    let Ok(body) = serde_json::to_vec(&envelope) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    mark(&mut parts, Language::Korean);
    parts
        .headers
        .insert(header::CONTENT_LENGTH, HeaderValue::from(body.len()));
    Response::from_parts(parts, Body::from(body))
}

/// The language `Accept-Language` prefers; English when it is missing or cannot be read.
fn preferred(headers: &HeaderMap) -> Language {
    let mut values = Vec::new();
    for value in headers.get_all(header::ACCEPT_LANGUAGE) {
        match value.to_str() {
            Ok(text) => values.push(text),
            Err(_) => return Language::English,
        }
    }
    if values.is_empty() {
        return Language::English;
    }
    Language::from_accept_language(Some(&values.join(",")))
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/json"))
}

/// The error code spelled `text`, if it is one.
fn code_of(text: &str) -> Option<ErrorCode> {
    ErrorCode::ALL
        .iter()
        .copied()
        .find(|code| code.as_str() == text)
}

/// Says the answer's language, and that it depends on `Accept-Language`.
fn mark(parts: &mut Parts, language: Language) {
    parts.headers.insert(
        header::CONTENT_LANGUAGE,
        HeaderValue::from_static(language.code()),
    );
    let varies = parts
        .headers
        .get_all(header::VARY)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .any(|name| {
            let name = name.trim();
            name == "*" || name.eq_ignore_ascii_case("accept-language")
        });
    if !varies {
        parts
            .headers
            .append(header::VARY, HeaderValue::from_static("Accept-Language"));
    }
}

#[cfg(test)]
mod tests {
    use axum::{Router, http::StatusCode, routing::get};
    use tower::ServiceExt;

    use super::*;
    use crate::error::ApiError;

    fn app() -> Router {
        Router::new()
            .route(
                "/missing",
                get(|| async { ApiError::NotFound("recipe not found") }),
            )
            .route(
                "/big",
                get(|| async {
                    let text =
                        format!(r#"{{"error":"{}","code":"not_found"}}"#, "x".repeat(70_000));
                    (
                        StatusCode::NOT_FOUND,
                        [(header::CONTENT_TYPE, "application/json")],
                        text,
                    )
                }),
            )
            .route(
                "/text",
                get(|| async { (StatusCode::NOT_FOUND, "plain words") }),
            )
            .layer(axum::middleware::from_fn(localize))
    }

    async fn call(path: &str, language: Option<&[u8]>) -> (StatusCode, HeaderMap, Vec<u8>) {
        let mut request = Request::get(path);
        if let Some(language) = language {
            request = request.header(
                header::ACCEPT_LANGUAGE,
                HeaderValue::from_bytes(language).unwrap(),
            );
        }
        let response = app()
            .oneshot(request.body(Body::empty()).unwrap())
            .await
            .unwrap();
        let (parts, body) = response.into_parts();
        let body = axum::body::to_bytes(body, 1 << 20).await.unwrap();
        (parts.status, parts.headers, body.to_vec())
    }

    #[tokio::test]
    async fn korean_is_answered_to_who_prefers_it_and_english_to_anyone_else() {
        let (status, headers, body) = call("/missing", Some(b"ko-KR,ko;q=0.9")).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(headers[header::CONTENT_LANGUAGE], "ko");
        assert_eq!(headers[header::VARY], "Accept-Language");
        assert_eq!(headers[header::CONTENT_LENGTH], body.len().to_string());
        let body: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(body["error"], "레시피를 찾을 수 없습니다.");
        assert_eq!(body["code"], "not_found");

        for language in [
            None,
            Some(&b"en"[..]),
            Some(b"ko;q=0"),
            Some(b"\xed\x95\x9c"),
        ] {
            let (_, headers, body) = call("/missing", language).await;
            assert_eq!(headers[header::CONTENT_LANGUAGE], "en", "{language:?}");
            let body: Value = serde_json::from_slice(&body).unwrap();
            assert_eq!(body["error"], "recipe not found", "{language:?}");
        }
    }

    #[tokio::test]
    async fn large_and_non_json_answers_pass_unread() {
        let (_, headers, body) = call("/big", Some(b"ko")).await;
        assert!(!headers.contains_key(header::CONTENT_LANGUAGE));
        assert!(body.len() > 70_000);
        let (_, headers, body) = call("/text", Some(b"ko")).await;
        assert!(!headers.contains_key(header::CONTENT_LANGUAGE));
        assert_eq!(body, b"plain words");
    }
}
