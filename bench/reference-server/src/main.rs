//! A benchmark floor for recipe-api, not a product.
//!
//! It serves `GET /recipes/{id}` from the same database and table as recipe-api while doing as
//! little as it can: axum with no middleware, no tracing, no authentication, no validation and
//! no ORM — a pool of raw driver connections (`tokio-postgres` through deadpool for PostgreSQL,
//! `mysql_async` for MySQL/MariaDB, both over plain TCP without TLS), each with its point select
//! prepared once and cached per connection. Comparing recipe-api's `GET /recipes/{id}` with this
//! server's on the same data measures what recipe-api's own layers cost.
//!
//! The body carries the fields recipe-api's read shows, in the same shapes (`is_publish` as 0/1,
//! `ingredients` and `tags` as lists, RFC 3339 UTC timestamps in whole seconds), plus `version`.
//! Like an anonymous read of recipe-api, a draft is 404. `GET /livez` answers without touching
//! the database. Nothing else is served.
//!
//! ```text
//! reference-server --listen 127.0.0.1:5098 --database-url postgres://postgres@127.0.0.1:5432/DB
//! reference-server --listen 127.0.0.1:5098 --database-url mysql://root@127.0.0.1:3306/DB --pool 10
//! ```
//!
//! The flags fall back to recipe-api's environment variables: `LISTEN_ADDR`, `DATABASE_URL`,
//! `DATABASE_MAX_CONNECTIONS` (the pool size, default 10 as in recipe-api).

use std::{net::SocketAddr, process::ExitCode, str::FromStr, sync::Arc};

use axum::{
    Json, Router,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::get,
    serve::ListenerExt,
};
use chrono::{DateTime, NaiveDateTime, SecondsFormat, Utc};
use deadpool_postgres::{Manager, ManagerConfig, RecyclingMethod};
use mysql_async::{PoolConstraints, prelude::Queryable};
use serde::Serialize;
use serde_json::json;

const PG_SELECT: &str = "SELECT id, user_id, name, description, num_of_servings, cook_time, \
    directions, is_publish, created_at, updated_at, ingredients, tags, version \
    FROM recipe WHERE id = $1";
const MYSQL_SELECT: &str = "SELECT id, user_id, name, description, num_of_servings, cook_time, \
    directions, is_publish, created_at, updated_at, ingredients, tags, version \
    FROM recipe WHERE id = ?";

const USAGE: &str = "usage: reference-server [--listen ADDR:PORT] --database-url URL [--pool N]
  --listen ADDR:PORT   address to serve on (env LISTEN_ADDR; default 127.0.0.1:5098)
  --database-url URL   postgres://… or mysql://… (env DATABASE_URL)
  --pool N             database connections (env DATABASE_MAX_CONNECTIONS; default 10)";

enum Db {
    Postgres(deadpool_postgres::Pool),
    Mysql(mysql_async::Pool),
}

type Error = Box<dyn std::error::Error + Send + Sync>;

/// The response body's recipe, borrowing the row's text.
#[derive(Serialize)]
struct Recipe<'a> {
    id: i64,
    user_id: Option<i64>,
    name: &'a str,
    description: Option<&'a str>,
    num_of_servings: Option<i32>,
    cook_time: Option<i32>,
    directions: Option<&'a str>,
    is_publish: u8,
    created_at: String,
    updated_at: String,
    ingredients: Vec<&'a str>,
    tags: Vec<&'a str>,
    version: i64,
}

#[derive(Serialize)]
struct Envelope<'a> {
    info: Recipe<'a>,
}

fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A `\n`-joined column as its lines; NULL and empty are no lines.
fn lines(stored: Option<&str>) -> Vec<&str> {
    stored
        .filter(|text| !text.is_empty())
        .map(|text| text.split('\n').collect())
        .unwrap_or_default()
}

