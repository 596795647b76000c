//! Health probes: `GET /livez` answers as long as the process serves HTTP (liveness, no
//! database); `GET /healthz` also checks the database (readiness: 503 while it is unreachable).

use axum::{Json, extract::State};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::{error::ApiError, state::AppState};

/// The health routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(livez))
        .routes(routes!(healthz))
}

/// The database check.
#[derive(Debug, Serialize, ToSchema)]
struct Health {
    /// Always `ok` (a failing check answers 503).
    #[schema(example = "ok")]
    status: &'static str,
    /// Always `ok`.
    #[schema(example = "ok")]
    database: &'static str,
}

/// The process check.
#[derive(Debug, Serialize, ToSchema)]
struct Live {
    /// Always `ok`.
    #[schema(example = "ok")]
    status: &'static str,
}

/// Liveness: the process serves HTTP (the database is not checked).
#[utoipa::path(get, path = "/livez", tag = "operations",
    responses((status = 200, description = "Alive", body = Live)))]
async fn livez() -> Json<Live> {
    Json(Live { status: "ok" })
}

/// Readiness: the database answers.
#[utoipa::path(get, path = "/healthz", tag = "operations",
    responses((status = 200, description = "Ready", body = Health)))]
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
