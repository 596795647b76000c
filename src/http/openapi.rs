//! The OpenAPI 3.1 document served at `GET /openapi.json`.
//!
//! Operations come from the handlers' `#[utoipa::path]` annotations: every route is registered
//! through `utoipa_axum::routes!`, which adds the handler to the router and its operation to the
//! document in one step. This module adds what the operations share:
//!
//! - the `bearer` security scheme. A login's access token holds every role; a personal access
//!   token holds `read` (GET only) or `read` and `write`; credential management needs `session`
//!   (a login's access token). Each operation names the roles it needs (OpenAPI 3.1 lets a
//!   non-OAuth requirement list roles);
//! - the error envelope (`Error`) and the error responses that the extractors, the
//!   authentication, the rate limiter and the middleware can give an operation, added to each
//!   operation by what it takes (parameters, a body, a credential) unless the operation
//!   documents that status itself;
//! - the settings that are part of the contract: password lengths and the body limit.

use std::collections::BTreeMap;

use serde_json::{Value, json};
use utoipa::{
    IntoResponses, Modify, OpenApi,
    openapi::{
        Content, Ref, RefOr, ResponseBuilder,
        response::Response,
        security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme},
    },
};

use super::session_cookie;
use crate::{domain::PasswordPolicy, error::ErrorBody};

/// The name of the security scheme.
pub const BEARER: &str = "bearer";

/// The document's fixed parts; the routers add the operations.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "recipe-api",
        description = "A recipe-sharing REST API: accounts with access tokens, recipes with drafts \
            and publication, full-text search, tags. Compatible with the original Flask recipe \
            API's paths, request fields and success keys.\n\n\
            Every error answers `{\"error\": \"…\", \"code\": \"…\"}` (plus `fields` for \
            `validation_error`). Unknown JSON keys and unknown query parameters are ignored. \
            Text limits count Unicode characters as sent.",
        license(name = "MIT", identifier = "MIT")
    ),
    tags(
        (name = "accounts", description = "Register, log in, refresh and log out; your account"),
        (name = "sessions", description = "Your login sessions"),
        (name = "tokens", description = "Personal access tokens for scripts and integrations"),
        (name = "recipes", description = "Recipes: drafts, publication, search and lists"),
        (name = "tags", description = "Tags of published recipes"),
        (name = "users", description = "Public profiles"),
        (name = "operations", description = "Health probes and this document"),
    ),
    components(schemas(ErrorBody)),
    modifiers(&BearerScheme)
)]
struct ApiDoc;

struct BearerScheme;

impl Modify for BearerScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            BEARER,
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT access token, or rpat_… personal access token")
                    .description(Some(
                        "`Authorization: Bearer <token>`. An access token from register, login \
                         or refresh holds every role. A personal access token (`rpat_…`) holds \
                         `read` (GET only), or `read` and `write`; never `session`, which \
                         managing credentials (password, account, sessions, tokens) needs.",
                    ))
                    .build(),
            ),
        );
        components.add_security_scheme(
            session_cookie::COOKIE_SCHEME,
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                session_cookie::COOKIE_NAME,
                "The browser session cookie set by `POST /users/cookie` (`HttpOnly`, `Secure`, \
                 `SameSite=Strict`, `Path=/users/cookie`). Requests that use it must come from \
                 this server's own pages (`Sec-Fetch-Site: same-origin`, or a matching `Origin`).",
            ))),
        );
    }
}

/// The 403 of the routes that change a recipe: `responses(..., OwnerOnly)`.
pub struct OwnerOnly;

impl IntoResponses for OwnerOnly {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        forbidden(
            "`forbidden`: someone else's published recipe (someone else's draft is 404); or \
             `insufficient_scope`: a read-only personal access token",
        )
    }
}

/// The 403 of the routes that use the session cookie: `responses(..., CrossOrigin)`.
pub struct CrossOrigin;

impl IntoResponses for CrossOrigin {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        forbidden("`cross_origin_request`: sent by another site's page")
    }
}

/// A 403 answer with the error body, described by `description`.
fn forbidden(description: &str) -> BTreeMap<String, RefOr<Response>> {
    let response = ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            Content::new(Some(Ref::from_schema_name("Error"))),
        )
        .build();
    BTreeMap::from([("403".to_owned(), response.into())])
}

