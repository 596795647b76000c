//! The error responses that the extractors, the authentication, the rate limiter and the
//! middleware can give an operation, added to each operation of the document by what it takes
//! (parameters, a body, a credential) unless the operation documents that status itself.

use serde_json::{Value, json};

use super::security::BEARER;

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

/// Adds to every operation of `doc` the shared error responses it can give.
pub fn add_shared_responses(doc: &mut Value) {
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
