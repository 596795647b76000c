//! Health probes: `GET /livez` answers as long as the process serves HTTP (liveness, no
//! database); `GET /healthz` also checks the database (readiness: 503 while it is unreachable).

use axum::{Json, Router, extract::State, routing::get};
use serde::Serialize;

use crate::{error::ApiError, state::AppState};

/// The health route.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/livez", get(livez))
        .route("/healthz", get(healthz))
}

#[derive(Debug, Serialize)]
struct Health {
    status: &'static str,
    database: &'static str,
}

#[derive(Debug, Serialize)]
struct Live {
    status: &'static str,
}

async fn livez() -> Json<Live> {
    Json(Live { status: "ok" })
}

async fn healthz(State(state): State<AppState>) -> Result<Json<Health>, ApiError> {
    state
        .store
        .ping()
        .await
        .map_err(ApiError::DatabaseUnavailable)?;
    Ok(Json(Health {
        status: "ok",
        database: "ok",
    }))
}
