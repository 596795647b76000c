//! Following authors: `PUT` / `DELETE /users/{id}/follow` (idempotent; not yourself),
//! `GET /users/{id}/followers` and `/users/{id}/following` (newest first, cursor), and
//! `GET /users/me/feed`, the published recipes of the authors you follow, newest first, with
//! the parameters of `GET /recipes`.

use axum::{Json, extract::State, response::Response};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::views::{FollowEnvelope, FollowList as FollowListView, FollowView};
use crate::http::{
    extract::{CursorQuery, IdPath, ListParams, PageQuery},
    paging::{decode_cursor, next_cursor, with_link},
    recipes::answer_signed_in,
    views::{RecipeList, SUCCESS},
};
use crate::{
    auth::AuthUser,
    domain::{ListScope, Page, UserId},
    error::ApiError,
    state::AppState,
    store::FollowList,
};

const NO_USER: ApiError = ApiError::NotFound("user not found");

/// The following routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(follow, unfollow))
        .routes(routes!(list_followers))
        .routes(routes!(list_following))
        .routes(routes!(feed))
}

async fn set_follow(
    state: &AppState,
    user: &AuthUser,
    id: UserId,
    on: bool,
) -> Result<Json<FollowEnvelope>, ApiError> {
    if id == user.user_id {
        return Err(ApiError::OwnAccount);
    }
    let follow = state
        .store
        .set_follow(user.user_id, id, on)
        .await?
        .ok_or(NO_USER)?;
    Ok(Json(FollowEnvelope::new(id.get(), follow)))
}

/// Follow an author: their published recipes come to your feed (idempotent).
#[utoipa::path(put, path = "/users/{id}/follow", tag = "community",
    params(IdPath<UserId>),
    security(("bearer" = ["write"])),
    responses(
        (status = 200, description = "You follow them", body = FollowEnvelope),
        (status = 403, description = "`own_account`: you cannot follow yourself; or \
            `insufficient_scope`: a read-only personal access token", body = crate::error::ErrorBody),
    ))]
async fn follow(
    State(state): State<AppState>,
    user: AuthUser,
    IdPath(id): IdPath<UserId>,
) -> Result<Json<FollowEnvelope>, ApiError> {
    set_follow(&state, &user, id, true).await
}

/// Stop following an author (idempotent).
#[utoipa::path(delete, path = "/users/{id}/follow", tag = "community",
    params(IdPath<UserId>),
    security(("bearer" = ["write"])),
    responses(
        (status = 200, description = "You do not follow them", body = FollowEnvelope),
        (status = 403, description = "`own_account`: you cannot follow yourself; or \
            `insufficient_scope`: a read-only personal access token", body = crate::error::ErrorBody),
    ))]
async fn unfollow(
    State(state): State<AppState>,
    user: AuthUser,
    IdPath(id): IdPath<UserId>,
) -> Result<Json<FollowEnvelope>, ApiError> {
    set_follow(&state, &user, id, false).await
}

/// Answers a page of `id`'s followers or followings.
async fn follow_page(
    state: &AppState,
    id: UserId,
    list: FollowList,
    page: Page,
    cursor: Option<String>,
) -> Result<Response, ApiError> {
    if state.store.find_user(id).await?.is_none() {
        return Err(NO_USER);
    }
    let (name, fingerprint) = match list {
        FollowList::Followers => ("followers", format!("followers:{}", id.get())),
        FollowList::Following => ("following", format!("following:{}", id.get())),
    };
    let after = decode_cursor(state, &fingerprint, cursor)?;
    let offset = if after.is_some() { 0 } else { page.offset() };
    let (entries, more) = state
        .store
        .list_follows(id, list, after, offset, page.limit())
        .await?;
    let last = entries.last().map(|entry| entry.position);
    let next_cursor = next_cursor(state, &fingerprint, last, more);
    let link = next_cursor
        .as_deref()
        .map(|cursor| format!("/users/{id}/{name}?limit={}&cursor={cursor}", page.limit()));
    let body = FollowListView {
        result: SUCCESS,
        count: entries.len(),
        result_list: entries.into_iter().map(FollowView::from).collect(),
        next_cursor,
    };
    Ok(with_link(body, link))
}

/// Who follows a user, most recent first.
#[utoipa::path(get, path = "/users/{id}/followers", tag = "community",
    params(IdPath<UserId>, PageQuery, CursorQuery),
    responses((status = 200, description = "A page of the user's followers", body = FollowListView,
        headers(("Link" = String, description = "`<next page URL>; rel=\"next\"` when more follows")))))]
async fn list_followers(
    State(state): State<AppState>,
    IdPath(id): IdPath<UserId>,
    PageQuery(page): PageQuery,
    CursorQuery(cursor): CursorQuery,
) -> Result<Response, ApiError> {
    follow_page(&state, id, FollowList::Followers, page, cursor).await
}

/// Whom a user follows, most recent first.
#[utoipa::path(get, path = "/users/{id}/following", tag = "community",
    params(IdPath<UserId>, PageQuery, CursorQuery),
    responses((status = 200, description = "A page of the accounts the user follows", body = FollowListView,
        headers(("Link" = String, description = "`<next page URL>; rel=\"next\"` when more follows")))))]
async fn list_following(
    State(state): State<AppState>,
    IdPath(id): IdPath<UserId>,
    PageQuery(page): PageQuery,
    CursorQuery(cursor): CursorQuery,
) -> Result<Response, ApiError> {
    follow_page(&state, id, FollowList::Following, page, cursor).await
}

/// The published recipes of the authors you follow, newest first, with the parameters of
/// `GET /recipes`.
#[utoipa::path(get, path = "/users/me/feed", tag = "community",
    params(ListParams),
    security(("bearer" = ["read"])),
    responses((status = 200, description = "A page of your feed", body = RecipeList,
        headers(("Link" = String, description = "`<next page URL>; rel=\"next\"` when more follows")))))]
async fn feed(
    State(state): State<AppState>,
    user: AuthUser,
    params: ListParams,
) -> Result<Response, ApiError> {
    answer_signed_in(&state, ListScope::Feed(user.user_id), params, user.user_id).await
}
