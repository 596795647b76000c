//! `/recipes/{id}/images*`: a recipe's gallery — add a photo, change its alt text, delete it,
//! reorder them (owner only; someone else's published recipe is 403, their draft 404). At most
//! 20 photos per recipe.

use axum::{
    Json,
    extract::{DefaultBodyLimit, Multipart, State, multipart::MultipartRejection},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{
    conditional,
    ownership::{NOT_FOUND, own_recipe},
};
use crate::http::{
    contract::responses::{ChangedGallery, FullGallery, OwnerOnly, PhotoRefusals},
    extract::{ApiJson, IdPath, ImagePath},
    upload::{self, ImageForm},
    views::{PhotoEnvelope, RecipeEnvelope},
};
use crate::{
    auth::AuthUser,
    domain::{AltInput, ImageOrderInput, RecipeId, parse_alt, parse_order},
    error::ApiError,
    media::Purpose,
    state::AppState,
    store::GalleryChange,
};

/// The answer for a photo that is not in the recipe's gallery.
const NO_PHOTO: ApiError = ApiError::NotFound("photo not found");

/// Routes under `/recipes/{id}/images` (the upload reads its own size limit).
pub fn router() -> OpenApiRouter<AppState> {
    let upload = OpenApiRouter::new()
        .routes(routes!(add_image))
        .layer(DefaultBodyLimit::disable());
    OpenApiRouter::new()
        .merge(upload)
        .routes(routes!(order_images))
        .routes(routes!(change_image, delete_image))
}

/// Add a photo to your recipe's gallery (at the end).
///
/// A `multipart/form-data` body with the photo in the field `image` and, optionally, its alt
/// text in `alt`. Checked and processed as the cover is (see `PUT /recipes/{id}/cover`).
#[utoipa::path(post, path = "/recipes/{id}/images", tag = "photos",
    params(IdPath<RecipeId>),
    request_body(content = ImageForm, content_type = "multipart/form-data"),
    security(("bearer" = ["write"])),
    responses(
        (status = 201, description = "The new photo", body = PhotoEnvelope),
        OwnerOnly,
        FullGallery,
        PhotoRefusals,
    ))]
async fn add_image(
    State(state): State<AppState>,
    user: AuthUser,
    IdPath(id): IdPath<RecipeId>,
    form: Result<Multipart, MultipartRejection>,
) -> Result<Response, ApiError> {
    own_recipe(&state, id, &user).await?;
    let form = upload::read_form(form, "image", state.media.max_bytes()).await?;
    let photo = upload::prepare(&state, form, Purpose::Recipe).await?;
    let saved = state
        .store
        .add_gallery_photo(id, user.user_id, &photo)
        .await;
    let outcome = match saved {
        Ok(GalleryChange::Done((_, added))) => Ok(added),
        Ok(other) => Err(refusal(other)),
        Err(err) => Err(err.into()),
    };
    if outcome.is_err() {
        state.media.abandon(&state.store, &photo.files).await;
    }
    let added = outcome?;
    Ok((StatusCode::CREATED, Json(PhotoEnvelope::from(added))).into_response())
}

/// Change a photo's alt text (null or blank removes it).
#[utoipa::path(patch, path = "/recipes/{id}/images/{image_id}", tag = "photos",
    params(ImagePath),
    request_body = AltInput,
    security(("bearer" = ["write"])),
    responses(
        (status = 200, description = "The photo", body = PhotoEnvelope),
        OwnerOnly,
    ))]
async fn change_image(
    State(state): State<AppState>,
    user: AuthUser,
    ImagePath(id, image): ImagePath,
    ApiJson(input): ApiJson<AltInput>,
) -> Result<Json<PhotoEnvelope>, ApiError> {
    own_recipe(&state, id, &user).await?;
    let alt = parse_alt(input.alt.as_deref()).map_err(ApiError::Validation)?;
    match state
        .store
        .set_gallery_alt(id, user.user_id, image, alt.as_deref())
        .await?
    {
        GalleryChange::Done((_, photo)) => Ok(Json(PhotoEnvelope::from(photo))),
        other => Err(refusal(other)),
    }
}

/// Delete a photo from your recipe's gallery (its files go once nothing else uses them).
#[utoipa::path(delete, path = "/recipes/{id}/images/{image_id}", tag = "photos",
    params(ImagePath),
    security(("bearer" = ["write"])),
    responses(
        (status = 200, description = "The recipe without the photo", body = RecipeEnvelope,
            headers(("ETag" = String, description = "Its new version"))),
        OwnerOnly,
    ))]
async fn delete_image(
    State(state): State<AppState>,
    user: AuthUser,
    ImagePath(id, image): ImagePath,
) -> Result<Response, ApiError> {
    own_recipe(&state, id, &user).await?;
    match state
        .store
        .delete_gallery_photo(id, user.user_id, image)
        .await?
    {
        GalleryChange::Done((recipe, removed)) => {
            state.media.release(&state.store, &removed).await;
            conditional::answer(&state, recipe, user.user_id).await
        }
        other => Err(refusal(other)),
    }
}

/// Put your recipe's gallery in a new order: `order` lists every photo's id once.
#[utoipa::path(put, path = "/recipes/{id}/images/order", tag = "photos",
    params(IdPath<RecipeId>),
    request_body = ImageOrderInput,
    security(("bearer" = ["write"])),
    responses(
        (status = 200, description = "The recipe with its gallery in the new order",
            body = RecipeEnvelope,
            headers(("ETag" = String, description = "Its new version"))),
        OwnerOnly,
        ChangedGallery,
    ))]
async fn order_images(
    State(state): State<AppState>,
    user: AuthUser,
    IdPath(id): IdPath<RecipeId>,
    ApiJson(input): ApiJson<ImageOrderInput>,
) -> Result<Response, ApiError> {
    own_recipe(&state, id, &user).await?;
    let order = parse_order(&input).map_err(ApiError::Validation)?;
    match state
        .store
        .reorder_gallery(id, user.user_id, &order)
        .await?
    {
        GalleryChange::Done(recipe) => conditional::answer(&state, recipe, user.user_id).await,
        other => Err(refusal(other)),
    }
}

/// The error of a gallery change that did not happen.
fn refusal<T>(outcome: GalleryChange<T>) -> ApiError {
    match outcome {
        GalleryChange::NoRecipe | GalleryChange::Done(_) => NOT_FOUND,
        GalleryChange::NoPhoto => NO_PHOTO,
        GalleryChange::Full => ApiError::GalleryFull,
        GalleryChange::WrongOrder => ApiError::GalleryChanged,
    }
}
