//! Redirects: followed within the allowed host, every hop checked again, counted, and bound
//! by the one deadline.

use std::time::{Duration, Instant};

use super::server::{Reply, TestServer, ok, redirect, response};
use super::{failed, fetcher, fetcher_with, not_allowed};

const LOOPBACK: &[&str] = &["127.0.0.1/32"];

/// `/hop/N` redirects to `/hop/N+1` until `/hop/last`, which answers.
fn chain(last: u32) -> impl Fn(&str) -> Reply + Send + Sync + 'static {
    move |path| {
        let n: u32 = path.trim_start_matches("/hop/").parse().unwrap_or(0);
        if n >= last {
            ok("text/html", b"the end")
        } else {
            redirect("302 Found", &format!("/hop/{}", n + 1))
        }
    }
}

#[tokio::test]
async fn a_chain_of_every_redirect_status_is_followed_without_carrying_cookies() {
    let server = TestServer::start(|path| match path {
        // Relative, absolute, path-relative and scheme-relative locations.
        "/start" => Reply::Send(response(
            "301 Moved Permanently",
            &[("Location", "/two"), ("Set-Cookie", "session=abc; Path=/")],
            b"",
        )),
        "/two" => redirect("302 Found", "three"),
        "/three" => redirect("303 See Other", "/four?x=1#frag"),
        "/four?x=1" => redirect("307 Temporary Redirect", "/five"),
        "/five" => redirect("308 Permanent Redirect", "/recipe"),
        "/recipe" => ok("application/ld+json", b"{}"),
        _ => super::server::status("404 Not Found"),
    })
    .await;
    let fetched = fetcher(LOOPBACK)
        .get(&server.url("/start"), &["text/html", "application/ld+json"])
        .await
        .unwrap();
    assert_eq!(fetched.final_url.as_str(), server.url("/recipe"));
    assert_eq!(fetched.content_type, "application/ld+json");
    let requests = server.requests();
    assert_eq!(requests.len(), 6);
    for head in requests {
        let head = head.to_ascii_lowercase();
        assert!(
            !head.contains("cookie:") && !head.contains("referer:"),
            "{head}"
        );
        assert!(head.starts_with("get "), "{head}");
    }
}

#[tokio::test]
async fn an_absolute_redirect_within_the_allowed_host_is_followed() {
    let server = TestServer::start_on("127.0.0.1:0", |_| ok("text/html", b""))
        .await
        .unwrap();
    let target = server.url("/landing");
    let first = TestServer::start(move |_| redirect("302 Found", &target)).await;
    let fetched = fetcher(LOOPBACK)
        .get(&first.url("/"), &["text/html"])
        .await
        .unwrap();
    assert_eq!(fetched.final_url.as_str(), server.url("/landing"));
}

#[tokio::test]
async fn five_redirects_are_followed_and_a_sixth_is_refused() {
    let server = TestServer::start(chain(5)).await;
    let fetched = fetcher(LOOPBACK)
        .get(&server.url("/hop/0"), &["text/html"])
        .await
        .unwrap();
    assert_eq!(fetched.final_url.path(), "/hop/5");

    let server = TestServer::start(chain(6)).await;
    let reason = not_allowed(
        fetcher(LOOPBACK)
            .get(&server.url("/hop/0"), &["text/html"])
            .await,
    );
    assert_eq!(reason, "too many redirects (more than 5)");
    assert_eq!(
        server.requests().len(),
        6,
        "the sixth redirect is not followed"
    );
}

/// Only 127.0.0.1 is allowed; 127.0.0.2 is loopback too, and a server listens there, but the
/// hop is refused without a connection to it, however the address is spelt. (Refusals of
/// private and link-local redirect targets are shown in `target`'s tests, which never connect:
/// a test here that named them would reach off the machine if the checks ever regressed.)
#[tokio::test]
async fn a_redirect_to_a_refused_address_is_refused_before_connecting() {
    let other = TestServer::start_on("127.0.0.2:0", |_| ok("text/html", b""))
        .await
        .ok();
    let port = other.as_ref().map_or(9, |s| s.addr.port());
    for location in [
        format!("http://127.0.0.2:{port}/"),
        format!("http://0x7f.0.0.2:{port}/"),
        format!("http://2130706434:{port}/"),
    ] {
        let server = TestServer::start(move |_| redirect("302 Found", &location)).await;
        let reason = not_allowed(
            fetcher(LOOPBACK)
                .get(&server.url("/"), &["text/html"])
                .await,
        );
        assert_eq!(reason, "redirect 1 leads to 127.0.0.2, a loopback address");
    }
    if let Some(other) = other {
        assert_eq!(other.connections(), 0);
    }
}

