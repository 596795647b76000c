//! A three-node MariaDB Galera cluster of the test's own, on loopback: three `mariadbd` with
//! their own data directories and ports (every port below 32768, out of the ephemeral range
//! where a joiner's listener could find its port taken), the first node bootstrapping the
//! cluster and the others joining it empty and receiving a full copy (`rsync` state transfer),
//! one at a time. Nodes can be killed with SIGKILL and started again (they rejoin by a state
//! transfer). Needs Debian's `mariadb-server`, `galera-4` and `rsync`; as root the data
//! directories belong to `mysql`, the user the servers switch to.
//!
//! Queries go through the `mariadb` command-line client, with `wsrep_sync_wait` on so that a
//! node answers only once it has applied what the cluster committed.

use crate::{
    own_mariadb::{MARIADBD, install, mariadbd},
    own_postgres::is_root,
};
use std::{
    net::TcpListener,
    path::{Path, PathBuf},
    process::{Child, Command},
    time::{Duration, Instant},
};

const PROVIDER: &str = "/usr/lib/galera/libgalera_smm.so";
/// The database the instances use.
pub const DATABASE: &str = "recipes";
/// How long a node may take to join (a state transfer included).
const JOIN_TIMEOUT: Duration = Duration::from_secs(90);

/// One node: its SQL port and the three ports Galera needs (group communication, incremental
/// and full state transfer).
struct Node {
    sql: u16,
    gcomm: u16,
    ist: u16,
    sst: u16,
    data: PathBuf,
    child: Option<Child>,
}

/// The running cluster; its servers are killed and its files removed when dropped.
pub struct Galera {
    nodes: Vec<Node>,
    dir: tempfile::TempDir,
    /// Whether [`DATABASE`] exists (queries then run in it).
    created: bool,
}

impl Galera {
    /// Starts three nodes and waits until all three are synced; creates [`DATABASE`].
    pub fn start() -> Galera {
        for needed in [MARIADBD, PROVIDER, "/usr/bin/wsrep_sst_rsync"] {
            assert!(
                Path::new(needed).exists(),
                "{needed} is missing: install Debian's mariadb-server, galera-4 and rsync"
            );
        }
        let dir = tempfile::Builder::new()
            .prefix("galera-")
            .tempdir()
            .unwrap();
        let ports = free_ports(12);
        let nodes = (0..3)
            .map(|i| {
                let data = dir.path().join(format!("node{}", i + 1));
                std::fs::create_dir(&data).unwrap();
                Node {
                    sql: ports[i * 4],
                    gcomm: ports[i * 4 + 1],
                    ist: ports[i * 4 + 2],
                    sst: ports[i * 4 + 3],
                    data,
                    child: None,
                }
            })
            .collect();
        let mut cluster = Galera {
            nodes,
            dir,
            created: false,
        };
        if is_root() {
            let status = Command::new("chown")
                .args(["-R", "mysql:mysql"])
                .arg(cluster.dir.path())
                .status()
                .unwrap();
            assert!(status.success(), "chown mysql");
        }
        install(&cluster.nodes[0].data);
        let started = Instant::now();
        cluster.launch(0, true);
        cluster.wait_synced(0, 1);
        for node in 1..3 {
            cluster.launch(node, false);
            cluster.wait_synced(node, node + 1);
        }
        eprintln!("galera: three nodes synced in {:?}", started.elapsed());
        cluster.sql(0, &format!("CREATE DATABASE {DATABASE}"));
        cluster.created = true;
        cluster
    }

    /// The URL of node `node`'s [`DATABASE`].
    pub fn url(&self, node: usize) -> String {
        format!("mysql://root@127.0.0.1:{}/{DATABASE}", self.nodes[node].sql)
    }

    /// Kills node `node` with SIGKILL.
    pub fn kill(&mut self, node: usize) {
        let mut child = self.nodes[node].child.take().expect("the node runs");
        child.kill().unwrap();
        child.wait().unwrap();
    }

    /// Starts node `node` again; it rejoins the cluster. Waits until it is synced.
    pub fn restart(&mut self, node: usize) {
        self.launch(node, false);
        self.wait_synced(node, 3);
    }

