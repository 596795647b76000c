//! Crash safety: a 2xx means committed. Clients write recipes over many connections while the
//! server is killed with SIGKILL; after a restart on the same database every recipe whose
//! creation was acknowledged is there, intact.

use std::{sync::Arc, time::Duration};

use rstest::rstest;
use rstest_reuse::apply;
use serde_json::{Value, json};
use tokio::sync::Mutex;

use crate::backends::{Backend, TestDatabase, backends};
use crate::process::ServerProcess;

const WRITERS: usize = 16;

/// The recipe the `n`th write of writer `w` sends: every field filled, some Korean.
fn recipe(w: usize, n: usize) -> Value {
    json!({
        "name": format!("김치찌개 {w}-{n}"),
        "description": format!("writer {w}, recipe {n}: {}", "얼큰한 ".repeat(n % 7 + 1)),
        "num_of_servings": n % 12 + 1,
        "cook_time": (w * 31 + n) % 300,
        "directions": format!("step 1\nstep 2 of {w}/{n}"),
        "ingredients": [format!("김치 {n}g"), "두부 1모".to_owned()],
        "tags": [format!("writer-{w}"), "crash-test".to_owned()],
    })
}

#[apply(backends)]
#[tokio::test]
async fn every_acknowledged_recipe_survives_a_sigkill(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let Some(database) = TestDatabase::create(backend, dir.path()).await else {
        return;
    };
    let mut server = ServerProcess::start(&database.url, dir.path(), &[]).await;
    let client = reqwest::Client::new();
    let token = server.register(&client, "crash").await;

    // Writers create recipes until the server is gone, recording each acknowledged one.
    let acknowledged: Arc<Mutex<Vec<(i64, Value)>>> = Arc::default();
    let writers: Vec<_> = (0..WRITERS)
        .map(|w| {
            let (client, token, address) = (client.clone(), token.clone(), server.address.clone());
            let acknowledged = acknowledged.clone();
            tokio::spawn(async move {
                for n in 0.. {
                    let body = recipe(w, n);
                    let sent = client
                        .post(format!("{address}/recipes"))
                        .bearer_auth(&token)
                        .json(&body)
                        .send()
                        .await;
                    let Ok(response) = sent else { break };
                    if response.status() != reqwest::StatusCode::CREATED {
                        break;
                    }
                    let Ok(answer) = response.json::<Value>().await else {
                        break;
                    };
                    let id = answer["info"]["id"].as_i64().unwrap();
                    acknowledged.lock().await.push((id, body));
                }
            })
        })
        .collect();
    // Kill it mid-load, once a good number of writes went through.
    tokio::time::timeout(Duration::from_secs(60), async {
        while acknowledged.lock().await.len() < 200 {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await
    .unwrap_or_else(|_| panic!("too few writes acknowledged in 60 s"));
    server.kill().await;
    assert!(!server.is_running());
    for writer in writers {
        writer.await.unwrap();
    }
    let acknowledged = acknowledged.lock().await.clone();

    // Restart on the same database: every acknowledged recipe is there, as it was sent.
    let server = ServerProcess::start(&database.url, dir.path(), &[]).await;
    for (id, sent) in &acknowledged {
        let reply = server.get(&client, &format!("/recipes/{id}"), &token).await;
        let stored = &reply["info"];
        assert_eq!(stored["id"], *id, "recipe {id} after the crash: {reply}");
        for field in [
            "name",
            "description",
            "num_of_servings",
            "cook_time",
            "directions",
            "ingredients",
        ] {
            assert_eq!(stored[field], sent[field], "recipe {id}: {field}");
        }
        let mut tags: Vec<&str> = sent["tags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap())
            .collect();
        tags.sort_unstable();
        assert_eq!(stored["tags"], json!(tags), "recipe {id}: tags");
    }
    // The database is usable after the crash: writes and searches work.
    let (status, _) = server
        .post(&client, "/recipes", Some(&token), &recipe(99, 0))
        .await;
    assert_eq!(
        status,
        reqwest::StatusCode::CREATED,
        "{}",
        server.log().await
    );
    let mine = server
        .get(&client, "/recipes/me?tag=crash-test&limit=1", &token)
        .await;
    assert_eq!(mine["count"], 1, "{mine}");
}
