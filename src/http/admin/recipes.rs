//! `POST /admin/recipes/{id}/hide` (with a reason) and `POST /admin/recipes/{id}/unhide`. A
//! hidden recipe is visible to its owner only, with the reason; everyone else — lists,
//! search, tags, feeds, profiles, collections, shared pages — loses it at once.

use axum::{Json, extract::State};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::users::REASON_MAX;

use crate::{
    auth::AdminUser,
    domain::{RecipeId, parse_line, required},
    error::{ApiError, ErrorBody},
    http::{
        contract::schemas,
        extract::{ApiJson, IdPath},
        views::{Outcome, SUCCESS},
    },
    state::AppState,
    store::HideOutcome,
};

/// The administrators' recipe routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(hide_recipe))
        .routes(routes!(unhide_recipe))
}

/// Why the recipe is hidden (its owner sees it).
#[derive(Debug, Deserialize, ToSchema)]
struct HideInput {
    #[schema(schema_with = schemas::hide_reason, required = true)]
    reason: Option<String>,
}

/// A recipe's moderation state.
#[derive(Debug, serde::Serialize, ToSchema)]
struct HiddenState {
    result: Outcome,
    #[schema(minimum = 1)]
    id: i64,
    /// Whether it is hidden now.
    hidden: bool,
    /// Why, while hidden.
    reason: Option<String>,
    /// Whether it is published now (0 or 1).
    #[schema(minimum = 0, maximum = 1)]
    is_publish: u8,
}

fn answer(outcome: HideOutcome) -> Result<Json<HiddenState>, ApiError> {
    match outcome {
        HideOutcome::Changed(recipe) | HideOutcome::Unchanged(recipe) => Ok(Json(HiddenState {
            result: SUCCESS,
            id: recipe.id.get(),
            hidden: recipe.hidden_reason.is_some(),
            reason: recipe.hidden_reason,
            is_publish: u8::from(recipe.is_publish),
        })),
        HideOutcome::Missing => Err(ApiError::NotFound("recipe not found")),
    }
}

/// Hide a recipe from everyone but its owner (idempotent: hiding a hidden recipe keeps its
/// first reason).
#[utoipa::path(post, path = "/admin/recipes/{id}/hide", tag = "admin",
    params(IdPath<RecipeId>),
    request_body = HideInput,
    security(("bearer" = ["admin"])),
    responses(
        (status = 200, description = "Hidden", body = HiddenState),
        (status = 403, description = "`admin_required` or `session_required`", body = ErrorBody),
        (status = 404, description = "No such recipe", body = ErrorBody),
    ))]
async fn hide_recipe(
    State(state): State<AppState>,
    admin: AdminUser,
    IdPath(id): IdPath<RecipeId>,
    ApiJson(input): ApiJson<HideInput>,
) -> Result<Json<HiddenState>, ApiError> {
    let reason = required(input.reason)
        .and_then(|raw| parse_line(&raw, REASON_MAX))
        .map_err(|m| ApiError::field("reason", m))?;
    answer(state.store.hide_recipe(id, &reason, &admin.actor()).await?)
}

/// Make a hidden recipe visible again: published again if it was when hidden (idempotent).
#[utoipa::path(post, path = "/admin/recipes/{id}/unhide", tag = "admin",
    params(IdPath<RecipeId>),
    security(("bearer" = ["admin"])),
    responses(
        (status = 200, description = "Visible again", body = HiddenState),
        (status = 403, description = "`admin_required` or `session_required`", body = ErrorBody),
        (status = 404, description = "No such recipe", body = ErrorBody),
    ))]
async fn unhide_recipe(
    State(state): State<AppState>,
    admin: AdminUser,
    IdPath(id): IdPath<RecipeId>,
) -> Result<Json<HiddenState>, ApiError> {
    answer(state.store.unhide_recipe(id, &admin.actor()).await?)
}
