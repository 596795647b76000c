//! Generated bad input: whatever a client sends — random JSON of any shape in any field, random
//! path segments and query strings — the answer is JSON and never a 5xx.

use proptest::{
    prelude::*,
    strategy::ValueTree,
    test_runner::{Config, TestRunner},
};
use reqwest::Method;
use rstest::rstest;
use rstest_reuse::apply;
use serde_json::{Map, Value};

use crate::backends::{Backend, backends};
use crate::helpers::{TestApp, test_app};

/// Cases per generator; each case is one request.
const CASES: usize = 60;

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        "(\\PC|\\x00|\\t|\\n){0,40}".prop_map(Value::String),
        Just(Value::from(u64::MAX)),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{1,12}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// A body with the known fields of every route, each set to a random value (or left out).
fn body() -> impl Strategy<Value = Value> {
    let fields = [
        "name",
        "description",
        "num_of_servings",
        "cook_time",
        "directions",
        "username",
        "email",
        "password",
        "refresh_token",
        "current_password",
        "new_password",
        "scope",
        "expires_in_days",
    ];
    prop::collection::vec(prop::option::of(json_value()), fields.len()).prop_map(move |values| {
        let object: Map<String, Value> = fields
            .iter()
            .zip(values)
            .filter_map(|(field, value)| value.map(|v| ((*field).to_owned(), v)))
            .collect();
        Value::Object(object)
    })
}

fn samples<S: Strategy>(strategy: S) -> Vec<S::Value> {
    let mut runner = TestRunner::new(Config::default());
    (0..CASES)
        .map(|_| strategy.new_tree(&mut runner).expect("generated").current())
        .collect()
}

#[apply(backends)]
#[tokio::test]
async fn random_bodies_never_cause_a_server_error(backend: Backend) {
    let app = test_app!(backend);
    let user = app.new_user().await;
    let recipe = app.create_draft(&user, "target").await;
    let routes: Vec<(Method, String, bool)> = vec![
        (Method::POST, "/users/register".into(), false),
        (Method::POST, "/users/login".into(), false),
        (Method::POST, "/users/refresh".into(), false),
        (Method::POST, "/recipes".into(), true),
        (Method::PUT, format!("/recipes/{recipe}"), true),
        (Method::PATCH, format!("/recipes/{recipe}"), true),
        (Method::PATCH, "/users/me".into(), true),
        (Method::POST, "/users/me/tokens".into(), true),
    ];
    let mut bodies = samples(body());
    bodies.extend(samples(json_value()));
    for (i, body) in bodies.iter().enumerate() {
        let (method, path, authenticated) = &routes[i % routes.len()];
        let token = authenticated.then_some(user.token.as_str());
        let reply = app.request(method.clone(), path, token, Some(body)).await;
        assert!(
            reply.status.as_u16() < 500,
            "{method} {path} {body} → {} {}",
            reply.status,
            reply.body
        );
        assert!(reply.body.is_object(), "{method} {path} {body} → non-JSON");
    }
    // The account still works (nothing above changed its password).
    app.get("/recipes/me", Some(&user.token))
        .await
        .assert_success();
}

/// `GET path` answers JSON, and not a 5xx.
async fn assert_answers_json_without_a_server_error(app: &TestApp, path: &str, token: &str) {
    let reply = app.get(path, Some(token)).await;
    assert!(
        reply.status.as_u16() < 500,
        "GET {path} → {} {}",
        reply.status,
        reply.body
    );
    assert!(reply.body.is_object(), "GET {path} → non-JSON");
}

#[apply(backends)]
#[tokio::test]
async fn random_paths_and_queries_never_cause_a_server_error(backend: Backend) {
    let app = test_app!(backend);
    let user = app.new_user().await;
    let segments = samples("\\PC{0,24}");
    let queries = samples("[a-z_=&%0-9A-F+.-]{0,40}");
    for (segment, query) in segments.iter().zip(&queries) {
        let encoded: String = segment.bytes().map(|b| format!("%{b:02X}")).collect();
        for path in [
            format!("/recipes/{encoded}"),
            format!("/recipes/{encoded}/publish"),
            format!("/users/{encoded}"),
            format!("/users/{encoded}/recipes?{query}"),
            format!("/recipes?{query}"),
            format!("/recipes/me?{query}"),
        ] {
            assert_answers_json_without_a_server_error(&app, &path, &user.token).await;
        }
    }
}

/// A list query: known parameter names with arbitrary values (any Unicode, engine syntax, quotes).
fn list_query() -> impl Strategy<Value = String> {
    let name = prop::sample::select(vec![
        "q",
        "tag",
        "user_id",
        "max_cook_time",
        "min_servings",
        "max_servings",
        "sort",
        "limit",
        "offset",
        "cursor",
    ]);
    let value = prop_oneof![
        "\\PC{0,30}",
        "[\"*:()'+&|!<>~^-]{0,8}[a-z가-힣]{0,6}",
        prop::sample::select(vec![
            "relevance",
            "name",
            "cook_time",
            "-1",
            "0",
            "99999999999999999999"
        ])
        .prop_map(str::to_owned),
    ];
    prop::collection::vec((name, value), 1..5).prop_map(|pairs| {
        let mut query = form_urlencoded::Serializer::new(String::new());
        for (name, value) in pairs {
            query.append_pair(name, &value);
        }
        query.finish()
    })
}

#[apply(backends)]
#[tokio::test]
async fn generated_search_and_filter_queries_never_cause_a_server_error(backend: Backend) {
    let app = test_app!(backend);
    let user = app.new_user().await;
    app.publish_new(
        &user,
        &serde_json::json!({"name": "김치찌개 stew", "tags": ["korean"]}),
    )
    .await;
    for query in samples(list_query()) {
        for path in [
            format!("/recipes?{query}"),
            format!("/recipes/me?{query}"),
            format!("/users/{}/recipes?{query}", user.id),
            format!("/tags?{query}"),
        ] {
            assert_answers_json_without_a_server_error(&app, &path, &user.token).await;
        }
    }
}

#[apply(backends)]
#[tokio::test]
async fn nul_characters_are_refused_in_every_text_field(backend: Backend) {
    let app = test_app!(backend);
    let user = app.new_user().await;
    for field in ["name", "description", "directions"] {
        let mut body = serde_json::json!({"name": "ok"});
        body[field] = Value::from("a\u{0}b");
        let reply = app.post("/recipes", Some(&user.token), &body).await;
        let error = reply.assert_error(reqwest::StatusCode::BAD_REQUEST, "validation_error");
        assert!(error["fields"][field].is_string(), "{field}: {error}");
    }
    let reply = app.register("x", "nul@example.com", "pass\u{0}word!").await;
    assert!(reply.assert_error(reqwest::StatusCode::BAD_REQUEST, "validation_error")["fields"]["password"].is_string());
    let reply = app.login("nul\u{0}@example.com", "whatever").await;
    reply.assert_error(reqwest::StatusCode::UNAUTHORIZED, "invalid_credentials");
}
