//! Collections: `POST /collections`, `GET` / `PATCH` / `DELETE /collections/{id}`,
//! `GET /collections/{id}/recipes` (in the collection's order), `PUT` / `DELETE
//! /collections/{id}/recipes/{recipe_id}`, `GET /users/{id}/collections` (public ones) and
//! `GET /users/me/collections` (all yours).
//!
//! A collection nobody may read is 404 (its existence is not revealed): a private one to
//! anyone but its owner, an unlisted one without its share key (`?key=`). Changing someone
//! else's collection you can read is 403. Whatever a collection holds, others see only its
//! published recipes; another user's draft can never be added.

use axum::{
    Json,
    extract::State,
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::views::{CollectionEnvelope, CollectionList, CollectionView};
use crate::http::{
    extract::{ApiJson, CollectionRecipePath, CursorQuery, IdPath, PageQuery, ShareKeyQuery},
    paging::{decode_cursor, next_cursor, with_link},
    views::{Done, RecipeList, SUCCESS},
};
use crate::{
    auth::{AuthUser, IfSignedIn},
    domain::{
        CollectionChanges, CollectionFields, CollectionId, CollectionInput, CollectionPatchInput,
        Page, RecipeId, UserId, may_read, share_key_matches,
    },
    error::ApiError,
    state::AppState,
    store::{Collection, CollectionAdd, Listed},
};

const NOT_FOUND: ApiError = ApiError::NotFound("collection not found");

/// The collection routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_collection))
        .routes(routes!(
            get_collection,
            update_collection,
            delete_collection
        ))
        .routes(routes!(list_collection_recipes))
        .routes(routes!(add_recipe, remove_recipe))
        .routes(routes!(list_user_collections))
        .routes(routes!(list_my_collections))
}

/// Collection `id` if `viewer` may read it (with `key`), else 404.
async fn readable(
    state: &AppState,
    id: CollectionId,
    viewer: Option<UserId>,
    key: Option<&str>,
) -> Result<Collection, ApiError> {
    let collection = state.store.find_collection(id).await?.ok_or(NOT_FOUND)?;
    let is_owner = viewer == Some(collection.owner);
    let key_given = share_key_matches(&collection.share_key, key);
    if may_read(collection.visibility, is_owner, key_given) {
        Ok(collection)
    } else {
        Err(NOT_FOUND)
    }
}

/// Collection `id` for a change by `user`: theirs, 403 for one they may only read, else 404.
async fn own(
    state: &AppState,
    id: CollectionId,
    user: &AuthUser,
    key: Option<&str>,
) -> Result<Collection, ApiError> {
    let collection = readable(state, id, Some(user.user_id), key).await?;
    if collection.owner == user.user_id {
        Ok(collection)
    } else {
        Err(ApiError::Forbidden)
    }
}

/// The answer carrying `collection` as `viewer` sees it.
async fn envelope(
    state: &AppState,
    collection: Collection,
    viewer: Option<UserId>,
) -> Result<CollectionEnvelope, ApiError> {
    let sizes = state
        .store
        .collection_sizes(std::slice::from_ref(&collection), viewer)
        .await?;
    let size = sizes.get(&collection.id).copied().unwrap_or(0);
    Ok(CollectionEnvelope {
        result: SUCCESS,
        info: CollectionView::new(collection, size, viewer),
    })
}

/// Create a collection (private unless you say otherwise).
#[utoipa::path(post, path = "/collections", tag = "collections",
    request_body = CollectionInput,
    security(("bearer" = ["write"])),
    responses(
        (status = 201, description = "Created", body = CollectionEnvelope,
            headers(("Location" = String, description = "`/collections/{id}`"))),
        (status = 409, description = "`too_many_collections`: you have the most collections \
            allowed (500)", body = crate::error::ErrorBody),
    ))]
async fn create_collection(
    State(state): State<AppState>,
    user: AuthUser,
    ApiJson(input): ApiJson<CollectionInput>,
) -> Result<Response, ApiError> {
    let fields = CollectionFields::parse(input).map_err(ApiError::Validation)?;
    let collection = state
        .store
        .create_collection(user.user_id, &fields)
        .await?
        .ok_or(ApiError::TooManyCollections)?;
    let location = format!("/collections/{}", collection.id);
    let body = envelope(&state, collection, Some(user.user_id)).await?;
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(body),
    )
        .into_response())
}

/// A collection: public ones for anyone, unlisted ones with their `key`, yours always (with
/// its `share_key`).
#[utoipa::path(get, path = "/collections/{id}", tag = "collections",
    params(IdPath<CollectionId>, ShareKeyQuery),
    security((), ("bearer" = ["read"])),
    responses((status = 200, description = "The collection", body = CollectionEnvelope)))]
async fn get_collection(
    State(state): State<AppState>,
    viewer: IfSignedIn,
    IdPath(id): IdPath<CollectionId>,
    ShareKeyQuery(key): ShareKeyQuery,
) -> Result<Json<CollectionEnvelope>, ApiError> {
    let collection = readable(&state, id, viewer.id(), key.as_deref()).await?;
    Ok(Json(envelope(&state, collection, viewer.id()).await?))
}

