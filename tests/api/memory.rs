//! Password hashing gives its memory back: each argon2id hash fills 12 MiB, at most
//! `PASSWORD_HASH_CONCURRENCY` (2 here) run at once, and a finished hash's memory is returned
//! to the system rather than kept by the allocator for the thread that hashed — so the
//! server's size does not grow with the number of logins it has served.

#![cfg(target_os = "linux")]

use std::time::Duration;

use futures_util::future::join_all;

use crate::process::ServerProcess;

/// One hash's memory, in KiB.
const HASH_KIB: u64 = 12 * 1024;

#[tokio::test]
async fn hashing_memory_is_bounded_by_the_concurrency_and_returned_after_each_hash() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("memory.db").display());
    let server = ServerProcess::start(&url, dir.path(), &[]).await;
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap();
    server.register(&client, "memory0").await;
    let settled = server.memory_kib("VmRSS");

    // 24 more hashes, 8 requests at a time.
    for round in 0..3 {
        let names: Vec<_> = (0..8).map(|n| format!("memory{round}x{n}")).collect();
        join_all(names.iter().map(|name| server.register(&client, name))).await;
    }
    let after = server.memory_kib("VmRSS");
    let peak = server.memory_kib("VmHWM");
    assert!(
        after < settled + HASH_KIB * 3 / 4,
        "the server kept hash memory: {settled} KiB after one registration, {after} KiB after 24 more"
    );
    assert!(
        peak < settled + 2 * HASH_KIB + 12 * 1024,
        "more than 2 hashes' memory at once: peak {peak} KiB, {settled} KiB settled"
    );
}

/// What a hostile client can vary for free — the method, the path, the email it tries to log in
/// with, however long — costs the server no memory that stays: metrics labels come from a closed
/// set and every limiter stores a fixed-size, bounded set of keys.
#[tokio::test]
async fn memory_stays_bounded_under_distinct_methods_paths_and_login_emails() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("bounded.db").display());
    let limits = [
        ("RATE_LIMIT_MAX_KEYS", "200"),
        ("LOGIN_ATTEMPTS_PER_ACCOUNT", "10"),
    ];
    let server = ServerProcess::start(&url, dir.path(), &limits).await;
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap();
    let get = |path: String, method: reqwest::Method| {
        let request = client.request(method, format!("{}{path}", server.address));
        async move { request.send().await.unwrap().status() }
    };
    // Warm up every kind of request once (a login hashes), then take the settled size.
    server.register(&client, "bounded").await;
    let invented = reqwest::Method::from_bytes(b"WARMUP").unwrap();
    get("/warm/up".into(), invented).await;
    let settled = server.memory_kib("VmRSS");

    for batch in 0..200 {
        let requests = (0..100).map(|n| {
            let n = batch * 100 + n;
            let method =
                reqwest::Method::from_bytes(format!("M{n:07}XXXXXXXXXXXXXXXX").as_bytes()).unwrap();
            get(format!("/no/such/path/{n}/{}", "p".repeat(200)), method)
        });
        for status in join_all(requests).await {
            assert!(status.is_client_error(), "{status}");
        }
    }
    // 20 000 different emails: the first 200 fill the per-account limiter (each is a login that
    // hashes), the others share its overflow allowance of 10 and are refused without hashing.
    let mut refused = 0;
    for batch in 0..100 {
        let logins = (0..200).map(|n| {
            let body = serde_json::json!({
                "email": format!("guess-{batch}-{n}@example.com"),
                "password": "wrong password"
            });
            let (server, client) = (&server, &client);
            async move { server.post(client, "/users/login", None, &body).await }
        });
        for (status, _) in join_all(logins).await {
            match status {
                reqwest::StatusCode::UNAUTHORIZED => {}
                reqwest::StatusCode::TOO_MANY_REQUESTS => refused += 1,
                other => panic!("{other}"),
            }
        }
    }
    // The overflow allowance refills one attempt every 90 s: a slow run may see one more.
    assert!(
        (20_000 - 200 - 12..=20_000 - 200 - 10).contains(&refused),
        "{refused} refused"
    );
    let huge = "a".repeat(1_000_000);
    for _ in 0..10 {
        let logins = (0..15).map(|_| {
            let body = serde_json::json!({"email": huge, "password": "wrong password"});
            let (server, client) = (&server, &client);
            async move { server.post(client, "/users/login", None, &body).await }
        });
        for (status, _) in join_all(logins).await {
            assert_eq!(status, reqwest::StatusCode::UNAUTHORIZED);
        }
    }

    let metrics = server.metrics(&client).await;
    assert!(
        metrics.len() < 64 * 1024,
        "/metrics is {} bytes after 20 000 invented methods and paths",
        metrics.len()
    );
    assert!(!metrics.contains("XXXXXXXX") && !metrics.contains("/no/such/path"));
    let after = server.memory_kib("VmRSS");
    assert!(
        after < settled + 24 * 1024,
        "the server grew from {settled} KiB to {after} KiB"
    );
}
