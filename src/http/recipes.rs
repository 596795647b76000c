//! `/recipes` and `/recipes/{id}`: list, create, read, replace, patch, delete, and "my recipes".
//!
//! Visibility rules: a published recipe is visible to everyone, a draft only to its owner
//! (others get 404, so its existence is not revealed). Changing another user's published recipe
//! is 403; another user's draft is 404.

use axum::{
    Json, Router,
    extract::State,
    http::{StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
};

use super::{
    extract::{ApiJson, IdPath, ListParams, OwnRecipesQuery},
    lists,
    views::{Done, RecipeEnvelope},
};
use crate::{
    auth::AuthUser,
    domain::{RecipeChanges, RecipeFields, RecipeId, RecipeInput, RecipePatchInput},
    error::ApiError,
    state::AppState,
    store::{Recipe, Visibility},
};

/// Routes under `/recipes` (publication lives in `publish`).
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/recipes", get(list_published).post(create))
        .route("/recipes/me", get(list_mine))
        .route(
            "/recipes/{id}",
            get(read).put(replace).patch(patch).delete(remove),
        )
}

const NOT_FOUND: ApiError = ApiError::NotFound("recipe not found");

/// Loads recipe `id` for a change by `user`: their own recipe, or 403 for somebody else's
/// published recipe, or 404 for somebody else's draft or a missing one.
pub(super) async fn own_recipe(
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

/// `GET /recipes`: published recipes, searched, filtered, sorted and paged as described in
/// `domain::listing`.
async fn list_published(
    State(state): State<AppState>,
    params: ListParams,
) -> Result<Response, ApiError> {
    lists::answer(&state, Visibility::Published, "public", params).await
}

/// `GET /recipes/me?visibility=all|published|draft`: the caller's recipes (default: drafts
/// included), with the same parameters as `GET /recipes`.
async fn list_mine(
    State(state): State<AppState>,
    user: AuthUser,
    OwnRecipesQuery(filter): OwnRecipesQuery,
    params: ListParams,
) -> Result<Response, ApiError> {
    let scope = format!("me:{}:{filter:?}", user.user_id);
    let visibility = Visibility::OwnedBy(user.user_id, filter);
    lists::answer(&state, visibility, &scope, params).await
}

/// `POST /recipes`: creates a draft; 201 with `Location`.
async fn create(
    State(state): State<AppState>,
    user: AuthUser,
    ApiJson(input): ApiJson<RecipeInput>,
) -> Result<Response, ApiError> {
    let fields = RecipeFields::parse(input).map_err(ApiError::Validation)?;
    let recipe = state.store.insert_recipe(user.user_id, &fields).await?;
    let location = format!("/recipes/{}", recipe.id);
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(RecipeEnvelope::from(recipe)),
    )
        .into_response())
}

/// `GET /recipes/{id}`: a published recipe, or the caller's own draft.
async fn read(
    State(state): State<AppState>,
    user: Option<AuthUser>,
    IdPath(id): IdPath<RecipeId>,
) -> Result<Json<RecipeEnvelope>, ApiError> {
    let recipe = state.store.find_recipe(id).await?.ok_or(NOT_FOUND)?;
    let is_owner = user.is_some_and(|u| Some(u.user_id) == recipe.user_id);
    if !recipe.is_publish && !is_owner {
        return Err(NOT_FOUND);
    }
    Ok(Json(recipe.into()))
}

/// `PUT /recipes/{id}`: replaces every editable field (absent optional fields become null).
async fn replace(
    State(state): State<AppState>,
    user: AuthUser,
    IdPath(id): IdPath<RecipeId>,
    ApiJson(input): ApiJson<RecipeInput>,
) -> Result<Json<RecipeEnvelope>, ApiError> {
    own_recipe(&state, id, &user).await?;
    let fields = RecipeFields::parse(input).map_err(ApiError::Validation)?;
    let recipe = state
        .store
        .replace_recipe(id, user.user_id, &fields)
        .await?
        .ok_or(NOT_FOUND)?;
    Ok(Json(recipe.into()))
}

/// `PATCH /recipes/{id}`: changes only the fields present in the body.
async fn patch(
    State(state): State<AppState>,
    user: AuthUser,
    IdPath(id): IdPath<RecipeId>,
    ApiJson(input): ApiJson<RecipePatchInput>,
) -> Result<Json<RecipeEnvelope>, ApiError> {
    own_recipe(&state, id, &user).await?;
    let changes = RecipeChanges::parse(input).map_err(ApiError::Validation)?;
    let recipe = state
        .store
        .update_recipe(id, user.user_id, &changes)
        .await?
        .ok_or(NOT_FOUND)?;
    Ok(Json(recipe.into()))
}

/// `DELETE /recipes/{id}`.
async fn remove(
    State(state): State<AppState>,
    user: AuthUser,
    IdPath(id): IdPath<RecipeId>,
) -> Result<Json<Done>, ApiError> {
    own_recipe(&state, id, &user).await?;
    if !state.store.delete_recipe(id, user.user_id).await? {
        return Err(NOT_FOUND);
    }
    Ok(Json(Done::new()))
}
