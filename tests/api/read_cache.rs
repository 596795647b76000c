//! The read cache, on every back-end: anonymous reads of a published recipe and of list pages
//! are answered from it (counted in `/metrics`), `If-None-Match` is answered 304 from it, a
//! change through the instance empties it at once; with two instances on one database, a change
//! on one reaches anonymous readers on the other within the cache's lifetime (at once on
//! PostgreSQL, by `NOTIFY`), and never misses the writer — signed in, or anonymous with the
//! write marker — even while other readers keep the cache busy; `READ_CACHE_BYTES=0` turns it
//! off.

use std::time::{Duration, Instant};

use reqwest::{StatusCode, header};
use rstest::rstest;
use rstest_reuse::apply;
use serde_json::{Value, json};

use crate::backends::{Backend, backends};
use crate::helpers::{TestApp, TestUser, test_app, write_marker};

/// `app`'s metric `name` (0 when absent).
async fn metric(app: &TestApp, name: &str) -> f64 {
    app.metrics_text()
        .await
        .lines()
        .find_map(|line| line.strip_prefix(name)?.strip_prefix(' ')?.parse().ok())
        .unwrap_or(0.0)
}

/// An anonymous `GET path` on `app`, with `cookie` if given.
async fn anonymous(app: &TestApp, path: &str, cookie: Option<&str>) -> (StatusCode, Value) {
    let mut request = app.client.get(format!("{}{path}", app.address));
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    let response = request.send().await.unwrap();
    (
        response.status(),
        response.json().await.unwrap_or(Value::Null),
    )
}

