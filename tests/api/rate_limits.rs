//! Rate limits: per client IP on every route, stricter on credential routes, per account on
//! login; 429 with Retry-After and RateLimit-* headers; X-Forwarded-For only from trusted proxies.

use std::num::NonZeroU32;

use reqwest::{StatusCode, header::HeaderMap};
use rstest::rstest;
use rstest_reuse::apply;
use serde_json::json;

use crate::backends::{Backend, backends};
use crate::helpers::{PASSWORD, Reply, TestApp};

fn n(value: u32) -> NonZeroU32 {
    NonZeroU32::new(value).unwrap()
}

fn header(headers: &HeaderMap, name: &str) -> u64 {
    headers[name].to_str().unwrap().parse().unwrap()
}

#[track_caller]
fn assert_limited(reply: &Reply, limit: u64) {
    reply.assert_error(StatusCode::TOO_MANY_REQUESTS, "rate_limited");
    assert!(header(&reply.headers, "retry-after") >= 1);
    assert_eq!(header(&reply.headers, "ratelimit-limit"), limit);
    assert_eq!(header(&reply.headers, "ratelimit-remaining"), 0);
    assert!(header(&reply.headers, "ratelimit-reset") >= header(&reply.headers, "retry-after"));
}

#[apply(backends)]
#[tokio::test]
async fn every_route_is_limited_per_client_ip(backend: Backend) {
    let Some(app) = TestApp::spawn_with(backend, |s| s.rate_limits.per_minute = n(5)).await else {
        return;
    };
    for remaining in (0..5).rev() {
        let reply = app.get("/recipes", None).await;
        reply.assert_success();
        assert_eq!(header(&reply.headers, "ratelimit-limit"), 5);
        assert_eq!(header(&reply.headers, "ratelimit-remaining"), remaining);
    }
    assert_limited(&app.get("/recipes", None).await, 5);
    assert_limited(&app.get("/livez", None).await, 5);
    assert_limited(&app.get("/no/such/route", None).await, 5);
}

#[apply(backends)]
#[tokio::test]
async fn credential_routes_have_a_stricter_limit(backend: Backend) {
    let Some(app) = TestApp::spawn_with(backend, |s| s.rate_limits.auth_per_minute = n(3)).await
    else {
        return;
    };
    app.register("a", "a@example.com", PASSWORD)
        .await
        .assert_success();
    app.login("a@example.com", "wrong password")
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "invalid_credentials");
    let reply = app
        .post("/users/refresh", None, &json!({"refresh_token": "rt_x"}))
        .await;
    assert_eq!(header(&reply.headers, "ratelimit-limit"), 3);
    assert_eq!(header(&reply.headers, "ratelimit-remaining"), 0);
    // Even the right password waits now; other routes do not.
    assert_limited(&app.login("a@example.com", PASSWORD).await, 3);
    assert_limited(&app.register("b", "b@example.com", PASSWORD).await, 3);
    let reply = app.post("/users/me/password", None, &json!({})).await;
    assert_limited(&reply, 3);
    let reply = app
        .post("/users/cookie", None, &json!({"refresh_token": "rt_x"}))
        .await;
    assert_limited(&reply, 3);
    app.get("/recipes", None).await.assert_success();
    // A page load's renewal from the session cookie is not a credential attempt.
    app.post("/users/cookie/refresh", None, &json!({}))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "invalid_refresh_token");
}

#[apply(backends)]
#[tokio::test]
async fn login_attempts_are_limited_per_account_without_revealing_it(backend: Backend) {
    let Some(app) =
        TestApp::spawn_with(backend, |s| s.rate_limits.login_attempts_per_account = n(3)).await
    else {
        return;
    };
    let user = app.new_user().await;
    for _ in 0..3 {
        app.login(&user.email, "wrong password")
            .await
            .assert_error(StatusCode::UNAUTHORIZED, "invalid_credentials");
    }
    assert_limited(&app.login(&user.email, PASSWORD).await, 3);
    assert_limited(&app.login(&user.email.to_uppercase(), PASSWORD).await, 3);
    // An unknown email is limited exactly the same way.
    for _ in 0..3 {
        app.login("nobody@example.com", "wrong password")
            .await
            .assert_error(StatusCode::UNAUTHORIZED, "invalid_credentials");
    }
    assert_limited(&app.login("nobody@example.com", PASSWORD).await, 3);
    // Other accounts, and the locked account's existing sessions, are unaffected.
    let other = app.new_user().await;
    app.login(&other.email, PASSWORD).await.assert_success();
    app.get("/recipes/me", Some(&user.token))
        .await
        .assert_success();
}

#[apply(backends)]
#[tokio::test]
async fn forwarded_addresses_count_only_behind_a_trusted_proxy(backend: Backend) {
    let trusting = TestApp::spawn_with(backend, |s| {
        s.rate_limits.per_minute = n(2);
        s.rate_limits.trusted_proxies = vec!["127.0.0.1".parse().unwrap()];
    })
    .await;
    let Some(trusting) = trusting else { return };
    let get = |app: &TestApp, client: &'static str| {
        let request = app
            .client
            .get(format!("{}/livez", app.address))
            .header("x-forwarded-for", client);
        async move { request.send().await.unwrap().status() }
    };
    assert_eq!(get(&trusting, "203.0.113.1").await, StatusCode::OK);
    assert_eq!(get(&trusting, "203.0.113.1").await, StatusCode::OK);
    assert_eq!(
        get(&trusting, "203.0.113.1").await,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        get(&trusting, "198.51.100.7, 203.0.113.2").await,
        StatusCode::OK
    );

    let Some(untrusting) = TestApp::spawn_with(backend, |s| s.rate_limits.per_minute = n(2)).await
    else {
        return;
    };
    assert_eq!(get(&untrusting, "203.0.113.1").await, StatusCode::OK);
    assert_eq!(get(&untrusting, "203.0.113.2").await, StatusCode::OK);
    assert_eq!(
        get(&untrusting, "203.0.113.3").await,
        StatusCode::TOO_MANY_REQUESTS
    );
}
