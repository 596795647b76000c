//! The real `recipe-api` binary as a child process, for tests that must kill it (SIGKILL) or
//! stop its database under it. It logs JSON lines to stderr; the listening address is read from
//! there, the rest is kept for failure messages.

use std::{process::Stdio, sync::Arc, time::Duration};

use tokio::{
    io::{AsyncBufReadExt, BufReader},
    process::{Child, Command},
    sync::Mutex,
};

use serde_json::json;

use crate::helpers::{JWT_SECRET, PASSWORD};

/// A running `recipe-api` process.
pub struct ServerProcess {
    pub address: String,
    child: Child,
    log: Arc<Mutex<Vec<String>>>,
}

impl ServerProcess {
    /// Starts the binary on `database_url` with its data in `data_dir` and `extra` environment
    /// variables; waits until it listens.
    pub async fn start(
        database_url: &str,
        data_dir: &std::path::Path,
        extra: &[(&str, &str)],
    ) -> ServerProcess {
        let mut command = Command::new(env!("CARGO_BIN_EXE_recipe-api"));
        command
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("DATABASE_URL", database_url)
            .env("DATA_DIR", data_dir)
            .env("LISTEN_ADDR", "127.0.0.1:0")
            .env("JWT_SECRET_KEY", JWT_SECRET)
            .env("LOG_FORMAT", "json")
            .env("RATE_LIMIT_PER_MINUTE", "1000000")
            .env("AUTH_RATE_LIMIT_PER_MINUTE", "1000000")
            .env("LOGIN_ATTEMPTS_PER_ACCOUNT", "1000000")
            .env("PASSWORD_HASH_CONCURRENCY", "2")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        for (name, value) in extra {
            command.env(name, value);
        }
        let mut child = command.spawn().expect("the recipe-api binary starts");
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let log = Arc::new(Mutex::new(Vec::new()));
        let address = tokio::time::timeout(Duration::from_secs(60), async {
            while let Some(line) = lines.next_line().await.unwrap() {
                log.lock().await.push(line.clone());
                let Ok(entry) = serde_json::from_str::<serde_json::Value>(&line) else {
                    continue;
                };
                if entry["message"] == "recipe-api listening" {
                    return entry["address"].as_str().unwrap().to_owned();
                }
            }
            panic!(
                "recipe-api exited before listening:\n{}",
                log.lock().await.join("\n")
            );
        })
        .await
        .expect("recipe-api listens within 60 s");
        let tail = log.clone();
        tokio::spawn(async move {
            while let Ok(Some(line)) = lines.next_line().await {
                tail.lock().await.push(line);
            }
        });
        ServerProcess {
            address: format!("http://{address}"),
            child,
            log,
        }
    }

    /// Registers `name@example.com` (password [`PASSWORD`]) and returns its access token.
    pub async fn register(&self, client: &reqwest::Client, name: &str) -> String {
        let body =
            json!({"username": name, "email": format!("{name}@example.com"), "password": PASSWORD});
        let (_, registered) = self.post(client, "/users/register", None, &body).await;
        registered["access_token"]
            .as_str()
            .unwrap_or_else(|| panic!("register failed: {registered}"))
            .to_owned()
    }

    /// `POST path` with `body` (and `token`, if any); the status and the JSON answer.
    pub async fn post(
        &self,
        client: &reqwest::Client,
        path: &str,
        token: Option<&str>,
        body: &serde_json::Value,
    ) -> (reqwest::StatusCode, serde_json::Value) {
        let mut request = client.post(format!("{}{path}", self.address)).json(body);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.unwrap();
        let status = response.status();
        (status, response.json().await.unwrap())
    }

    /// `GET path` with `token`, answered as JSON.
    pub async fn get(
        &self,
        client: &reqwest::Client,
        path: &str,
        token: &str,
    ) -> serde_json::Value {
        client
            .get(format!("{}{path}", self.address))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    /// Its `/metrics` text.
    pub async fn metrics(&self, client: &reqwest::Client) -> String {
        client
            .get(format!("{}/metrics", self.address))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }

    /// Kills the process with SIGKILL (no shutdown of any kind) and waits for it to be gone.
    pub async fn kill(&mut self) {
        self.child.kill().await.expect("SIGKILL");
    }

    /// A `/proc/<pid>/status` memory figure (`VmRSS`, `VmHWM`, …) in KiB.
    #[cfg(target_os = "linux")]
    pub fn memory_kib(&self, field: &str) -> u64 {
        let pid = self.child.id().expect("the process is running");
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
        status
            .lines()
            .find_map(|line| line.strip_prefix(field)?.strip_prefix(':'))
            .and_then(|value| value.trim().trim_end_matches(" kB").parse().ok())
            .unwrap_or_else(|| panic!("no {field} in {status}"))
    }

    /// Whether the process is still running.
    pub fn is_running(&mut self) -> bool {
        self.child.try_wait().expect("process status").is_none()
    }

    /// Its log so far.
    pub async fn log(&self) -> String {
        self.log.lock().await.join("\n")
    }
}
