//! `GET /metrics`: the server's metrics in Prometheus's text format (see `crate::metrics`).
//! Like the health probes it needs no credential and costs no database work; it says nothing
//! about users or recipes (routes are their templates, e.g. `/recipes/{id}`).

use axum::{extract::State, http::header, response::IntoResponse};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::{metrics::Gauges, state::AppState};

/// The metrics route.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(metrics))
}

/// Prometheus metrics.
///
/// `http_requests_total` and `http_request_duration_seconds` by method (a standard one or
/// `OTHER`), route template (or `<unmatched>`) and status; `db_pool_connections`, `db_pool_max_connections`; `password_hash_running`,
/// `password_hash_waiting`; `image_processing_running`, `image_processing_waiting`;
/// `ingredient_parse_pending` (recipes whose ingredient lines are still to be parsed by this
/// version, in the background after an upgrade); `db_transaction_retries_total` (transactions
/// run again after the database aborted them in favour of a concurrent one: deadlocks,
/// serialization failures, Galera certification conflicts);
/// `process_resident_memory_bytes`, `process_uptime_seconds`; with `RATE_LIMIT_STORE`,
/// `rate_limit_store_up` (whether the last check reached Redis) and
/// `rate_limit_store_errors_total` (checks that fell back to this instance's own limits); with
/// `DATABASE_READ_URL`, `db_read_replicas{state="configured"|"fit"}` (replicas named, and those
/// within `READ_REPLICA_MAX_LAG` now), `db_read_replica_lag_seconds` (the largest lag last
/// measured), `db_read_replica_reads_total` (reads a replica served) and
/// `db_read_replica_fallbacks_total` (reads a replica failed that the primary then served); with
/// the read cache on, `read_cache_hits_total`, `read_cache_misses_total` (anonymous reads it
/// answered, and those it had to pass on), `read_cache_invalidations_total` (times it was
/// emptied after a change) and `read_cache_bytes` (the size of the answers it keeps).
#[utoipa::path(get, path = "/metrics", tag = "operations",
    responses((status = 200, description = "Prometheus text exposition format 0.0.4",
        content_type = "text/plain; version=0.0.4", body = String)))]
async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    let (pool_open, pool_idle, pool_max) = state.store.pool_stats();
    let (hashes_running, hashes_waiting) = state.hasher.queue();
    let (images_running, images_waiting) = state.media.queue();
    let text = state.metrics.render(Gauges {
        pool_open,
        pool_idle,
        pool_max,
        hashes_running,
        hashes_waiting,
        images_running,
        images_waiting,
        ingredient_parse_pending: state.ingredient_parse.pending(),
        transaction_retries: state.store.contention_retries(),
        rate_limit_store: state
            .limits
            .store
            .as_ref()
            .map(|store| (store.is_up(), store.errors())),
        read_cache: state.read_cache.stats(),
        read_replicas: state.store.replica_stats(),
    });
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        text,
    )
}
