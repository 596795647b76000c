//! Malformed bodies, wrong content types, oversize bodies, invalid UTF-8: all clear JSON 4xx.

use rstest::rstest;
use rstest_reuse::apply;

use reqwest::{Method, StatusCode};

use crate::backends::{Backend, backends};
use crate::helpers::{TestApp, test_app};

#[apply(backends)]
#[tokio::test]
async fn malformed_json_is_400(backend: Backend) {
    let app = test_app!(backend);
    let user = app.new_user().await;
    for body in [
        &b"{"[..],
        b"{\"name\": }",
        b"",
        b"{} trailing",
        b"{'name': 'x'}",
    ] {
        let reply = app
            .post_json_text("/recipes", Some(&user.token), body)
            .await;
        reply.assert_error(StatusCode::BAD_REQUEST, "malformed_json");
        let reply = app.post_json_text("/users/register", None, body).await;
        reply.assert_error(StatusCode::BAD_REQUEST, "malformed_json");
    }
}

#[apply(backends)]
#[tokio::test]
async fn non_object_json_is_400(backend: Backend) {
    let app = test_app!(backend);
    for body in ["[]", "\"x\"", "42", "null", "true"] {
        let reply = app.post_json_text("/users/login", None, body).await;
        reply.assert_error(StatusCode::BAD_REQUEST, "invalid_body");
    }
    // Arrays holding every field in order (serde would read them as the fields) are refused too.
    let user = app.new_user().await;
    let arrays = [
        (
            "/users/register",
            r#"["kim", "kim@example.com", "correct horse battery"]"#,
            None,
        ),
        (
            "/users/login",
            &*format!(r#"["{}", "correct horse battery"]"#, user.email),
            None,
        ),
        (
            "/recipes",
            r#" ["name", "desc", 2, 30, "dirs"]"#,
            Some(user.token.as_str()),
        ),
    ];
    for (path, body, token) in arrays {
        let reply = app.post_json_text(path, token, body).await;
        reply.assert_error(StatusCode::BAD_REQUEST, "invalid_body");
    }
    let mine = app.get("/recipes/me", Some(&user.token)).await;
    assert_eq!(
        mine.assert_success()["count"],
        0,
        "an array created a recipe"
    );
    app.login("kim@example.com", "correct horse battery")
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "invalid_credentials");
}

#[apply(backends)]
#[tokio::test]
async fn a_field_given_twice_is_named(backend: Backend) {
    let app = test_app!(backend);
    let user = app.new_user().await;
    let reply = app
        .post_json_text(
            "/recipes",
            Some(&user.token),
            r#"{"name": "one", "cook_time": 5, "name": "two"}"#,
        )
        .await;
    let body = reply.assert_error(StatusCode::BAD_REQUEST, "validation_error");
    assert_eq!(body["fields"]["name"], "is given more than once", "{body}");
    let reply = app
        .post_json_text(
            "/users/login",
            None,
            format!(
                r#"{{"email": "{}", "password": "x", "password": "y"}}"#,
                user.email
            ),
        )
        .await;
    let body = reply.assert_error(StatusCode::BAD_REQUEST, "validation_error");
    assert_eq!(
        body["fields"]["password"], "is given more than once",
        "{body}"
    );
}

/// Sends `request` as raw bytes and reads the whole answer.
async fn raw_exchange(app: &TestApp, request: &[u8]) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let address = app.address.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    stream.write_all(request).await.unwrap();
    let mut answer = Vec::new();
    tokio::time::timeout(
        std::time::Duration::from_secs(10),
        stream.read_to_end(&mut answer),
    )
    .await
    .expect("the server answers and closes")
    .unwrap();
    String::from_utf8(answer).unwrap()
}

#[tokio::test]
async fn requests_that_are_not_http_get_the_json_envelope_too() {
    let app = test_app!(Backend::Sqlite);
    let many_headers: String = (0..200).map(|n| format!("X-Header-{n}: v\r\n")).collect();
    let cases = [
        (b"GARBAGE LINE\r\n\r\n".to_vec(), "400", "bad_request"),
        (
            b"GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n".to_vec(),
            "400",
            "bad_request",
        ),
        (
            format!("GET / HTTP/1.1\r\nHost: x\r\n{many_headers}\r\n").into_bytes(),
            "431",
            "headers_too_large",
        ),
        (
            format!("GET /{} HTTP/1.1\r\nHost: x\r\n\r\n", "a".repeat(70_000)).into_bytes(),
            "414",
            "uri_too_long",
        ),
    ];
    for (request, status, code) in cases {
        let answer = raw_exchange(&app, &request).await;
        let (head, body) = answer.split_once("\r\n\r\n").expect("a head and a body");
        assert!(head.starts_with(&format!("HTTP/1.1 {status} ")), "{head}");
        assert!(
            head.to_ascii_lowercase()
                .contains("\r\ncontent-type: application/json"),
            "{head}"
        );
        let body: serde_json::Value = serde_json::from_str(body).expect("a JSON body");
        assert_eq!(body["code"], code, "{body}");
        assert!(body["error"].as_str().is_some_and(|e| !e.is_empty()));
    }
}

#[apply(backends)]
#[tokio::test]
async fn invalid_utf8_is_400(backend: Backend) {
    let app = test_app!(backend);
    let body =
        b"{\"username\": \"\xff\xfe\", \"email\": \"a@example.com\", \"password\": \"12345678\"}"
            .to_vec();
    let reply = app.post_json_text("/users/register", None, body).await;
    reply.assert_error(StatusCode::BAD_REQUEST, "malformed_json");
}

