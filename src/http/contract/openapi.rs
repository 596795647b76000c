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

use serde_json::{Value, json};
use utoipa::OpenApi;

use super::{security::CredentialSchemes, shared_responses::add_shared_responses};
use crate::{domain::PasswordPolicy, error::ErrorBody};

/// The document's fixed parts; the routers add the operations.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "recipe-api",
        description = "A recipe-sharing REST API: accounts with access tokens, recipes with drafts \
            and publication, full-text search, tags. Compatible with the original Flask recipe \
            API's paths, request fields and success keys.\n\n\
            Every error answers `{\"error\": \"…\", \"code\": \"…\"}` (plus `fields` for \
            `validation_error`); its `error` message is in Korean when `Accept-Language` \
            prefers Korean (`Content-Language` says which), its `code` never changes. Unknown \
            JSON keys, unknown query parameters and unknown fields of upload forms are ignored. \
            Text limits count Unicode characters as sent.",
        license(name = "MIT", identifier = "MIT")
    ),
    tags(
        (name = "accounts", description = "Register, log in, refresh and log out; your account"),
        (name = "sessions", description = "Your login sessions"),
        (name = "tokens", description = "Personal access tokens for scripts and integrations"),
        (name = "recipes", description = "Recipes: drafts, publication, search and lists"),
        (name = "tags", description = "Tags of published recipes"),
        (name = "photos", description = "Recipes' covers and galleries, avatars, and their files"),
        (name = "import", description = "Recipes in and out: import from a web page or JSON-LD, \
            whole-account archives"),
        (name = "users", description = "Public profiles"),
        (name = "community", description = "Favourites, ratings, comments and following authors"),
        (name = "collections", description = "Recipe collections: public, unlisted (shared by \
            link) or private"),
        (name = "reports", description = "Reporting a recipe, a user or a comment to the \
            administrators"),
        (name = "admin", description = "For administrators: accounts, hidden recipes, \
            invitation codes, reports and the audit log"),
        (name = "operations", description = "Health probes and this document"),
    ),
    components(schemas(ErrorBody)),
    modifiers(&CredentialSchemes)
)]
struct ApiDoc;

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
            "\n\nRequest bodies are limited to {} bytes (413 beyond), except photo uploads, \
             whose file may have up to `MEDIA_MAX_BYTES`.",
            settings.body_limit
        ),
    );
    doc
}

/// Response links (what a client can do next with an answer), for people and for stateful
/// testers: `(method, path, status, link name, target operationId, target parameter, value)`.
/// A target parameter `body.<key>` fills that key of the target's JSON body.
#[rustfmt::skip]
const LINKS: [(&str, &str, &str, &str, &str, &str, &str); 15] = [
    ("post", "/recipes", "201", "GetRecipe", "get_recipe", "id", "$response.body#/info/id"),
    ("post", "/recipes", "201", "ReplaceRecipe", "replace_recipe", "id", "$response.body#/info/id"),
    ("post", "/recipes", "201", "PatchRecipe", "patch_recipe", "id", "$response.body#/info/id"),
    ("post", "/recipes", "201", "PublishRecipe", "publish_recipe", "id", "$response.body#/info/id"),
    ("post", "/recipes", "201", "UnpublishRecipe", "unpublish_recipe", "id", "$response.body#/info/id"),
    ("post", "/recipes", "201", "DeleteRecipe", "delete_recipe", "id", "$response.body#/info/id"),
    ("post", "/recipes", "201", "SetCover", "put_cover", "id", "$response.body#/info/id"),
    ("post", "/recipes", "201", "AddImage", "add_image", "id", "$response.body#/info/id"),
    ("post", "/recipes", "201", "OrderImages", "order_images", "id", "$response.body#/info/id"),
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
