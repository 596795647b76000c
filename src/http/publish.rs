//! `/recipes/{id}/publish`: `PUT` publishes, `DELETE` returns to draft. Owner only; idempotent.

use axum::{Json, Router, extract::State, routing::put};

use super::{extract::IdPath, recipes::own_recipe, views::RecipeEnvelope};
use crate::{auth::AuthUser, domain::RecipeId, error::ApiError, state::AppState};

/// The publication route.
pub fn router() -> Router<AppState> {
    Router::new().route("/recipes/{id}/publish", put(publish).delete(unpublish))
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

/// `PUT /recipes/{id}/publish`.
async fn publish(
    State(state): State<AppState>,
    user: AuthUser,
    path: IdPath<RecipeId>,
) -> Result<Json<RecipeEnvelope>, ApiError> {
    set_published(state, user, path, true).await
}

/// `DELETE /recipes/{id}/publish`.
async fn unpublish(
    State(state): State<AppState>,
    user: AuthUser,
    path: IdPath<RecipeId>,
) -> Result<Json<RecipeEnvelope>, ApiError> {
    set_published(state, user, path, false).await
}
