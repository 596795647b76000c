//! recipe-api: a recipe-sharing REST API server, compatible with the original Flask app's
//! clients, on SQLite, PostgreSQL or MySQL/MariaDB.
//!
//! Data flows one way: `http` → `domain` / `auth` → `store`.

/// Password hashing, access tokens, the signing key and the `AuthUser` extractor.
pub mod auth;
/// Command-line flags, environment variables and validated settings.
pub mod config;
/// `recipe-api copy`: moving every table from one database to another.
pub mod copy;
/// Validated domain values: email, username, password, recipe fields, ids, pages.
pub mod domain;
/// `ApiError`, the one error envelope.
pub mod error;
/// `recipe-api dev generate`: realistic data in bulk, for trying out and benchmarks.
pub mod generate;
/// Routes, extractors, response bodies and the middleware stack.
pub mod http;
/// Rate limiters (per client IP, per account).
pub mod limits;
/// Prometheus metrics: requests, latency, the database pool, the hashing queue.
pub mod metrics;
/// The connection loop: connection cap, header-read timeout, graceful shutdown.
pub mod server;
/// Building and running a server instance; graceful shutdown.
pub mod startup;
/// `AppState`, shared by every handler.
pub mod state;
/// The data layer: connection, migrations, queries.
pub mod store;
/// Logging setup.
pub mod telemetry;