    /// Runs `statement` on node `node` (in [`DATABASE`] once it exists) and returns the rows,
    /// tab-separated.
    pub fn sql(&self, node: usize, statement: &str) -> Vec<String> {
        self.try_sql(node, statement)
            .unwrap_or_else(|error| panic!("node {}: {statement}: {error}", node + 1))
    }

    fn try_sql(&self, node: usize, statement: &str) -> Result<Vec<String>, String> {
        let mut command = Command::new("mariadb");
        command
            .args(["--no-defaults", "-h", "127.0.0.1", "-u", "root", "-N", "-B"])
            .arg(format!("-P{}", self.nodes[node].sql))
            .arg("--connect-timeout=2")
            .args(self.created.then_some(DATABASE))
            .arg("-e")
            .arg(format!("SET SESSION wsrep_sync_wait = 15; {statement}"));
        let output = command.output().map_err(|e| e.to_string())?;
        crate::own_mariadb::output_lines(&output)
    }

    /// A status variable of node `node`, if it answers.
    fn status(&self, node: usize, name: &str) -> Option<String> {
        let rows = self
            .try_sql(node, &format!("SHOW STATUS LIKE '{name}'"))
            .ok()?;
        rows.first()?.split('\t').nth(1).map(str::to_owned)
    }

    fn wait_synced(&mut self, node: usize, size: usize) {
        let started = Instant::now();
        loop {
            let state = self.status(node, "wsrep_local_state_comment");
            let members = self.status(node, "wsrep_cluster_size");
            if state.as_deref() == Some("Synced") && members == Some(size.to_string()) {
                return;
            }
            let child = self.nodes[node].child.as_mut().unwrap();
            if let Some(exit) = child.try_wait().unwrap() {
                panic!(
                    "node {} exited ({exit}):\n{}",
                    node + 1,
                    self.error_log(node)
                );
            }
            if started.elapsed() > JOIN_TIMEOUT {
                panic!(
                    "node {} not synced after {JOIN_TIMEOUT:?} ({state:?}, {members:?}):\n{}",
                    node + 1,
                    self.error_log(node)
                );
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    fn error_log(&self, node: usize) -> String {
        std::fs::read_to_string(self.log_path(node)).unwrap_or_default()
    }

    fn log_path(&self, node: usize) -> PathBuf {
        self.dir.path().join(format!("node{}.err", node + 1))
    }

    fn launch(&mut self, index: usize, bootstrap: bool) {
        let members = self
            .nodes
            .iter()
            .map(|n| format!("127.0.0.1:{}", n.gcomm))
            .collect::<Vec<_>>()
            .join(",");
        let node = &self.nodes[index];
        let mut command = mariadbd(&node.data, node.sql, &self.log_path(index));
        command.args([
            "--wsrep_on=ON",
            &format!("--wsrep_provider={PROVIDER}"),
            "--wsrep_cluster_name=recipe-api-test",
            &format!("--wsrep_cluster_address=gcomm://{members}"),
            "--wsrep_node_address=127.0.0.1",
            &format!(
                "--wsrep_provider_options=gmcast.listen_addr=tcp://127.0.0.1:{};\
                 ist.recv_addr=127.0.0.1:{};gcache.size=16M",
                node.gcomm, node.ist
            ),
            "--wsrep_sst_method=rsync",
            &format!("--wsrep_sst_receive_address=127.0.0.1:{}", node.sst),
            "--default_storage_engine=InnoDB",
            "--innodb_autoinc_lock_mode=2",
            "--max_connections=300",
        ]);
        if bootstrap {
            command.arg("--wsrep-new-cluster");
        }
        self.nodes[index].child = Some(command.spawn().expect("mariadbd starts"));
    }
}

impl Drop for Galera {
    fn drop(&mut self) {
        for node in &mut self.nodes {
            if let Some(mut child) = node.child.take() {
                let _ = child.kill();
                let _ = child.wait();
            }
        }
    }
}

/// `count` distinct ports from 20000–31999 that are free on 127.0.0.1 now.
fn free_ports(count: usize) -> Vec<u16> {
    use std::hash::BuildHasher;
    let mut ports = Vec::new();
    let mut seed = std::hash::RandomState::new().hash_one(std::process::id());
    while ports.len() < count {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        let port = 20_000 + (seed >> 33) as u16 % 12_000;
        if !ports.contains(&port) && TcpListener::bind(("127.0.0.1", port)).is_ok() {
            ports.push(port);
        }
    }
    ports
}