/// Change your collection: name, description, visibility, or a new share key (every link
/// given out stops working).
#[utoipa::path(patch, path = "/collections/{id}", tag = "collections",
    params(IdPath<CollectionId>, ShareKeyQuery),
    request_body = CollectionPatchInput,
    security(("bearer" = ["write"])),
    responses(
        (status = 200, description = "The changed collection", body = CollectionEnvelope),
        (status = 403, description = "`forbidden`: someone else's collection; or \
            `insufficient_scope`: a read-only personal access token", body = crate::error::ErrorBody),
    ))]
async fn update_collection(
    State(state): State<AppState>,
    user: AuthUser,
    IdPath(id): IdPath<CollectionId>,
    ShareKeyQuery(key): ShareKeyQuery,
    ApiJson(input): ApiJson<CollectionPatchInput>,
) -> Result<Json<CollectionEnvelope>, ApiError> {
    own(&state, id, &user, key.as_deref()).await?;
    let changes = CollectionChanges::parse(input).map_err(ApiError::Validation)?;
    let collection = if changes.is_empty() {
        state.store.find_collection(id).await?
    } else {
        state
            .store
            .update_collection(id, user.user_id, &changes)
            .await?
    }
    .ok_or(NOT_FOUND)?;
    Ok(Json(
        envelope(&state, collection, Some(user.user_id)).await?,
    ))
}

/// Delete your collection (its recipes stay).
#[utoipa::path(delete, path = "/collections/{id}", tag = "collections",
    params(IdPath<CollectionId>, ShareKeyQuery),
    security(("bearer" = ["write"])),
    responses(
        (status = 200, description = "Deleted", body = Done),
        (status = 403, description = "`forbidden`: someone else's collection; or \
            `insufficient_scope`: a read-only personal access token", body = crate::error::ErrorBody),
    ))]
async fn delete_collection(
    State(state): State<AppState>,
    user: AuthUser,
    IdPath(id): IdPath<CollectionId>,
    ShareKeyQuery(key): ShareKeyQuery,
) -> Result<Json<Done>, ApiError> {
    own(&state, id, &user, key.as_deref()).await?;
    if !state.store.delete_collection(id, user.user_id).await? {
        return Err(NOT_FOUND);
    }
    Ok(Json(Done::new()))
}

/// Names a collection's list in its cursors.
fn fingerprint(id: CollectionId) -> String {
    format!("collection:{}", id.get())
}

/// A collection's recipes, in its order: the published ones (yours: every one you can see).
#[utoipa::path(get, path = "/collections/{id}/recipes", tag = "collections",
    params(IdPath<CollectionId>, ShareKeyQuery, PageQuery, CursorQuery),
    security((), ("bearer" = ["read"])),
    responses((status = 200, description = "A page of the collection's recipes", body = RecipeList,
        headers(("Link" = String, description = "`<next page URL>; rel=\"next\"` when more follows")))))]
async fn list_collection_recipes(
    State(state): State<AppState>,
    viewer: IfSignedIn,
    IdPath(id): IdPath<CollectionId>,
    ShareKeyQuery(key): ShareKeyQuery,
    PageQuery(page): PageQuery,
    CursorQuery(cursor): CursorQuery,
) -> Result<Response, ApiError> {
    let collection = readable(&state, id, viewer.id(), key.as_deref()).await?;
    let after = decode_cursor(&state, &fingerprint(id), cursor)?;
    let (items, more) = state
        .store
        .collection_recipes(&collection, viewer.id(), after, page.offset(), page.limit())
        .await?;
    let last = items.last().map(|(position, _)| *position);
    let next_cursor = next_cursor(&state, &fingerprint(id), last, more);
    let marks = match viewer.id() {
        Some(viewer) => {
            let ids: Vec<RecipeId> = items.iter().map(|(_, recipe)| recipe.id).collect();
            Some(state.store.viewer_marks(viewer, &ids).await?)
        }
        None => None,
    };
    let link = next_cursor.as_deref().map(|cursor| {
        let mut query = form_urlencoded::Serializer::new(String::new());
        if let Some(key) = &key {
            query.append_pair("key", key);
        }
        query.append_pair("limit", &page.limit().to_string());
        query.append_pair("cursor", cursor);
        format!("/collections/{id}/recipes?{}", query.finish())
    });
    let listed = items
        .into_iter()
        .map(|(_, recipe)| Listed {
            recipe,
            rank: None,
            score: None,
        })
        .collect();
    Ok(with_link(
        RecipeList::new(listed, next_cursor, marks.as_ref()),
        link,
    ))
}

/// Add a recipe to your collection, at the end (idempotent): a published recipe, or your own
/// draft (shown to you alone).
#[utoipa::path(put, path = "/collections/{id}/recipes/{recipe_id}", tag = "collections",
    params(CollectionRecipePath),
    security(("bearer" = ["write"])),
    responses(
        (status = 200, description = "The collection", body = CollectionEnvelope),
        (status = 403, description = "`forbidden`: someone else's collection; or \
            `insufficient_scope`: a read-only personal access token", body = crate::error::ErrorBody),
        (status = 409, description = "`collection_full`: the collection holds the most recipes \
            allowed (1000)", body = crate::error::ErrorBody),
    ))]
