//! Ratings: `PUT /recipes/{id}/rating` `{"stars": 1..5}` sets yours (one per user and recipe;
//! not on your own recipe), `DELETE` removes it (idempotent).

use axum::{Json, extract::State};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::views::RatingEnvelope;
use crate::http::extract::{ApiJson, IdPath};
use crate::{
    auth::AuthUser,
    domain::{RatingInput, RecipeId},
    error::ApiError,
    state::AppState,
    store::RatingOutcome,
};

/// The rating routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(rate_recipe, unrate_recipe))
}

async fn set_rating(
    state: &AppState,
    user: &AuthUser,
    id: RecipeId,
    stars: Option<i32>,
) -> Result<Json<RatingEnvelope>, ApiError> {
    match state.store.set_rating(user.user_id, id, stars).await? {
        RatingOutcome::NotFound => Err(ApiError::NotFound("recipe not found")),
        RatingOutcome::OwnRecipe => Err(ApiError::OwnRecipe),
        RatingOutcome::Rated {
            my_rating,
            count,
            sum,
        } => Ok(Json(RatingEnvelope::new(id.get(), my_rating, count, sum))),
    }
}

/// Rate a published recipe of someone else, 1 to 5 stars (again: changes your rating).
#[utoipa::path(put, path = "/recipes/{id}/rating", tag = "community",
    params(IdPath<RecipeId>),
    request_body = RatingInput,
    security(("bearer" = ["write"])),
    responses(
        (status = 200, description = "Your rating and the recipe's", body = RatingEnvelope),
        (status = 403, description = "`own_recipe`: your own recipe; or `insufficient_scope`: \
            a read-only personal access token", body = crate::error::ErrorBody),
    ))]
async fn rate_recipe(
    State(state): State<AppState>,
    user: AuthUser,
    IdPath(id): IdPath<RecipeId>,
    ApiJson(input): ApiJson<RatingInput>,
) -> Result<Json<RatingEnvelope>, ApiError> {
    let stars = input.parse().map_err(ApiError::Validation)?;
    set_rating(&state, &user, id, Some(stars)).await
}

/// Remove your rating of a recipe (idempotent).
#[utoipa::path(delete, path = "/recipes/{id}/rating", tag = "community",
    params(IdPath<RecipeId>),
    security(("bearer" = ["write"])),
    responses(
        (status = 200, description = "The recipe's ratings without yours", body = RatingEnvelope),
        (status = 403, description = "`own_recipe`: your own recipe; or `insufficient_scope`: \
            a read-only personal access token", body = crate::error::ErrorBody),
    ))]
async fn unrate_recipe(
    State(state): State<AppState>,
    user: AuthUser,
    IdPath(id): IdPath<RecipeId>,
) -> Result<Json<RatingEnvelope>, ApiError> {
    set_rating(&state, &user, id, None).await
}
