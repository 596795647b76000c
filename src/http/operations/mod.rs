//! Operating the server: health probes (`/livez`, `/healthz`, `/readyz`) and Prometheus
//! metrics (`/metrics`). None needs a credential.

mod health;
mod metrics;

use utoipa_axum::router::OpenApiRouter;

use crate::state::AppState;

/// The health and metrics routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(health::router())
        .merge(metrics::router())
}
