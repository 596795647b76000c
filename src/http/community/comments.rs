//! Comments: `GET /recipes/{id}/comments` (oldest first, cursor), `POST /recipes/{id}/comments`
//! `{"body"}` (plain text, rate-limited per account), `PATCH /comments/{id}` (its author,
//! within 15 minutes; marked edited) and `DELETE /comments/{id}` (its author, or the recipe's
//! owner, who moderates their recipe's thread).

use axum::{
    Json,
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::views::{CommentEnvelope, CommentList, CommentView};
use crate::http::layers::within_limit;
use crate::http::{
    extract::{ApiJson, CursorQuery, IdPath, PageQuery},
    paging::{decode_cursor, next_cursor, with_link},
    views::{Done, SUCCESS},
};
use crate::{
    auth::AuthUser,
    domain::{CommentId, CommentInput, RecipeId},
    error::ApiError,
    state::AppState,
    store::{CommentDeletion, CommentEdit},
};

const RECIPE_NOT_FOUND: ApiError = ApiError::NotFound("recipe not found");
const COMMENT_NOT_FOUND: ApiError = ApiError::NotFound("comment not found");

/// The comment routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_comments, post_comment))
        .routes(routes!(edit_comment, delete_comment))
}

/// Names a recipe's thread in its cursors, so a cursor of one thread is refused by another.
fn fingerprint(recipe: RecipeId) -> String {
    format!("comments:{}", recipe.get())
}

/// A recipe's comments, oldest first: a published recipe's for everyone, a draft's only for
/// its owner.
#[utoipa::path(get, path = "/recipes/{id}/comments", tag = "community",
    params(IdPath<RecipeId>, PageQuery, CursorQuery),
    security((), ("bearer" = ["read"])),
    responses((status = 200, description = "A page of the recipe's comments", body = CommentList,
        headers(("Link" = String, description = "`<next page URL>; rel=\"next\"` when more follows")))))]
async fn list_comments(
    State(state): State<AppState>,
    user: Option<AuthUser>,
    IdPath(id): IdPath<RecipeId>,
    PageQuery(page): PageQuery,
    CursorQuery(cursor): CursorQuery,
) -> Result<Response, ApiError> {
    let after = decode_cursor(&state, &fingerprint(id), cursor)?;
    let offset = if after.is_some() { 0 } else { page.offset() };
    let (comments, more) = state
        .store
        .list_comments(user.map(|u| u.user_id), id, after, offset, page.limit())
        .await?
        .ok_or(RECIPE_NOT_FOUND)?;
    let last = comments.last().map(|comment| comment.id.get());
    let next_cursor = next_cursor(&state, &fingerprint(id), last, more);
    let link = next_cursor.as_deref().map(|cursor| {
        format!(
            "/recipes/{id}/comments?limit={}&cursor={cursor}",
            page.limit()
        )
    });
    let body = CommentList {
        result: SUCCESS,
        count: comments.len(),
        result_list: comments.into_iter().map(CommentView::from).collect(),
        next_cursor,
    };
    Ok(with_link(body, link))
}

/// Comment on a published recipe (or your own draft).
#[utoipa::path(post, path = "/recipes/{id}/comments", tag = "community",
    params(IdPath<RecipeId>),
    request_body = CommentInput,
    security(("bearer" = ["write"])),
    responses((status = 201, description = "Posted", body = CommentEnvelope)))]
async fn post_comment(
    State(state): State<AppState>,
    user: AuthUser,
    IdPath(id): IdPath<RecipeId>,
    ApiJson(input): ApiJson<CommentInput>,
) -> Result<Response, ApiError> {
    let body = input.parse().map_err(ApiError::Validation)?;
    within_limit(&state.limits.comments_per_account, &user.user_id.get()).await?;
    let comment = state
        .store
        .add_comment(user.user_id, id, &body)
        .await?
        .ok_or(RECIPE_NOT_FOUND)?;
    Ok((StatusCode::CREATED, Json(CommentEnvelope::from(comment))).into_response())
}

/// Change your comment, within 15 minutes of posting it (it is then marked edited).
#[utoipa::path(patch, path = "/comments/{id}", tag = "community",
    params(IdPath<CommentId>),
    request_body = CommentInput,
    security(("bearer" = ["write"])),
    responses(
        (status = 200, description = "The changed comment", body = CommentEnvelope),
        (status = 403, description = "`forbidden`: someone else's comment; \
            `edit_window_closed`: posted more than 15 minutes ago; or `insufficient_scope`: a \
            read-only personal access token", body = crate::error::ErrorBody),
    ))]
async fn edit_comment(
    State(state): State<AppState>,
    user: AuthUser,
    IdPath(id): IdPath<CommentId>,
    ApiJson(input): ApiJson<CommentInput>,
) -> Result<Json<CommentEnvelope>, ApiError> {
    let body = input.parse().map_err(ApiError::Validation)?;
    within_limit(&state.limits.comments_per_account, &user.user_id.get()).await?;
    match state.store.edit_comment(user.user_id, id, &body).await? {
        CommentEdit::NotFound => Err(COMMENT_NOT_FOUND),
        CommentEdit::NotAuthor => Err(ApiError::Forbidden),
        CommentEdit::TooLate => Err(ApiError::EditWindowClosed),
        CommentEdit::Edited(comment) => Ok(Json((*comment).into())),
    }
}

/// Delete a comment: your own, or any on your recipe.
#[utoipa::path(delete, path = "/comments/{id}", tag = "community",
    params(IdPath<CommentId>),
    security(("bearer" = ["write"])),
    responses(
        (status = 200, description = "Deleted", body = Done),
        (status = 403, description = "`forbidden`: someone else's comment on someone else's \
            recipe; or `insufficient_scope`: a read-only personal access token",
            body = crate::error::ErrorBody),
    ))]
async fn delete_comment(
    State(state): State<AppState>,
    user: AuthUser,
    IdPath(id): IdPath<CommentId>,
) -> Result<Json<Done>, ApiError> {
    match state.store.delete_comment(user.user_id, id).await? {
        CommentDeletion::NotFound => Err(COMMENT_NOT_FOUND),
        CommentDeletion::Forbidden => Err(ApiError::Forbidden),
        CommentDeletion::Deleted => Ok(Json(Done::new())),
    }
}
