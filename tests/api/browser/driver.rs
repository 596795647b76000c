//! Finding Chromium and chromedriver, and running one chromedriver per [`super::Browser`].

use std::{
    fs::File,
    io::{Read, Write},
    net::{TcpListener, TcpStream},
    os::unix::process::CommandExt,
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    sync::OnceLock,
    time::{Duration, Instant},
};

/// The two programs a browser test needs.
pub struct Programs {
    pub chromedriver: PathBuf,
    pub chromium: PathBuf,
}

/// The programs, or `None` (with a note on stderr, once per process) when the browser tests are
/// to be skipped. Panics when they are missing and `RECIPE_API_TEST_BROWSER=required`.
pub fn programs() -> Option<Programs> {
    let setting = std::env::var("RECIPE_API_TEST_BROWSER").unwrap_or_default();
    if setting == "off" {
        note_skipped("RECIPE_API_TEST_BROWSER=off");
        return None;
    }
    let found = find("CHROMEDRIVER", "chromedriver").and_then(|chromedriver| {
        let chromium = find("CHROMIUM", "chromium")?;
        Ok(Programs {
            chromedriver,
            chromium,
        })
    });
    match found {
        Ok(programs) => Some(programs),
        Err(missing) if setting == "required" => panic!(
            "RECIPE_API_TEST_BROWSER=required but {missing} \
             (Debian: apt-get install chromium chromium-driver)"
        ),
        Err(missing) => {
            note_skipped(&missing);
            None
        }
    }
}

/// `$variable` if set (it must name a file), else `name` on PATH, else `/usr/bin/<name>`.
fn find(variable: &str, name: &str) -> Result<PathBuf, String> {
    if let Some(path) = std::env::var_os(variable) {
        let path = PathBuf::from(path);
        if path.is_file() {
            return Ok(path);
        }
        return Err(format!("{variable}={} does not exist", path.display()));
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain([PathBuf::from("/usr/bin")])
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
        .ok_or_else(|| format!("{name} is not on PATH nor in /usr/bin (or set {variable})"))
}

fn note_skipped(why: &str) {
    static NOTED: OnceLock<()> = OnceLock::new();
    NOTED.get_or_init(|| {
        let _ = writeln!(
            std::io::stderr(),
            "note: browser tests skipped: {why} \
             (set RECIPE_API_TEST_BROWSER=required to make them mandatory)"
        );
    });
}

/// A chromedriver process on a free loopback port, in its own process group (with the browser
/// it starts): dropping it ends the session and kills the group.
pub struct Driver {
    pub url: String,
    child: Child,
    log: PathBuf,
    /// The WebDriver session to end on drop, once there is one.
    pub session: Option<String>,
}

impl Driver {
    /// Starts chromedriver, logging to `log`, and waits until it answers `/status`.
    pub async fn start(chromedriver: &Path, log: &Path) -> Driver {
        let mut last_error = String::new();
        for _ in 0..3 {
            // The port is free now; another process could take it before chromedriver does,
            // in which case chromedriver exits and another port is tried.
            let port = TcpListener::bind("127.0.0.1:0")
                .and_then(|listener| listener.local_addr())
                .expect("a free port")
                .port();
            let output = File::create(log).expect("chromedriver log file");
            let child = Command::new(chromedriver)
                .arg(format!("--port={port}"))
                .stdin(Stdio::null())
                .stdout(output.try_clone().expect("log file handle"))
                .stderr(output)
                .process_group(0)
                .spawn()
                .unwrap_or_else(|e| panic!("cannot run {}: {e}", chromedriver.display()));
            let mut driver = Driver {
                url: format!("http://127.0.0.1:{port}"),
                child,
                log: log.to_owned(),
                session: None,
            };
            match driver.wait_ready().await {
                Ok(()) => return driver,
                Err(e) => last_error = e,
            }
        }
        panic!("chromedriver did not start: {last_error}");
    }

    async fn wait_ready(&mut self) -> Result<(), String> {
        let client = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!("it exited with {status}; {}", self.log_tail()));
            }
            let status = client.get(format!("{}/status", self.url)).send().await;
            if let Ok(response) = status {
                let body: serde_json::Value = response.json().await.unwrap_or_default();
                if body["value"]["ready"] == true {
                    return Ok(());
                }
            }
            if Instant::now() > deadline {
                return Err(format!("no ready /status in 10 s; {}", self.log_tail()));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The end of chromedriver's output, for error messages.
    pub fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let start = text.len().saturating_sub(2000);
        let start = (start..text.len())
            .find(|&i| text.is_char_boundary(i))
            .unwrap_or(0);
        format!("chromedriver output: {}", text[start..].trim())
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // Ending the session makes chromedriver close Chromium cleanly. Plain blocking HTTP:
        // this may run while the test's runtime is shutting down.
        if let Some(session) = self.session.take() {
            let address = self.url.trim_start_matches("http://").to_owned();
            let _ = (|| -> std::io::Result<()> {
                let mut stream = TcpStream::connect(&address)?;
                stream.set_read_timeout(Some(Duration::from_secs(10)))?;
                write!(
                    stream,
                    "DELETE /session/{session} HTTP/1.1\r\nHost: {address}\r\n\
                     Connection: close\r\nContent-Length: 0\r\n\r\n"
                )?;
                // chromedriver answers once Chromium has quit (and keeps the connection open).
                stream.read(&mut [0; 512]).map(drop)
            })();
        }
        // Then the whole process group, in case Chromium outlived the session (a hung browser).
        // procps' kill (dash's builtin takes no process group); without it, chromedriver only.
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.child.id())])
            .stderr(Stdio::null())
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
