//! The browser UI as files over HTTP: every page address answers the app with its security
//! headers, every file it loads comes from this server, and its code neither stores tokens nor
//! writes HTML. (What the UI does in a browser is tested in `ui_flows`.)

use std::{collections::BTreeSet, num::NonZeroU32};

use reqwest::{StatusCode, header};
use rstest::rstest;
use rstest_reuse::apply;

use crate::backends::{Backend, backends};
use crate::helpers::{TestApp, test_app};

/// The UI's page addresses, including deep links.
const PAGES: [&str; 21] = [
    "/",
    "/?q=%EA%B9%80%EC%B9%98&tag=korean",
    "/?ingredient=%EB%91%90%EB%B6%80&ingredient=eggs",
    "/login",
    "/register",
    "/verify-email",
    "/new",
    "/my",
    "/favorites",
    "/feed",
    "/profile",
    "/r/1",
    "/r/1?servings=4&units=metric",
    "/r/123/edit",
    "/u/7",
    "/c",
    "/c/1",
    "/c/1?key=abc",
    "/r/not-a-number",
    "/admin",
    "/admin?tab=audit&user_id=3",
];

struct Fetched {
    status: StatusCode,
    headers: header::HeaderMap,
    text: String,
}

async fn fetch(app: &TestApp, path: &str) -> Fetched {
    let response = app
        .client
        .get(format!("{}{path}", app.address))
        .send()
        .await
        .unwrap();
    Fetched {
        status: response.status(),
        headers: response.headers().clone(),
        text: response.text().await.unwrap(),
    }
}

fn header<'a>(fetched: &'a Fetched, name: &str) -> &'a str {
    fetched
        .headers
        .get(name)
        .map_or("", |v| v.to_str().unwrap())
}

/// The directive `name` of a Content-Security-Policy.
fn directive<'a>(csp: &'a str, name: &str) -> Option<&'a str> {
    csp.split(';')
        .map(str::trim)
        .find_map(|d| d.strip_prefix(name).map(str::trim))
}

#[apply(backends)]
#[tokio::test]
async fn every_page_address_answers_the_app_with_its_security_headers(backend: Backend) {
    let app = test_app!(backend);
    let index = fetch(&app, "/").await;
    for page in PAGES {
        let fetched = fetch(&app, page).await;
        // A recipe's page of a recipe that is not there (none is) is the app, with 404.
        let expected = if page.starts_with("/r/") && !page.ends_with("/edit") {
            StatusCode::NOT_FOUND
        } else {
            StatusCode::OK
        };
        assert_eq!(fetched.status, expected, "{page}");
        assert_eq!(
            header(&fetched, "content-type"),
            "text/html; charset=utf-8",
            "{page}"
        );
        assert_eq!(fetched.text, index.text, "{page} is the app");
        let csp = header(&fetched, "content-security-policy");
        assert_eq!(directive(csp, "default-src"), Some("'none'"), "{csp}");
        assert_eq!(directive(csp, "script-src"), Some("'self'"), "{csp}");
        assert_eq!(directive(csp, "style-src"), Some("'self'"), "{csp}");
        assert_eq!(directive(csp, "connect-src"), Some("'self'"), "{csp}");
        assert_eq!(directive(csp, "frame-ancestors"), Some("'none'"), "{csp}");
        assert_eq!(
            directive(csp, "require-trusted-types-for"),
            Some("'script'"),
            "{csp}"
        );
        assert!(!csp.contains("unsafe"), "{csp}");
        assert_eq!(header(&fetched, "x-content-type-options"), "nosniff");
        assert_eq!(header(&fetched, "referrer-policy"), "no-referrer");
    }
    // The API keeps its addresses and answers JSON there.
    let api = fetch(&app, "/recipes/1").await;
    assert_eq!(api.status, StatusCode::NOT_FOUND);
    assert!(header(&api, "content-type").starts_with("application/json"));
    // Nothing outside web/ is reachable through /ui/, however the path is spelled.
    let outside = [
        "/ui/..%2FCargo.toml",
        "/ui/js%2F..%2F..%2FCargo.toml",
        "/ui/%2Fetc%2Fpasswd",
    ];
    for missing in ["/ui/nope.js", "/r/1/nope", "/nope"].iter().chain(&outside) {
        let fetched = fetch(&app, missing).await;
        assert_eq!(fetched.status, StatusCode::NOT_FOUND, "{missing}");
        assert!(
            header(&fetched, "content-type").starts_with("application/json"),
            "{missing}"
        );
    }
}

/// Every file the app loads: `src`/`href` of index.html, then the modules' imports.
async fn app_files(app: &TestApp) -> Vec<(String, Fetched)> {
    let index = fetch(app, "/").await;
    let mut queue: Vec<String> = attribute_urls(&index.text);
    let mut seen = BTreeSet::new();
    let mut files = Vec::new();
    while let Some(url) = queue.pop() {
        if !seen.insert(url.clone()) {
            continue;
        }
        assert!(url.starts_with('/'), "{url} is not on this server");
        let fetched = fetch(app, &url).await;
        if url.ends_with(".js") {
            let dir = &url[..=url.rfind('/').unwrap()];
            queue.extend(imports(&fetched.text).into_iter().map(|i| resolve(dir, &i)));
        }
        files.push((url, fetched));
    }
    files
}

