//! `/recipes/{id}/publish`: `PUT` publishes, `DELETE` returns to draft. Owner only; idempotent;
//! `If-Match` as for any change of a recipe. A recipe an administrator hid cannot be published
//! (403 `recipe_hidden`); with `REQUIRE_VERIFIED_EMAIL_TO_PUBLISH`, nor can one of an account
//! whose address is not verified (403 `email_unverified`).

use axum::{extract::State, response::Response};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{
    conditional::{self, IfMatch, Stale},
    ownership::{NOT_FOUND, own_recipe},
};
use crate::http::{
    contract::responses::{OwnerOnly, PublishRefused},
    extract::IdPath,
    views::RecipeEnvelope,
};
use crate::{auth::AuthUser, domain::RecipeId, error::ApiError, state::AppState};

/// The publication route.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(publish_recipe, unpublish_recipe))
}

async fn set_published(
    state: AppState,
    user: AuthUser,
    IdPath(id): IdPath<RecipeId>,
    if_match: IfMatch,
    published: bool,
) -> Result<Response, ApiError> {
    own_recipe(&state, id, &user).await?;
    if published && state.require_verified_email_to_publish {
        let verified = state
            .store
            .find_user(user.user_id)
            .await?
            .is_some_and(|account| account.email_verified);
        if !verified {
            return Err(ApiError::EmailUnverified);
        }
    }
    let recipe = state
        .store
        .set_published(id, user.user_id, published, if_match.tags())
        .await?
        .ok_or(NOT_FOUND)?;
    if published && recipe.hidden_reason.is_some() {
        return Err(ApiError::RecipeHidden);
    }
    conditional::answer(&state, recipe, user.user_id).await
}

/// Publish your recipe: everyone can see it (idempotent).
#[utoipa::path(put, path = "/recipes/{id}/publish", tag = "recipes",
    params(IdPath<RecipeId>, IfMatch),
    security(("bearer" = ["write"])),
    responses(
        (status = 200, description = "Published", body = RecipeEnvelope,
            headers(("ETag" = String, description = "Its version"))),
        PublishRefused,
        Stale,
    ))]
async fn publish_recipe(
    State(state): State<AppState>,
    user: AuthUser,
    path: IdPath<RecipeId>,
    if_match: IfMatch,
) -> Result<Response, ApiError> {
    set_published(state, user, path, if_match, true).await
}

/// Unpublish your recipe: back to a draft only you can see (idempotent).
#[utoipa::path(delete, path = "/recipes/{id}/publish", tag = "recipes",
    params(IdPath<RecipeId>, IfMatch),
    security(("bearer" = ["write"])),
    responses(
        (status = 200, description = "A draft again", body = RecipeEnvelope,
            headers(("ETag" = String, description = "Its version"))),
        OwnerOnly,
        Stale,
    ))]
async fn unpublish_recipe(
    State(state): State<AppState>,
    user: AuthUser,
    path: IdPath<RecipeId>,
    if_match: IfMatch,
) -> Result<Response, ApiError> {
    set_published(state, user, path, if_match, false).await
}
