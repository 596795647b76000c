//! MariaDB servers of a test's own: a primary writing a binary log and replicas following it
//! by GTID, each a `mariadbd` with its own data directory and port on loopback, stopped and
//! removed when dropped. Used by the read-replica test. Needs Debian's `mariadb-server`; as
//! root the data directories belong to `mysql`, the user the servers switch to.

use std::{
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use crate::own_postgres::is_root;

pub(crate) const MARIADBD: &str = "/usr/sbin/mariadbd";
/// The database the instances use.
pub const DATABASE: &str = "recipes";

/// One running server.
pub struct OwnMariaDb {
    port: u16,
    data: PathBuf,
    child: Option<Child>,
    _dir: tempfile::TempDir,
}

impl OwnMariaDb {
    /// A primary (binary log on, server id 1) with [`DATABASE`] created.
    pub fn primary() -> OwnMariaDb {
        let server = OwnMariaDb::launch(1);
        server.sql(&format!("CREATE DATABASE {DATABASE}"));
        server
    }

    /// A replica of `primary` (server id `id`, at least 2), following it from its first
    /// transaction. Start it before the primary has data other than [`DATABASE`].
    pub fn replica_of(primary: &OwnMariaDb, id: u32) -> OwnMariaDb {
        let replica = OwnMariaDb::launch(id);
        replica.sql(&format!(
            "CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT={}, MASTER_USER='root', \
             MASTER_PASSWORD='', MASTER_USE_GTID=slave_pos, MASTER_CONNECT_RETRY=1; START SLAVE",
            primary.port
        ));
        let started = Instant::now();
        while replica
            .sql(&format!("SHOW DATABASES LIKE '{DATABASE}'"))
            .is_empty()
        {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "the replica never received {DATABASE}: {:?}",
                replica.sql("SHOW SLAVE STATUS")
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        replica
    }

    /// The URL of its [`DATABASE`].
    pub fn url(&self) -> String {
        format!("mysql://root@127.0.0.1:{}/{DATABASE}", self.port)
    }

    /// Runs `statement` with the `mariadb` client; the rows, tab-separated.
    pub fn sql(&self, statement: &str) -> Vec<String> {
        self.try_sql(statement)
            .unwrap_or_else(|error| panic!("{statement}: {error}"))
    }

    fn try_sql(&self, statement: &str) -> Result<Vec<String>, String> {
        let output = Command::new("mariadb")
            .args(["--no-defaults", "-h", "127.0.0.1", "-u", "root", "-N", "-B"])
            .arg(format!("-P{}", self.port))
            .arg("--connect-timeout=2")
            .arg("-e")
            .arg(statement)
            .output()
            .map_err(|e| e.to_string())?;
        output_lines(&output)
    }

    /// Installs and starts a server with server id `id`; waits until it answers.
    fn launch(id: u32) -> OwnMariaDb {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        std::fs::create_dir(&data).unwrap();
        if is_root() {
            let status = Command::new("chown")
                .args(["-R", "mysql:mysql"])
                .arg(dir.path())
                .status()
                .unwrap();
            assert!(status.success(), "chown mysql");
        }
        install(&data);
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut command = mariadbd(&data, port, &data.join("error.log"));
        command
            .arg(format!("--server-id={id}"))
            .args(["--log-bin=binlog"]);
        let server = OwnMariaDb {
            port,
            child: Some(command.spawn().expect("mariadbd starts")),
            data,
            _dir: dir,
        };
        let started = Instant::now();
        while let Err(error) = server.try_sql("SELECT 1") {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "mariadbd did not answer: {error}\n{}",
                std::fs::read_to_string(server.data.join("error.log")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        server
    }
}

/// Creates a server's system tables in the empty directory `data` (root without a password).
pub(crate) fn install(data: &Path) {
    let mut install = Command::new("mariadb-install-db");
    install
        .arg("--no-defaults")
        .arg(format!("--datadir={}", data.display()))
        .args(["--auth-root-authentication-method=normal", "--skip-test-db"]);
    if is_root() {
        install.arg("--user=mysql");
    }
    let output = install.output().expect("mariadb-install-db runs");
    assert!(
        output.status.success(),
        "mariadb-install-db: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// `mariadbd` on `data`, listening on 127.0.0.1:`port`, logging errors to `log`, with small
/// memory settings and row-based binary logging; as root it switches to `mysql`.
pub(crate) fn mariadbd(data: &Path, port: u16, log: &Path) -> Command {
    let mut command = Command::new(MARIADBD);
    command
        .arg("--no-defaults")
        .arg(format!("--datadir={}", data.display()))
        .arg(format!("--port={port}"))
        .arg("--bind-address=127.0.0.1")
        .arg(format!("--socket={}/mysqld.sock", data.display()))
        .arg(format!("--pid-file={}/mysqld.pid", data.display()))
        .arg(format!("--log-error={}", log.display()))
        .args([
            "--skip-name-resolve",
            "--binlog_format=ROW",
            "--innodb_buffer_pool_size=32M",
            "--innodb_log_file_size=16M",
            "--innodb_flush_log_at_trx_commit=2",
            "--performance_schema=OFF",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    if is_root() {
        command.arg("--user=mysql");
    }
    command
}

impl Drop for OwnMariaDb {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// The lines a `mariadb` client printed, or what it printed on its standard error when it failed.
pub fn output_lines(output: &std::process::Output) -> Result<Vec<String>, String> {
    if !output.status.success() {
        return Err(String::from_utf8_lossy(&output.stderr).into_owned());
    }
    Ok(String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(str::to_owned)
        .collect())
}
