//! The contract: `/openapi.json` describes exactly the routes the server answers, its pieces
//! fit together, and the `/docs` page is served whole from the server itself.
//!
//! (The document is also checked by openapi-spec-validator, and the server held to it by
//! schemathesis, in `scripts/contract/run`.)

use std::collections::BTreeSet;

use reqwest::{Method, StatusCode, header};
use serde_json::{Value, json};

use crate::{
    backends::{Backend, backends},
    helpers::{TestApp, test_app},
};
use rstest::rstest;
use rstest_reuse::apply;

const METHODS: [&str; 5] = ["get", "put", "post", "delete", "patch"];

async fn document(app: &TestApp) -> Value {
    let reply = app.get("/openapi.json", None).await;
    reply.assert_success_status();
    reply.body.clone()
}

/// `(method, path)` of every documented operation.
fn operations(doc: &Value) -> Vec<(String, String)> {
    let paths = doc["paths"].as_object().expect("paths");
    paths
        .iter()
        .flat_map(|(path, item)| {
            METHODS
                .iter()
                .filter(|m| item.get(**m).is_some())
                .map(|m| (m.to_string(), path.clone()))
        })
        .collect()
}

/// Sends `method` (lower case, as in the document) to `path` with `{id}` → 1, anonymously.
async fn call(app: &TestApp, method: &str, path: &str) -> crate::helpers::Reply {
    let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
    app.request(method, &path.replace("{id}", "1"), None, None)
        .await
}

