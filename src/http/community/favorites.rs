//! Favourites: `PUT` / `DELETE /recipes/{id}/favorite` (idempotent) and
//! `GET /users/me/favorites`, the recipes you hold among your favourites that you can see, with
//! the parameters of `GET /recipes`.

use axum::{Json, extract::State, response::Response};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::views::FavoriteEnvelope;
use crate::http::{
    extract::IdPath, extract::ListParams, recipes::answer_signed_in, views::RecipeList,
};
use crate::{
    auth::AuthUser,
    domain::{ListScope, RecipeId},
    error::ApiError,
    state::AppState,
};

/// The answer for a recipe that is not there or not visible to the caller.
const NOT_FOUND: ApiError = ApiError::NotFound("recipe not found");

/// The favourites routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(add_favorite, remove_favorite))
        .routes(routes!(list_favorites))
}

async fn set_favorite(
    state: &AppState,
    user: &AuthUser,
    id: RecipeId,
    on: bool,
) -> Result<Json<FavoriteEnvelope>, ApiError> {
    let favorite = state
        .store
        .set_favorite(user.user_id, id, on)
        .await?
        .ok_or(NOT_FOUND)?;
    Ok(Json(FavoriteEnvelope::new(id.get(), favorite)))
}

/// Add a recipe to your favourites (idempotent): a published recipe, or your own draft.
#[utoipa::path(put, path = "/recipes/{id}/favorite", tag = "community",
    params(IdPath<RecipeId>),
    security(("bearer" = ["write"])),
    responses((status = 200, description = "Among your favourites", body = FavoriteEnvelope)))]
async fn add_favorite(
    State(state): State<AppState>,
    user: AuthUser,
    IdPath(id): IdPath<RecipeId>,
) -> Result<Json<FavoriteEnvelope>, ApiError> {
    set_favorite(&state, &user, id, true).await
}

/// Remove a recipe from your favourites (idempotent).
#[utoipa::path(delete, path = "/recipes/{id}/favorite", tag = "community",
    params(IdPath<RecipeId>),
    security(("bearer" = ["write"])),
    responses((status = 200, description = "Not among your favourites", body = FavoriteEnvelope)))]
async fn remove_favorite(
    State(state): State<AppState>,
    user: AuthUser,
    IdPath(id): IdPath<RecipeId>,
) -> Result<Json<FavoriteEnvelope>, ApiError> {
    set_favorite(&state, &user, id, false).await
}

/// Your favourite recipes that you can see (published ones, and your own drafts), with the
/// parameters of `GET /recipes`.
#[utoipa::path(get, path = "/users/me/favorites", tag = "community",
    params(ListParams),
    security(("bearer" = ["read"])),
    responses((status = 200, description = "A page of your favourites", body = RecipeList,
        headers(("Link" = String, description = "`<next page URL>; rel=\"next\"` when more follows")))))]
async fn list_favorites(
    State(state): State<AppState>,
    user: AuthUser,
    params: ListParams,
) -> Result<Response, ApiError> {
    let scope = ListScope::Favorites(user.user_id);
    answer_signed_in(&state, scope, params, user.user_id).await
}
