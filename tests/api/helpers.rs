//! `TestApp`: a running server on a fresh database, with typed request helpers.

use std::{num::NonZeroU32, sync::Arc};

use recipe_api::{
    config::{RateLimitSettings, Settings},
    startup::Application,
    store::DatabaseSettings,
};
use reqwest::{Method, StatusCode, header};
use secrecy::SecretString;
use serde_json::{Value, json};
use tokio::{sync::oneshot, task::JoinHandle};

use crate::backends::{Backend, TestDatabase};

/// The signing key every test server uses, so tests can forge tokens with it.
pub const JWT_SECRET: &str = "recipe-api-test-signing-key-0123456789abcdef";
/// A password that satisfies the default policy.
pub const PASSWORD: &str = "correct horse battery";

/// The server of a test on `backend`, with `configure` applied to its settings if given — or
/// the end of the test, when that back-end is skipped (see `backends`).
/// `text` percent-encoded for a query string (every byte but letters and digits).
pub fn urlencode(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, percent_encoding::NON_ALPHANUMERIC).to_string()
}

macro_rules! test_app {
    ($backend:expr) => {
        match $crate::helpers::TestApp::spawn($backend).await {
            Some(app) => app,
            None => return,
        }
    };
    ($backend:expr, $configure:expr) => {
        match $crate::helpers::TestApp::spawn_with($backend, $configure).await {
            Some(app) => app,
            None => return,
        }
    };
}
pub(crate) use test_app;

/// A server under test.
pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub settings: Settings,
    shutdown: Option<oneshot::Sender<()>>,
    server: Option<JoinHandle<anyhow::Result<()>>>,
    database: Arc<TestDatabase>,
    dir: Arc<tempfile::TempDir>,
}

/// A registered user.
#[derive(Debug, Clone)]
pub struct TestUser {
    pub id: i64,
    pub email: String,
    pub token: String,
}

/// A response read whole.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: header::HeaderMap,
    pub body: Value,
}

impl Reply {
    /// Asserts an error envelope with `status` and `code`, and returns the body.
    #[track_caller]
    pub fn assert_error(&self, status: StatusCode, code: &str) -> &Value {
        assert_eq!(self.status, status, "body: {}", self.body);
        assert_eq!(self.body["code"], code, "body: {}", self.body);
        assert!(
            self.body["error"].as_str().is_some_and(|m| !m.is_empty()),
            "body: {}",
            self.body
        );
        &self.body
    }

    /// Asserts a 200 status.
    #[track_caller]
    pub fn assert_success_status(&self) {
        assert_eq!(self.status, StatusCode::OK, "body: {}", self.body);
    }

    /// Asserts a 201.
    #[track_caller]
    pub fn assert_created(&self) {
        assert_eq!(self.status, StatusCode::CREATED, "body: {}", self.body);
    }

    /// Asserts a 200 success envelope and returns the body.
    #[track_caller]
    pub fn assert_success(&self) -> &Value {
        assert_eq!(self.status, StatusCode::OK, "body: {}", self.body);
        assert_eq!(self.body["result"], "success", "body: {}", self.body);
        &self.body
    }
}

/// Settings for a test server on `database_url` whose data directory lives in `dir`.
pub fn test_settings(dir: &std::path::Path, database_url: &str) -> Settings {
    let defaults = Settings::default();
    Settings {
        listen: "127.0.0.1:0".parse().unwrap(),
        database: DatabaseSettings {
            url: database_url.to_owned(),
            ..defaults.database.clone()
        },
        data_dir: dir.join("data"),
        jwt_secret_key: Some(SecretString::from(JWT_SECRET)),
        password_hash_concurrency: 2,
        // Tests make many requests from one address; the rate limit tests set their own limits.
        rate_limits: RateLimitSettings {
            per_minute: NonZeroU32::new(1_000_000).unwrap(),
            auth_per_minute: NonZeroU32::new(1_000_000).unwrap(),
            login_attempts_per_account: NonZeroU32::new(1_000_000).unwrap(),
            resets_per_address: NonZeroU32::new(1_000_000).unwrap(),
            imports_per_hour: NonZeroU32::new(1_000_000).unwrap(),
            comments_per_hour: NonZeroU32::new(1_000_000).unwrap(),
            trusted_proxies: Vec::new(),
            ..defaults.rate_limits.clone()
        },
        // Mail retries and looks for due messages quickly (no SMTP server unless a test sets one).
        mail: recipe_api::mail::MailSettings {
            retry_base: std::time::Duration::from_millis(100),
            poll_interval: std::time::Duration::from_millis(200),
            ..defaults.mail.clone()
        },
        ..defaults
    }
}

impl TestApp {
    /// A server on a fresh database of `backend`, or `None` when that back-end is skipped.
    pub async fn spawn(backend: Backend) -> Option<TestApp> {
        Self::spawn_with(backend, |_| {}).await
    }