/// The `src` of `<script>` and the `href` of `<link>` elements.
fn attribute_urls(html: &str) -> Vec<String> {
    let mut urls = Vec::new();
    for (tag, attribute) in [("<script ", "src=\""), ("<link ", "href=\"")] {
        for element in html.split(tag).skip(1) {
            let element = &element[..element.find('>').unwrap()];
            if let Some(rest) = element.split(attribute).nth(1) {
                urls.push(rest[..rest.find('"').unwrap()].to_owned());
            }
        }
    }
    urls
}

/// The specifiers of `import … from '…'` statements.
fn imports(js: &str) -> Vec<String> {
    js.lines()
        .filter(|l| l.starts_with("import ") || l.starts_with("} from "))
        .filter_map(|l| l.split('\'').nth(1))
        .map(str::to_owned)
        .collect()
}

fn resolve(dir: &str, specifier: &str) -> String {
    let mut parts: Vec<&str> = dir.trim_end_matches('/').split('/').collect();
    for segment in specifier.split('/') {
        match segment {
            "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

#[tokio::test]
async fn every_file_the_app_loads_comes_from_this_server_with_its_type() {
    let app = test_app!(Backend::Sqlite);
    let files = app_files(&app).await;
    let scripts = files.iter().filter(|(u, _)| u.ends_with(".js")).count();
    assert!(
        scripts >= 10,
        "found {scripts} modules: {:?}",
        files.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    for (url, fetched) in &files {
        assert_eq!(fetched.status, StatusCode::OK, "{url}");
        let expected = match url.rsplit('.').next().unwrap() {
            "js" => "text/javascript; charset=utf-8",
            "css" => "text/css; charset=utf-8",
            "svg" => "image/svg+xml",
            other => panic!("unexpected file type {other}: {url}"),
        };
        assert_eq!(header(fetched, "content-type"), expected, "{url}");
        assert_eq!(
            header(fetched, "x-content-type-options"),
            "nosniff",
            "{url}"
        );
        // An XML namespace is a name, not an address the browser loads.
        let text = fetched
            .text
            .replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
        for remote in ["http://", "https://", "//cdn", "url(http"] {
            assert!(
                !text.contains(remote),
                "{url} refers to another host: {remote}"
            );
        }
    }
}

#[tokio::test]
async fn the_app_never_stores_tokens_in_the_browser_nor_writes_html() {
    let app = test_app!(Backend::Sqlite);
    for (url, fetched) in app_files(&app).await {
        if !url.ends_with(".js") {
            continue;
        }
        for forbidden in [
            "localStorage",
            "sessionStorage",
            "indexedDB",
            "document.cookie",
            "innerHTML",
            "outerHTML",
            "insertAdjacentHTML",
            "document.write",
            "eval(",
            "new Function",
        ] {
            // The chosen language, kept by i18n.js, is the one exception (see `ui_language`).
            if forbidden == "localStorage" && url == "/ui/js/i18n.js" {
                continue;
            }
            assert!(!fetched.text.contains(forbidden), "{url} uses {forbidden}");
        }
    }
}

#[tokio::test]
async fn an_unchanged_file_answers_304_to_its_etag() {
    let app = test_app!(Backend::Sqlite);
    let first = fetch(&app, "/ui/style.css").await;
    let etag = header(&first, "etag").to_owned();
    assert!(etag.starts_with('"') && etag.len() > 10, "{etag}");
    assert_eq!(header(&first, "cache-control"), "no-cache");
    let again = app
        .client
        .get(format!("{}/ui/style.css", app.address))
        .header(header::IF_NONE_MATCH, format!("\"old\", {etag}"))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(again.headers()[header::ETAG].to_str().unwrap(), etag);
    let changed = app
        .client
        .get(format!("{}/ui/style.css", app.address))
        .header(header::IF_NONE_MATCH, "\"old\"")
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status(), StatusCode::OK);
}

#[tokio::test]
async fn the_app_s_files_do_not_count_against_the_rate_limit() {
    let app = test_app!(Backend::Sqlite, |s| {
        s.rate_limits.per_minute = NonZeroU32::new(3).unwrap();
    });
    for _ in 0..20 {
        assert_eq!(fetch(&app, "/ui/js/app.js").await.status, StatusCode::OK);
        assert_eq!(fetch(&app, "/r/1/edit").await.status, StatusCode::OK);
    }
    let mut statuses = Vec::new();
    for _ in 0..5 {
        statuses.push(fetch(&app, "/recipes").await.status);
    }
    assert!(
        statuses.contains(&StatusCode::TOO_MANY_REQUESTS),
        "{statuses:?}"
    );
}

#[tokio::test]
async fn recipe_pages_read_the_database_and_count_against_the_rate_limit() {
    let app = test_app!(Backend::Sqlite, |s| {
        s.rate_limits.per_minute = NonZeroU32::new(3).unwrap();
    });
    let mut statuses = Vec::new();
    for _ in 0..5 {
        statuses.push(fetch(&app, "/r/1").await.status);
    }
    assert_eq!(statuses[0], StatusCode::NOT_FOUND);
    assert!(
        statuses.contains(&StatusCode::TOO_MANY_REQUESTS),
        "{statuses:?}"
    );
}
