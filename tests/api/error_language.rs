//! Error messages in the client's language: an `Accept-Language` that prefers Korean gets the
//! Korean message of each error, with its code, status, fields and headers unchanged; anything
//! else gets English. (What each code says is unit-tested in `error::korean`; the messages do not
//! depend on the database, so these run on SQLite.)

use std::num::NonZeroU32;

use reqwest::{
    Method, StatusCode,
    header::{self, HeaderMap, HeaderValue},
};
use serde_json::{Value, json};

use crate::backends::Backend;
use crate::helpers::{PASSWORD, TestApp, test_app};

/// What a browser set to Korean sends.
const KOREAN: &str = "ko-KR,ko;q=0.9";

/// An error answer read whole.
struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: Value,
}

impl Answer {
    fn header(&self, name: header::HeaderName) -> &str {
        self.headers
            .get(name)
            .map_or("", |value| value.to_str().unwrap())
    }

    fn message(&self) -> &str {
        self.body["error"].as_str().unwrap_or_default()
    }

    /// Asserts the envelope of `status` and `code` in `language` (`Content-Language`, `Vary`),
    /// and that `Content-Length` is the body's length.
    #[track_caller]
    fn assert_in(&self, status: StatusCode, code: &str, language: &str) {
        assert_eq!(self.status, status, "{}", self.body);
        assert_eq!(self.body["code"], code, "{}", self.body);
        assert!(!self.message().is_empty(), "{}", self.body);
        assert_eq!(self.header(header::CONTENT_LANGUAGE), language);
        assert!(
            self.headers
                .get_all(header::VARY)
                .iter()
                .any(|v| v.to_str().unwrap().contains("Accept-Language")),
            "{:?}",
            self.headers
        );
        assert_eq!(hangul(self.message()), language == "ko", "{}", self.body);
    }
}

fn hangul(text: &str) -> bool {
    text.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c))
}

/// Sends a request with `Accept-Language: language` (none when `None`).
async fn send(
    app: &TestApp,
    method: Method,
    path: &str,
    language: Option<HeaderValue>,
    body: Option<&Value>,
) -> Answer {
    let mut request = app.client.request(method, format!("{}{path}", app.address));
    if let Some(language) = language {
        request = request.header(header::ACCEPT_LANGUAGE, language);
    }
    if let Some(body) = body {
        request = request.json(body);
    }
    let response = request.send().await.expect("request sent");
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.bytes().await.expect("body read");
    if let Some(length) = headers.get(header::CONTENT_LENGTH) {
        assert_eq!(length.to_str().unwrap(), bytes.len().to_string());
    }
    let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    Answer {
        status,
        headers,
        body,
    }
}

fn language(text: &str) -> Option<HeaderValue> {
    Some(HeaderValue::from_str(text).unwrap())
}

#[tokio::test]
async fn errors_answer_in_korean_to_a_client_that_prefers_it() {
    let app = test_app!(Backend::Sqlite);
    let user = app.new_user().await;

    // 401, with its scheme.
    let missing = send(&app, Method::GET, "/users/me", language(KOREAN), None).await;
    missing.assert_in(StatusCode::UNAUTHORIZED, "missing_token", "ko");
    assert_eq!(missing.header(header::WWW_AUTHENTICATE), "Bearer");

    // 404, saying what was not found.
    let gone = send(&app, Method::GET, "/recipes/999999", language(KOREAN), None).await;
    gone.assert_in(StatusCode::NOT_FOUND, "not_found", "ko");
    assert_eq!(gone.message(), "레시피를 찾을 수 없습니다.");

    // 400 validation: the same fields, their recurring messages in Korean too.
    let invalid = json!({"username": "", "email": "not an address", "password": PASSWORD});
    let english = send(&app, Method::POST, "/users/register", None, Some(&invalid)).await;
    let korean = send(
        &app,
        Method::POST,
        "/users/register",
        language(KOREAN),
        Some(&invalid),
    )
    .await;
    english.assert_in(StatusCode::BAD_REQUEST, "validation_error", "en");
    korean.assert_in(StatusCode::BAD_REQUEST, "validation_error", "ko");
    let keys = |answer: &Answer| -> Vec<String> {
        let fields = answer.body["fields"].as_object().expect("fields");
        fields.keys().cloned().collect()
    };
    assert_eq!(keys(&english), keys(&korean));
    assert!(
        keys(&korean).contains(&"email".to_owned()),
        "{}",
        korean.body
    );
    assert_eq!(
        korean.body["fields"]["email"],
        "올바른 이메일 주소가 아닙니다."
    );

    // 409.
    let taken = json!({"username": "cook", "email": user.email, "password": PASSWORD});
    let conflict = send(
        &app,
        Method::POST,
        "/users/register",
        language(KOREAN),
        Some(&taken),
    )
    .await;
    conflict.assert_in(StatusCode::CONFLICT, "email_taken", "ko");
    assert_eq!(
        conflict.message(),
        "이 이메일로 가입한 계정이 이미 있습니다."
    );

    // An error the framework answers (no route), and a malformed body.
    let route = send(&app, Method::GET, "/nowhere", language("ko"), None).await;
    route.assert_in(StatusCode::NOT_FOUND, "not_found", "ko");
    let malformed = app
        .client
        .post(format!("{}/users/login", app.address))
        .header(header::ACCEPT_LANGUAGE, "ko")
        .header(header::CONTENT_TYPE, "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(malformed.status(), StatusCode::BAD_REQUEST);
    assert_eq!(malformed.headers()[header::CONTENT_LANGUAGE], "ko");
    let body: Value = malformed.json().await.unwrap();
    assert_eq!(body["code"], "malformed_json");
    assert!(hangul(body["error"].as_str().unwrap()), "{body}");

    // A success is left alone.
    let ok = app
        .client
        .get(format!("{}/recipes", app.address))
        .header(header::ACCEPT_LANGUAGE, KOREAN)
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), StatusCode::OK);
    assert!(!ok.headers().contains_key(header::CONTENT_LANGUAGE));
}

