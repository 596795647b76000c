//! End-to-end browser tests: headless Chromium driven through chromedriver (WebDriver).
//!
//! ```ignore
//! let Some(app) = TestApp::spawn(Backend::Sqlite).await else { return };
//! let Some(browser) = Browser::open(&app).await else { return }; // skipped: no browser here
//! browser.goto("/docs").await;
//! browser.wait_for_text(".opblock", "/users/register").await;
//! ```
//!
//! Rules:
//! - **Availability.** Chromedriver is `$CHROMEDRIVER`, else `chromedriver` on PATH or in
//!   /usr/bin; Chromium is `$CHROMIUM`, else `chromium` (Debian: `apt-get install chromium
//!   chromium-driver`). When one is missing the test is skipped with a note on stderr, unless
//!   `RECIPE_API_TEST_BROWSER=required` (CI), which fails it. `RECIPE_API_TEST_BROWSER=off` skips
//!   the browser tests. A browser that is found but does not start always fails the test.
//! - **Isolation.** Each `Browser` runs its own chromedriver on a free port and its own Chromium
//!   with a fresh profile in a temp dir; dropping it (also when the test panics) ends both.
//!   Browser tests use `Backend::Sqlite`: the back-ends are covered by the HTTP tests.
//! - **Waiting, never sleeping.** Every helper that looks for something waits for it, up to
//!   [`Browser::timeout`] (10 s), then panics with what it waited for, the current URL and the
//!   page's visible text. Elements count only when visible (`checkVisibility()`), so waiting for
//!   a result is waiting for the user to see it. Wait for a visible effect instead of sleeping.
//! - **Dialogs are never dismissed for you.** A test whose click opens `confirm()` answers it
//!   with [`Browser::accept_alert`] or [`Browser::dismiss_alert`]; until then, other commands fail.
//! - **Console.** [`Browser::console_errors`] lists the severe console messages (errors, uncaught
//!   exceptions, failed requests) since the browser opened; a UI test should assert it is empty.
//! - **Downloads.** A file the page downloads lands in [`Browser::downloads`] (this browser's
//!   own folder); [`Browser::wait_download`] waits for it to be complete.
//! - **Photos.** [`pictures`] draws dishes with the `image` crate (deterministic, so screenshots
//!   are stable), writes them where a file input can take them ([`Browser::choose_files`], or
//!   [`Browser::drop_file`] for drag and drop), and uploads them through the API as sample data.

mod downloads;
mod driver;
mod page;
pub mod pictures;

use std::{path::PathBuf, sync::Mutex, time::Duration};

use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};

use crate::helpers::TestApp;
use driver::Driver;

/// A headless Chromium session on one test's server.
pub struct Browser {
    client: Client,
    base: String,
    /// How long the helpers wait before failing the test.
    pub timeout: Duration,
    /// Severe console messages fetched so far (the driver hands each out once).
    console: Mutex<Vec<String>>,
    driver: Driver,
    /// Where the page's downloads land.
    downloads: PathBuf,
    /// The profile and chromedriver's log; removed after the processes are gone (field order).
    _dir: tempfile::TempDir,
}

impl Browser {
    /// A browser for `app`, or `None` when browser tests are skipped (see the module doc).
    pub async fn open(app: &TestApp) -> Option<Browser> {
        let programs = driver::programs()?;
        let dir = tempfile::tempdir().expect("temp dir");
        let mut driver =
            Driver::start(&programs.chromedriver, &dir.path().join("driver.log")).await;
        let profile = dir.path().join("profile");
        let downloads = dir.path().join("downloads");
        std::fs::create_dir(&downloads).expect("downloads folder");
        let capabilities = json!({
            "goog:chromeOptions": {
                "binary": programs.chromium,
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                    "--window-size=1280,900", "--lang=en-US",
                    format!("--user-data-dir={}", profile.display()),
                ],
                "prefs": {
                    "download.default_directory": downloads,
                    "download.prompt_for_download": false,
                },
            },
            "goog:loggingPrefs": {"browser": "ALL"},
            "unhandledPromptBehavior": "ignore",
        });
        let Value::Object(capabilities) = capabilities else {
            unreachable!()
        };
        let mut builder = ClientBuilder::new(HttpConnector::new());
        let connecting = builder.capabilities(capabilities).connect(&driver.url);
        let client = match tokio::time::timeout(Duration::from_secs(60), connecting).await {
            Ok(Ok(client)) => client,
            Ok(Err(e)) => panic!("Chromium did not start: {e}\n{}", driver.log_tail()),
            Err(_) => panic!("Chromium did not start in 60 s\n{}", driver.log_tail()),
        };
        driver.session = client.session_id().await.ok().flatten();
        Some(Browser {
            client,
            base: app.address.clone(),
            timeout: Duration::from_secs(10),
            console: Mutex::new(Vec::new()),
            driver,
            downloads,
            _dir: dir,
        })
    }

    /// The WebDriver client, for anything the helpers do not cover.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Severe browser console messages since the browser opened (chromedriver's log endpoint).
    pub async fn console_errors(&self) -> Vec<String> {
        let session = self.driver.session.as_deref().expect("a WebDriver session");
        let response = reqwest::Client::new()
            .post(format!("{}/session/{session}/se/log", self.driver.url))
            .json(&json!({"type": "browser"}))
            .send()
            .await
            .expect("chromedriver answers");
        let body: Value = response.json().await.expect("a JSON log");
        let entries = body["value"].as_array().unwrap_or_else(|| {
            panic!("chromedriver cannot fetch the console log: {body}");
        });
        let mut console = self.console.lock().unwrap();
        console.extend(
            entries
                .iter()
                .filter(|entry| entry["level"] == "SEVERE")
                .map(|entry| entry["message"].as_str().unwrap_or_default().to_owned()),
        );
        console.clone()
    }
}
