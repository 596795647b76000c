//! A web server on 127.0.0.1 for import tests: the fixture pages of `tests/fixtures/import/`
//! (`/pages/{file}`) and their images (`/images/{file}`), plus the awkward answers real sites
//! give — redirects, a stall, an oversize page, a wrong type, an error status. It counts the
//! requests it serves, so a test can tell that a refused URL was never fetched.

use std::{
    path::PathBuf,
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
    time::Duration,
};

use axum::{
    Router,
    extract::{Path, Query, State},
    http::{StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
};
use serde::Deserialize;

/// A running fixture server; stops when dropped.
pub struct FixtureServer {
    /// `http://127.0.0.1:PORT`.
    pub origin: String,
    hits: Arc<AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for FixtureServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl FixtureServer {
    pub async fn start() -> FixtureServer {
        let hits = Arc::new(AtomicUsize::new(0));
        let routes = Router::new()
            .route("/pages/{file}", get(page))
            .route("/images/{file}", get(image))
            .route("/redirect", get(redirect))
            .route("/hops/{n}", get(hops))
            .route("/slow", get(slow))
            .route("/big", get(big))
            .route("/pdf", get(pdf))
            .with_state(hits.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let origin = format!("http://{}", listener.local_addr().unwrap());
        let task = tokio::spawn(async move {
            axum::serve(listener, routes).await.unwrap();
        });
        FixtureServer { origin, hits, task }
    }

    /// `path` on this server.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.origin)
    }

    /// Requests served so far.
    pub fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }
}

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import")
}

/// A fixture file, read fresh; `None` for names that are not plain file names.
fn fixture(relative: &str) -> Option<Vec<u8>> {
    let safe = relative
        .split('/')
        .all(|part| !part.is_empty() && part != ".." && !part.starts_with('.'));
    safe.then(|| std::fs::read(fixtures().join(relative)).ok())
        .flatten()
}

async fn page(State(hits): State<Arc<AtomicUsize>>, Path(file): Path<String>) -> Response {
    hits.fetch_add(1, Ordering::SeqCst);
    let Some(body) = fixture(&file) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let kind = if file.ends_with(".jsonld") {
        "application/ld+json"
    } else {
        "text/html; charset=utf-8"
    };
    ([(header::CONTENT_TYPE, kind)], body).into_response()
}

async fn image(State(hits): State<Arc<AtomicUsize>>, Path(file): Path<String>) -> Response {
    hits.fetch_add(1, Ordering::SeqCst);
    match fixture(&format!("images/{file}")) {
        Some(body) => ([(header::CONTENT_TYPE, "image/png")], body).into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

#[derive(Deserialize)]
struct To {
    to: String,
}

async fn redirect(State(hits): State<Arc<AtomicUsize>>, Query(to): Query<To>) -> Response {
    hits.fetch_add(1, Ordering::SeqCst);
    (StatusCode::FOUND, [(header::LOCATION, to.to)]).into_response()
}

/// `/hops/N` redirects to `/hops/N-1`; `/hops/0` redirects to the basic page.
async fn hops(State(hits): State<Arc<AtomicUsize>>, Path(n): Path<u32>) -> Response {
    hits.fetch_add(1, Ordering::SeqCst);
    let next = match n {
        0 => "/pages/jsonld-basic.html".to_owned(),
        n => format!("/hops/{}", n - 1),
    };
    (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, next)]).into_response()
}

async fn slow(State(hits): State<Arc<AtomicUsize>>) -> Response {
    hits.fetch_add(1, Ordering::SeqCst);
    tokio::time::sleep(Duration::from_secs(5)).await;
    page(State(hits), Path("jsonld-basic.html".into())).await
}

/// A recipe page of 64 KiB.
async fn big(State(hits): State<Arc<AtomicUsize>>) -> Response {
    hits.fetch_add(1, Ordering::SeqCst);
    let padding = "<p>padding</p>".repeat(64 * 1024 / 14);
    let body = format!(
        "<html><head><script type=\"application/ld+json\">\
         {{\"@type\":\"Recipe\",\"name\":\"Big\"}}</script></head><body>{padding}</body></html>"
    );
    ([(header::CONTENT_TYPE, "text/html")], body).into_response()
}

async fn pdf(State(hits): State<Arc<AtomicUsize>>) -> Response {
    hits.fetch_add(1, Ordering::SeqCst);
    (
        [(header::CONTENT_TYPE, "application/pdf")],
        b"%PDF-1.4".to_vec(),
    )
        .into_response()
}
