//! Health probes: `GET /livez` answers as long as the process serves HTTP (liveness, no
//! database); `GET /healthz` also checks that the database answers (503 while it is
//! unreachable); `GET /readyz` checks that it answers and has every migration this build needs
//! (readiness: route traffic here only then).

use axum::{Json, extract::State};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::{
    error::{ApiError, ErrorBody},
    state::AppState,
};

/// The health routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(livez))
        .routes(routes!(healthz))
        .routes(routes!(readyz))
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

/// The readiness check.
#[derive(Debug, Serialize, ToSchema)]
struct Ready {
    /// Always `ok` (a failing check answers 503).
    #[schema(example = "ok")]
    status: &'static str,
    /// Always `ok`.
    #[schema(example = "ok")]
    database: &'static str,
    /// Always `applied`.
    #[schema(example = "applied")]
    migrations: &'static str,
}

/// Readiness: the database answers and has every migration this build needs.
#[utoipa::path(get, path = "/readyz", tag = "operations",
    responses(
        (status = 200, description = "Ready to serve", body = Ready),
        (status = 503, description = "`database_unavailable`, or `migrations_pending`: the \
            database lacks migrations of this build", body = ErrorBody),
    ))]
async fn readyz(State(state): State<AppState>) -> Result<Json<Ready>, ApiError> {
    let pending = state
        .store
        .pending_migrations()
        .await
        .map_err(ApiError::DatabaseUnavailable)?;
    if pending > 0 {
        return Err(ApiError::MigrationsPending(pending));
    }
    Ok(Json(Ready {
        status: "ok",
        database: "ok",
        migrations: "applied",
    }))
}
