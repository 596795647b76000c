//! `/recipes/{id}/cover`: set or remove a recipe's cover photo (owner only; someone else's
//! published recipe is 403, their draft 404). Answers the recipe, as `GET /recipes/{id}` does.

use axum::{
    extract::{DefaultBodyLimit, Multipart, State, multipart::MultipartRejection},
    response::Response,
};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{
    conditional,
    ownership::{NOT_FOUND, own_recipe},
};
use crate::http::{
    contract::responses::{OwnerOnly, PhotoRefusals},
    extract::IdPath,
    upload::{self, CoverForm},
    views::RecipeEnvelope,
};
use crate::{auth::AuthUser, domain::RecipeId, error::ApiError, media::Purpose, state::AppState};

/// Routes under `/recipes/{id}/cover` (the upload reads its own size limit).
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(put_cover, delete_cover))
        .layer(DefaultBodyLimit::disable())
}

/// Set your recipe's cover photo (replacing any).
///
/// A `multipart/form-data` body with the photo in the field `cover` (and optionally `alt`).
/// The type is judged by the content — JPEG, PNG, WebP or GIF (first frame) — never by the file
/// name or its `Content-Type`. The photo is turned upright by its EXIF orientation, converted
/// to sRGB and re-encoded without any metadata (no EXIF, no GPS position) as WebP at widths
/// 320, 800 and 1600 (never wider than the upload) and a JPEG of the largest; `cover_url` is
/// that JPEG. Other fields of the form are ignored.
#[utoipa::path(put, path = "/recipes/{id}/cover", tag = "photos",
    params(IdPath<RecipeId>),
    request_body(content = CoverForm, content_type = "multipart/form-data"),
    security(("bearer" = ["write"])),
    responses(
        (status = 200, description = "The recipe with its new cover", body = RecipeEnvelope,
            headers(("ETag" = String, description = "Its new version"))),
        OwnerOnly,
        PhotoRefusals,
    ))]
async fn put_cover(
    State(state): State<AppState>,
    user: AuthUser,
    IdPath(id): IdPath<RecipeId>,
    form: Result<Multipart, MultipartRejection>,
) -> Result<Response, ApiError> {
    own_recipe(&state, id, &user).await?;
    let form = upload::read_form(form, "cover", state.media.max_bytes()).await?;
    let photo = upload::prepare(&state, form, Purpose::Recipe).await?;
    let saved = state
        .store
        .replace_cover(id, user.user_id, Some(&photo))
        .await;
    let recipe = upload::save(&state, &photo, saved)
        .await?
        .ok_or(NOT_FOUND)?;
    conditional::answer(&state, recipe, user.user_id).await
}

/// Remove your recipe's cover photo (its files go once nothing else uses them).
#[utoipa::path(delete, path = "/recipes/{id}/cover", tag = "photos",
    params(IdPath<RecipeId>),
    security(("bearer" = ["write"])),
    responses(
        (status = 200, description = "The recipe without a cover", body = RecipeEnvelope,
            headers(("ETag" = String, description = "Its new version"))),
        OwnerOnly,
    ))]
async fn delete_cover(
    State(state): State<AppState>,
    user: AuthUser,
    IdPath(id): IdPath<RecipeId>,
) -> Result<Response, ApiError> {
    own_recipe(&state, id, &user).await?;
    let (recipe, removed) = state
        .store
        .replace_cover(id, user.user_id, None)
        .await?
        .ok_or(NOT_FOUND)?;
    state.media.release(&state.store, &removed).await;
    conditional::answer(&state, recipe, user.user_id).await
}
