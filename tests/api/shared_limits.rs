//! Rate limits kept in a real Redis (`RATE_LIMIT_STORE`): two instances enforce one limit
//! between them, also under concurrent requests; a Redis that refuses connections or never
//! answers costs a request at most the store's timeout, each instance then limits on its own
//! (`/metrics` says so), and the limits are shared again once Redis answers.
//!
//! Redis is the one at `RECIPE_API_TEST_REDIS_URL` (default `redis://127.0.0.1:6379`); these
//! tests are skipped when it is not running, unless `RECIPE_API_TEST_REDIS=required` (as
//! `.ci/run` sets), which makes that a failure. Each test keeps its keys under a prefix of its
//! own.

use std::{
    num::NonZeroU32,
    sync::{
        Arc,
        atomic::{AtomicBool, Ordering},
    },
    time::{Duration, Instant},
};

use recipe_api::config::Settings;
use reqwest::StatusCode;
use secrecy::SecretString;
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::{TcpListener, TcpStream},
};

use crate::backends::Backend;
use crate::helpers::{Reply, TestApp};

/// The Redis of the tests, when it runs.
pub(crate) async fn redis_url() -> Option<String> {
    let url = std::env::var("RECIPE_API_TEST_REDIS_URL")
        .unwrap_or_else(|_| "redis://127.0.0.1:6379".to_owned());
    let address = url
        .trim_start_matches("redis://")
        .split('/')
        .next()
        .unwrap()
        .to_owned();
    if answers_ping(&address).await {
        return Some(url);
    }
    let required = std::env::var("RECIPE_API_TEST_REDIS").is_ok_and(|v| v == "required");
    assert!(
        !required,
        "no Redis answers at {url}; RECIPE_API_TEST_REDIS=required makes this a failure"
    );
    eprintln!("skipped: no Redis at {url}");
    None
}

async fn answers_ping(address: &str) -> bool {
    let attempt = async {
        let mut stream = TcpStream::connect(address).await.ok()?;
        stream.write_all(b"PING\r\n").await.ok()?;
        let mut answer = [0_u8; 7];
        stream.read_exact(&mut answer).await.ok()?;
        Some(&answer == b"+PONG\r\n")
    };
    tokio::time::timeout(Duration::from_secs(2), attempt)
        .await
        .ok()
        .flatten()
        .unwrap_or(false)
}

/// The credential routes' limit set to `auth` a minute, kept in the Redis at `url` under a
/// prefix of this test's own.
fn shared(settings: &mut Settings, url: &str, auth: u32) {
    settings.rate_limits.auth_per_minute = NonZeroU32::new(auth).unwrap();
    settings.rate_limits.store = Some(SecretString::from(url.to_owned()));
    settings.rate_limits.prefix = format!("test-{}", uuid::Uuid::new_v4().simple());
}

/// A failed login (a credential route): 401, or 429 once the limit is spent.
async fn attempt(app: &TestApp) -> Reply {
    app.login("nobody@example.com", "wrong password").await
}

fn limited(replies: &[Reply]) -> usize {
    replies
        .iter()
        .filter(|r| r.status == StatusCode::TOO_MANY_REQUESTS)
        .count()
}

#[tokio::test]
async fn two_instances_enforce_one_limit_between_them() {
    let Some(url) = redis_url().await else {
        return;
    };
    let a = TestApp::spawn_with(Backend::Sqlite, |s| shared(s, &url, 5))
        .await
        .expect("sqlite always runs");
    let b = a.spawn_sibling_with(|_| {}).await;

    // Alternating between the instances: five in all, then 429 on both.
    let mut replies = Vec::new();
    for i in 0..8 {
        replies.push(attempt(if i % 2 == 0 { &a } else { &b }).await);
    }
    for (i, reply) in replies.iter().enumerate() {
        let expected = if i < 5 {
            StatusCode::UNAUTHORIZED
        } else {
            StatusCode::TOO_MANY_REQUESTS
        };
        assert_eq!(reply.status, expected, "request {i}: {}", reply.body);
    }
    let remaining: Vec<&str> = replies[..5]
        .iter()
        .map(|r| r.headers["ratelimit-remaining"].to_str().unwrap())
        .collect();
    assert_eq!(remaining, ["4", "3", "2", "1", "0"]);
    assert!(replies[5].headers.contains_key("retry-after"));

    // At once, on fresh keys: 24 concurrent requests over both instances, 5 get through.
    let a = TestApp::spawn_with(Backend::Sqlite, |s| shared(s, &url, 5))
        .await
        .expect("sqlite always runs");
    let b = a.spawn_sibling_with(|_| {}).await;
    let (a, b) = (Arc::new(a), Arc::new(b));
    let tasks: Vec<_> = (0..24)
        .map(|i| {
            let app = if i % 2 == 0 { a.clone() } else { b.clone() };
            tokio::spawn(async move { attempt(&app).await })
        })
        .collect();
    let mut replies = Vec::new();
    for task in tasks {
        replies.push(task.await.unwrap());
    }
    assert_eq!(limited(&replies), 19, "24 requests, a limit of 5");
    let metrics = a.metrics_text().await;
    assert!(metrics.contains("rate_limit_store_up 1"), "{metrics}");
    assert!(
        metrics.contains("rate_limit_store_errors_total 0"),
        "{metrics}"
    );
}