#[tokio::test]
async fn errors_answer_in_english_unless_korean_is_preferred() {
    let app = test_app!(Backend::Sqlite);
    let english = send(&app, Method::GET, "/recipes/999999", None, None).await;
    english.assert_in(StatusCode::NOT_FOUND, "not_found", "en");
    assert_eq!(english.message(), "recipe not found");
    for header in [
        "en",
        "en-GB",
        "en-US,en;q=0.9,ko;q=0.8",
        "ko;q=0",
        "ko;q=0, en;q=0.1",
        "ko;q=0.2, en",
        "fr-FR, de",
        "*",
        "",
        "ko;q=banana",
        ";;;,,,q=",
    ] {
        let answer = send(&app, Method::GET, "/recipes/999999", language(header), None).await;
        answer.assert_in(StatusCode::NOT_FOUND, "not_found", "en");
        assert_eq!(answer.message(), english.message(), "{header:?}");
    }
    for header in [
        "ko",
        "KO",
        "ko_KR",
        "ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7",
        "fr, ko;q=0.5",
        "en;q=0.5, ko",
    ] {
        let answer = send(&app, Method::GET, "/recipes/999999", language(header), None).await;
        answer.assert_in(StatusCode::NOT_FOUND, "not_found", "ko");
    }
    // A header that is not text is no preference: English, never a failure.
    let bytes = HeaderValue::from_bytes(b"ko-KR,\xff\xfe;q=1").unwrap();
    let answer = send(&app, Method::GET, "/recipes/999999", Some(bytes), None).await;
    answer.assert_in(StatusCode::NOT_FOUND, "not_found", "en");
    let long = format!("{}ko", "x-y;q=0.1,".repeat(200));
    let answer = send(&app, Method::GET, "/recipes/999999", language(&long), None).await;
    assert_eq!(answer.body["code"], "not_found");
}

#[tokio::test]
async fn a_korean_answer_keeps_the_code_and_every_header() {
    let app = test_app!(Backend::Sqlite, |s| {
        s.rate_limits.per_minute = NonZeroU32::new(2).unwrap();
    });
    let mut answers = Vec::new();
    for _ in 0..4 {
        answers.push(send(&app, Method::GET, "/recipes", language(KOREAN), None).await);
    }
    let limited = answers
        .iter()
        .find(|a| a.status == StatusCode::TOO_MANY_REQUESTS)
        .expect("a 429");
    limited.assert_in(StatusCode::TOO_MANY_REQUESTS, "rate_limited", "ko");
    assert_eq!(
        limited.message(),
        "요청이 너무 많습니다. 잠시 후 다시 시도해 주세요."
    );
    for name in [
        "retry-after",
        "ratelimit-limit",
        "ratelimit-remaining",
        "ratelimit-reset",
        "x-request-id",
    ] {
        assert!(
            limited.headers.contains_key(name),
            "{name}: {:?}",
            limited.headers
        );
    }
    assert_eq!(limited.header(header::CONTENT_TYPE), "application/json");
}