    /// Like [`TestApp::spawn`], with `configure` applied to the settings.
    pub async fn spawn_with(
        backend: Backend,
        configure: impl FnOnce(&mut Settings),
    ) -> Option<TestApp> {
        let dir = Arc::new(tempfile::tempdir().expect("temp dir"));
        let database = Arc::new(TestDatabase::create(backend, dir.path()).await?);
        let mut settings = test_settings(dir.path(), &database.url);
        configure(&mut settings);
        Some(Self::start(settings, database, dir).await)
    }

    /// A server that owns `database` but connects to it through `url` (e.g. via a proxy).
    pub async fn spawn_with_url(
        database: TestDatabase,
        dir: tempfile::TempDir,
        url: &str,
        configure: impl FnOnce(&mut Settings),
    ) -> TestApp {
        let mut settings = test_settings(dir.path(), url);
        configure(&mut settings);
        Self::start(settings, Arc::new(database), Arc::new(dir)).await
    }

    /// A server on the existing database at `url` (not dropped by this server).
    pub async fn spawn_on_url(backend: Backend, url: &str) -> TestApp {
        let dir = tempfile::tempdir().expect("temp dir");
        Self::spawn_on(TestDatabase::borrowed(backend, url), dir).await
    }

    /// A server on `database`, prepared by the caller, with its data directory in `dir`.
    pub async fn spawn_on(database: TestDatabase, dir: tempfile::TempDir) -> TestApp {
        let settings = test_settings(dir.path(), &database.url);
        Self::start(settings, Arc::new(database), Arc::new(dir)).await
    }

    /// Another server on the same database (and data directory), as a second instance.
    pub async fn spawn_sibling(&self) -> TestApp {
        self.spawn_sibling_with(|_| {}).await
    }

    /// Another server on the same database, with `configure` applied to a copy of the settings.
    pub async fn spawn_sibling_with(&self, configure: impl FnOnce(&mut Settings)) -> TestApp {
        let mut settings = self.settings.clone();
        configure(&mut settings);
        Self::start(settings, self.database.clone(), self.dir.clone()).await
    }

    async fn start(
        settings: Settings,
        database: Arc<TestDatabase>,
        dir: Arc<tempfile::TempDir>,
    ) -> TestApp {
        let app = Application::build(settings.clone())
            .await
            .expect("server builds");
        let address = format!("http://{}", app.local_addr());
        let (tx, rx) = oneshot::channel::<()>();
        let server = tokio::spawn(app.run_until_stopped(async {
            let _ = rx.await;
        }));
        TestApp {
            address,
            // Idle connections are dropped before the server closes them (HEADER_READ_TIMEOUT,
            // 10 s), so a request is never sent on a connection the server is closing.
            client: reqwest::Client::builder()
                .pool_idle_timeout(std::time::Duration::from_secs(5))
                .build()
                .expect("a client builds"),
            settings,
            shutdown: Some(tx),
            server: Some(server),
            database,
            dir,
        }
    }

    /// Stops this server gracefully and starts a new one on the same database and data dir.
    pub async fn restart(mut self) -> TestApp {
        self.stop().await;
        Self::start(
            self.settings.clone(),
            self.database.clone(),
            self.dir.clone(),
        )
        .await
    }