/// A TCP relay to Redis that can be cut: while cut it closes every connection, new and open.
struct Relay {
    address: String,
    up: Arc<AtomicBool>,
}

impl Relay {
    async fn start(redis: &str) -> Relay {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap().to_string();
        let up = Arc::new(AtomicBool::new(true));
        let target = redis.to_owned();
        let relay_up = up.clone();
        tokio::spawn(async move {
            while let Ok((mut client, _)) = listener.accept().await {
                if !relay_up.load(Ordering::SeqCst) {
                    continue; // dropped: closed at once
                }
                let target = target.clone();
                let up = relay_up.clone();
                tokio::spawn(async move {
                    let Ok(mut server) = TcpStream::connect(&target).await else {
                        return;
                    };
                    let copy = tokio::io::copy_bidirectional(&mut client, &mut server);
                    tokio::pin!(copy);
                    loop {
                        tokio::select! {
                            _ = &mut copy => return,
                            () = tokio::time::sleep(Duration::from_millis(20)) => {
                                if !up.load(Ordering::SeqCst) {
                                    return;
                                }
                            }
                        }
                    }
                });
            }
        });
        Relay { address, up }
    }

    fn url(&self) -> String {
        format!("redis://{}", self.address)
    }

    fn set_up(&self, up: bool) {
        self.up.store(up, Ordering::SeqCst);
    }
}

#[tokio::test]
async fn without_redis_each_instance_limits_on_its_own_until_it_answers_again() {
    let Some(url) = redis_url().await else {
        return;
    };
    let redis = url
        .trim_start_matches("redis://")
        .split('/')
        .next()
        .unwrap();
    let relay = Relay::start(redis).await;
    let a = TestApp::spawn_with(Backend::Sqlite, |s| shared(s, &relay.url(), 3))
        .await
        .expect("sqlite always runs");
    let b = a.spawn_sibling_with(|_| {}).await;
    assert_eq!(attempt(&a).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(attempt(&b).await.status, StatusCode::UNAUTHORIZED);

    // Redis is gone: no request waits long, and each instance counts its own 3.
    relay.set_up(false);
    tokio::time::sleep(Duration::from_millis(200)).await; // the relay has closed its connections
    let started = Instant::now();
    let mut replies = Vec::new();
    for _ in 0..4 {
        replies.push(attempt(&a).await);
        replies.push(attempt(&b).await);
    }
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "8 requests took {:?}",
        started.elapsed()
    );
    let statuses: Vec<u16> = replies.iter().map(|r| r.status.as_u16()).collect();
    assert_eq!(statuses, [401, 401, 401, 401, 401, 401, 429, 429]);
    let metrics = a.metrics_text().await;
    assert!(metrics.contains("rate_limit_store_up 0"), "{metrics}");
    assert!(
        !metrics.contains("rate_limit_store_errors_total 0\n"),
        "{metrics}"
    );

    // Back: after the pause the shared count applies again (2 used there before, 1 left, spent
    // by the first request that reaches it).
    relay.set_up(true);
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        tokio::time::sleep(Duration::from_millis(200)).await;
        attempt(&b).await;
        if b.metrics_text().await.contains("rate_limit_store_up 1") {
            break;
        }
        assert!(Instant::now() < deadline, "the store never answered again");
    }
    let c = a
        .spawn_sibling_with(|s| s.rate_limits.auth_per_minute = NonZeroU32::new(3).unwrap())
        .await;
    assert_eq!(
        attempt(&c).await.status,
        StatusCode::TOO_MANY_REQUESTS,
        "a third instance with no count of its own is limited by the shared one"
    );
}

#[tokio::test]
async fn a_redis_that_never_answers_costs_a_request_at_most_the_timeout() {
    // A server that accepts connections and never answers.
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let held = Arc::new(tokio::sync::Mutex::new(Vec::new()));
    let keep = held.clone();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            keep.lock().await.push(socket);
        }
    });
    let app = TestApp::spawn_with(Backend::Sqlite, |s| {
        shared(s, &format!("redis://{address}"), 2);
    })
    .await
    .expect("sqlite always runs");
    let mut statuses = Vec::new();
    for _ in 0..3 {
        let started = Instant::now();
        statuses.push(attempt(&app).await.status.as_u16());
        assert!(
            started.elapsed() < Duration::from_millis(1_500),
            "a request took {:?}",
            started.elapsed()
        );
    }
    assert_eq!(statuses, [401, 401, 429], "the instance's own limit");
    let metrics = app.metrics_text().await;
    assert!(metrics.contains("rate_limit_store_up 0"), "{metrics}");
}