#[apply(backends)]
#[tokio::test]
async fn every_documented_operation_is_served_and_nothing_else_on_its_paths(backend: Backend) {
    let app = test_app!(backend);
    let doc = document(&app).await;
    assert_eq!(doc["openapi"], "3.1.0");
    let documented = operations(&doc);
    assert!(documented.len() >= 27, "{documented:?}");
    for (method, path) in &documented {
        let reply = call(&app, method, path).await;
        assert_ne!(
            reply.status,
            StatusCode::METHOD_NOT_ALLOWED,
            "{method} {path}"
        );
        assert_ne!(reply.body["error"], "no such route", "{method} {path}");
    }
    // Every other method on a documented path is 405 with the allowed ones listed.
    let paths: BTreeSet<&String> = documented.iter().map(|(_, p)| p).collect();
    for path in paths {
        let allowed: BTreeSet<String> = documented
            .iter()
            .filter(|(_, p)| p == path)
            .map(|(m, _)| m.to_uppercase())
            .collect();
        for method in METHODS {
            if allowed.contains(&method.to_uppercase()) {
                continue;
            }
            let reply = call(&app, method, path).await;
            reply.assert_error(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
            let allow = reply.headers[header::ALLOW].to_str().unwrap().to_owned();
            for method in &allowed {
                assert!(allow.contains(method.as_str()), "{path}: Allow {allow}");
            }
        }
    }
}

/// Every `$ref` in `value`.
fn refs<'a>(value: &'a Value, out: &mut Vec<&'a str>) {
    match value {
        Value::Object(map) => {
            for (key, item) in map {
                match (key.as_str(), item) {
                    ("$ref", Value::String(target)) => out.push(target),
                    _ => refs(item, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| refs(item, out)),
        _ => {}
    }
}

#[apply(backends)]
#[tokio::test]
async fn the_document_s_references_ids_links_and_security_fit_together(backend: Backend) {
    let app = test_app!(backend, |s| {
        s.password_policy.min_chars = 10;
        s.password_policy.max_chars = 99;
    });
    let doc = document(&app).await;
    let mut targets = Vec::new();
    refs(&doc, &mut targets);
    assert!(!targets.is_empty());
    for target in targets {
        let pointer = target.strip_prefix('#').expect("local reference");
        assert!(doc.pointer(pointer).is_some(), "{target} resolves");
    }
    let mut ids = BTreeSet::new();
    for (method, path) in operations(&doc) {
        let operation = &doc["paths"][&path][&method];
        let id = operation["operationId"].as_str().expect("operationId");
        assert!(ids.insert(id.to_owned()), "{id} is unique");
        // Every operation documents its errors with the envelope.
        for status in ["429", "500", "503"] {
            assert_eq!(
                operation["responses"][status]["content"]["application/json"]["schema"]["$ref"],
                "#/components/schemas/Error",
                "{method} {path} {status}"
            );
        }
        // A credential-taking operation documents 401; a path with an id, 404.
        let needs_token = operation["security"]
            .as_array()
            .is_some_and(|r| r.iter().any(|r| r.get("bearer").is_some()));
        assert_eq!(
            operation["responses"].get("401").is_some(),
            needs_token || takes_refresh_token(&method, &path),
            "{method} {path}"
        );
        // The cookie's routes refuse other sites' pages.
        if path.starts_with("/users/cookie") {
            assert!(
                operation["responses"].get("403").is_some(),
                "{method} {path}"
            );
        }
        if path.contains("{id}") {
            assert!(
                operation["responses"].get("404").is_some(),
                "{method} {path}"
            );
        }
    }
    for (method, path) in operations(&doc) {
        let responses = doc["paths"][&path][&method]["responses"]
            .as_object()
            .unwrap();
        for response in responses.values() {
            for link in response["links"].as_object().into_iter().flatten() {
                let target = link.1["operationId"].as_str().unwrap();
                assert!(ids.contains(target), "link to {target}");
            }
        }
    }
    // The configured password policy is the documented one.
    let password = &doc["components"]["schemas"]["RegisterInput"]["properties"]["password"];
    assert_eq!(password["minLength"], 10);
    assert_eq!(password["maxLength"], 99);
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
    let cookie = &doc["components"]["securitySchemes"]["refresh_cookie"];
    assert_eq!(
        (&cookie["type"], &cookie["in"]),
        (&json!("apiKey"), &json!("cookie"))
    );
    assert_eq!(cookie["name"], "__Secure-recipe-refresh");
    // Roles: reading your recipes needs `read`, writing `write`, credentials `session`.
    assert_eq!(
        doc["paths"]["/recipes/me"]["get"]["security"][0]["bearer"][0],
        "read"
    );
    assert_eq!(
        doc["paths"]["/recipes"]["post"]["security"][0]["bearer"][0],
        "write"
    );
    assert_eq!(
        doc["paths"]["/users/me/tokens"]["post"]["security"][0]["bearer"][0],
        "session"
    );
}

/// Operations that take a refresh token or credentials (and answer 401 for bad ones).
fn takes_refresh_token(method: &str, path: &str) -> bool {
    matches!(
        (method, path),
        ("post", "/users/login")
            | ("post", "/users/refresh")
            | ("post", "/users/cookie")
            | ("post", "/users/cookie/refresh")
    )
}

/// The `src` and `href` values in `html`.
fn references(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attribute in ["src=\"", "href=\""] {
        let mut rest = html;
        while let Some(start) = rest.find(attribute) {
            rest = &rest[start + attribute.len()..];
            let end = rest.find('"').expect("closing quote");
            out.push(rest[..end].to_owned());
            rest = &rest[end..];
        }
    }
    out
}

async fn fetch(app: &TestApp, path: &str) -> (StatusCode, header::HeaderMap, String) {
    let response = app
        .client
        .get(format!("{}{path}", app.address))
        .send()
        .await
        .expect("request sent");
    let status = response.status();
    let headers = response.headers().clone();
    (status, headers, response.text().await.expect("body"))
}

#[apply(backends)]
#[tokio::test]
async fn the_docs_page_and_its_assets_come_from_this_server_only(backend: Backend) {
    let app = test_app!(backend);
    let (status, headers, html) = fetch(&app, "/docs/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let csp = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(csp.contains("default-src 'none'") && csp.contains("connect-src 'self'"));
    assert!(
        !csp.contains("http") && !csp.contains('*'),
        "the policy names no other host: {csp}"
    );
    assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "{html}"
    );
    assert!(!html.contains("<script>"), "no inline script");

    let assets = references(&html);
    assert!(assets.len() >= 4, "{assets:?}");
    let mut saw_initializer = false;
    for asset in assets {
        assert!(
            !asset.contains("//"),
            "{asset} is on this server (relative)"
        );
        let path = format!("/docs/{}", asset.trim_start_matches("./"));
        let (status, headers, body) = fetch(&app, &path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(!body.is_empty(), "{path}");
        assert!(headers.contains_key(header::CONTENT_TYPE), "{path}");
        if path.ends_with("swagger-initializer.js") {
            saw_initializer = true;
            assert!(body.contains("\"/openapi.json\""), "{body}");
            assert!(body.contains("\"validatorUrl\": \"none\""), "{body}");
            assert!(
                !body.contains("http://") && !body.contains("https://"),
                "{body}"
            );
        }
    }
    assert!(saw_initializer);
    // `/docs` itself leads to the page.
    let response = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(format!("{}/docs", app.address))
        .send()
        .await
        .unwrap();
    assert!(response.status().is_redirection());
    assert_eq!(response.headers()[header::LOCATION], "/docs/");
}
