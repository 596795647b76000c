//! Read replicas on a real PostgreSQL streaming replica (`own_postgres`: a primary of the
//! test's own and a `pg_basebackup -R` copy of it): two instances read anonymous published
//! data from the replica; with replay paused the replica is stale, and anonymous readers see
//! its old state only while its lag is within `READ_REPLICA_MAX_LAG`, then the primary; the
//! writer — signed in, or anonymous with the write marker, on either instance — never misses
//! its own change; a stopped replica costs no request. And on a MariaDB replica of the test's
//! own (`own_mariadb`): anonymous reads served by it, the writer's by the primary, the replica
//! skipped while its replication is stopped and when it is gone.
//!
//! It starts database servers of its own, so it is `#[ignore]`d in `cargo test` and run by
//! `.ci/run` (`cargo test --test api -- --ignored read_replica`).

use std::time::{Duration, Instant};

use reqwest::{StatusCode, header};
use rstest::rstest;
use serde_json::{Value, json};

use crate::{
    backends::Backend,
    helpers::{TestApp, write_marker},
    own_mariadb::{self, OwnMariaDb},
    own_postgres::OwnPostgres,
    process::ServerProcess,
};

/// `READ_REPLICA_MAX_LAG` of the test's servers, seconds.
const MAX_LAG: u64 = 3;

/// A metric's value in `/metrics` text (`None` when absent).
fn metric(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .find_map(|line| line.strip_prefix(series)?.strip_prefix(' ')?.parse().ok())
}