impl Db {
    async fn connect(url: &str, pool: usize) -> Result<Db, Error> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let config = tokio_postgres::Config::from_str(url)?;
            let manager = Manager::from_config(
                config,
                tokio_postgres::NoTls,
                ManagerConfig {
                    recycling_method: RecyclingMethod::Fast,
                },
            );
            Ok(Db::Postgres(
                deadpool_postgres::Pool::builder(manager)
                    .max_size(pool)
                    .build()?,
            ))
        } else if url.starts_with("mysql://") || url.starts_with("mariadb://") {
            let url = url.replacen("mariadb://", "mysql://", 1);
            let opts = mysql_async::Opts::from_url(&url)?;
            let pool_opts = opts
                .pool_opts()
                .clone()
                // Keep every connection (and its prepared statement) for the whole run.
                .with_constraints(PoolConstraints::new(pool, pool).ok_or("invalid pool size")?)
                // By default a connection is reset on its return to the pool, which drops its
                // prepared statements: every request would prepare the select again.
                .with_reset_connection(false);
            let opts = mysql_async::OptsBuilder::from_opts(opts)
                // Stay on TCP like recipe-api (the driver would switch to the Unix socket).
                .prefer_socket(false)
                .pool_opts(pool_opts);
            Ok(Db::Mysql(mysql_async::Pool::new(opts)))
        } else {
            Err("the database URL must start with postgres:// or mysql://".into())
        }
    }

    /// The published recipe `id` as the JSON body, or `None`.
    async fn find(&self, id: i64) -> Result<Option<Vec<u8>>, Error> {
        match self {
            Db::Postgres(pool) => {
                let client = pool.get().await?;
                let select = client.prepare_cached(PG_SELECT).await?;
                let Some(row) = client.query_opt(&select, &[&id]).await? else {
                    return Ok(None);
                };
                if !row.try_get::<_, bool>(7)? {
                    return Ok(None);
                }
                let recipe = Recipe {
                    id: row.try_get(0)?,
                    user_id: row.try_get(1)?,
                    name: row.try_get(2)?,
                    description: row.try_get(3)?,
                    num_of_servings: row.try_get(4)?,
                    cook_time: row.try_get(5)?,
                    directions: row.try_get(6)?,
                    is_publish: 1,
                    created_at: timestamp(row.try_get(8)?),
                    updated_at: timestamp(row.try_get(9)?),
                    ingredients: lines(row.try_get(10)?),
                    tags: lines(row.try_get(11)?),
                    version: row.try_get(12)?,
                };
                Ok(Some(serde_json::to_vec(&Envelope { info: recipe })?))
            }
            Db::Mysql(pool) => {
                let mut conn = pool.get_conn().await?;
                // `exec_first` with a query string prepares it on first use and then reuses the
                // connection's cached statement.
                let Some(mut row) = conn
                    .exec_first::<mysql_async::Row, _, _>(MYSQL_SELECT, (id,))
                    .await?
                else {
                    return Ok(None);
                };
                if !take::<bool>(&mut row, 7)? {
                    return Ok(None);
                }
                let name: String = take(&mut row, 2)?;
                let description: Option<String> = take(&mut row, 3)?;
                let directions: Option<String> = take(&mut row, 6)?;
                let created_at: NaiveDateTime = take(&mut row, 8)?;
                let updated_at: NaiveDateTime = take(&mut row, 9)?;
                let ingredients: Option<String> = take(&mut row, 10)?;
                let tags: Option<String> = take(&mut row, 11)?;
                let recipe = Recipe {
                    id: take(&mut row, 0)?,
                    user_id: take(&mut row, 1)?,
                    name: &name,
                    description: description.as_deref(),
                    num_of_servings: take(&mut row, 4)?,
                    cook_time: take(&mut row, 5)?,
                    directions: directions.as_deref(),
                    is_publish: 1,
                    // DATETIME columns hold UTC (recipe-api writes UTC).
                    created_at: timestamp(created_at.and_utc()),
                    updated_at: timestamp(updated_at.and_utc()),
                    ingredients: lines(ingredients.as_deref()),
                    tags: lines(tags.as_deref()),
                    version: take(&mut row, 12)?,
                };
                Ok(Some(serde_json::to_vec(&Envelope { info: recipe })?))
            }
        }
    }
}

/// Column `index` of a MySQL row, converted.
fn take<T: mysql_async::prelude::FromValue>(
    row: &mut mysql_async::Row,
    index: usize,
) -> Result<T, Error> {
    match row.take_opt(index) {
        Some(value) => Ok(value?),
        None => Err(format!("column {index} missing").into()),
    }
}

/// The error and its sources, `: `-separated (drivers put the server's message in a source).
fn chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !message.ends_with(&text) {
            message = format!("{message}: {text}");
        }
        source = cause.source();
    }
    message
}

async fn get_recipe(State(db): State<Arc<Db>>, Path(id): Path<i64>) -> Response {
    match db.find(id).await {
        Ok(Some(body)) => (
            [(axum::http::header::CONTENT_TYPE, "application/json")],
            body,
        )
            .into_response(),
        Ok(None) => (StatusCode::NOT_FOUND, Json(json!({"error": "not found"}))).into_response(),
        Err(error) => {
            eprintln!("GET /recipes/{id}: {}", chain(&*error));
            let body = Json(json!({"error": "database error"}));
            (StatusCode::INTERNAL_SERVER_ERROR, body).into_response()
        }
    }
}

async fn livez() -> Json<serde_json::Value> {
    Json(json!({"status": "ok"}))
}

struct Args {
    listen: SocketAddr,
    database_url: String,
    pool: usize,
}

fn parse_args() -> Result<Args, String> {
    let mut listen = std::env::var("LISTEN_ADDR").unwrap_or_else(|_| "127.0.0.1:5098".into());
    let mut database_url = std::env::var("DATABASE_URL").ok();
    let mut pool = std::env::var("DATABASE_MAX_CONNECTIONS").unwrap_or_else(|_| "10".into());
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) => (flag.to_owned(), Some(value.to_owned())),
            None => (arg, None),
        };
        if flag == "-h" || flag == "--help" {
            return Err(String::new());
        }
        let slot = match flag.as_str() {
            "--listen" => &mut listen,
            "--pool" => &mut pool,
            "--database-url" => database_url.insert(String::new()),
            _ => return Err(format!("unknown argument: {flag}")),
        };
        *slot = inline
            .or_else(|| args.next())
            .ok_or_else(|| format!("{flag} needs a value"))?;
    }
    let pool = pool
        .parse()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| format!("invalid pool size: {pool}"))?;
    Ok(Args {
        listen: listen
            .parse()
            .map_err(|_| format!("invalid listen address: {listen}"))?,
        database_url: database_url.ok_or("--database-url (or DATABASE_URL) is required")?,
        pool,
    })
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            if message.is_empty() {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            eprintln!("reference-server: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("reference-server: {}", chain(&*error));
            ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> Result<(), Error> {
    let db = Db::connect(&args.database_url, args.pool).await?;
    // Fail at start, not on the first request, if the database or the table is unreachable.
    db.find(0).await?;
    let app = Router::new()
        .route("/recipes/{id}", get(get_recipe))
        .route("/livez", get(livez))
        .with_state(Arc::new(db));
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await?
        .tap_io(|tcp| {
            let _ = tcp.set_nodelay(true);
        });
    eprintln!(
        "reference-server: listening on http://{} (pool {})",
        args.listen, args.pool
    );
    axum::serve(listener, app).await?;
    Ok(())
}
