//! Fetches from an allowed loopback server: bodies, media types, statuses, size caps and the
//! deadline.

use std::time::{Duration, Instant};

use super::server::{Reply, TestServer, chunked, ok, response, status};
use super::{failed, fetcher, fetcher_with};

const LOOPBACK: &[&str] = &["127.0.0.1/32"];

#[tokio::test]
async fn an_allowed_fetch_returns_body_and_media_type_and_says_who_asks() {
    let server = TestServer::start(|path| match path {
        "/recipe" => ok("Text/HTML; charset=utf-8", b"<h1>Soup</h1>"),
        _ => status("404 Not Found"),
    })
    .await;
    let fetched = fetcher(LOOPBACK)
        .get(
            &server.url("/recipe"),
            &["text/html", "application/ld+json"],
        )
        .await
        .unwrap();
    assert_eq!(&fetched.body[..], b"<h1>Soup</h1>");
    assert_eq!(fetched.content_type, "text/html");
    assert_eq!(fetched.final_url.as_str(), server.url("/recipe"));
    let head = server.requests()[0].to_ascii_lowercase();
    let agent = format!(
        "user-agent: recipe-api/{} (+recipe import)\r\n",
        env!("CARGO_PKG_VERSION")
    );
    assert!(head.contains(&agent), "{head}");
    assert!(
        head.contains("accept: text/html, application/ld+json\r\n"),
        "{head}"
    );
    assert!(head.contains("accept-encoding: gzip,deflate\r\n"), "{head}");
}

#[tokio::test]
async fn a_prefix_accepts_a_family_of_media_types() {
    let server = TestServer::start(|_| ok("image/webp", b"RIFF")).await;
    let fetched = fetcher(LOOPBACK)
        .get(&server.url("/photo"), &["image/"])
        .await
        .unwrap();
    assert_eq!(fetched.content_type, "image/webp");
    assert!(server.requests()[0].contains("accept: image/*\r\n"));
}

#[tokio::test]
async fn localhost_is_fetched_when_every_address_it_resolves_to_is_allowed() {
    let server = TestServer::start(|_| ok("text/html", b"by name")).await;
    let url = format!("http://localhost:{}/", server.addr.port());
    let fetched = fetcher(&["127.0.0.1/32", "::1/128"])
        .get(&url, &["text/html"])
        .await
        .unwrap();
    assert_eq!(&fetched.body[..], b"by name");
}

#[tokio::test]
async fn a_wrong_media_type_fails_naming_it() {
    let server = TestServer::start(|_| ok("application/pdf", b"%PDF")).await;
    let reason = failed(
        fetcher(LOOPBACK)
            .get(&server.url("/"), &["text/html"])
            .await,
    );
    assert!(reason.contains("\"application/pdf\""), "{reason}");
    assert!(reason.contains("not text/html"), "{reason}");
}

#[tokio::test]
async fn an_error_status_fails_naming_it() {
    let server = TestServer::start(|_| status("404 Not Found")).await;
    let reason = failed(
        fetcher(LOOPBACK)
            .get(&server.url("/gone"), &["text/html"])
            .await,
    );
    assert_eq!(reason, format!("{} answered 404 Not Found", server.addr));
}