#[apply(backends)]
#[tokio::test]
async fn wrong_or_missing_content_type_is_415(backend: Backend) {
    let app = test_app!(backend);
    let body = br#"{"email": "a@example.com", "password": "12345678"}"#.to_vec();
    for content_type in [
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
    ] {
        let reply = app
            .send_raw(
                Method::POST,
                "/users/login",
                None,
                content_type,
                body.clone(),
            )
            .await;
        reply.assert_error(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type");
    }
    let response = app
        .client
        .post(format!("{}/users/login", app.address))
        .body(body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let reply = app
        .send_raw(
            Method::POST,
            "/users/login",
            None,
            "application/json; charset=utf-8",
            body,
        )
        .await;
    reply.assert_error(StatusCode::UNAUTHORIZED, "invalid_credentials");
}

#[apply(backends)]
#[tokio::test]
async fn oversize_bodies_are_413(backend: Backend) {
    let app = test_app!(backend, |s| s.body_limit = 4_096);
    let user = app.new_user().await;
    let big = format!(r#"{{"name": "x", "directions": "{}"}}"#, "a".repeat(5_000));
    let reply = app.post_json_text("/recipes", Some(&user.token), big).await;
    reply.assert_error(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");
    assert_eq!(
        app.get("/recipes/me", Some(&user.token)).await.body["count"],
        0
    );
}

#[apply(backends)]
#[tokio::test]
async fn oversize_bodies_are_413_at_the_default_1_mib_limit(backend: Backend) {
    let app = test_app!(backend);
    let big = format!(
        r#"{{"email": "a@example.com", "password": "{}"}}"#,
        "a".repeat(1_048_577)
    );
    let reply = app.post_json_text("/users/login", None, big).await;
    reply.assert_error(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");
}

#[apply(backends)]
#[tokio::test]
async fn wrong_types_name_the_field_without_echoing_the_value(backend: Backend) {
    let app = test_app!(backend);
    let body =
        br#"{"username": "kim", "email": "kim@example.com", "password": 31415926535}"#.to_vec();
    let reply = app.post_json_text("/users/register", None, body).await;
    let error = reply.assert_error(StatusCode::BAD_REQUEST, "validation_error");
    assert_eq!(error["fields"]["password"], "must be a string");
    assert!(!error.to_string().contains("31415926535"), "{error}");
}

#[apply(backends)]
#[tokio::test]
async fn integral_numbers_are_integers_in_any_notation_and_fractions_are_refused(backend: Backend) {
    let app = test_app!(backend);
    let user = app.new_user().await;
    // JSON has one number type: 30.0 and 3e1 are the integer 30 (as the schema's "integer" says).
    for body in [
        r#"{"name": "Stew", "cook_time": 30.0, "num_of_servings": 2e0}"#,
        r#"{"name": "Stew", "cook_time": 3e1, "num_of_servings": 2}"#,
    ] {
        let reply = app
            .post_json_text("/recipes", Some(&user.token), body)
            .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{body}: {}", reply.body);
        assert_eq!(reply.body["info"]["cook_time"], 30);
        assert_eq!(reply.body["info"]["num_of_servings"], 2);
    }
    for (body, field) in [
        (r#"{"name": "Stew", "cook_time": 30.5}"#, "cook_time"),
        (
            r#"{"name": "Stew", "num_of_servings": 1e300}"#,
            "num_of_servings",
        ),
        (r#"{"name": "Stew", "cook_time": -1e300}"#, "cook_time"),
    ] {
        let reply = app
            .post_json_text("/recipes", Some(&user.token), body)
            .await;
        let error = reply.assert_error(StatusCode::BAD_REQUEST, "validation_error");
        assert!(error["fields"][field].is_string(), "{body}: {error}");
    }
}

#[apply(backends)]
#[tokio::test]
async fn the_largest_valid_recipe_fits_the_default_body_limit_even_fully_escaped(backend: Backend) {
    let app = test_app!(backend);
    let user = app.new_user().await;
    // Every character outside the BMP, written as a surrogate-pair escape (12 bytes), the way
    // Python's json.dumps writes text by default.
    let escaped = |n: usize| "\\ud83c\\udf73".repeat(n);
    let ingredients: Vec<String> = (0..100).map(|_| format!("\"{}\"", escaped(200))).collect();
    let tags: Vec<String> = (0..20)
        .map(|i| format!("\"{i:02}{}\"", escaped(38)))
        .collect();
    let body = format!(
        r#"{{"name": "{}", "description": "{}", "directions": "{}", "num_of_servings": 1000, "cook_time": 10080, "ingredients": [{}], "tags": [{}]}}"#,
        escaped(200),
        escaped(5_000),
        escaped(20_000),
        ingredients.join(","),
        tags.join(","),
    );
    assert!(body.len() > 500_000, "{}", body.len());
    let reply = app
        .post_json_text("/recipes", Some(&user.token), body)
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let info = &reply.body["info"];
    assert_eq!(info["directions"].as_str().unwrap().chars().count(), 20_000);
    assert_eq!(info["ingredients"].as_array().unwrap().len(), 100);
    assert_eq!(info["tags"].as_array().unwrap().len(), 20);
}
