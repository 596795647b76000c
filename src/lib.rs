//! recipe-api: a recipe-sharing REST API server, compatible with the original Flask app's
//! clients, on SQLite, PostgreSQL or MySQL/MariaDB.
//!
//! Data flows one way: `http` → `domain` / `auth` → `store`.

/// Password hashing, access tokens, the signing key and the `AuthUser` extractor.
pub mod auth;
/// The commands besides serving: `recipe-api copy` and `recipe-api dev generate`.
pub mod cli;
/// Command-line flags, environment variables and validated settings.
pub mod config;
/// Validated domain values: email, username, password, recipe fields, ids, pages.
pub mod domain;
/// `ApiError`, the one error envelope.
pub mod error;
/// Routes, extractors, response bodies and the middleware stack.
pub mod http;
/// Prometheus metrics: requests, latency, the database pool, the hashing queue.
pub mod metrics;
/// Rate limits (per client address, per account) and whom to believe about addresses.
pub mod rate_limits;
/// The connection loop: connection cap, idle and header timeouts, graceful shutdown.
pub mod server;
/// Building and running a server instance; graceful shutdown.
pub mod startup;
/// `AppState`, shared by every handler.
pub mod state;
/// The data layer: connection, migrations, queries.
pub mod store;
/// Logging setup.
pub mod telemetry;
