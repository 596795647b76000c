//! Password hashing gives its memory back: each argon2id hash fills 19 MiB, at most
//! `PASSWORD_HASH_CONCURRENCY` (2 here) run at once, and a finished hash's memory is returned
//! to the system rather than kept by the allocator for the thread that hashed — so the
//! server's size does not grow with the number of logins it has served.

#![cfg(target_os = "linux")]

use std::time::Duration;

use futures_util::future::join_all;

use crate::process::ServerProcess;

/// One hash's memory, in KiB.
const HASH_KIB: u64 = 19 * 1024;

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
