//! Rate limits: per client IP on every route, stricter on credential routes, per account on
//! login; 429 with Retry-After and RateLimit-* headers; X-Forwarded-For only from trusted proxies.

use std::num::NonZeroU32;

use reqwest::{StatusCode, header::HeaderMap};
use rstest::rstest;
use rstest_reuse::apply;
use serde_json::json;

use crate::backends::{Backend, backends};
use crate::helpers::{PASSWORD, Reply, TestApp, test_app};

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
    let app = test_app!(backend, |s| s.rate_limits.per_minute = n(5));
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
    let app = test_app!(backend, |s| s.rate_limits.auth_per_minute = n(3));
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

    let untrusting = test_app!(backend, |s| s.rate_limits.per_minute = n(2));
    assert_eq!(get(&untrusting, "203.0.113.1").await, StatusCode::OK);
    assert_eq!(get(&untrusting, "203.0.113.2").await, StatusCode::OK);
    assert_eq!(
        get(&untrusting, "203.0.113.3").await,
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[apply(backends)]
#[tokio::test]
async fn proxies_are_recognised_on_a_dual_stack_listener_and_by_network(backend: Backend) {
    // An IPv6 socket that takes IPv4 connections: their peers are `::ffff:127.0.0.1`.
    for trusted in ["127.0.0.1", "127.0.0.0/8", "::ffff:127.0.0.1"] {
        let app = test_app!(backend, |s| {
            s.listen = "[::ffff:127.0.0.1]:0".parse().unwrap();
            s.rate_limits.per_minute = n(2);
            s.rate_limits.trusted_proxies = vec![trusted.parse().unwrap()];
        });
        let port = app.address.rsplit(':').next().unwrap().to_owned();
        let get = |client: &'static str| {
            let request = app
                .client
                .get(format!("http://127.0.0.1:{port}/livez"))
                .header("x-forwarded-for", client);
            async move { request.send().await.unwrap().status() }
        };
        // Each client behind the proxy has its own allowance.
        for client in ["203.0.113.1", "203.0.113.2", "203.0.113.3"] {
            assert_eq!(get(client).await, StatusCode::OK, "{trusted}: {client}");
            assert_eq!(get(client).await, StatusCode::OK, "{trusted}: {client}");
            assert_eq!(
                get(client).await,
                StatusCode::TOO_MANY_REQUESTS,
                "{trusted}: {client}"
            );
        }
    }
}

#[apply(backends)]
#[tokio::test]
async fn login_reports_the_stricter_of_its_address_and_account_limits(backend: Backend) {
    let app = test_app!(backend, |s| {
        s.rate_limits.auth_per_minute = n(10);
        s.rate_limits.login_attempts_per_account = n(3);
    });
    let user = app.new_user().await;
    // After registering, 9 of 10 are left per address; 2 of 3 after this attempt per account.
    let reply = app.login(&user.email, "wrong password").await;
    reply.assert_error(StatusCode::UNAUTHORIZED, "invalid_credentials");
    assert_eq!(header(&reply.headers, "ratelimit-limit"), 3);
    assert_eq!(header(&reply.headers, "ratelimit-remaining"), 2);
    let reply = app.login(&user.email, PASSWORD).await;
    reply.assert_success();
    assert_eq!(header(&reply.headers, "ratelimit-remaining"), 1);
    // An invalid address counts against no account: the address's limit is the stricter.
    let reply = app.login("not an address", PASSWORD).await;
    reply.assert_error(StatusCode::UNAUTHORIZED, "invalid_credentials");
    assert_eq!(header(&reply.headers, "ratelimit-limit"), 10);
    assert_eq!(header(&reply.headers, "ratelimit-remaining"), 6);
}

#[apply(backends)]
#[tokio::test]
async fn every_spelling_of_an_address_counts_against_one_login_limit(backend: Backend) {
    let Some(app) =
        TestApp::spawn_with(backend, |s| s.rate_limits.login_attempts_per_account = n(4)).await
    else {
        return;
    };
    app.register("jose", "jos\u{e9}@example.com", PASSWORD)
        .await
        .assert_success();
    for spelling in [
        "jos\u{e9}@example.com",
        "JOS\u{c9}@EXAMPLE.COM",
        "jose\u{301}@example.com",
        " Jose\u{301}@Example.com ",
    ] {
        app.login(spelling, "wrong password")
            .await
            .assert_error(StatusCode::UNAUTHORIZED, "invalid_credentials");
    }
    assert_limited(&app.login("jos\u{e9}@example.com", PASSWORD).await, 4);
    // Without the accent it is another address, with its own limit (and no such account).
    app.login("jose@example.com", PASSWORD)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "invalid_credentials");
}