async fn add_recipe(
    State(state): State<AppState>,
    user: AuthUser,
    CollectionRecipePath(id, recipe): CollectionRecipePath,
) -> Result<Json<CollectionEnvelope>, ApiError> {
    let collection = own(&state, id, &user, None).await?;
    match state
        .store
        .add_to_collection(id, user.user_id, recipe)
        .await?
    {
        CollectionAdd::NoCollection => Err(NOT_FOUND),
        CollectionAdd::NoRecipe => Err(ApiError::NotFound("recipe not found")),
        CollectionAdd::Full => Err(ApiError::CollectionFull),
        CollectionAdd::Done => Ok(Json(
            envelope(&state, collection, Some(user.user_id)).await?,
        )),
    }
}

/// Remove a recipe from your collection (idempotent).
#[utoipa::path(delete, path = "/collections/{id}/recipes/{recipe_id}", tag = "collections",
    params(CollectionRecipePath),
    security(("bearer" = ["write"])),
    responses(
        (status = 200, description = "The collection", body = CollectionEnvelope),
        (status = 403, description = "`forbidden`: someone else's collection; or \
            `insufficient_scope`: a read-only personal access token", body = crate::error::ErrorBody),
    ))]
async fn remove_recipe(
    State(state): State<AppState>,
    user: AuthUser,
    CollectionRecipePath(id, recipe): CollectionRecipePath,
) -> Result<Json<CollectionEnvelope>, ApiError> {
    let collection = own(&state, id, &user, None).await?;
    if !state
        .store
        .remove_from_collection(id, user.user_id, recipe)
        .await?
    {
        return Err(NOT_FOUND);
    }
    Ok(Json(
        envelope(&state, collection, Some(user.user_id)).await?,
    ))
}

/// Answers a page of `owner`'s collections (`only_public`: theirs as others see them).
async fn collection_page(
    state: &AppState,
    owner: UserId,
    only_public: bool,
    viewer: Option<UserId>,
    page: Page,
    cursor: Option<String>,
    path: &str,
) -> Result<Response, ApiError> {
    let fingerprint = format!("collections:{}:{only_public}", owner.get());
    let after = decode_cursor(state, &fingerprint, cursor)?;
    let (collections, more) = state
        .store
        .list_collections(owner, only_public, after, page.offset(), page.limit())
        .await?;
    let sizes = state.store.collection_sizes(&collections, viewer).await?;
    let last = collections.last().map(|collection| collection.id.get());
    let next_cursor = next_cursor(state, &fingerprint, last, more);
    let link = next_cursor
        .as_deref()
        .map(|cursor| format!("{path}?limit={}&cursor={cursor}", page.limit()));
    let body = CollectionList {
        result: SUCCESS,
        count: collections.len(),
        result_list: collections
            .into_iter()
            .map(|collection| {
                let size = sizes.get(&collection.id).copied().unwrap_or(0);
                CollectionView::new(collection, size, viewer)
            })
            .collect(),
        next_cursor,
    };
    Ok(with_link(body, link))
}

/// A user's public collections, newest first.
#[utoipa::path(get, path = "/users/{id}/collections", tag = "collections",
    params(IdPath<UserId>, PageQuery, CursorQuery),
    security((), ("bearer" = ["read"])),
    responses((status = 200, description = "A page of the user's public collections", body = CollectionList,
        headers(("Link" = String, description = "`<next page URL>; rel=\"next\"` when more follows")))))]
async fn list_user_collections(
    State(state): State<AppState>,
    viewer: IfSignedIn,
    IdPath(id): IdPath<UserId>,
    PageQuery(page): PageQuery,
    CursorQuery(cursor): CursorQuery,
) -> Result<Response, ApiError> {
    if state.store.find_user(id).await?.is_none() {
        return Err(ApiError::NotFound("user not found"));
    }
    let path = format!("/users/{id}/collections");
    collection_page(&state, id, true, viewer.id(), page, cursor, &path).await
}

/// Your collections, every visibility, newest first.
#[utoipa::path(get, path = "/users/me/collections", tag = "collections",
    params(PageQuery, CursorQuery),
    security(("bearer" = ["read"])),
    responses((status = 200, description = "A page of your collections", body = CollectionList,
        headers(("Link" = String, description = "`<next page URL>; rel=\"next\"` when more follows")))))]
async fn list_my_collections(
    State(state): State<AppState>,
    user: AuthUser,
    PageQuery(page): PageQuery,
    CursorQuery(cursor): CursorQuery,
) -> Result<Response, ApiError> {
    let me = user.user_id;
    collection_page(
        &state,
        me,
        false,
        Some(me),
        page,
        cursor,
        "/users/me/collections",
    )
    .await
}
