//! recipe-api on a MariaDB Galera cluster (`galera::cluster`, three nodes of the test's own):
//! three instances, one per node, started at once on the empty cluster (one migrates, the
//! others wait for its lease); concurrent writers on all three nodes, every acknowledged write
//! then present on every node, and readable through another node at once; sixteen writers on one recipe, whose conflicts between nodes are
//! retried so that every acknowledged change counts exactly once; and a node killed with
//! SIGKILL under load: its instance answers 503 JSON quickly, the others keep writing, and once
//! the node has rejoined nothing acknowledged is missing anywhere.
//!
//! It starts three database servers, so it is `#[ignore]`d in `cargo test` and run by `.ci/run`
//! (`cargo test --test api -- --ignored galera`).

mod cluster;

use std::{
    collections::BTreeSet,
    sync::Arc,
    time::{Duration, Instant},
};

use serde_json::{Value, json};
use tokio::sync::Mutex;

use crate::process::ServerProcess;
use cluster::Galera;

/// One answer of a writer: which instance, when it was sent, its status and code, how long it
/// took, and the recipe it created (if it did).
#[derive(Debug, Clone)]
struct Write {
    instance: usize,
    sent: Instant,
    status: u16,
    code: Value,
    took: Duration,
    created: Option<i64>,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "starts a three-node Galera cluster of its own; run by .ci/run"]
