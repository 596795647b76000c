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
use serde_json::{Map, Value, json};

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
        "alt",
        "order",
        "url",
        "html",
        "jsonld",
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
    let user = crate::admin::new_admin(&app).await;
    let recipe = app.create_draft(&user, "target").await;
    let routes: Vec<(Method, String, bool)> = vec![
        (Method::POST, format!("/recipes/{recipe}/report"), true),
        (Method::POST, format!("/users/{}/report", user.id), true),
        (
            Method::POST,
            format!("/admin/users/{}/enable", user.id),
            true,
        ),
        (Method::POST, "/admin/invites".into(), true),
        (Method::POST, "/admin/reports/1/resolve".into(), true),
        (Method::POST, format!("/admin/recipes/{recipe}/hide"), true),
        (Method::POST, "/users/register".into(), false),
        (Method::POST, "/users/login".into(), false),
        (Method::POST, "/users/refresh".into(), false),
        (Method::POST, "/users/verify".into(), false),
        (Method::POST, "/users/me/verification".into(), true),
        (Method::POST, "/recipes".into(), true),
        (Method::PUT, format!("/recipes/{recipe}"), true),
        (Method::PATCH, format!("/recipes/{recipe}"), true),
        (Method::PATCH, "/users/me".into(), true),
        (Method::POST, "/users/me/tokens".into(), true),
        (Method::PATCH, format!("/recipes/{recipe}/images/1"), true),
        (Method::PUT, format!("/recipes/{recipe}/images/order"), true),
        (Method::POST, "/recipes/import?dry_run=true".into(), true),
        (Method::POST, "/recipes/import".into(), true),
        (Method::POST, "/ingredients/parse".into(), false),
        (Method::PUT, format!("/recipes/{recipe}/rating"), true),
        (Method::POST, format!("/recipes/{recipe}/comments"), true),
        (Method::PATCH, "/comments/1".into(), true),
        (Method::POST, "/collections".into(), true),
        (Method::PATCH, "/collections/1".into(), true),
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
    let user = crate::admin::new_admin(&app).await;
    let segments = samples("\\PC{0,24}");
    let queries = samples("[a-z_=&%0-9A-F+.-]{0,40}");
    for (segment, query) in segments.iter().zip(&queries) {
        let encoded: String = segment.bytes().map(|b| format!("%{b:02X}")).collect();
        for path in [
            format!("/recipes/{encoded}"),
            format!("/recipes/{encoded}/publish"),
            format!("/recipes/{encoded}/images/{encoded}"),
            format!("/recipes/{encoded}/comments?{query}"),
            format!("/recipes/{encoded}/favorite"),
            format!("/comments/{encoded}"),
            format!("/collections/{encoded}?{query}"),
            format!("/collections/{encoded}/recipes?{query}"),
            format!("/users/{encoded}/followers?{query}"),
            format!("/users/{encoded}/collections?{query}"),
            "/users/me/favorites?".to_owned() + query,
            format!("/media/{encoded}"),
            format!("/users/{encoded}"),
            format!("/users/{encoded}/recipes?{query}"),
            format!("/recipes?{query}"),
            format!("/recipes/me?{query}"),
            format!("/admin/users?{query}"),
            format!("/admin/invites?{query}"),
            format!("/admin/reports?{query}"),
            format!("/admin/audit?{query}"),
            format!("/admin/users?q={encoded}"),
            format!("/admin/audit?user_id={encoded}"),
        ] {
            assert_answers_json_without_a_server_error(&app, &path, &user.token).await;
        }
        // A recipe's page is HTML (the app), never a server error.
        let page = app
            .client
            .get(format!("{}/r/{encoded}", app.address))
            .send()
            .await
            .unwrap();
        assert!(
            page.status().as_u16() < 500,
            "/r/{encoded} → {}",
            page.status()
        );
    }
}