/// The fixed parts of the document, before the routers add their operations.
pub fn base() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

/// What of the configuration shows in the contract.
#[derive(Debug, Clone, Copy)]
pub struct ContractSettings {
    /// Password lengths for new passwords.
    pub password_policy: PasswordPolicy,
    /// Largest request body, in bytes.
    pub body_limit: usize,
}

/// Completes the document collected from the routers: shared error responses, the configured
/// password lengths and body limit.
pub fn complete(openapi: utoipa::openapi::OpenApi, settings: ContractSettings) -> Value {
    let mut doc = serde_json::to_value(openapi).expect("the OpenAPI document serializes");
    add_shared_responses(&mut doc);
    add_links(&mut doc);
    set_password_lengths(&mut doc, settings.password_policy);
    append_description(
        &mut doc,
        &format!(
            "\n\nRequest bodies are limited to {} bytes (413 beyond).",
            settings.body_limit
        ),
    );
    doc
}

/// Which shared responses an operation can give, from what it takes.
#[derive(Debug, Default)]
struct Takes {
    parameters: bool,
    path_id: bool,
    body: bool,
    credential: bool,
    restricted_role: bool,
}

impl Takes {
    fn of(path: &str, operation: &Value) -> Self {
        let requirements = operation["security"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        // The session cookie's routes document their own 401 (or have none).
        let credential = requirements.iter().any(|r| r.get(BEARER).is_some());
        let restricted_role = requirements.iter().any(|r| {
            r[BEARER]
                .as_array()
                .is_some_and(|roles| roles.iter().any(|role| role != "read"))
        });
        Self {
            parameters: operation["parameters"]
                .as_array()
                .is_some_and(|p| !p.is_empty()),
            path_id: path.contains('{'),
            body: operation.get("requestBody").is_some(),
            credential,
            restricted_role,
        }
    }

    /// `(status, description)` of each shared response this operation can give.
    fn responses(&self) -> Vec<(&'static str, &'static str)> {
        let mut out = Vec::new();
        if self.parameters || self.body {
            out.push((
                "400",
                "Bad input: `validation_error` (with `fields`), `malformed_json`, \
                 `invalid_body`, `invalid_id` or `invalid_query`",
            ));
        }
        if self.credential {
            out.push((
                "401",
                "No usable credential: `missing_token`, `invalid_token`, `token_expired`, \
                 `token_revoked` or `session_ended`",
            ));
        }
        if self.restricted_role {
            out.push((
                "403",
                "The credential lacks the role: `insufficient_scope` (a read-only personal \
                 access token) or `session_required` (a personal access token where a login \
                 is needed)",
            ));
        }
        if self.path_id {
            out.push(("404", "`not_found`: nothing with this id is visible to you"));
        }
        if self.body {
            out.push(("413", "`payload_too_large`: the body is over the limit"));
            out.push((
                "415",
                "`unsupported_media_type`: the body is not `application/json`",
            ));
        }
        out.push((
            "429",
            "`rate_limited`: too many requests from this client (or login attempts for this \
             account); retry after `Retry-After` seconds",
        ));
        out.push((
            "500",
            "`internal_error`: a fault of the server (details only in its log)",
        ));
        out.push((
            "503",
            "`database_unavailable` or `timeout`: retry after `Retry-After` seconds",
        ));
        out
    }
}

const METHODS: [&str; 5] = ["get", "put", "post", "delete", "patch"];

fn error_response(status: &str, description: &str) -> Value {
    let mut response = json!({
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    });
    let header = |description: &str, required: bool, schema: Value| json!({"description": description, "required": required, "schema": schema});
    let seconds = json!({"type": "integer", "minimum": 0});
    let headers = match status {
        "401" => Some(json!({
            "WWW-Authenticate": header("`Bearer`", true, json!({"type": "string"})),
        })),
        "429" => Some(json!({
            "Retry-After": header("Seconds to wait", true, seconds.clone()),
            "RateLimit-Limit": header("Requests allowed per window", true, seconds.clone()),
            "RateLimit-Remaining": header("Requests left in this window", true, seconds.clone()),
            "RateLimit-Reset": header("Seconds until the window resets", true, seconds.clone()),
        })),
        // A timeout answers without it; an unreachable database with it.
        "503" => Some(json!({
            "Retry-After": header("Seconds to wait", false, seconds),
        })),
        _ => None,
    };
    if let Some(headers) = headers {
        response["headers"] = headers;
    }
    response
}

fn add_shared_responses(doc: &mut Value) {
    let Some(paths) = doc["paths"].as_object_mut() else {
        return;
    };
    for (path, item) in paths.iter_mut() {
        for method in METHODS {
            let Some(operation) = item.get_mut(method) else {
                continue;
            };
            let takes = Takes::of(path, operation);
            let responses = operation["responses"]
                .as_object_mut()
                .expect("every operation has responses");
            for (status, description) in takes.responses() {
                responses
                    .entry(status)
                    .or_insert_with(|| error_response(status, description));
            }
        }
    }
}

/// Response links (what a client can do next with an answer), for people and for stateful
/// testers: `(method, path, status, link name, target operationId, target parameter, value)`.
/// A target parameter `body.<key>` fills that key of the target's JSON body.
#[rustfmt::skip]
const LINKS: [(&str, &str, &str, &str, &str, &str, &str); 12] = [
    ("post", "/recipes", "201", "GetRecipe", "get_recipe", "id", "$response.body#/info/id"),
    ("post", "/recipes", "201", "ReplaceRecipe", "replace_recipe", "id", "$response.body#/info/id"),
    ("post", "/recipes", "201", "PatchRecipe", "patch_recipe", "id", "$response.body#/info/id"),
    ("post", "/recipes", "201", "PublishRecipe", "publish_recipe", "id", "$response.body#/info/id"),
    ("post", "/recipes", "201", "UnpublishRecipe", "unpublish_recipe", "id", "$response.body#/info/id"),
    ("post", "/recipes", "201", "DeleteRecipe", "delete_recipe", "id", "$response.body#/info/id"),
    ("post", "/users/register", "200", "GetUser", "get_user", "id", "$response.body#/user/id"),
    ("post", "/users/register", "200", "ListUserRecipes", "list_user_recipes", "id", "$response.body#/user/id"),
    ("post", "/users/register", "200", "Refresh", "refresh", "body.refresh_token", "$response.body#/refresh_token"),
    ("post", "/users/login", "200", "Refresh", "refresh", "body.refresh_token", "$response.body#/refresh_token"),
    ("post", "/users/me/tokens", "201", "DeleteToken", "delete_token", "id", "$response.body#/info/id"),
    ("get", "/users/me/sessions", "200", "EndSession", "end_session", "id", "$response.body#/sessions/0/id"),
];

fn add_links(doc: &mut Value) {
    for (method, path, status, name, target, parameter, value) in LINKS {
        let response = &mut doc["paths"][path][method]["responses"][status];
        assert!(response.is_object(), "{method} {path} answers {status}");
        response["links"][name] = match parameter.strip_prefix("body.") {
            Some(key) => json!({"operationId": target, "requestBody": {key: value}}),
            None => json!({"operationId": target, "parameters": {parameter: value}}),
        };
    }
}

/// The request schemas whose property is a new password, and that property.
const NEW_PASSWORDS: [(&str, &str); 2] = [
    ("RegisterInput", "password"),
    ("PasswordChangeInput", "new_password"),
];

fn set_password_lengths(doc: &mut Value, policy: PasswordPolicy) {
    for (schema, property) in NEW_PASSWORDS {
        let field = &mut doc["components"]["schemas"][schema]["properties"][property];
        let field = field
            .as_object_mut()
            .unwrap_or_else(|| panic!("{schema}.{property} is in the document"));
        field.insert("minLength".into(), json!(policy.min_chars));
        field.insert("maxLength".into(), json!(policy.max_chars));
    }
}

fn append_description(doc: &mut Value, text: &str) {
    let info = doc["info"].as_object_mut().expect("the document has info");
    let mut description = info
        .get("description")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    description.push_str(text);
    info.insert("description".into(), Value::String(description));
}
