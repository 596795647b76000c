//! The fetch policy seen through `POST /recipes/import`: refused schemes and addresses (in
//! every spelling) answer 400 `url_not_allowed` naming the reason without any request leaving
//! the server; `IMPORT_ALLOWED_HOSTS` lets a named network through, and only it; redirects are
//! checked hop by hop; size, time, type and status failures answer 502 `fetch_failed`.

use reqwest::StatusCode;
use rstest::rstest;
use rstest_reuse::apply;
use serde_json::json;

use super::{FixtureServer, import, import_app};
use crate::backends::{Backend, backends};
use crate::helpers::{test_app, urlencode};

#[apply(backends)]
#[tokio::test]
async fn non_public_addresses_are_refused_in_every_spelling(backend: Backend) {
    // No IMPORT_ALLOWED_HOSTS: the fixture server on 127.0.0.1 is out of reach too.
    let app = test_app!(backend);
    let cook = app.new_user().await;
    let server = FixtureServer::start().await;
    let port = server.origin.rsplit(':').next().unwrap().to_owned();
    let refused = [
        (server.url("/pages/jsonld-basic.html"), "loopback"),
        (
            format!("http://localhost:{port}/pages/jsonld-basic.html"),
            "loopback",
        ),
        (format!("http://[::1]:{port}/"), "loopback"),
        (format!("http://2130706433:{port}/"), "127.0.0.1"),
        (format!("http://0x7f.1:{port}/"), "127.0.0.1"),
        (format!("http://0177.0.0.1:{port}/"), "127.0.0.1"),
        (format!("http://127.1:{port}/"), "127.0.0.1"),
        (format!("http://[::ffff:127.0.0.1]:{port}/"), "127.0.0.1"),
        ("http://10.0.0.1/".into(), "private"),
        ("http://192.168.1.1/".into(), "private"),
        ("http://172.16.5.4/".into(), "private"),
        (
            "http://169.254.169.254/latest/meta-data/".into(),
            "link-local",
        ),
        ("http://100.64.0.1/".into(), "100.64.0.1"),
        ("http://0.0.0.0/".into(), "0.0.0.0"),
        ("http://224.0.0.1/".into(), "multicast"),
        ("http://[fd00::1]/".into(), "fd00::1"),
        ("http://[fe80::1]/".into(), "fe80::1"),
        ("file:///etc/passwd".into(), "file"),
        ("ftp://ftp.example.com/recipe".into(), "ftp"),
        ("gopher://example.com/".into(), "gopher"),
    ];
    for (url, reason) in refused {
        let reply = import(&app, &cook, &json!({"url": url}), true).await;
        let body = reply.assert_error(StatusCode::BAD_REQUEST, "url_not_allowed");
        let message = body["error"].as_str().unwrap();
        assert!(message.contains(reason), "{url}: {message}");
    }
    // Credentials in a URL are refused, and never repeated back.
    let reply = import(
        &app,
        &cook,
        &json!({"url": "http://user:hunter2@example.com/"}),
        true,
    )
    .await;
    let body = reply.assert_error(StatusCode::BAD_REQUEST, "url_not_allowed");
    assert!(!body.to_string().contains("hunter2"), "{body}");
    assert_eq!(server.hits(), 0, "a refused URL was fetched");
}

#[apply(backends)]
#[tokio::test]
async fn allowed_hosts_let_only_their_networks_through(backend: Backend) {
    let app = import_app!(backend);
    let cook = app.new_user().await;
    let server = FixtureServer::start().await;
    let port = server.origin.rsplit(':').next().unwrap().to_owned();
    let reply = import(
        &app,
        &cook,
        &json!({"url": server.url("/pages/jsonld-basic.html")}),
        true,
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    // 127.0.0.1/32 is not the whole loopback network, nor IPv6's.
    for url in [
        format!("http://127.0.0.2:{port}/pages/jsonld-basic.html"),
        format!("http://[::1]:{port}/pages/jsonld-basic.html"),
        "http://10.0.0.1/".to_owned(),
    ] {
        import(&app, &cook, &json!({"url": url}), true)
            .await
            .assert_error(StatusCode::BAD_REQUEST, "url_not_allowed");
    }
}

#[apply(backends)]
#[tokio::test]
async fn every_redirect_is_checked_and_at_most_five_are_followed(backend: Backend) {
    let app = import_app!(backend);
    let cook = app.new_user().await;
    let server = FixtureServer::start().await;
    let port = server.origin.rsplit(':').next().unwrap().to_owned();
    // From the allowed host to a refused one.
    for target in [
        format!("http://[::1]:{port}/pages/jsonld-basic.html"),
        "http://169.254.169.254/".to_owned(),
        "file:///etc/passwd".to_owned(),
    ] {
        let url = format!("{}/redirect?to={}", server.origin, urlencode(&target));
        let reply = import(&app, &cook, &json!({"url": url}), true).await;
        reply.assert_error(StatusCode::BAD_REQUEST, "url_not_allowed");
    }
    // Five redirects are followed; six are too many.
    let five = import(&app, &cook, &json!({"url": server.url("/hops/4")}), true).await;
    assert_eq!(five.status, StatusCode::OK, "{}", five.body);
    let six = import(&app, &cook, &json!({"url": server.url("/hops/5")}), true).await;
    let body = six.assert_error(StatusCode::BAD_REQUEST, "url_not_allowed");
    assert!(
        body["error"].as_str().unwrap().contains("redirects"),
        "{body}"
    );
}

#[apply(backends)]
#[tokio::test]
async fn size_time_type_and_status_failures_are_502(backend: Backend) {
    let app = import_app!(backend, |settings| {
        settings.fetch.max_bytes = 16 * 1024;
        settings.fetch.timeout = std::time::Duration::from_millis(1_500);
    });
    let cook = app.new_user().await;
    let server = FixtureServer::start().await;
    for (path, reason) in [
        ("/big", "larger than"),
        ("/slow", ""),
        ("/pdf", "application/pdf"),
        ("/pages/no-such-page.html", "404"),
    ] {
        let started = std::time::Instant::now();
        let reply = import(&app, &cook, &json!({"url": server.url(path)}), true).await;
        let body = reply.assert_error(StatusCode::BAD_GATEWAY, "fetch_failed");
        assert!(
            body["error"].as_str().unwrap().contains(reason),
            "{path}: {body}"
        );
        assert!(
            started.elapsed() < std::time::Duration::from_secs(4),
            "{path}"
        );
    }
    // A pasted page over the limit is refused too (413), before any parsing.
    let html = "x".repeat(16 * 1024 + 1);
    import(&app, &cook, &json!({"html": html}), true)
        .await
        .assert_error(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");
}
