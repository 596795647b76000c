//! The browser session cookie (`/users/cookie`): the refresh token kept `HttpOnly`, rotated on
//! every use, ended by `DELETE`, and refused to requests from other sites (CSRF).

use reqwest::{Method, StatusCode, header};
use rstest::rstest;
use rstest_reuse::apply;
use serde_json::{Value, json};

use crate::backends::{Backend, backends};
use crate::helpers::{PASSWORD, Reply, TestApp, test_app};

const NAME: &str = "__Secure-recipe-refresh";

/// A reply with its `Set-Cookie` value for the session cookie, if any.
struct CookieReply {
    reply: Reply,
    set_cookie: Option<String>,
}

impl CookieReply {
    /// The cookie's new value (panics unless the reply set a non-empty one).
    #[track_caller]
    fn cookie_value(&self) -> String {
        let set = self.set_cookie.as_deref().expect("Set-Cookie");
        let value = set
            .strip_prefix(&format!("{NAME}="))
            .and_then(|rest| rest.split(';').next())
            .expect("the session cookie");
        assert!(!value.is_empty(), "{set}");
        value.to_owned()
    }

    #[track_caller]
    fn assert_cleared(&self) {
        let set = self.set_cookie.as_deref().expect("Set-Cookie");
        assert!(set.starts_with(&format!("{NAME}=;")), "{set}");
        assert!(set.contains("Max-Age=0"), "{set}");
    }
}

/// A request to a cookie route as the UI's page sends it (same origin), with `cookie` and
/// `extra` headers.
async fn call(
    app: &TestApp,
    method: Method,
    path: &str,
    cookie: Option<&str>,
    body: Option<&Value>,
    extra: &[(&str, &str)],
) -> CookieReply {
    let mut request = app
        .client
        .request(method, format!("{}{path}", app.address))
        .header("sec-fetch-site", "same-origin");
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, format!("other=1; {NAME}={cookie}"));
    }
    if let Some(body) = body {
        request = request.json(body);
    }
    for (name, value) in extra {
        request = request.header(*name, *value);
    }
    let response = request.send().await.expect("request sent");
    let status = response.status();
    let headers = response.headers().clone();
    let set_cookie = headers
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|v| v.starts_with(NAME));
    let text = response.text().await.unwrap();
    let body = serde_json::from_str(&text).unwrap_or(Value::Null);
    CookieReply {
        reply: Reply {
            status,
            headers,
            body,
        },
        set_cookie,
    }
}

/// `POST /users/cookie/refresh` from this site's page, with `cookie` if any.
async fn refresh_from_cookie(app: &TestApp, cookie: Option<&str>) -> CookieReply {
    call(
        app,
        Method::POST,
        "/users/cookie/refresh",
        cookie,
        None,
        &[],
    )
    .await
}

/// Logs in a new user and keeps the session in the cookie: (access token, cookie value).
async fn cookie_session(app: &TestApp) -> (String, String) {
    let user = app.new_user().await;
    let login = app.login(&user.email, PASSWORD).await;
    let refresh_token = login.assert_success()["refresh_token"].as_str().unwrap();
    let kept = call(
        app,
        Method::POST,
        "/users/cookie",
        None,
        Some(&json!({"refresh_token": refresh_token})),
        &[],
    )
    .await;
    let body = kept.reply.assert_success();
    (
        body["access_token"].as_str().unwrap().to_owned(),
        kept.cookie_value(),
    )
}

