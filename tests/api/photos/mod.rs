//! Photos: covers, galleries and avatars — what uploads are accepted (by content, within size
//! and pixel limits), what is served (upright, without metadata, in bounded variants, with
//! long-lived caching), who may change them, that drafts' photos stay private, and that files
//! go when nothing uses them any more — on every back-end, and on an S3 store.

mod files;
pub mod fixtures;
mod s3;
mod uploads;
mod visibility;

use std::path::PathBuf;

use reqwest::{Method, header};
use serde_json::Value;

use crate::helpers::{Reply, TestApp, TestUser};
pub use fixtures::{Part, form};

/// Sends `parts` as a multipart form.
pub async fn send_form(
    app: &TestApp,
    method: Method,
    path: &str,
    token: Option<&str>,
    parts: &[Part<'_>],
) -> Reply {
    let (content_type, body) = form(parts);
    app.send_raw(method, path, token, &content_type, body).await
}

/// `PUT /recipes/{id}/cover` with `bytes` as the file.
pub async fn put_cover(app: &TestApp, user: &TestUser, id: i64, bytes: &[u8]) -> Reply {
    send_form(
        app,
        Method::PUT,
        &format!("/recipes/{id}/cover"),
        Some(&user.token),
        &[Part::file("cover", bytes)],
    )
    .await
}

/// `POST /recipes/{id}/images` with `bytes` as the file.
pub async fn add_image(app: &TestApp, user: &TestUser, id: i64, bytes: &[u8]) -> Reply {
    send_form(
        app,
        Method::POST,
        &format!("/recipes/{id}/images"),
        Some(&user.token),
        &[Part::file("image", bytes)],
    )
    .await
}

/// Every address a photo names (its variants; `url` is one of them).
pub fn urls(photo: &Value) -> Vec<String> {
    let urls: Vec<String> = photo["variants"]
        .as_array()
        .expect("variants")
        .iter()
        .map(|v| v["url"].as_str().expect("url").to_owned())
        .collect();
    assert!(urls.iter().any(|u| photo["url"] == *u.as_str()), "{photo}");
    urls
}

/// A served file, read whole.
pub struct Served {
    pub status: reqwest::StatusCode,
    pub headers: header::HeaderMap,
    pub bytes: Vec<u8>,
}

/// `GET url` (a `/media/…` address) with extra `headers`.
pub async fn fetch(app: &TestApp, url: &str, headers: &[(&str, &str)]) -> Served {
    fetch_with(app, Method::GET, url, headers).await
}

/// `method url` with extra `headers`.
pub async fn fetch_with(
    app: &TestApp,
    method: Method,
    url: &str,
    headers: &[(&str, &str)],
) -> Served {
    let mut request = app.client.request(method, format!("{}{url}", app.address));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.expect("request sent");
    Served {
        status: response.status(),
        headers: response.headers().clone(),
        bytes: response.bytes().await.expect("body").to_vec(),
    }
}

/// Where the directory store keeps the file of `url`.
pub fn stored_path(app: &TestApp, url: &str) -> PathBuf {
    let name = url.strip_prefix("/media/").expect("a media address");
    app.settings
        .data_dir
        .join("media")
        .join(&name[..2])
        .join(name)
}

/// Every file in the directory store.
pub fn stored_files(app: &TestApp) -> Vec<String> {
    let root = app.settings.data_dir.join("media");
    let mut names = Vec::new();
    let Ok(shards) = std::fs::read_dir(&root) else {
        return names;
    };
    for shard in shards.flatten() {
        for entry in std::fs::read_dir(shard.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            names.push(entry.file_name().to_string_lossy().into_owned());
        }
    }
    names.sort();
    names
}