/// Polls `server`'s metrics until `series` is `want`, for up to `within`.
async fn wait_for_metric(
    server: &ServerProcess,
    client: &reqwest::Client,
    series: &str,
    want: f64,
    within: Duration,
) {
    let started = Instant::now();
    loop {
        let text = server.metrics(client).await;
        if metric(&text, series) == Some(want) {
            return;
        }
        assert!(
            started.elapsed() < within,
            "{series} did not become {want} within {within:?}:\n{text}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// `GET path` on `server`, with `token` and `cookie` if given: status and JSON answer.
async fn read(
    client: &reqwest::Client,
    server: &ServerProcess,
    path: &str,
    token: Option<&str>,
    cookie: Option<&str>,
) -> (StatusCode, Value) {
    let mut request = client.get(format!("{}{path}", server.address));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// Creates and publishes a recipe named `name` on `server`: its id, and the write marker
/// (`name=value`) the publication set.
async fn publish(
    client: &reqwest::Client,
    server: &ServerProcess,
    token: &str,
    name: &str,
) -> (i64, String) {
    let (status, created) = server
        .post(client, "/recipes", Some(token), &json!({"name": name}))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["info"]["id"].as_i64().unwrap();
    let published = client
        .put(format!("{}/recipes/{id}/publish", server.address))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert!(published.status().is_success(), "{}", published.status());
    (id, write_marker(published.headers()))
}

/// Whether the anonymous first page of `GET /recipes` on `server` lists `id`.
async fn listed(client: &reqwest::Client, server: &ServerProcess, id: i64) -> bool {
    let (status, page) = read(client, server, "/recipes?limit=50", None, None).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    page["result_list"]
        .as_array()
        .unwrap()
        .iter()
        .any(|recipe| recipe["id"] == id)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "starts a PostgreSQL primary and a streaming replica of its own; run by .ci/run"]
async fn read_replica_serves_anonymous_reads_within_its_lag_and_never_the_writer_stale() {
    let (primary, replica) = tokio::task::spawn_blocking(|| {
        let primary = OwnPostgres::create();
        let replica = primary.replica();
        (primary, replica)
    })
    .await
    .unwrap();
    assert_eq!(replica.sql("SELECT pg_is_in_recovery()"), "t");
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    let dirs: Vec<_> = (0..2).map(|_| tempfile::tempdir().unwrap()).collect();
    let max_lag = MAX_LAG.to_string();
    let settings = [
        ("DATABASE_READ_URL", replica.url()),
        ("READ_REPLICA_MAX_LAG", max_lag),
        ("DATABASE_CONNECT_TIMEOUT", "2".to_owned()),
        // The replica's part alone: with the read cache an answer could come from memory.
        ("READ_CACHE_BYTES", "0".to_owned()),
    ];
    let settings: Vec<(&str, &str)> = settings.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let a = ServerProcess::start(&primary.url(), dirs[0].path(), &settings).await;
    let b = ServerProcess::start(&primary.url(), dirs[1].path(), &settings).await;
    for server in [&a, &b] {
        let fit = r#"db_read_replicas{state="fit"}"#;
        wait_for_metric(server, &client, fit, 1.0, Duration::from_secs(10)).await;
    }

    // Published on A, read anonymously on B from the replica once it has replayed it.
    let writer = a.register(&client, "replica_writer").await;
    let (first, _) = publish(&client, &a, &writer, "streamed to the replica").await;
    let started = Instant::now();
    let author = loop {
        let (status, body) = read(&client, &b, &format!("/recipes/{first}"), None, None).await;
        if status == StatusCode::OK {
            break body["info"]["user_id"].as_i64().unwrap();
        }
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "never replicated"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let reads_before = metric(&b.metrics(&client).await, "db_read_replica_reads_total").unwrap();
    let profile = format!("/users/{author}");
    let their_recipes = format!("/users/{author}/recipes");
    for path in ["/recipes", "/tags", &profile, &their_recipes] {
        let (status, body) = read(&client, &b, path, None, None).await;
        assert_eq!(status, StatusCode::OK, "{path}: {body}");
    }
    let reads_after = metric(&b.metrics(&client).await, "db_read_replica_reads_total").unwrap();
    assert!(
        reads_after >= reads_before + 4.0,
        "anonymous public reads went to the replica: {reads_before} → {reads_after}"
    );

    // The writer's own reads, on either instance, never miss its change: 20 rounds of a change
    // on A read at once on B, signed in and anonymously with the write marker.
    for round in 0..20 {
        let name = format!("renamed {round}");
        let changed = client
            .patch(format!("{}/recipes/{first}", a.address))
            .bearer_auth(&writer)
            .json(&json!({"name": name}))
            .send()
            .await
            .unwrap();
        assert_eq!(changed.status(), StatusCode::OK);
        let marker = write_marker(changed.headers());
        let path = format!("/recipes/{first}");
        let (_, signed_in) = read(&client, &b, &path, Some(&writer), None).await;
        assert_eq!(
            signed_in["info"]["name"],
            name.as_str(),
            "signed in, round {round}"
        );
        let (_, marked) = read(&client, &b, &path, None, Some(&marker)).await;
        assert_eq!(
            marked["info"]["name"],
            name.as_str(),
            "with the marker, round {round}"
        );
    }

    // Replay paused: the replica stays at its state. Anonymous readers may see that state while
    // its lag is within the bound, and the primary's after.
    replica.sql("SELECT pg_wal_replay_pause()");
    let (hidden, marker) = publish(&client, &a, &writer, "published during the pause").await;
    let published_at = Instant::now();
    let path = format!("/recipes/{hidden}");
    let (status, _) = read(&client, &b, &path, None, None).await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "an anonymous read right after the change is served by the paused replica"
    );
    assert!(
        !listed(&client, &b, hidden).await,
        "the replica's list is its own"
    );
    let (status, _) = read(&client, &b, &path, Some(&writer), None).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "the writer signed in reads the primary"
    );
    let (status, _) = read(&client, &b, &path, None, Some(&marker)).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "the writer's marker keeps it on the primary"
    );
    assert!(
        published_at.elapsed() < Duration::from_secs(MAX_LAG),
        "the checks above ran within the lag bound"
    );
    while read(&client, &b, &path, None, None).await.0 != StatusCode::OK {
        assert!(
            published_at.elapsed() < Duration::from_secs(MAX_LAG) + Duration::from_millis(1_500),
            "a replica lagging past READ_REPLICA_MAX_LAG is skipped"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    eprintln!(
        "read_replicas: anonymous readers saw the change {:?} after it (lag bound {MAX_LAG} s)",
        published_at.elapsed()
    );
    assert!(listed(&client, &b, hidden).await);
    let text = b.metrics(&client).await;
    assert_eq!(
        metric(&text, r#"db_read_replicas{state="fit"}"#),
        Some(0.0),
        "{text}"
    );
    assert!(metric(&text, "db_read_replica_lag_seconds").unwrap() > MAX_LAG as f64 - 1.0);

    // Replay resumed: the replica catches up and serves again.
    replica.sql("SELECT pg_wal_replay_resume()");
    let fit = r#"db_read_replicas{state="fit"}"#;
    wait_for_metric(&b, &client, fit, 1.0, Duration::from_secs(5)).await;
    let before = metric(&b.metrics(&client).await, "db_read_replica_reads_total").unwrap();
    let (status, _) = read(&client, &b, &path, None, None).await;
    assert_eq!(status, StatusCode::OK);
    let after = metric(&b.metrics(&client).await, "db_read_replica_reads_total").unwrap();
    assert!(after > before, "the caught-up replica serves again");

    // The replica stopped: every anonymous read still answers, from the primary.
    tokio::task::spawn_blocking(move || {
        replica.stop();
        replica
    })
    .await
    .unwrap();
    let stopped_at = Instant::now();
    while stopped_at.elapsed() < Duration::from_secs(3) {
        for server in [&a, &b] {
            let (status, body) = read(&client, server, &path, None, None).await;
            assert_eq!(status, StatusCode::OK, "{body}");
            assert!(listed(&client, server, hidden).await);
        }
    }
    let text = b.metrics(&client).await;
    assert_eq!(
        metric(&text, r#"db_read_replicas{state="fit"}"#),
        Some(0.0),
        "{text}"
    );
    eprintln!(
        "read_replicas: after the replica stopped, {} reads fell back to the primary",
        metric(&text, "db_read_replica_fallbacks_total").unwrap_or(0.0)
    );
    drop(primary);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "starts a MariaDB primary and a replica of its own; run by .ci/run"]
async fn read_replica_on_mariadb_serves_anonymous_reads_and_is_skipped_when_replication_stops() {
    let (primary, replica) = tokio::task::spawn_blocking(|| {
        let primary = OwnMariaDb::primary();
        let replica = OwnMariaDb::replica_of(&primary, 2);
        (primary, replica)
    })
    .await
    .unwrap();
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let max_lag = MAX_LAG.to_string();
    let replica_url = replica.url();
    let settings = [
        ("DATABASE_READ_URL", replica_url.as_str()),
        ("READ_REPLICA_MAX_LAG", max_lag.as_str()),
        ("DATABASE_CONNECT_TIMEOUT", "2"),
        ("READ_CACHE_BYTES", "0"),
    ];
    let server = ServerProcess::start(&primary.url(), dir.path(), &settings).await;
    let fit = r#"db_read_replicas{state="fit"}"#;
    wait_for_metric(&server, &client, fit, 1.0, Duration::from_secs(10)).await;

    let writer = server.register(&client, "mariadb_writer").await;
    let (id, _) = publish(&client, &server, &writer, "on the primary").await;
    let path = format!("/recipes/{id}");
    let started = Instant::now();
    while read(&client, &server, &path, None, None).await.0 != StatusCode::OK {
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "never replicated"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // A change made on the replica alone (not logged, so nothing replicates it back) shows who
    // serves whom: anonymous readers the replica, the signed-in writer the primary.
    replica.sql(&format!(
        "SET SESSION sql_log_bin = 0; UPDATE {}.recipe SET name = 'the replica''s copy' WHERE id = {id}",
        own_mariadb::DATABASE
    ));
    let (_, anonymous) = read(&client, &server, &path, None, None).await;
    assert_eq!(anonymous["info"]["name"], "the replica's copy");
    let (_, signed_in) = read(&client, &server, &path, Some(&writer), None).await;
    assert_eq!(signed_in["info"]["name"], "on the primary");

    // Replication stopped: the replica is skipped at the next probe.
    replica.sql("STOP SLAVE SQL_THREAD");
    wait_for_metric(&server, &client, fit, 0.0, Duration::from_secs(2)).await;
    let (_, anonymous) = read(&client, &server, &path, None, None).await;
    assert_eq!(anonymous["info"]["name"], "on the primary");
    replica.sql("START SLAVE SQL_THREAD");
    wait_for_metric(&server, &client, fit, 1.0, Duration::from_secs(5)).await;
    let (_, anonymous) = read(&client, &server, &path, None, None).await;
    assert_eq!(anonymous["info"]["name"], "the replica's copy");

    // The replica gone: every anonymous read still answers, from the primary.
    drop(replica);
    let gone_at = Instant::now();
    while gone_at.elapsed() < Duration::from_secs(2) {
        let (status, body) = read(&client, &server, &path, None, None).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["info"]["name"], "on the primary");
    }
    drop(primary);
}

#[tokio::test]
async fn a_read_replica_of_another_kind_is_refused_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/primary.db", dir.path().display());
    let mut settings = crate::helpers::test_settings(dir.path(), &url);
    settings.database.replicas.urls = vec!["postgres://reader:secret@127.0.0.1:1/recipes".into()];
    let err = recipe_api::startup::Application::build(settings)
        .await
        .err()
        .expect("start refused");
    let message = format!("{err:#}");
    assert!(message.contains("primary's kind"), "{message}");
    assert!(
        !message.contains("secret"),
        "the password stays out: {message}"
    );
}

/// A replica that is unreachable from the start: the server starts, and anonymous reads are
/// the primary's, answered at once.
#[rstest]
#[case::postgres(Backend::Postgres)]
#[case::mysql(Backend::Mysql)]
#[tokio::test]
async fn an_unreachable_read_replica_is_skipped(#[case] backend: Backend) {
    let unreachable = match backend {
        Backend::Postgres => "postgres://postgres@127.0.0.1:1/recipes",
        _ => "mysql://root@127.0.0.1:1/recipes",
    };
    let Some(app) = TestApp::spawn_with(backend, |settings| {
        settings.database.replicas.urls = vec![unreachable.to_owned()];
        settings.read_cache.max_bytes = 0;
    })
    .await
    else {
        return;
    };
    let user = app.new_user().await;
    let id = app.create_published(&user, "read from the primary").await;
    for _ in 0..5 {
        let started = Instant::now();
        let reply = app.get(&format!("/recipes/{id}"), None).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        assert!(started.elapsed() < Duration::from_secs(1));
        app.get("/recipes", None).await.assert_success_status();
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    let text = app.metrics_text().await;
    assert_eq!(
        metric(&text, r#"db_read_replicas{state="configured"}"#),
        Some(1.0),
        "{text}"
    );
    assert_eq!(
        metric(&text, r#"db_read_replicas{state="fit"}"#),
        Some(0.0),
        "{text}"
    );
}
