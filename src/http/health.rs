//! `GET /healthz`: 200 when the server and its database answer, 503 otherwise.

use axum::{Json, Router, extract::State, routing::get};
use serde::Serialize;

use crate::{error::ApiError, state::AppState};

/// The health route.
pub fn router() -> Router<AppState> {
    Router::new().route("/healthz", get(healthz))
}

#[derive(Debug, Serialize)]
struct Health {
    status: &'static str,
    database: &'static str,
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
