//! `/recipes/{id}/publish`: `PUT` publishes, `DELETE` returns to draft. Owner only; idempotent.

use axum::{Json, extract::State};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{extract::IdPath, openapi::OwnerOnly, recipes::own_recipe, views::RecipeEnvelope};
use crate::{auth::AuthUser, domain::RecipeId, error::ApiError, state::AppState};

/// The publication route.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(publish_recipe, unpublish_recipe))
}

async fn set_published(
    state: AppState,
    user: AuthUser,
    IdPath(id): IdPath<RecipeId>,
    published: bool,
) -> Result<Json<RecipeEnvelope>, ApiError> {
    own_recipe(&state, id, &user).await?;
    let recipe = state
        .store
        .set_published(id, user.user_id, published)
        .await?
        .ok_or(ApiError::NotFound("recipe not found"))?;
    Ok(Json(recipe.into()))
}

/// Publish your recipe: everyone can see it (idempotent).
#[utoipa::path(put, path = "/recipes/{id}/publish", tag = "recipes",
    params(IdPath<RecipeId>),
    security(("bearer" = ["write"])),
    responses(
        (status = 200, description = "Published", body = RecipeEnvelope),
        OwnerOnly,
    ))]
async fn publish_recipe(
    State(state): State<AppState>,
    user: AuthUser,
    path: IdPath<RecipeId>,
) -> Result<Json<RecipeEnvelope>, ApiError> {
    set_published(state, user, path, true).await
}

/// Unpublish your recipe: back to a draft only you can see (idempotent).
#[utoipa::path(delete, path = "/recipes/{id}/publish", tag = "recipes",
    params(IdPath<RecipeId>),
    security(("bearer" = ["write"])),
    responses(
        (status = 200, description = "A draft again", body = RecipeEnvelope),
        OwnerOnly,
    ))]
async fn unpublish_recipe(
    State(state): State<AppState>,
    user: AuthUser,
    path: IdPath<RecipeId>,
) -> Result<Json<RecipeEnvelope>, ApiError> {
    set_published(state, user, path, false).await
}
