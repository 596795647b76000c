//! Loading a recipe for a change by its owner, with the visibility rules of changes: your own
//! recipe; 403 for somebody else's published recipe; 404 for somebody else's draft (its
//! existence is not revealed) or a missing one.

use crate::{auth::AuthUser, domain::RecipeId, error::ApiError, state::AppState, store::Recipe};

/// The answer for a recipe that is not there (or not visible to the caller).
pub const NOT_FOUND: ApiError = ApiError::NotFound("recipe not found");

/// Loads recipe `id` for a change by `user`: their own recipe, or 403 for somebody else's
/// published recipe, or 404 for somebody else's draft or a missing one.
pub async fn own_recipe(
    state: &AppState,
    id: RecipeId,
    user: &AuthUser,
) -> Result<Recipe, ApiError> {
    let recipe = state.store.find_recipe(id).await?.ok_or(NOT_FOUND)?;
    match (recipe.user_id == Some(user.user_id), recipe.is_publish) {
        (true, _) => Ok(recipe),
        (false, true) => Err(ApiError::Forbidden),
        (false, false) => Err(NOT_FOUND),
    }
}