#[apply(backends)]
#[tokio::test]
async fn keeping_a_session_in_the_cookie_spends_the_token_and_sets_a_locked_down_cookie(
    backend: Backend,
) {
    let app = test_app!(backend);
    let user = app.new_user().await;
    let login = app.login(&user.email, PASSWORD).await;
    let handed = login.assert_success()["refresh_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let kept = call(
        &app,
        Method::POST,
        "/users/cookie",
        None,
        Some(&json!({"refresh_token": handed})),
        &[],
    )
    .await;
    let body = kept.reply.assert_success();
    assert_eq!(body["token_type"], "Bearer");
    assert!(body["expires_in"].as_u64().unwrap() > 0);
    assert!(
        body.get("refresh_token").is_none(),
        "only in the cookie: {body}"
    );
    let set = kept.set_cookie.as_deref().unwrap();
    for attribute in [
        "HttpOnly",
        "Secure",
        "SameSite=Strict",
        "Path=/users/cookie",
    ] {
        assert!(set.contains(attribute), "{set} lacks {attribute}");
    }
    let in_cookie = kept.cookie_value();
    assert_ne!(in_cookie, handed);
    // The access token works.
    let token = body["access_token"].as_str().unwrap();
    app.get("/users/me", Some(token)).await.assert_success();
    // The cookie's token renews the access token, and is rotated in turn.
    let renewed = refresh_from_cookie(&app, Some(&in_cookie)).await;
    let renewed_token = renewed.reply.assert_success()["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    app.get("/users/me", Some(&renewed_token))
        .await
        .assert_success();
    let next = renewed.cookie_value();
    assert_ne!(next, in_cookie);
    refresh_from_cookie(&app, Some(&next))
        .await
        .reply
        .assert_success();
}

#[apply(backends)]
#[tokio::test]
async fn a_spent_cookie_token_ends_the_session_and_clears_the_cookie(backend: Backend) {
    // Without the grace window in which a spent token answers its successor again.
    let app = test_app!(backend, |s| {
        s.refresh_reuse_grace = std::time::Duration::ZERO;
    });
    let (access, cookie) = cookie_session(&app).await;
    let first = refresh_from_cookie(&app, Some(&cookie)).await;
    first.reply.assert_success();
    let fresh = first.cookie_value();
    // Replaying the spent value (a stolen copy) ends the session for everyone.
    let replay = refresh_from_cookie(&app, Some(&cookie)).await;
    replay
        .reply
        .assert_error(StatusCode::UNAUTHORIZED, "refresh_token_reused");
    replay.assert_cleared();
    refresh_from_cookie(&app, Some(&fresh))
        .await
        .reply
        .assert_error(StatusCode::UNAUTHORIZED, "invalid_refresh_token");
    app.get("/users/me", Some(&access))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "session_ended");
}

#[apply(backends)]
#[tokio::test]
async fn two_pages_renewing_from_one_cookie_at_once_both_stay_signed_in(backend: Backend) {
    let app = test_app!(backend);
    let (_, cookie) = cookie_session(&app).await;
    let (first, second) = tokio::join!(
        refresh_from_cookie(&app, Some(&cookie)),
        refresh_from_cookie(&app, Some(&cookie))
    );
    first.reply.assert_success();
    second.reply.assert_success();
    assert_eq!(first.cookie_value(), second.cookie_value());
    assert_eq!(
        first.reply.body["access_token"],
        second.reply.body["access_token"]
    );
    let access = first.reply.body["access_token"].as_str().unwrap();
    app.get("/users/me", Some(access)).await.assert_success();
    refresh_from_cookie(&app, Some(&first.cookie_value()))
        .await
        .reply
        .assert_success();
}

#[apply(backends)]
#[tokio::test]
async fn a_handed_over_token_is_spent_and_cannot_be_kept_twice(backend: Backend) {
    let app = test_app!(backend, |s| {
        s.refresh_reuse_grace = std::time::Duration::ZERO;
    });
    let user = app.new_user().await;
    let login = app.login(&user.email, PASSWORD).await;
    let handed = json!({"refresh_token": login.assert_success()["refresh_token"]});
    call(
        &app,
        Method::POST,
        "/users/cookie",
        None,
        Some(&handed),
        &[],
    )
    .await
    .reply
    .assert_success();
    let again = call(
        &app,
        Method::POST,
        "/users/cookie",
        None,
        Some(&handed),
        &[],
    )
    .await;
    again
        .reply
        .assert_error(StatusCode::UNAUTHORIZED, "refresh_token_reused");
    assert!(again.set_cookie.is_none(), "no cookie for a refused token");
    let unknown = json!({"refresh_token": "rt_unknown"});
    call(
        &app,
        Method::POST,
        "/users/cookie",
        None,
        Some(&unknown),
        &[],
    )
    .await
    .reply
    .assert_error(StatusCode::UNAUTHORIZED, "invalid_refresh_token");
    let missing = call(
        &app,
        Method::POST,
        "/users/cookie",
        None,
        Some(&json!({})),
        &[],
    )
    .await;
    let body = missing
        .reply
        .assert_error(StatusCode::BAD_REQUEST, "validation_error");
    assert!(body["fields"]["refresh_token"].is_string(), "{body}");
}