async fn galera_three_nodes_concurrent_writers_conflicts_and_a_killed_node() {
    let mut galera = tokio::task::spawn_blocking(Galera::start).await.unwrap();
    let dirs: Vec<_> = (0..3).map(|_| tempfile::tempdir().unwrap()).collect();
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();

    // Three instances start at once on the empty cluster: the migrations run once.
    let started = Instant::now();
    let urls: Vec<String> = (0..3).map(|n| galera.url(n)).collect();
    let settings = [("DATABASE_CONNECT_TIMEOUT", "2"), ("REQUEST_TIMEOUT", "20")];
    let (a, b, c) = tokio::join!(
        ServerProcess::start(&urls[0], dirs[0].path(), &settings),
        ServerProcess::start(&urls[1], dirs[1].path(), &settings),
        ServerProcess::start(&urls[2], dirs[2].path(), &settings),
    );
    let servers = [a, b, c];
    eprintln!(
        "galera: three instances migrated and listening in {:?}",
        started.elapsed()
    );
    let applied: Vec<Vec<String>> = (0..3)
        .map(|n| galera.sql(n, "SELECT version FROM seaql_migrations ORDER BY version"))
        .collect();
    assert!(applied[0].len() > 10, "{applied:?}");
    assert!(applied.iter().all(|a| *a == applied[0]), "{applied:?}");
    assert!(
        galera
            .sql(0, "SELECT COUNT(*) FROM recipe_api_migration_lease")
            .eq(&["0"]),
        "the migration lease was released"
    );

    let mut tokens = Vec::new();
    for (n, server) in servers.iter().enumerate() {
        tokens.push(server.register(&client, &format!("galera{n}")).await);
    }
    let tokens = Arc::new(tokens);
    let addresses: Arc<Vec<String>> = Arc::new(servers.iter().map(|s| s.address.clone()).collect());

    // Concurrent writers on all three nodes: every creation succeeds and is on every node.
    // Meanwhile a recipe created through one node is there at once through the next (each
    // connection asks its node to catch up before reading): its owner reads the draft back
    // through the next instance, and once published anyone does.
    let (writes, unseen) = tokio::join!(
        run_writers(&client, &addresses, &tokens, Duration::from_secs(4)),
        read_back(&client, &addresses, &tokens, Duration::from_secs(4)),
    );
    assert!(
        unseen.is_empty(),
        "not yet visible through the next node: {unseen:?}"
    );
    let failed: Vec<_> = writes.iter().filter(|w| w.status >= 300).collect();
    assert!(failed.is_empty(), "{failed:?}");
    for instance in 0..3 {
        assert!(
            writes.iter().filter(|w| w.instance == instance).count() >= 10,
            "instance {instance} wrote too little"
        );
    }
    let acknowledged: BTreeSet<i64> = writes.iter().filter_map(|w| w.created).collect();
    assert_every_node_has(&galera, &acknowledged);
    eprintln!(
        "galera: {} recipes created through three nodes, all on every node",
        acknowledged.len()
    );

    // Sixteen writers change one recipe through the three nodes at once: conflicts between
    // nodes are retried, and each acknowledged change counts once (the version says so).
    let retries_before = retries(&client, &servers).await;
    let hot = create(&client, &addresses[0], &tokens[0], "hot dish").await;
    let version_before = recipe_version(&galera, 1, hot);
    let changes = (0..16).map(|writer| {
        let (client, addresses, tokens) = (client.clone(), addresses.clone(), tokens.clone());
        async move {
            let mut statuses = Vec::new();
            for round in 0..5 {
                let reply = client
                    .patch(format!("{}/recipes/{hot}", addresses[writer % 3]))
                    .bearer_auth(&tokens[0])
                    .json(&json!({"description": format!("writer {writer} round {round}")}))
                    .send()
                    .await
                    .unwrap();
                let status = reply.status().as_u16();
                let body: Value = reply.json().await.unwrap();
                statuses.push((status, body["code"].clone()));
            }
            statuses
        }
    });
    let statuses: Vec<(u16, Value)> = futures_util::future::join_all(changes)
        .await
        .into_iter()
        .flatten()
        .collect();
    let failed: Vec<_> = statuses.iter().filter(|(s, _)| *s != 200).collect();
    if !failed.is_empty() {
        for server in &servers {
            eprintln!("{}", server.log().await);
        }
    }
    assert!(failed.is_empty(), "{failed:?}");
    let retried = retries(&client, &servers).await - retries_before;
    for node in 0..3 {
        assert_eq!(
            recipe_version(&galera, node, hot),
            version_before + 80,
            "node {}: 80 acknowledged changes",
            node + 1
        );
    }
    eprintln!(
        "galera: 80 changes of one recipe through three nodes, {retried} retried after a conflict"
    );

    // Node 3 is killed under load: its instance answers 503 JSON, the others keep writing.
    let load = tokio::spawn({
        let (client, addresses, tokens) = (client.clone(), addresses.clone(), tokens.clone());
        async move { run_writers(&client, &addresses, &tokens, Duration::from_secs(14)).await }
    });
    tokio::time::sleep(Duration::from_secs(2)).await;
    galera = tokio::task::spawn_blocking(move || {
        galera.kill(2);
        galera
    })
    .await
    .unwrap();
    let killed_at = Instant::now();
    let writes = load.await.unwrap();
    let after: Vec<_> = writes.iter().filter(|w| w.sent > killed_at).collect();
    let orphaned: Vec<_> = after.iter().filter(|w| w.instance == 2).collect();
    assert!(orphaned.len() >= 5, "{orphaned:?}");
    for write in &orphaned {
        assert_eq!(write.status, 503, "{write:?}");
        assert!(
            write.code == "database_unavailable" || write.code == "timeout",
            "{write:?}"
        );
        assert!(write.took < Duration::from_secs(5), "{write:?}");
    }
    for instance in 0..2 {
        let late_successes = after
            .iter()
            .filter(|w| {
                w.instance == instance
                    && w.status < 300
                    && w.sent > killed_at + Duration::from_secs(8)
            })
            .count();
        assert!(
            late_successes >= 5,
            "instance {instance} stopped writing after node 3 died: {after:?}"
        );
        let failures: Vec<_> = after
            .iter()
            .filter(|w| w.instance == instance && w.status >= 300)
            .collect();
        assert!(failures.iter().all(|w| w.status == 503), "{failures:?}");
    }
    for server in &servers {
        let livez = client.get(format!("{}/livez", server.address));
        assert_eq!(livez.send().await.unwrap().status(), 200);
    }

    // Node 3 rejoins; its instance recovers by itself; nothing acknowledged is missing.
    let rejoin = Instant::now();
    galera = tokio::task::spawn_blocking(move || {
        galera.restart(2);
        galera
    })
    .await
    .unwrap();
    eprintln!("galera: node 3 rejoined in {:?}", rejoin.elapsed());
    let recovered = Instant::now();
    loop {
        let reply = client
            .post(format!("{}/recipes", addresses[2]))
            .bearer_auth(&tokens[2])
            .json(&json!({"name": "after the rejoin"}))
            .send()
            .await
            .unwrap();
        if reply.status().is_success() {
            break;
        }
        assert!(
            recovered.elapsed() < Duration::from_secs(10),
            "instance 3 did not recover: {}",
            reply.status()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let acknowledged: BTreeSet<i64> = writes.iter().filter_map(|w| w.created).collect();
    assert_every_node_has(&galera, &acknowledged);
    eprintln!(
        "galera: node 3 killed under load: {} answers of its instance were 503 (slowest {:?}), \
         {} acknowledged creations all on every node after the rejoin",
        orphaned.len(),
        orphaned.iter().map(|w| w.took).max().unwrap(),
        acknowledged.len()
    );
}

/// Four writers per instance create recipes for `duration`.
async fn run_writers(
    client: &reqwest::Client,
    addresses: &Arc<Vec<String>>,
    tokens: &Arc<Vec<String>>,
    duration: Duration,
) -> Vec<Write> {
    let writes: Arc<Mutex<Vec<Write>>> = Arc::default();
    let until = Instant::now() + duration;
    let writers = (0..12).map(|writer| {
        let (client, addresses, tokens) = (client.clone(), addresses.clone(), tokens.clone());
        let writes = writes.clone();
        async move {
            let instance = writer % 3;
            let mut n = 0;
            while Instant::now() < until {
                n += 1;
                let sent = Instant::now();
                let reply = client
                    .post(format!("{}/recipes", addresses[instance]))
                    .bearer_auth(&tokens[instance])
                    .json(&json!({"name": format!("writer {writer} dish {n}")}))
                    .send()
                    .await
                    .expect("the instance answers");
                let status = reply.status().as_u16();
                let body: Value = reply.json().await.expect("every answer is JSON");
                writes.lock().await.push(Write {
                    instance,
                    sent,
                    status,
                    code: body["code"].clone(),
                    took: sent.elapsed(),
                    created: (status < 300).then(|| body["info"]["id"].as_i64().unwrap()),
                });
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }
    });
    futures_util::future::join_all(writers).await;
    Arc::try_unwrap(writes).unwrap().into_inner()
}

/// Creates recipes through each instance in turn, reading each back at once through the next
/// one (its owner), then publishes it and reads it again there (anyone), for `duration`; the
/// reads that did not find it.
async fn read_back(
    client: &reqwest::Client,
    addresses: &[String],
    tokens: &[String],
    duration: Duration,
) -> Vec<(usize, i64, &'static str)> {
    let until = Instant::now() + duration;
    let mut unseen = Vec::new();
    for n in 0.. {
        if Instant::now() > until {
            break;
        }
        let (writer, reader) = (n % 3, (n + 1) % 3);
        let id = create(client, &addresses[writer], &tokens[writer], "read back").await;
        let owner_reads = client
            .get(format!("{}/recipes/{id}", addresses[reader]))
            .bearer_auth(&tokens[writer]);
        if owner_reads.send().await.unwrap().status() != 200 {
            unseen.push((writer, id, "the owner's read of the draft"));
        }
        // Published, then read by anyone: the read touches nothing but the recipe.
        let published = client
            .put(format!("{}/recipes/{id}/publish", addresses[writer]))
            .bearer_auth(&tokens[writer])
            .send()
            .await
            .unwrap();
        assert!(published.status().is_success(), "{}", published.status());
        let anyone_reads = client.get(format!("{}/recipes/{id}", addresses[reader]));
        if anyone_reads.send().await.unwrap().status() != 200 {
            unseen.push((writer, id, "an anonymous read of the published recipe"));
        }
    }
    unseen
}

async fn create(client: &reqwest::Client, address: &str, token: &str, name: &str) -> i64 {
    let body: Value = client
        .post(format!("{address}/recipes"))
        .bearer_auth(token)
        .json(&json!({"name": name}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    body["info"]["id"]
        .as_i64()
        .unwrap_or_else(|| panic!("{body}"))
}

/// The recipe's version as node `node` has it.
fn recipe_version(galera: &Galera, node: usize, id: i64) -> i64 {
    galera.sql(node, &format!("SELECT version FROM recipe WHERE id = {id}"))[0]
        .parse()
        .unwrap()
}

/// Every recipe in `acknowledged` is on every node.
fn assert_every_node_has(galera: &Galera, acknowledged: &BTreeSet<i64>) {
    for node in 0..3 {
        let stored: BTreeSet<i64> = galera
            .sql(node, "SELECT id FROM recipe")
            .iter()
            .map(|id| id.parse().unwrap())
            .collect();
        let missing: Vec<_> = acknowledged.difference(&stored).collect();
        assert!(missing.is_empty(), "node {}: missing {missing:?}", node + 1);
    }
}

/// `db_transaction_retries_total` summed over the instances.
async fn retries(client: &reqwest::Client, servers: &[ServerProcess]) -> u64 {
    let mut total = 0;
    for server in servers {
        let text = server.metrics(client).await;
        total += text
            .lines()
            .find_map(|line| line.strip_prefix("db_transaction_retries_total "))
            .and_then(|value| value.trim().parse::<u64>().ok())
            .unwrap_or_else(|| panic!("no db_transaction_retries_total in {text}"));
    }
    total
}
