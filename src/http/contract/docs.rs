//! The contract, for people and tools: `GET /openapi.json` (the OpenAPI 3.1 document, see
//! `openapi`) and `/docs` (Swagger UI with try-it-out).
//!
//! Swagger UI's files are compiled into the binary (`utoipa-swagger-ui`'s `vendored` build), so
//! the page works without internet access. Its configuration turns off the online spec
//! validator and does not keep the bearer token in the browser's storage. Every `/docs` answer
//! carries a Content-Security-Policy that lets the page load and call only this server.

use axum::{Extension, Router, body::Bytes, http::header, response::IntoResponse};
use utoipa_axum::{router::OpenApiRouter, routes};
use utoipa_swagger_ui::{Config, SwaggerUi};

use super::openapi::{self, ContractSettings};
use crate::{http::layers::with_page_headers, state::AppState};

/// Where the document is served.
pub const DOCUMENT_PATH: &str = "/openapi.json";
/// Where the docs page is served.
pub const PAGE_PATH: &str = "/docs";

/// The completed document, serialized once.
#[derive(Clone)]
pub struct Document(Bytes);

impl Document {
    /// The document collected from the routers, completed (see `openapi::complete`).
    pub fn complete(collected: utoipa::openapi::OpenApi, settings: ContractSettings) -> Self {
        let document = openapi::complete(collected, settings);
        Document(
            serde_json::to_vec(&document)
                .expect("JSON serializes")
                .into(),
        )
    }
}

/// The documented route: `GET /openapi.json`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(openapi_json))
}

/// This API's OpenAPI 3.1 document.
///
/// Import it into Postman or an OpenAPI client generator.
#[utoipa::path(get, path = "/openapi.json", tag = "operations",
    responses((status = 200, description = "The OpenAPI 3.1 document", content_type = "application/json",
        body = Object)))]
async fn openapi_json(Extension(document): Extension<Document>) -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], document.0)
}

/// The docs page and its files (not part of the API, so not in the document).
pub fn page() -> Router<AppState> {
    let config = Config::new([DOCUMENT_PATH])
        .validator_url("none")
        .try_it_out_enabled(true)
        .persist_authorization(false);
    let csp = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
               img-src 'self' data:; font-src 'self' data:; connect-src 'self'; \
               base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    with_page_headers(Router::from(SwaggerUi::new(PAGE_PATH).config(config)), csp)
}