#[apply(backends)]
#[tokio::test]
async fn refreshing_without_a_cookie_is_401_and_clears_it(backend: Backend) {
    let app = test_app!(backend);
    let none = refresh_from_cookie(&app, None).await;
    none.reply
        .assert_error(StatusCode::UNAUTHORIZED, "invalid_refresh_token");
    none.assert_cleared();
    let garbage = refresh_from_cookie(&app, Some("rt_nope")).await;
    garbage
        .reply
        .assert_error(StatusCode::UNAUTHORIZED, "invalid_refresh_token");
    garbage.assert_cleared();
}

#[apply(backends)]
#[tokio::test]
async fn deleting_the_cookie_ends_its_session(backend: Backend) {
    let app = test_app!(backend);
    let (access, cookie) = cookie_session(&app).await;
    let ended = call(
        &app,
        Method::DELETE,
        "/users/cookie",
        Some(&cookie),
        None,
        &[],
    )
    .await;
    ended.reply.assert_success();
    ended.assert_cleared();
    app.get("/users/me", Some(&access))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "session_ended");
    refresh_from_cookie(&app, Some(&cookie))
        .await
        .reply
        .assert_error(StatusCode::UNAUTHORIZED, "invalid_refresh_token");
    // Without a cookie there is nothing to end: still 200, and the cookie is cleared.
    let nothing = call(&app, Method::DELETE, "/users/cookie", None, None, &[]).await;
    nothing.reply.assert_success();
    nothing.assert_cleared();
}

#[apply(backends)]
#[tokio::test]
async fn requests_from_other_sites_are_refused_and_change_nothing(backend: Backend) {
    let app = test_app!(backend);
    let (access, cookie) = cookie_session(&app).await;
    let host = app.address.trim_start_matches("http://").to_owned();
    let forged: [&[(&str, &str)]; 3] = [
        &[("sec-fetch-site", "cross-site")],
        &[("sec-fetch-site", "same-site")],
        &[("origin", "http://evil.example")],
    ];
    for headers in forged {
        // `call` sends `Sec-Fetch-Site: same-origin`; a browser sends one value: replace it.
        let mut extra = headers.to_vec();
        let origin_only = extra.iter().any(|(n, _)| *n == "origin");
        if origin_only {
            extra.push(("host", &host));
        }
        for (method, path) in [
            (Method::POST, "/users/cookie/refresh"),
            (Method::DELETE, "/users/cookie"),
        ] {
            let reply = send_as_browser(&app, method, path, &cookie, &extra).await;
            reply.assert_error(StatusCode::FORBIDDEN, "cross_origin_request");
        }
    }
    // Nothing was spent or ended: the cookie and the access token still work.
    app.get("/users/me", Some(&access)).await.assert_success();
    refresh_from_cookie(&app, Some(&cookie))
        .await
        .reply
        .assert_success();
    // A matching Origin without fetch metadata (an older browser) is this site.
    let origin = app.address.clone();
    let user = app.new_user().await;
    let login = app.login(&user.email, PASSWORD).await;
    let handed = json!({"refresh_token": login.assert_success()["refresh_token"]});
    let reply = app
        .client
        .post(format!("{}/users/cookie", app.address))
        .header("origin", origin)
        .json(&handed)
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status(), StatusCode::OK);
}

/// A request with exactly the browser headers `extra` (no `Sec-Fetch-Site` unless given).
async fn send_as_browser(
    app: &TestApp,
    method: Method,
    path: &str,
    cookie: &str,
    extra: &[(&str, &str)],
) -> Reply {
    let mut request = app
        .client
        .request(method, format!("{}{path}", app.address))
        .header(header::COOKIE, format!("{NAME}={cookie}"));
    for (name, value) in extra {
        request = request.header(*name, *value);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.json().await.unwrap_or(Value::Null);
    Reply {
        status,
        headers,
        body,
    }
}
