//! recipe-api: a recipe-sharing REST API server, compatible with the original Flask app's
//! clients, on SQLite, PostgreSQL or MySQL/MariaDB.
//!
//! Data flows one way: `http` → `domain` / `auth` → `store`.

/// Account archives: the zip of an account's recipes and photos, written and read.
pub mod archive;
/// Password hashing, access tokens, the signing key and the `AuthUser` extractor.
pub mod auth;
/// Threads for heavy work (password hashes, image processing) beside the request workers.
mod background_threads;
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
/// Ingredient lines understood: parsing (English and Korean), scaling to other servings,
/// converting units, and the food terms of the `ingredient` filter (no network, no database).
pub mod ingredients;
/// Outgoing mail: letters in English and Korean, the SMTP client, the outbox worker.
pub mod mail;
/// Photos' files: checking and processing uploads, storing and serving them, removing unused
/// ones.
pub mod media;
/// Prometheus metrics: requests, latency, the database pool, the hashing queue.
pub mod metrics;
/// Outgoing HTTP requests (recipe imports, webhooks): the policy against server-side request
/// forgery, a checking DNS resolver, redirects followed hop by hop, size and time limits.
pub mod outbound;
/// Rate limits (per client address, per account) and whom to believe about addresses.
pub mod rate_limits;
pub mod read_cache;
/// Reading a recipe from a web page or a schema.org JSON-LD document (no network, no database).
pub mod recipe_import;
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
/// The process's TLS crypto provider.
pub mod tls;
