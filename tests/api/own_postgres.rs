//! PostgreSQL servers of a test's own: each in a temporary data directory on a free port,
//! started and stopped with `pg_ctl`, and streaming replicas of them made with
//! `pg_basebackup -R`. Used by the outage test (which stops its server) and the read-replica
//! test (which pauses its replica). Needs PostgreSQL's server binaries (`initdb`, `pg_ctl`,
//! `pg_basebackup`, `psql`; Debian's `postgresql`) and, as root, `runuser` to run them as
//! `postgres`.

use std::{
    path::{Path, PathBuf},
    process::Command,
    sync::atomic::{AtomicBool, Ordering},
};

/// A PostgreSQL server in a temporary directory.
pub struct OwnPostgres {
    bin: PathBuf,
    data: PathBuf,
    port: u16,
    /// Whether it was started and not stopped since (the drop stops a running one).
    running: AtomicBool,
    _dir: tempfile::TempDir,
}

fn postgres_bin() -> PathBuf {
    if let Ok(dir) = std::env::var("PG_BIN") {
        return dir.into();
    }
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .expect("PostgreSQL server binaries in /usr/lib/postgresql (or set PG_BIN)")
        .map(|e| e.unwrap().path().join("bin"))
        .filter(|bin| bin.join("pg_ctl").exists())
        .collect();
    versions.sort();
    versions.pop().expect("a PostgreSQL version with pg_ctl")
}

/// Runs a PostgreSQL program, as `postgres` when this process is root (initdb refuses root);
/// its standard output.
fn run(bin: &Path, program: &str, args: &[&str]) -> String {
    let path = bin.join(program);
    let output = if is_root() {
        Command::new("runuser")
            .args(["-u", "postgres", "--"])
            .arg(&path)
            .args(args)
            .output()
    } else {
        Command::new(&path).args(args).output()
    }
    .unwrap_or_else(|e| panic!("{program}: {e}"));
    assert!(
        output.status.success(),
        "{program} {args:?} failed: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Whether this process runs as root (then servers run as their own users).
pub(crate) fn is_root() -> bool {
    std::env::var("USER").map(|u| u == "root").unwrap_or(false)
        || std::fs::read_to_string("/proc/self/status")
            .map(|s| {
                s.lines()
                    .any(|l| l.starts_with("Uid:") && l.split_whitespace().nth(1) == Some("0"))
            })
            .unwrap_or(false)
}

/// A free port on the loopback address.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A temporary directory the servers' user owns.
fn server_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    if is_root() {
        Command::new("chown")
            .args(["-R", "postgres:postgres"])
            .arg(dir.path())
            .status()
            .unwrap();
    }
    dir
}

impl OwnPostgres {
    /// A new, empty server, started.
    pub fn create() -> OwnPostgres {
        let bin = postgres_bin();
        let dir = server_dir();
        let data = dir.path().join("data");
        run(
            &bin,
            "initdb",
            &[
                "-D",
                data.to_str().unwrap(),
                "-A",
                "trust",
                "-U",
                "postgres",
                "--no-sync",
            ],
        );
        let server = OwnPostgres {
            bin,
            data,
            port: free_port(),
            running: AtomicBool::new(false),
            _dir: dir,
        };
        server.start();
        server
    }

    /// A streaming replica of this server (a base backup with `-R`), started.
    pub fn replica(&self) -> OwnPostgres {
        let dir = server_dir();
        let data = dir.path().join("data");
        run(
            &self.bin,
            "pg_basebackup",
            &[
                "-D",
                data.to_str().unwrap(),
                "-h",
                "127.0.0.1",
                "-p",
                &self.port.to_string(),
                "-U",
                "postgres",
                "-R",
                "-X",
                "stream",
                "-c",
                "fast",
                "--no-sync",
            ],
        );
        let replica = OwnPostgres {
            bin: self.bin.clone(),
            data,
            port: free_port(),
            running: AtomicBool::new(false),
            _dir: dir,
        };
        replica.start();
        replica
    }

    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    /// Runs `sql` with `psql`; its unaligned output.
    pub fn sql(&self, sql: &str) -> String {
        let output = Command::new(self.bin.join("psql"))
            .args(["-h", "127.0.0.1", "-p", &self.port.to_string()])
            .args(["-U", "postgres", "-d", "postgres", "-At", "-c", sql])
            .output()
            .expect("psql");
        assert!(
            output.status.success(),
            "psql {sql}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).trim().to_owned()
    }

    pub fn start(&self) {
        let options = format!(
            "-p {} -c listen_addresses=127.0.0.1 -c unix_socket_directories={} -c fsync=off",
            self.port,
            self.data.display()
        );
        let log = self.data.join("server.log");
        run(
            &self.bin,
            "pg_ctl",
            &[
                "-D",
                self.data.to_str().unwrap(),
                "-o",
                &options,
                "-l",
                log.to_str().unwrap(),
                "-w",
                "start",
            ],
        );
        self.running.store(true, Ordering::SeqCst);
    }

    pub fn stop(&self) {
        run(
            &self.bin,
            "pg_ctl",
            &[
                "-D",
                self.data.to_str().unwrap(),
                "-m",
                "fast",
                "-w",
                "stop",
            ],
        );
        self.running.store(false, Ordering::SeqCst);
    }
}

impl Drop for OwnPostgres {
    fn drop(&mut self) {
        if self.running.load(Ordering::SeqCst) {
            let _ = std::panic::catch_unwind(|| self.stop());
        }
    }
}
