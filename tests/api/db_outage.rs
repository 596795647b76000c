//! A real database outage: a PostgreSQL server of this test's own (its own data directory and
//! port, started with `pg_ctl`) is stopped under a loaded recipe-api and started again. While
//! it is down every answer is a quick JSON 503; the process keeps running; within 2 s of the
//! database's return requests succeed again.
//!
//! It stops a database server, so it is `#[ignore]`d in `cargo test` and run last by `.ci/run`
//! (`cargo test --test api -- --ignored db_outage`). The server is an `own_postgres` one.

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use serde_json::{Value, json};
use tokio::sync::Mutex;

use crate::{own_postgres::OwnPostgres, process::ServerProcess};

/// One answer of the load: when it was sent, its status, code and how long it took.
#[derive(Debug, Clone)]
struct Sample {
    sent: Instant,
    status: u16,
    code: Value,
    took: Duration,
}

#[tokio::test]
#[ignore = "stops and starts a database server of its own; run last by .ci/run"]
async fn db_outage_answers_503_quickly_and_recovers_within_2_s_of_the_database() {
    let postgres = OwnPostgres::create();
    let dir = tempfile::tempdir().unwrap();
    let connect_timeout = Duration::from_secs(2);
    let mut server = ServerProcess::start(
        &postgres.url(),
        dir.path(),
        &[("DATABASE_CONNECT_TIMEOUT", "2"), ("REQUEST_TIMEOUT", "10")],
    )
    .await;
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    let token = server.register(&client, "outage").await;
    let (_, created) = server
        .post(
            &client,
            "/recipes",
            Some(&token),
            &json!({"name": "read during the outage"}),
        )
        .await;
    let recipe = format!("{}/recipes/{}", server.address, created["info"]["id"]);

    // Light load: a list, a recipe (the point select has connections of its own) and a write,
    // one every 50 ms, from four clients.
    let samples: Arc<Mutex<Vec<Sample>>> = Arc::default();
    let stop = Arc::new(tokio::sync::Notify::new());
    let load: Vec<_> = (0..4)
        .map(|c| {
            let (client, token, address) = (client.clone(), token.clone(), server.address.clone());
            let recipe = recipe.clone();
            let (samples, stop) = (samples.clone(), stop.clone());
            tokio::spawn(async move {
                for n in 0.. {
                    let request = match n % 3 {
                        0 => client.get(format!("{address}/recipes?limit=5")),
                        1 => client.get(&recipe).bearer_auth(&token),
                        _ => client
                            .post(format!("{address}/recipes"))
                            .bearer_auth(&token)
                            .json(&json!({"name": format!("outage {c}-{n}")})),
                    };
                    let sent = Instant::now();
                    let response = request
                        .send()
                        .await
                        .expect("the server answers (it did not crash)");
                    let status = response.status().as_u16();
                    let body: Value = response.json().await.expect("every answer is JSON");
                    samples.lock().await.push(Sample {
                        sent,
                        status,
                        code: body["code"].clone(),
                        took: sent.elapsed(),
                    });
                    tokio::select! {
                        () = tokio::time::sleep(Duration::from_millis(50)) => {}
                        () = stop.notified() => break,
                    }
                }
            })
        })
        .collect();

    tokio::time::sleep(Duration::from_secs(2)).await;
    let down = Instant::now();
    postgres.stop();
    let stopped = Instant::now();
    tokio::time::sleep(Duration::from_secs(5)).await;
    assert!(
        server.is_running(),
        "recipe-api died with its database:\n{}",
        server.log().await
    );
    let restarting = Instant::now();
    postgres.start();
    let up = Instant::now();
    tokio::time::sleep(Duration::from_secs(4)).await;
    stop.notify_waiters();
    for task in load {
        task.abort();
        let _ = task.await;
    }
    assert!(server.is_running(), "{}", server.log().await);

    let samples = samples.lock().await.clone();
    let before: Vec<_> = samples.iter().filter(|s| s.sent < down).collect();
    assert!(
        !before.is_empty() && before.iter().all(|s| s.status < 300),
        "{before:?}"
    );
    // While the database is down: 503 JSON, never slower than the connect timeout (+1 s).
    let during: Vec<_> = samples
        .iter()
        .filter(|s| s.sent > stopped && s.sent + s.took < restarting)
        .collect();
    assert!(
        during.len() >= 8,
        "only {} requests during the outage",
        during.len()
    );
    for sample in &during {
        assert_eq!(sample.status, 503, "{sample:?}");
        assert!(
            sample.code == "database_unavailable" || sample.code == "timeout",
            "{sample:?}"
        );
        assert!(
            sample.took <= connect_timeout + Duration::from_secs(1),
            "{sample:?}"
        );
    }
    // Back within 2 s of the database's return, and steady after that.
    let first_ok = samples
        .iter()
        .filter(|s| s.sent >= up && s.status < 300)
        .map(|s| s.sent + s.took)
        .min()
        .expect("requests succeed after the database returned");
    let recovery = first_ok - up;
    assert!(
        recovery <= Duration::from_secs(2),
        "recovered {recovery:?} after the database returned"
    );
    let steady: Vec<_> = samples.iter().filter(|s| s.sent > first_ok).collect();
    assert!(steady.iter().all(|s| s.status < 300), "{steady:?}");
    eprintln!(
        "outage: {} answers while down (slowest {:?}), recovered {recovery:?} after the database returned",
        during.len(),
        during.iter().map(|s| s.took).max().unwrap()
    );
}
