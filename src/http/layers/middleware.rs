//! The middleware stack, outermost first: request id → sensitive headers → tracing → metrics →
//! error language → JSON error safety net → panic catcher → timeout.
//!
//! - Every request is counted in the metrics by method, matched route and status, with its
//!   latency (time to the response's head); each label comes from a closed set (see
//!   `crate::metrics`).
//! - Every request gets an `x-request-id` (kept if the client sent a short one of letters,
//!   digits and `-_.:`, otherwise replaced) that is echoed in the response and recorded in the
//!   request's log span with the method and matched route.
//! - `Authorization` and `Cookie` are marked sensitive, so they never reach the logs.
//! - A panic becomes a generic 500 JSON answer; its message goes only to the log.
//! - Any error response that is not JSON yet (a timeout, a framework rejection) is rewritten
//!   into the error envelope, so clients never see an empty or HTML error body.

use std::{
    any::Any,
    time::{Duration, Instant},
};

use axum::{
    Router,
    body::Body,
    extract::{DefaultBodyLimit, MatchedPath, Request},
    http::{HeaderName, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use tower::ServiceBuilder;
use tower_http::{
    catch_panic::CatchPanicLayer,
    map_response_body::MapResponseBodyLayer,
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, RequestId, SetRequestIdLayer},
    sensitive_headers::SetSensitiveRequestHeadersLayer,
    timeout::TimeoutLayer,
    trace::TraceLayer,
};
use tracing::Span;

use crate::{
    error::{ErrorBody, ErrorCode},
    http::RequestLimits,
    metrics::{self, Metrics},
};

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Wraps `routes` in the middleware stack, with the body limit of `limits` as the routes'
/// default.
pub fn wrap(routes: Router, limits: RequestLimits, metrics: Metrics) -> Router {
    // One `Router::layer` call: each call boxes every route once more, and axum clones a
    // route's boxes for every request (and each `from_fn` stage its inner service again).
    routes.layer(
        ServiceBuilder::new()
            .layer(axum::middleware::map_request(drop_unusable_request_id))
            .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
            .layer(SetSensitiveRequestHeadersLayer::new([
                header::AUTHORIZATION,
                header::COOKIE,
            ]))
            .layer(
                TraceLayer::new_for_http()
                    .make_span_with(request_span)
                    .on_request(())
                    .on_response(log_response),
            )
            .layer(PropagateRequestIdLayer::new(REQUEST_ID))
            .layer(axum::middleware::from_fn(move |request, next| {
                count(metrics.clone(), request, next)
            }))
            .layer(axum::middleware::from_fn(super::error_language::localize))
            .layer(axum::middleware::map_response(json_errors))
            // The safety net above reads axum's own body type.
            .layer(MapResponseBodyLayer::new(Body::new))
            .layer(CatchPanicLayer::custom(panic_response))
            .layer(TimeoutLayer::with_status_code(
                StatusCode::SERVICE_UNAVAILABLE,
                limits.request_timeout,
            ))
            .layer(DefaultBodyLimit::max(limits.body_limit)),
    )
}

/// Longest request id kept from a client.
const REQUEST_ID_MAX_LEN: usize = 64;

/// Removes a client's `x-request-id` that is too long or holds other characters than letters,
/// digits and `-_.:`, so that a new one is made: what clients send must not grow the logs.
async fn drop_unusable_request_id(mut request: Request) -> Request {
    let usable = request.headers().get(&REQUEST_ID).is_none_or(|id| {
        let id = id.as_bytes();
        !id.is_empty()
            && id.len() <= REQUEST_ID_MAX_LEN
            && id
                .iter()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(b))
    });
    if !usable {
        request.headers_mut().remove(&REQUEST_ID);
    }
    request
}

/// Records the request in `metrics` once its response is ready.
async fn count(metrics: Metrics, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let route = request.extensions().get::<MatchedPath>().cloned();
    let response = next.run(request).await;
    metrics.request(
        &method,
        route.as_ref().map(MatchedPath::as_str),
        response.status().as_u16(),
        started.elapsed(),
    );
    response
}

fn request_span(request: &Request<Body>) -> Span {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or(metrics::UNMATCHED, MatchedPath::as_str);
    let request_id = request
        .extensions()
        .get::<RequestId>()
        .and_then(|id| id.header_value().to_str().ok())
        .unwrap_or("-");
    // The method as its metrics label: clients may invent methods of any length.
    let method = metrics::method_label(request.method());
    tracing::info_span!("request", method, route, request_id)
}

fn log_response(response: &Response<Body>, latency: Duration, _span: &Span) {
    tracing::info!(
        status = response.status().as_u16(),
        latency_ms = latency.as_millis(),
        "answered"
    );
}

fn panic_response(panic: Box<dyn Any + Send + 'static>) -> Response {
    let message = panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "non-string panic payload".to_owned());
    tracing::error!(panic = %message, "request handler panicked");
    error_response(
        StatusCode::INTERNAL_SERVER_ERROR,
        ErrorCode::InternalError,
        "internal server error",
    )
}

