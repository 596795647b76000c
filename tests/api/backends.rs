//! The database back-ends the suite runs on, and one fresh database per test.
//!
//! Every test marked `#[apply(backends)]` runs once per back-end (`…::case_1_sqlite`,
//! `…::case_2_postgres`, `…::case_3_mysql`). SQLite always runs. A server back-end runs when its
//! server answers at `RECIPE_API_TEST_POSTGRES_URL` / `RECIPE_API_TEST_MYSQL_URL` (defaults: the
//! local servers' admin accounts); when it does not, its tests are skipped with a note on stderr.
//! `RECIPE_API_TEST_BACKENDS=sqlite,postgres,mysql` makes the listed back-ends mandatory (an
//! unreachable one fails its tests) and skips the unlisted ones.
//!
//! Each test gets its own database (`recipe_api_test_<random>`), created before the server starts
//! and dropped when the test ends, pass or fail.

use std::{io::Write, path::Path, sync::OnceLock, time::Duration};

use rstest_reuse::template;
use sea_orm::{ConnectOptions, ConnectionTrait, Database};

const DEFAULT_POSTGRES_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";
const DEFAULT_MYSQL_URL: &str = "mysql://root@127.0.0.1:3306/mysql";

/// A database back-end under test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
    Mysql,
}

/// One test per back-end.
#[template]
#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[case::mysql(Backend::Mysql)]
pub fn backends(#[case] backend: Backend) {}

impl Backend {
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
            Backend::Mysql => "mysql",
        }
    }

    /// The server's admin URL (a database the harness may connect to for CREATE/DROP DATABASE).
    fn admin_url(self) -> Option<String> {
        let (variable, default) = match self {
            Backend::Sqlite => return None,
            Backend::Postgres => ("RECIPE_API_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL),
            Backend::Mysql => ("RECIPE_API_TEST_MYSQL_URL", DEFAULT_MYSQL_URL),
        };
        Some(std::env::var(variable).unwrap_or_else(|_| default.to_owned()))
    }

    /// `Some(true)` when listed in RECIPE_API_TEST_BACKENDS, `Some(false)` when that variable is
    /// set without it, `None` when it is unset (try, skip if unreachable).
    fn listed(self) -> Option<bool> {
        let list = std::env::var("RECIPE_API_TEST_BACKENDS").ok()?;
        Some(
            list.split(',')
                .any(|name| name.trim().eq_ignore_ascii_case(self.name())),
        )
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// Server back-ends found unreachable (and not required): later tests skip them at once.
static UNREACHABLE: [OnceLock<()>; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];

/// Prints a note about a skipped back-end once per test process. Written straight to stderr so
/// the test runner's output capture does not hide it.
fn note_skipped(backend: Backend, why: &str) {
    static NOTED: [OnceLock<()>; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    NOTED[backend.index()].get_or_init(|| {
        let _ = writeln!(
            std::io::stderr(),
            "note: {} back-end skipped: {why} (set RECIPE_API_TEST_BACKENDS to choose back-ends; listed ones must be reachable)",
            backend.name()
        );
    });
}

/// `url` with its database name replaced by `database` (query string kept).
pub fn with_database(url: &str, database: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (url, None),
    };
    let authority_start = base.find("://").map_or(0, |i| i + 3);
    let path_start = base[authority_start..]
        .find('/')
        .map_or(base.len(), |i| authority_start + i);
    let mut result = format!("{}/{database}", &base[..path_start]);
    if let Some(query) = query {
        result.push('?');
        result.push_str(query);
    }
    result
}

/// A database created for one test; dropped (for server back-ends) when this value is dropped.
#[derive(Debug)]
pub struct TestDatabase {
    pub backend: Backend,
    pub url: String,
    server: Option<(String, String)>,
}

impl TestDatabase {
    /// A database that already exists and that the harness must not drop (owned elsewhere).
    pub fn borrowed(backend: Backend, url: &str) -> TestDatabase {
        TestDatabase {
            backend,
            url: url.to_owned(),
            server: None,
        }
    }

    /// Creates a fresh database on `backend`, or `None` if the back-end is skipped.
    pub async fn create(backend: Backend, dir: &Path) -> Option<TestDatabase> {
        let Some(admin_url) = backend.admin_url() else {
            let url = format!("sqlite://{}", dir.join("recipe-api.db").display());
            return Some(TestDatabase {
                backend,
                url,
                server: None,
            });
        };
        let required = match backend.listed() {
            Some(false) => {
                note_skipped(backend, "not listed in RECIPE_API_TEST_BACKENDS");
                return None;
            }
            Some(true) => true,
            None => false,
        };
        if !required && UNREACHABLE[backend.index()].get().is_some() {
            return None; // already found unreachable by an earlier test of this process
        }
        let admin = match connect(&admin_url).await {
            Ok(admin) => admin,
            Err(e) if required => panic!(
                "{} is listed in RECIPE_API_TEST_BACKENDS but unreachable at {admin_url}: {e}",
                backend.name()
            ),
            Err(e) => {
                let _ = UNREACHABLE[backend.index()].set(());
                note_skipped(backend, &format!("cannot connect to {admin_url}: {e}"));
                return None;
            }
        };
        let name = format!("recipe_api_test_{}", uuid::Uuid::new_v4().simple());
        admin
            .execute_unprepared(&format!("CREATE DATABASE {name}"))
            .await
            .unwrap_or_else(|e| panic!("CREATE DATABASE on {}: {e}", backend.name()));
        admin.close().await.ok();
        let url = with_database(&admin_url, &name);
        Some(TestDatabase {
            backend,
            url,
            server: Some((admin_url, name)),
        })
    }
}

async fn connect(url: &str) -> Result<sea_orm::DatabaseConnection, sea_orm::DbErr> {
    let mut options = ConnectOptions::new(url);
    options
        .max_connections(1)
        .connect_timeout(Duration::from_secs(3))
        .sqlx_logging(false);
    Database::connect(options).await
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let Some((admin_url, name)) = self.server.take() else {
            return;
        };
        let statement = match self.backend {
            Backend::Postgres => format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
            _ => format!("DROP DATABASE IF EXISTS {name}"),
        };
        let backend = self.backend;
        // Drop may run inside a runtime: do the async work on a thread with its own.
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .ok()?;
            runtime.block_on(async {
                let admin = connect(&admin_url).await.ok()?;
                if backend == Backend::Mysql {
                    // Like PostgreSQL's FORCE: a connection left inside a transaction (a test
                    // that failed mid-request) would make DROP wait for its metadata lock forever.
                    let sessions = format!(
                        "SELECT CAST(ID AS SIGNED) AS id FROM information_schema.PROCESSLIST \
                         WHERE DB = '{name}'"
                    );
                    let rows = admin
                        .query_all_raw(sea_orm::Statement::from_string(
                            sea_orm::DbBackend::MySql,
                            sessions,
                        ))
                        .await
                        .ok()?;
                    for row in rows {
                        if let Ok(id) = row.try_get::<i64>("", "id") {
                            let _ = admin.execute_unprepared(&format!("KILL {id}")).await;
                        }
                    }
                }
                admin.execute_unprepared(&statement).await.ok()?;
                admin.close().await.ok()
            })
        })
        .join();
        if !matches!(dropped, Ok(Some(()))) {
            let _ = writeln!(
                std::io::stderr(),
                "warning: could not drop test database {}",
                self.url
            );
        }
    }
}