    /// Stops the server and waits for it to finish.
    pub async fn stop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(server) = self.server.take() {
            server
                .await
                .expect("server task")
                .expect("server stops cleanly");
        }
    }

    /// Sends a request; `body` is sent as JSON when given.
    pub async fn request(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
    ) -> Reply {
        let mut request = self
            .client
            .request(method, format!("{}{}", self.address, path));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(body);
        }
        read(request.send().await.expect("request sent")).await
    }

    /// Sends raw bytes with a content type.
    pub async fn send_raw(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        content_type: &str,
        body: Vec<u8>,
    ) -> Reply {
        let mut request = self
            .client
            .request(method, format!("{}{}", self.address, path))
            .header(header::CONTENT_TYPE, content_type)
            .body(body);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        read(request.send().await.expect("request sent")).await
    }

    /// POSTs `body` as-is with `Content-Type: application/json` (for bodies serde_json would
    /// not write: malformed, escaped, oversized).
    pub async fn post_json_text(
        &self,
        path: &str,
        token: Option<&str>,
        body: impl Into<Vec<u8>>,
    ) -> Reply {
        self.send_raw(Method::POST, path, token, "application/json", body.into())
            .await
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Reply {
        self.request(Method::GET, path, token, None).await
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: &Value) -> Reply {
        self.request(Method::POST, path, token, Some(body)).await
    }

    pub async fn put(&self, path: &str, token: Option<&str>, body: &Value) -> Reply {
        self.request(Method::PUT, path, token, Some(body)).await
    }

    /// Its `/metrics` text.
    pub async fn metrics_text(&self) -> String {
        self.client
            .get(format!("{}/metrics", self.address))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }

    pub async fn patch(&self, path: &str, token: Option<&str>, body: &Value) -> Reply {
        self.request(Method::PATCH, path, token, Some(body)).await
    }

    pub async fn delete(&self, path: &str, token: Option<&str>) -> Reply {
        self.request(Method::DELETE, path, token, None).await
    }

    /// `POST /users/register`.
    pub async fn register(&self, username: &str, email: &str, password: &str) -> Reply {
        self.post(
            "/users/register",
            None,
            &json!({"username": username, "email": email, "password": password}),
        )
        .await
    }

    /// `POST /users/login`.
    pub async fn login(&self, email: &str, password: &str) -> Reply {
        self.post(
            "/users/login",
            None,
            &json!({"email": email, "password": password}),
        )
        .await
    }

    /// Registers a new user with a unique email and [`PASSWORD`].
    pub async fn new_user(&self) -> TestUser {
        self.new_user_named("cook").await
    }

    /// Registers a new user named `name` with a unique email and [`PASSWORD`].
    pub async fn new_user_named(&self, name: &str) -> TestUser {
        let email = format!("cook-{}@example.com", uuid::Uuid::new_v4().simple());
        let reply = self.register(name, &email, PASSWORD).await;
        let body = reply.assert_success();
        TestUser {
            id: body["user"]["id"].as_i64().expect("user id"),
            email,
            token: body["access_token"].as_str().expect("token").to_owned(),
        }
    }

    /// Creates a recipe as `user` and returns its `info`.
    pub async fn create_recipe(&self, user: &TestUser, body: &Value) -> Value {
        let reply = self.post("/recipes", Some(&user.token), body).await;
        assert_eq!(reply.status, StatusCode::CREATED, "body: {}", reply.body);
        reply.body["info"].clone()
    }

    /// Creates a draft named `name` as `user` and returns its id.
    pub async fn create_draft(&self, user: &TestUser, name: &str) -> i64 {
        let info = self.create_recipe(user, &json!({"name": name})).await;
        info["id"].as_i64().expect("recipe id")
    }

    /// Creates and publishes a recipe named `name` as `user` and returns its id.
    pub async fn create_published(&self, user: &TestUser, name: &str) -> i64 {
        self.publish_new(user, &json!({"name": name})).await
    }

    /// Creates a recipe from `body` as `user`, publishes it and returns its id.
    pub async fn publish_new(&self, user: &TestUser, body: &Value) -> i64 {
        let id = self.create_recipe(user, body).await["id"]
            .as_i64()
            .expect("recipe id");
        self.request(
            Method::PUT,
            &format!("/recipes/{id}/publish"),
            Some(&user.token),
            None,
        )
        .await
        .assert_success();
        id
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// Reads a response; every body this server sends must be JSON, except the Prometheus text of
/// `/metrics` (kept as a JSON string).
async fn read(response: reqwest::Response) -> Reply {
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.bytes().await.expect("body read");
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let body = if bytes.is_empty() {
        Value::Null
    } else if status.is_success() && content_type.starts_with("text/plain; version=0.0.4") {
        Value::String(String::from_utf8(bytes.to_vec()).expect("UTF-8 metrics"))
    } else {
        assert!(
            content_type.starts_with("application/json")
                || content_type.starts_with("application/ld+json"),
            "{status}: non-JSON content type {content_type:?}"
        );
        serde_json::from_slice(&bytes)
            .unwrap_or_else(|e| panic!("{status}: body is not JSON ({e}): {bytes:?}"))
    };
    Reply {
        status,
        headers,
        body,
    }
}

/// Signs arbitrary claims with `secret` (HS256), for forging tokens.
pub fn sign(claims: &Value, secret: &[u8]) -> String {
    jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
        claims,
        &jsonwebtoken::EncodingKey::from_secret(secret),
    )
    .expect("token signs")
}

/// Valid-looking access-token claims for `user_id`, expiring `exp_offset` seconds from now.
pub fn claims(user_id: i64, exp_offset: i64) -> Value {
    let now = chrono::Utc::now().timestamp();
    json!({"sub": user_id.to_string(), "iat": now, "exp": now + exp_offset, "jti": uuid::Uuid::new_v4().simple().to_string(), "type": "access"})
}

/// The write marker a change answered with (`recipe_api_wrote=…`), as a `Cookie` value.
pub fn write_marker(headers: &header::HeaderMap) -> String {
    headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find(|value| value.starts_with("recipe_api_wrote="))
        .expect("a change answers with the write marker")
        .split(';')
        .next()
        .unwrap()
        .to_owned()
}
