//! `/users/avatar`: set or remove your avatar. Answers your account, as `GET /users/me` does.

use axum::{
    Json,
    extract::{DefaultBodyLimit, Multipart, State, multipart::MultipartRejection},
};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::http::{
    contract::responses::PhotoRefusals,
    upload::{self, AvatarForm},
    views::AccountEnvelope,
};
use crate::{auth::AuthUser, error::ApiError, media::Purpose, state::AppState};

/// The answer when the caller's account was deleted while the request ran.
const NO_USER: ApiError = ApiError::AccountGone;

/// Routes under `/users/avatar` (the upload reads its own size limit).
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(put_avatar, delete_avatar))
        .layer(DefaultBodyLimit::disable())
}

/// Set your avatar (replacing any).
///
/// A `multipart/form-data` body with the picture in the field `avatar`, checked and processed
/// as a recipe's cover is (see `PUT /recipes/{id}/cover`), then cropped to a centred square:
/// WebP at 96, 256 and 512 pixels (never larger than the upload) and a JPEG of the largest,
/// which `avatar_url` names.
#[utoipa::path(put, path = "/users/avatar", tag = "photos",
    request_body(content = AvatarForm, content_type = "multipart/form-data"),
    security(("bearer" = ["write"])),
    responses(
        (status = 200, description = "Your account with its new avatar", body = AccountEnvelope),
        PhotoRefusals,
    ))]
async fn put_avatar(
    State(state): State<AppState>,
    user: AuthUser,
    form: Result<Multipart, MultipartRejection>,
) -> Result<Json<AccountEnvelope>, ApiError> {
    let form = upload::read_form(form, "avatar", state.media.max_bytes()).await?;
    let photo = upload::prepare(&state, form, Purpose::Avatar).await?;
    let saved = state.store.set_avatar(user.user_id, Some(&photo)).await;
    let account = upload::save(&state, &photo, saved).await?.ok_or(NO_USER)?;
    Ok(Json(account.into()))
}

/// Remove your avatar.
#[utoipa::path(delete, path = "/users/avatar", tag = "photos",
    security(("bearer" = ["write"])),
    responses((status = 200, description = "Your account without an avatar", body = AccountEnvelope)))]
async fn delete_avatar(
    State(state): State<AppState>,
    user: AuthUser,
) -> Result<Json<AccountEnvelope>, ApiError> {
    let (account, removed) = state
        .store
        .set_avatar(user.user_id, None)
        .await?
        .ok_or(NO_USER)?;
    state.media.release(&state.store, &removed).await;
    Ok(Json(account.into()))
}