#[test]
fn database_names_are_replaced_in_urls() {
    assert_eq!(
        with_database("postgres://u@h:5432/postgres", "t1"),
        "postgres://u@h:5432/t1"
    );
    assert_eq!(
        with_database("mysql://root@127.0.0.1:3306", "t1"),
        "mysql://root@127.0.0.1:3306/t1"
    );
    assert_eq!(
        with_database("postgres://u:p@h/db?sslmode=disable", "t1"),
        "postgres://u:p@h/t1?sslmode=disable"
    );
}

/// The harness drops a MySQL test database even while a connection sits inside a transaction
/// on it (as a server's pool does when its test fails mid-request).
#[tokio::test]
async fn a_test_database_is_dropped_even_with_a_transaction_open_on_it() {
    let dir = tempfile::tempdir().unwrap();
    let Some(database) = TestDatabase::create(Backend::Mysql, dir.path()).await else {
        return;
    };
    let (admin_url, name) = database.server.clone().expect("a server database");
    let holder = connect(&database.url).await.unwrap();
    holder
        .execute_unprepared("CREATE TABLE t (id INT PRIMARY KEY)")
        .await
        .unwrap();
    holder.execute_unprepared("BEGIN").await.unwrap();
    holder
        .execute_unprepared("SELECT * FROM t FOR UPDATE")
        .await
        .unwrap();
    let dropping = tokio::task::spawn_blocking(move || drop(database));
    tokio::time::timeout(Duration::from_secs(30), dropping)
        .await
        .expect("the drop finished")
        .unwrap();
    let admin = connect(&admin_url).await.unwrap();
    let left = admin
        .query_all_raw(sea_orm::Statement::from_string(
            sea_orm::DbBackend::MySql,
            format!("SHOW DATABASES LIKE '{name}'"),
        ))
        .await
        .unwrap();
    assert!(left.is_empty(), "{name} is still there");
}