/// Only 127.0.0.1 is allowed; ::1 is loopback too, and a server listens there, but the hop is
/// refused without a connection to it.
#[tokio::test]
async fn a_redirect_to_another_loopback_address_is_refused_before_connecting() {
    let v6 = match TestServer::start_on("[::1]:0", |_| ok("text/html", b"")).await {
        Ok(server) => Some(server),
        Err(e) => {
            eprintln!("no IPv6 loopback here ({e}); checking the refusal alone");
            None
        }
    };
    let port = v6.as_ref().map_or(9, |s| s.addr.port());
    let server = TestServer::start(move |_| {
        redirect("307 Temporary Redirect", &format!("http://[::1]:{port}/"))
    })
    .await;
    let reason = not_allowed(
        fetcher(LOOPBACK)
            .get(&server.url("/"), &["text/html"])
            .await,
    );
    assert_eq!(reason, "redirect 1 leads to ::1, a loopback address");
    if let Some(v6) = v6 {
        assert_eq!(v6.connections(), 0);
    }
}

/// The first server sits on 127.0.0.2 (allowed); its redirect names localhost, which the
/// checking resolver finds on 127.0.0.1 (not allowed).
#[tokio::test]
async fn a_redirect_to_a_name_that_resolves_to_a_refused_address_is_refused() {
    let target = TestServer::start(|_| ok("text/html", b"")).await;
    let port = target.addr.port();
    let route = move |_: &str| redirect("302 Found", &format!("http://localhost:{port}/"));
    let Ok(first) = TestServer::start_on("127.0.0.2:0", route).await else {
        eprintln!("127.0.0.2 cannot be bound here; skipped");
        return;
    };
    let reason = not_allowed(
        fetcher(&["127.0.0.2/32"])
            .get(&first.url("/"), &["text/html"])
            .await,
    );
    assert!(
        reason.starts_with("redirect 1 leads to localhost, which resolves to ")
            && reason.ends_with("a loopback address"),
        "{reason}"
    );
    assert_eq!(target.connections(), 0);
}

#[tokio::test]
async fn a_redirect_to_another_scheme_or_to_credentials_is_refused() {
    let server = TestServer::start(|path| match path {
        "/ftp" => redirect("302 Found", "ftp://127.0.0.1/file"),
        "/file" => redirect("302 Found", "file:///etc/passwd"),
        _ => redirect("302 Found", "http://root:topsecret@127.0.0.1/"),
    })
    .await;
    let fetcher = fetcher(LOOPBACK);
    let reason = not_allowed(fetcher.get(&server.url("/ftp"), &["text/html"]).await);
    assert_eq!(
        reason,
        "redirect 1 is refused: only http and https URLs can be fetched, not ftp"
    );
    let reason = not_allowed(fetcher.get(&server.url("/file"), &["text/html"]).await);
    assert!(reason.ends_with("not file"), "{reason}");
    let reason = not_allowed(fetcher.get(&server.url("/creds"), &["text/html"]).await);
    assert_eq!(
        reason,
        "redirect 1 is refused: URLs with a user name or password cannot be fetched"
    );
}

#[tokio::test]
async fn a_redirect_without_a_location_fails() {
    let server = TestServer::start(|_| Reply::Send(response("302 Found", &[], b""))).await;
    let reason = failed(
        fetcher(LOOPBACK)
            .get(&server.url("/"), &["text/html"])
            .await,
    );
    assert_eq!(
        reason,
        format!("redirect 1 from {} has no Location", server.addr)
    );
}

/// Five slow hops of 200 ms each: every one is within a 500 ms deadline, the chain is not.
#[tokio::test]
async fn the_deadline_covers_the_whole_chain() {
    let server = TestServer::start(|path| {
        let n: u32 = path.trim_start_matches("/hop/").parse().unwrap_or(0);
        let next = format!("/hop/{}", n + 1);
        let bytes = response("302 Found", &[("Location", &next)], b"");
        Reply::After(Duration::from_millis(200), bytes)
    })
    .await;
    let fetcher = fetcher_with(LOOPBACK, |p| p.timeout = Duration::from_millis(500));
    let started = Instant::now();
    let reason = failed(fetcher.get(&server.url("/hop/0"), &["text/html"]).await);
    assert_eq!(reason, "no complete answer within 500ms");
    assert!(started.elapsed() < Duration::from_secs(2));
    assert!(server.requests().len() <= 3);
}