/// The server announces more than the cap and then sends nothing: reading would hit the
/// deadline instead, so a "too large" failure shows nothing was read.
#[tokio::test]
async fn an_announced_length_above_the_cap_fails_before_reading() {
    let head = response("200 OK", &[("Content-Type", "text/html")], b"");
    let head = String::from_utf8(head)
        .unwrap()
        .replace("Content-Length: 0", "Content-Length: 6000000")
        .into_bytes();
    let server = TestServer::start(move |_| Reply::SendThenStall(head.clone())).await;
    let started = Instant::now();
    let reason = failed(
        fetcher(LOOPBACK)
            .get(&server.url("/"), &["text/html"])
            .await,
    );
    assert_eq!(
        reason,
        format!(
            "the answer from {} is larger than 5242880 bytes",
            server.addr
        )
    );
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn a_chunked_body_is_cut_off_at_the_cap() {
    let server = TestServer::start(|_| Reply::SendThenStall(chunked("text/html", 64, 1024))).await;
    let fetcher = fetcher_with(LOOPBACK, |p| p.max_bytes = 10_000);
    let reason = failed(fetcher.get(&server.url("/"), &["text/html"]).await);
    assert!(reason.ends_with("is larger than 10000 bytes"), "{reason}");
}

/// "<p>hello gzip</p>", gzip-encoded.
const GZIP_HELLO: &[u8] = &[
    31, 139, 8, 0, 0, 0, 0, 0, 2, 3, 179, 41, 176, 203, 72, 205, 201, 201, 87, 72, 175, 202, 44,
    176, 209, 47, 176, 3, 0, 175, 130, 201, 193, 17, 0, 0, 0,
];

/// 65536 × "a", gzip-encoded in 97 bytes.
fn gzip_bomb() -> Vec<u8> {
    let mut bytes = vec![
        31, 139, 8, 0, 0, 0, 0, 0, 2, 3, 237, 193, 129, 0, 0, 0, 0, 128, 32,
    ];
    bytes.extend_from_slice(&[214, 253, 37, 22, 169, 10]);
    bytes.extend(std::iter::repeat_n(0, 63));
    bytes.extend_from_slice(&[106, 255, 145, 32, 195, 0, 0, 1, 0]);
    bytes
}

#[tokio::test]
async fn gzip_bodies_are_decoded_and_capped_after_decoding() {
    let server = TestServer::start(|path| {
        let body = if path == "/bomb" {
            gzip_bomb()
        } else {
            GZIP_HELLO.to_vec()
        };
        let headers = [("Content-Type", "text/html"), ("Content-Encoding", "gzip")];
        Reply::Send(response("200 OK", &headers, &body))
    })
    .await;
    let fetcher = fetcher_with(LOOPBACK, |p| p.max_bytes = 1000);
    let fetched = fetcher.get(&server.url("/"), &["text/html"]).await.unwrap();
    assert_eq!(&fetched.body[..], b"<p>hello gzip</p>");
    let reason = failed(fetcher.get(&server.url("/bomb"), &["text/html"]).await);
    assert!(reason.ends_with("is larger than 1000 bytes"), "{reason}");
}

#[tokio::test]
async fn a_stalling_server_fails_at_the_deadline() {
    let server = TestServer::start(|_| Reply::SendThenStall(Vec::new())).await;
    let fetcher = fetcher_with(LOOPBACK, |p| p.timeout = Duration::from_millis(500));
    let started = Instant::now();
    let reason = failed(fetcher.get(&server.url("/"), &["text/html"]).await);
    let took = started.elapsed();
    assert!(
        took >= Duration::from_millis(450) && took < Duration::from_secs(2),
        "{took:?}"
    );
    assert!(
        reason.contains("in time") || reason.contains("within"),
        "{reason}"
    );
}

#[tokio::test]
async fn a_body_that_stalls_midway_fails_at_the_deadline() {
    let server = TestServer::start(|_| {
        let mut bytes = response("200 OK", &[("Content-Type", "text/html")], b"");
        let text = String::from_utf8(bytes).unwrap();
        bytes = text
            .replace("Content-Length: 0", "Content-Length: 100")
            .into_bytes();
        bytes.extend_from_slice(b"only part");
        Reply::SendThenStall(bytes)
    })
    .await;
    let fetcher = fetcher_with(LOOPBACK, |p| p.timeout = Duration::from_millis(500));
    let started = Instant::now();
    failed(fetcher.get(&server.url("/"), &["text/html"]).await);
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn a_refused_connection_fails() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let reason = failed(
        fetcher(LOOPBACK)
            .get(&format!("http://{addr}/"), &["text/html"])
            .await,
    );
    assert!(
        reason.starts_with(&format!("cannot connect to {addr}")),
        "{reason}"
    );
}

#[test]
fn a_policy_that_could_fetch_nothing_is_refused() {
    use super::super::{FetchPolicy, Fetcher};
    let zero_bytes = FetchPolicy {
        max_bytes: 0,
        ..FetchPolicy::default()
    };
    assert!(Fetcher::new(zero_bytes).is_err());
    let zero_time = FetchPolicy {
        timeout: Duration::ZERO,
        ..FetchPolicy::default()
    };
    assert!(Fetcher::new(zero_time).is_err());
}