fn error_response(status: StatusCode, code: ErrorCode, message: &str) -> Response {
    let body = ErrorBody {
        error: message,
        code,
        fields: None,
    };
    (status, axum::Json(body)).into_response()
}

/// Rewrites error responses that are not JSON into the error envelope, keeping their headers.
/// The UI's pages are the exception: a recipe page of a recipe nobody may see is the UI's page
/// with status 404 (`share_page`), in HTML like every page.
async fn json_errors(response: Response) -> Response {
    let status = response.status();
    let is_json_or_page = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json") || v.starts_with("text/html"));
    if !(status.is_client_error() || status.is_server_error()) || is_json_or_page {
        return response;
    }
    let (code, message) = match status {
        StatusCode::SERVICE_UNAVAILABLE => (
            ErrorCode::Timeout,
            "the request took too long and was abandoned",
        ),
        StatusCode::PAYLOAD_TOO_LARGE => (ErrorCode::PayloadTooLarge, "request body is too large"),
        StatusCode::METHOD_NOT_ALLOWED => (
            ErrorCode::MethodNotAllowed,
            "method not allowed on this path",
        ),
        StatusCode::NOT_FOUND => (ErrorCode::NotFound, "no such route"),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => {
            (ErrorCode::UnsupportedMediaType, "unsupported content type")
        }
        s if s.is_server_error() => (ErrorCode::InternalError, "internal server error"),
        _ => (ErrorCode::BadRequest, "the request could not be processed"),
    };
    let (mut parts, _) = response.into_parts();
    let fresh = error_response(status, code, message);
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.extend(fresh.headers().clone());
    Response::from_parts(parts, fresh.into_body())
}

#[cfg(test)]
mod tests {
    use axum::{body::to_bytes, routing::get};
    use tower::ServiceExt;

    use super::*;

    fn timing_out_after(request_timeout: Duration) -> RequestLimits {
        RequestLimits {
            body_limit: 1 << 20,
            request_timeout,
        }
    }

    async fn call(app: Router, path: &str) -> (StatusCode, String) {
        let request = Request::get(path).body(Body::empty()).unwrap();
        let response = app.oneshot(request).await.unwrap();
        let status = response.status();
        assert!(
            response.headers()[header::CONTENT_TYPE]
                .to_str()
                .unwrap()
                .starts_with("application/json")
        );
        assert!(response.headers().contains_key(REQUEST_ID));
        let body = to_bytes(response.into_body(), 4096).await.unwrap();
        (status, String::from_utf8(body.to_vec()).unwrap())
    }

    #[tokio::test]
    async fn a_usable_request_id_is_kept_and_any_other_replaced() {
        let routes = Router::new().route("/id", get(|| async { "ok" }));
        let app = wrap(
            routes,
            timing_out_after(Duration::from_secs(5)),
            Metrics::new(),
        );
        for (sent, kept) in [
            ("abc-123_x.y:z", true),
            (&*"x".repeat(REQUEST_ID_MAX_LEN + 1), false),
            ("has space", false),
            ("quote\"", false),
        ] {
            let request = Request::get("/id")
                .header(REQUEST_ID, sent)
                .body(Body::empty())
                .unwrap();
            let response = app.clone().oneshot(request).await.unwrap();
            let echoed = response.headers()[REQUEST_ID].to_str().unwrap();
            assert_eq!(echoed == sent, kept, "{sent:?} → {echoed:?}");
            assert!(echoed.len() <= REQUEST_ID_MAX_LEN);
        }
    }

    #[tokio::test]
    async fn a_panicking_handler_answers_a_generic_json_500() {
        async fn boom() -> &'static str {
            panic!("secret detail")
        }
        let routes = Router::new().route("/boom", get(boom));
        let (status, body) = call(
            wrap(
                routes,
                timing_out_after(Duration::from_secs(5)),
                Metrics::new(),
            ),
            "/boom",
        )
        .await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert!(body.contains(r#""code":"internal_error""#), "{body}");
        assert!(!body.contains("secret detail"), "{body}");
    }

    #[tokio::test]
    async fn a_request_over_the_timeout_answers_a_json_503() {
        let routes = Router::new().route(
            "/slow",
            get(|| async {
                tokio::time::sleep(Duration::from_secs(10)).await;
                "late"
            }),
        );
        let (status, body) = call(
            wrap(
                routes,
                timing_out_after(Duration::from_millis(50)),
                Metrics::new(),
            ),
            "/slow",
        )
        .await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
        assert!(body.contains(r#""code":"timeout""#), "{body}");
    }

    #[tokio::test]
    async fn framework_errors_without_a_body_become_the_envelope() {
        let routes = Router::new().route("/teapot", get(|| async { StatusCode::IM_A_TEAPOT }));
        let (status, body) = call(
            wrap(
                routes,
                timing_out_after(Duration::from_secs(5)),
                Metrics::new(),
            ),
            "/teapot",
        )
        .await;
        assert_eq!(status, StatusCode::IM_A_TEAPOT);
        assert!(body.contains(r#""code":"bad_request""#), "{body}");
    }
}
