//! The S3 store, against a real local S3 server (`moto_server`, from PyPI's `moto[server]`,
//! which `.ci/run` installs): files are written to and served from the bucket, removed from it
//! when unused, and an unreachable store answers 503 without harming the rest of the API.

use std::{process::Stdio, time::Duration};

use reqwest::StatusCode;
use rstest::rstest;
use rstest_reuse::apply;
use serde_json::Value;
use tokio::process::{Child, Command};

use super::{fixtures, form};
use crate::backends::{Backend, TestDatabase, backends};
use crate::process::ServerProcess;

const BUCKET: &str = "recipe-media";

/// A `moto_server` on a free loopback port, stopped when dropped.
struct S3Server {
    endpoint: String,
    child: Child,
}

impl S3Server {
    /// Starts one; `None` (the test is skipped) when `moto_server` is not installed, unless
    /// `RECIPE_API_TEST_S3=required` (as `.ci/run` sets), which makes a missing one a failure.
    async fn start() -> Option<S3Server> {
        let required = std::env::var("RECIPE_API_TEST_S3").is_ok_and(|v| v == "required");
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let spawned = Command::new("moto_server")
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn();
        let child = match spawned {
            Ok(child) => child,
            Err(err) if !required && err.kind() == std::io::ErrorKind::NotFound => {
                eprintln!(
                    "skipped: moto_server is not installed (pip install 'moto[server]'); \
                     RECIPE_API_TEST_S3=required makes this a failure"
                );
                return None;
            }
            Err(err) => panic!(
                "moto_server must run (the S3 store is tested against it: \
                 pip install 'moto[server]', as .ci/run does): {err}"
            ),
        };
        let endpoint = format!("http://127.0.0.1:{port}");
        let client = reqwest::Client::new();
        for _ in 0..200 {
            if client.get(&endpoint).send().await.is_ok() {
                return Some(S3Server { endpoint, child });
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("moto_server did not answer on {endpoint}");
    }

    /// Creates the bucket.
    async fn create_bucket(&self) {
        let created = reqwest::Client::new()
            .put(format!("{}/{BUCKET}", self.endpoint))
            .send()
            .await
            .expect("moto answers");
        assert!(created.status().is_success());
    }

    /// The keys in the bucket, from moto's own view of its state.
    async fn keys(&self) -> Vec<String> {
        let state: Value = reqwest::get(format!("{}/moto-api/data.json", self.endpoint))
            .await
            .expect("moto answers")
            .json()
            .await
            .expect("moto's state is JSON");
        let mut keys: Vec<String> = state["s3"]["FakeKey"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|key| key["bucket_name"] == BUCKET && key["disposed"] != true)
            .filter_map(|key| {
                let arn = key["arn"].as_str()?;
                let path = arn.strip_prefix(&format!("arn:aws:s3:::{BUCKET}/"))?;
                Some(
                    path.rsplit_once('/')
                        .map_or(path, |(key, _version)| key)
                        .to_owned(),
                )
            })
            .collect();
        keys.sort();
        keys.dedup();
        keys
    }
}

#[apply(backends)]
#[tokio::test]
async fn photos_live_in_an_s3_bucket_and_an_outage_answers_503(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let Some(database) = TestDatabase::create(backend, dir.path()).await else {
        return;
    };
    let Some(mut s3) = S3Server::start().await else {
        return;
    };
    s3.create_bucket().await;
    let store = format!("s3://{BUCKET}/photos?endpoint={}", s3.endpoint);
    let server = ServerProcess::start(
        &database.url,
        dir.path(),
        &[
            ("MEDIA_STORE", &store),
            ("AWS_ACCESS_KEY_ID", "recipe-api-test"),
            ("AWS_SECRET_ACCESS_KEY", "recipe-api-test-secret"),
        ],
    )
    .await;
    let client = reqwest::Client::new();
    let token = server.register(&client, "s3").await;
    let (status, created) = server
        .post(
            &client,
            "/recipes",
            Some(&token),
            &serde_json::json!({"name": "S3"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let id = created["info"]["id"].as_i64().unwrap();
    let upload = |bytes: Vec<u8>| {
        let (content_type, body) = form(&[super::Part::file("cover", &bytes)]);
        client
            .put(format!("{}/recipes/{id}/cover", server.address))
            .bearer_auth(&token)
            .header("content-type", content_type)
            .body(body)
            .send()
    };
    let reply = upload(fixtures::png(400, 300)).await.unwrap();
    assert_eq!(reply.status(), StatusCode::OK);
    let recipe: Value = reply.json().await.unwrap();
    let urls = super::urls(&recipe["info"]["cover"]);
    let mut expected: Vec<String> = urls
        .iter()
        .map(|url| format!("photos/{}", url.trim_start_matches("/media/")))
        .collect();
    expected.sort();
    assert_eq!(s3.keys().await, expected);
    for url in &urls {
        let served = client
            .get(format!("{}{url}", server.address))
            .send()
            .await
            .unwrap();
        assert_eq!(served.status(), StatusCode::OK);
        let bytes = served.bytes().await.unwrap();
        assert!(image::load_from_memory(&bytes).is_ok());
    }
    assert!(
        !dir.path().join("media").exists(),
        "nothing in the directory store"
    );
    // Removed from the bucket once unused.
    let removed = client
        .delete(format!("{}/recipes/{id}/cover", server.address))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(removed.status(), StatusCode::OK);
    assert_eq!(s3.keys().await, Vec::<String>::new());
    // The store goes away: uploads and files answer 503 JSON, recipes still work.
    s3.child.kill().await.unwrap();
    let reply = upload(fixtures::png(40, 30)).await.unwrap();
    assert_eq!(reply.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(reply.headers().contains_key("retry-after"));
    let body: Value = reply.json().await.unwrap();
    assert_eq!(body["code"], "media_unavailable");
    let file = client
        .get(format!("{}{}", server.address, urls[0]))
        .send()
        .await
        .unwrap();
    assert_eq!(file.status(), StatusCode::SERVICE_UNAVAILABLE);
    let recipe = server.get(&client, &format!("/recipes/{id}"), &token).await;
    assert_eq!(recipe["info"]["cover"], Value::Null);
    let log = server.log().await;
    assert!(
        !log.contains("recipe-api-test-secret"),
        "the S3 secret is never logged"
    );
}
