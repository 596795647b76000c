//! URLs the fetcher refuses before it connects anywhere. Every URL here names a loopback
//! address or none, so even a regressed check could not reach off the machine; refusals of
//! other ranges are shown by `policy` and `target`, which never connect.

use super::server::{TestServer, ok};
use super::{fetcher, not_allowed};

#[tokio::test]
async fn every_spelling_of_a_loopback_literal_is_refused_by_its_real_address() {
    let fetcher = fetcher(&[]);
    for url in [
        "http://127.0.0.1/",
        "http://2130706433/",
        "http://0177.0.0.1/",
        "http://0x7f.1/",
        "http://127.1/",
        "http://[::ffff:127.0.0.1]/",
        "https://0x7f000001:443/",
    ] {
        let reason = not_allowed(fetcher.get(url, &["text/html"]).await);
        assert!(reason.contains("127.0.0.1"), "{url}: {reason}");
        assert!(reason.contains("loopback"), "{url}: {reason}");
    }
    let reason = not_allowed(fetcher.get("http://[::1]/", &["text/html"]).await);
    assert_eq!(reason, "::1 is a loopback address");
    let reason = not_allowed(fetcher.get("http://0/", &[]).await);
    assert_eq!(reason, "0.0.0.0 is an unspecified address");
}

#[tokio::test]
async fn other_schemes_and_credentials_are_refused() {
    let fetcher = fetcher(&[]);
    for (url, reason) in [
        (
            "ftp://127.0.0.1/recipe.txt",
            "only http and https URLs can be fetched, not ftp",
        ),
        (
            "file:///etc/passwd",
            "only http and https URLs can be fetched, not file",
        ),
        (
            "javascript:alert(1)",
            "only http and https URLs can be fetched, not javascript",
        ),
        (
            "http://user:pw@127.0.0.1:9/",
            "URLs with a user name or password cannot be fetched",
        ),
        ("", "the URL is empty"),
        (
            "not a url",
            "the URL cannot be read: relative URL without a base",
        ),
    ] {
        assert_eq!(not_allowed(fetcher.get(url, &["text/html"]).await), reason);
    }
}

/// The loopback server is there and would answer: only the policy stands in the way, and it
/// stops the request before a connection.
#[tokio::test]
async fn loopback_is_refused_without_the_allowance_before_connecting() {
    let server = TestServer::start(|_| ok("text/html", b"secret")).await;
    let fetcher = fetcher(&[]);
    let reason = not_allowed(fetcher.get(&server.url("/"), &["text/html"]).await);
    assert_eq!(reason, "127.0.0.1 is a loopback address");
    let by_name = format!("http://localhost:{}/", server.addr.port());
    let reason = not_allowed(fetcher.get(&by_name, &["text/html"]).await);
    assert!(
        reason.starts_with("localhost resolves to ") && reason.contains("a loopback address"),
        "{reason}"
    );
    // Credentials are refused even where the address is allowed, and never echoed.
    let allowed = super::fetcher(&["127.0.0.1/32"]);
    let with_password = format!("http://admin:hunter2@{}/", server.addr);
    let reason = not_allowed(allowed.get(&with_password, &["text/html"]).await);
    assert!(!reason.contains("hunter2"), "{reason}");
    assert_eq!(server.connections(), 0);
}