/// A zip of `entries` (name, bytes).
fn zip_of(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        zip.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

#[apply(backends)]
#[tokio::test]
async fn random_archives_never_cause_a_server_error(backend: Backend) {
    let app = test_app!(backend);
    let user = app.new_user().await;
    let mut bodies: Vec<Vec<u8>> = samples(prop::collection::vec(any::<u8>(), 0..512));
    // Zips whose manifest and recipe documents are random JSON, or random bytes.
    for (manifest, document) in samples(json_value()).into_iter().zip(samples(json_value())) {
        let mut manifest = manifest;
        if let Value::Object(map) = &mut manifest {
            map.insert("format".into(), json!("recipe-api-archive"));
            map.insert("recipes".into(), json!(["recipes/a.json"]));
        }
        bodies.push(zip_of(&[
            ("manifest.json".into(), manifest.to_string().into_bytes()),
            (
                "recipes/a.json".into(),
                json!({"recipe_api": document}).to_string().into_bytes(),
            ),
        ]));
    }
    for body in bodies {
        let reply = app
            .send_raw(
                Method::POST,
                "/users/me/import",
                Some(&user.token),
                "application/zip",
                body,
            )
            .await;
        assert!(
            reply.status.as_u16() < 500,
            "{} {}",
            reply.status,
            reply.body
        );
    }
    app.get("/recipes/me", Some(&user.token))
        .await
        .assert_success();
}

/// A multipart part: a known or random field name, random bytes, sometimes the start of a real
/// image format's signature.
fn form_part() -> impl Strategy<Value = (String, Vec<u8>)> {
    let name = prop_oneof![
        prop::sample::select(vec!["cover", "image", "avatar", "alt"]).prop_map(str::to_owned),
        "[a-z_]{0,8}",
    ];
    let signature = prop::sample::select(vec![
        &b""[..],
        b"\xFF\xD8\xFF",
        b"\x89PNG\r\n\x1a\n",
        b"GIF89a",
        b"RIFF\0\0\0\0WEBPVP8 ",
        b"\0\0\0\x1cftypavif",
    ]);
    let bytes =
        (signature, prop::collection::vec(any::<u8>(), 0..400)).prop_map(|(start, rest)| {
            let mut bytes = start.to_vec();
            bytes.extend(rest);
            bytes
        });
    (name, bytes)
}

#[apply(backends)]
#[tokio::test]
async fn random_upload_forms_never_cause_a_server_error(backend: Backend) {
    let app = test_app!(backend);
    let user = app.new_user().await;
    let recipe = app.create_draft(&user, "target").await;
    let routes = [
        (Method::PUT, format!("/recipes/{recipe}/cover")),
        (Method::POST, format!("/recipes/{recipe}/images")),
        (Method::PUT, "/users/avatar".to_owned()),
    ];
    let forms = samples(prop::collection::vec(form_part(), 0..4));
    for (i, parts) in forms.iter().enumerate() {
        let (method, path) = &routes[i % routes.len()];
        let parts: Vec<crate::photos::Part<'_>> = parts
            .iter()
            .map(|(name, bytes)| crate::photos::Part::file(name, bytes))
            .collect();
        let reply =
            crate::photos::send_form(&app, method.clone(), path, Some(&user.token), &parts).await;
        assert!(
            reply.status.as_u16() < 500,
            "{method} {path} → {} {}",
            reply.status,
            reply.body
        );
        assert!(reply.body.is_object(), "{method} {path} → non-JSON");
    }
    // Raw bodies that are not forms at all, under a form's content type.
    for body in samples(prop::collection::vec(any::<u8>(), 0..300)) {
        let reply = app
            .send_raw(
                Method::PUT,
                &format!("/recipes/{recipe}/cover"),
                Some(&user.token),
                "multipart/form-data; boundary=x",
                body,
            )
            .await;
        assert!(
            reply.status.as_u16() < 500,
            "{} {}",
            reply.status,
            reply.body
        );
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
        "ingredient",
        "servings",
        "units",
    ]);
    let value = prop_oneof![
        "\\PC{0,30}",
        "[\"*:()'+&|!<>~^-]{0,8}[a-z가-힣]{0,6}",
        prop::sample::select(vec![
            "relevance",
            "name",
            "cook_time",
            "popular",
            "rating",
            "-1",
            "0",
            "99999999999999999999",
            "metric",
            "us",
            "두부"
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
    let recipe = app
        .publish_new(
            &user,
            &serde_json::json!({"name": "김치찌개 stew", "tags": ["korean"], "num_of_servings": 2,
                "ingredients": ["두부 1모", "2 cups rice", "salt to taste"]}),
        )
        .await;
    for query in samples(list_query()) {
        for path in [
            format!("/recipes/{recipe}?{query}"),
            format!("/recipes?{query}"),
            format!("/recipes/me?{query}"),
            format!("/users/{}/recipes?{query}", user.id),
            format!("/tags?{query}"),
            format!("/recipes/suggest?{query}"),
            format!("/users/me/favorites?{query}"),
            format!("/users/me/feed?{query}"),
            format!("/recipes/{recipe}/comments?{query}"),
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

/// Lines of any characters, in arrays of any length a recipe allows (and more).
fn ingredient_lines() -> impl Strategy<Value = Vec<String>> {
    let line = prop_oneof![
        "\\PC{1,80}",
        "[0-9½¼⅓/~. -]{1,12}(큰술|작은술|컵|cups?|tbsp|g|ml|모|개)? ?[a-z가-힣 ]{0,20}",
        "[0-9]{15,40} ?[a-z]{0,4}",
    ];
    prop::collection::vec(line, 0..12)
}

#[apply(backends)]
#[tokio::test]
async fn random_ingredient_lines_are_read_scaled_and_converted_without_a_server_error(
    backend: Backend,
) {
    let app = test_app!(backend);
    let user = app.new_user().await;
    for lines in samples(ingredient_lines()) {
        let reply = app
            .post(
                "/ingredients/parse",
                None,
                &serde_json::json!({"lines": lines}),
            )
            .await;
        assert!(reply.status.as_u16() < 500, "{lines:?} → {}", reply.status);
        if !reply.status.is_success() {
            reply.assert_error(reqwest::StatusCode::BAD_REQUEST, "validation_error");
            continue;
        }
        let items = reply.body["items"].as_array().expect("items");
        assert_eq!(items.len(), lines.len());
        for (item, line) in items.iter().zip(&lines) {
            assert_eq!(item["text"], line.trim(), "the line is kept as written");
        }
        let created = app
            .post(
                "/recipes",
                Some(&user.token),
                &serde_json::json!({"name": "r", "num_of_servings": 3, "ingredients": lines}),
            )
            .await;
        assert_eq!(created.status, reqwest::StatusCode::CREATED, "{lines:?}");
        let id = created.body["info"]["id"].as_i64().unwrap();
        for query in [
            "servings=7&units=us",
            "servings=1&units=metric",
            "servings=1000",
        ] {
            let path = format!("/recipes/{id}?{query}");
            let reply = app.get(&path, Some(&user.token)).await;
            let info = &reply.assert_success()["info"];
            for item in info["ingredient_items"].as_array().unwrap() {
                assert!(item["display"].is_string(), "{path}: {item}");
                if let Some(quantity) = item["quantity"].as_f64() {
                    assert!(quantity.is_finite() && quantity >= 0.0, "{path}: {item}");
                }
            }
        }
    }
}