/// Reads `path` anonymously until the second of two reads is answered from the cache, and
/// returns both answers. On PostgreSQL the instance empties its cache once when its change
/// notices start listening, which may fall between the two reads of the first try.
async fn read_twice_until_kept(app: &TestApp, path: &str) -> (Value, Value) {
    for _ in 0..20 {
        let (status, first) = anonymous(app, path, None).await;
        assert_eq!(status, StatusCode::OK);
        let hits = metric(app, "read_cache_hits_total").await;
        let (status, second) = anonymous(app, path, None).await;
        assert_eq!(status, StatusCode::OK);
        if metric(app, "read_cache_hits_total").await == hits + 1.0 {
            return (first, second);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{path} was never answered from the cache");
}

#[apply(backends)]
#[tokio::test]
async fn anonymous_reads_come_from_the_cache_until_a_change_empties_it(backend: Backend) {
    // Kept for a minute, so that a loaded machine cannot let an answer expire between reads.
    let app = test_app!(backend, |settings| settings.read_cache.ttl =
        Duration::from_secs(60));
    let user = app.new_user().await;
    let id = app.create_published(&user, "kept in memory").await;
    let path = format!("/recipes/{id}");

    let (first, second) = read_twice_until_kept(&app, &path).await;
    assert_eq!(first, second, "the kept answer is the answer");

    // The kept answer carries its ETag, and a copy that is current is answered 304.
    let kept = app
        .client
        .get(format!("{}{path}", app.address))
        .send()
        .await
        .unwrap();
    let etag = kept.headers()[header::ETAG].clone();
    assert_eq!(kept.headers()[header::VARY], "Accept");
    let not_modified = app
        .client
        .get(format!("{}{path}", app.address))
        .header(header::IF_NONE_MATCH, etag.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(not_modified.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(not_modified.headers()[header::ETAG], etag);

    // Signing in changes nothing anyone reads: the cache stays.
    let invalidations = metric(&app, "read_cache_invalidations_total").await;
    app.login(&user.email, crate::helpers::PASSWORD)
        .await
        .assert_success();
    assert_eq!(
        metric(&app, "read_cache_invalidations_total").await,
        invalidations
    );

    // A change through this instance empties the cache at once.
    app.patch(&path, Some(&user.token), &json!({"name": "changed"}))
        .await
        .assert_success();
    assert!(metric(&app, "read_cache_invalidations_total").await > invalidations);
    let (_, changed) = anonymous(&app, &path, None).await;
    assert_eq!(changed["info"]["name"], "changed");
    let stale = app
        .client
        .get(format!("{}{path}", app.address))
        .header(header::IF_NONE_MATCH, etag)
        .send()
        .await
        .unwrap();
    assert_eq!(
        stale.status(),
        StatusCode::OK,
        "the old ETag is not current"
    );

    // List pages: kept, and emptied by a publication.
    let (page, _) = read_twice_until_kept(&app, "/recipes?limit=20").await;
    assert_eq!(page["count"], 1);
    app.create_published(&user, "a second one").await;
    let (_, page) = anonymous(&app, "/recipes?limit=20", None).await;
    assert_eq!(page["count"], 2);

    // A signed-in read, a scaled one and JSON-LD are never answered from the cache.
    let hits = metric(&app, "read_cache_hits_total").await;
    app.get(&path, Some(&user.token)).await.assert_success();
    anonymous(&app, &format!("{path}?units=metric"), None).await;
    app.client
        .get(format!("{}{path}", app.address))
        .header(header::ACCEPT, "application/ld+json")
        .send()
        .await
        .unwrap();
    assert_eq!(metric(&app, "read_cache_hits_total").await, hits);
    // A draft is not kept either: nothing to see for anonymous readers.
    let draft = app.create_draft(&user, "not yet").await;
    for _ in 0..2 {
        let (status, _) = anonymous(&app, &format!("/recipes/{draft}"), None).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
    assert_eq!(metric(&app, "read_cache_hits_total").await, hits);
}

#[apply(backends)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_reaches_other_instances_within_the_bound_and_never_misses_the_writer(
    backend: Backend,
) {
    let a = test_app!(backend);
    let b = a.spawn_sibling().await;
    let user = a.new_user().await;
    let id = a.create_published(&user, "round 0").await;
    let path = format!("/recipes/{id}");

    // Readers keep B's cache busy throughout.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let readers: Vec<_> = (0..4)
        .map(|_| {
            let (client, url, stop) = (
                b.client.clone(),
                format!("{}{path}", b.address),
                stop.clone(),
            );
            tokio::spawn(async move {
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    let status = client.get(&url).send().await.unwrap().status();
                    assert_eq!(status, StatusCode::OK);
                }
            })
        })
        .collect();

    let delays = change_and_watch(&a, &b, &user, &path).await;
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    for reader in readers {
        reader.await.unwrap();
    }
    let median = delays[delays.len() / 2];
    eprintln!("read_cache {backend:?}: change visible on the other instance after {delays:?}");
    if backend == Backend::Postgres {
        assert!(
            median < Duration::from_millis(300),
            "on PostgreSQL the other instance hears of the change at once: {delays:?}"
        );
    }
    assert!(metric(&b, "read_cache_hits_total").await > 0.0);
}

/// Ten changes of the recipe at `path` on `a`, each read at once on `b` by the writer (signed in,
/// and anonymously with the write marker), then polled anonymously on `b` until it shows (within
/// the bound); the delays until it showed, sorted.
async fn change_and_watch(a: &TestApp, b: &TestApp, user: &TestUser, path: &str) -> Vec<Duration> {
    let mut delays = Vec::new();
    for round in 1..=10 {
        let name = format!("round {round}");
        let changed = a
            .client
            .patch(format!("{}{path}", a.address))
            .bearer_auth(&user.token)
            .json(&json!({"name": name}))
            .send()
            .await
            .unwrap();
        assert_eq!(changed.status(), StatusCode::OK);
        let changed_at = Instant::now();
        let marker = write_marker(changed.headers());
        // The writer, on the other instance, at once: signed in, or with the marker.
        let signed_in = b.get(path, Some(&user.token)).await;
        assert_eq!(
            signed_in.body["info"]["name"],
            name.as_str(),
            "round {round}"
        );
        let (_, marked) = anonymous(b, path, Some(&marker)).await;
        assert_eq!(
            marked["info"]["name"],
            name.as_str(),
            "round {round}, marker"
        );
        // Anyone, on the other instance, within the cache's lifetime and a read.
        loop {
            let (_, seen) = anonymous(b, path, None).await;
            if seen["info"]["name"] == name.as_str() {
                break;
            }
            // The bound is the cache's lifetime (750 ms) and one read; the slack is for a
            // loaded machine's reads (the benchmark measures p99 ≈ 700 ms under load).
            assert!(
                changed_at.elapsed() < Duration::from_millis(1_500),
                "round {round}: still stale after {:?}",
                changed_at.elapsed()
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        delays.push(changed_at.elapsed());
    }
    delays.sort();
    delays
}

/// With `CACHE_BUS`, the back-ends without `NOTIFY` hear of changes at once too.
#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::mysql(Backend::Mysql)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_a_cache_bus_other_instances_forget_a_change_at_once(#[case] backend: Backend) {
    let Some(redis) = crate::shared_limits::redis_url().await else {
        return;
    };
    let prefix = format!("cache-bus-{}", std::process::id());
    let a = test_app!(backend, |settings| {
        settings.read_cache.bus = Some(secrecy::SecretString::from(redis));
        settings.rate_limits.prefix = prefix;
    });
    let b = a.spawn_sibling().await;
    let user = a.new_user().await;
    let id = a.create_published(&user, "round 0").await;
    let path = format!("/recipes/{id}");
    anonymous(&b, &path, None).await;
    let delays = change_and_watch(&a, &b, &user, &path).await;
    eprintln!(
        "read_cache {backend:?} with CACHE_BUS: visible on the other instance after {delays:?}"
    );
    let median = delays[delays.len() / 2];
    assert!(median < Duration::from_millis(300), "{delays:?}");
    assert!(metric(&b, "read_cache_invalidations_total").await >= 10.0);
}

/// A `CACHE_BUS` that does not answer costs a change nothing: the change is answered at once,
/// this instance forgets it at once, and the others by expiry.
#[tokio::test]
async fn a_cache_bus_that_is_down_costs_nothing() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let bus = format!("redis://127.0.0.1:{closed}");
    let app = test_app!(Backend::Sqlite, |settings| {
        settings.read_cache.bus = Some(secrecy::SecretString::from(bus));
    });
    let user = app.new_user().await;
    let id = app.create_published(&user, "before").await;
    let path = format!("/recipes/{id}");
    anonymous(&app, &path, None).await;
    let started = Instant::now();
    app.patch(&path, Some(&user.token), &json!({"name": "after"}))
        .await
        .assert_success();
    assert!(started.elapsed() < Duration::from_millis(500));
    let (_, seen) = anonymous(&app, &path, None).await;
    assert_eq!(seen["info"]["name"], "after");
}

#[tokio::test]
async fn the_cache_can_be_turned_off() {
    let app = test_app!(Backend::Sqlite, |settings| settings.read_cache.max_bytes =
        0);
    let user = app.new_user().await;
    let id = app.create_published(&user, "never kept").await;
    for _ in 0..3 {
        let (status, _) = anonymous(&app, &format!("/recipes/{id}"), None).await;
        assert_eq!(status, StatusCode::OK);
    }
    let text = app.metrics_text().await;
    assert!(!text.contains("read_cache_hits_total"), "{text}");
    let changed = app
        .patch(
            &format!("/recipes/{id}"),
            Some(&user.token),
            &json!({"name": "x"}),
        )
        .await;
    assert!(
        !changed.headers.contains_key(header::SET_COOKIE),
        "without the cache or replicas no marker is set"
    );
}
