//! `/recipes` and `/recipes/{id}`: list, create, read, replace, patch, delete, and "my recipes".
//!
//! Visibility rules: a published recipe is visible to everyone, a draft only to its owner
//! (others get 404, so its existence is not revealed). Changing another user's published recipe
//! is 403; another user's draft is 404. Answers that carry a recipe carry its `ETag`, and
//! changes honour `If-Match` (see `conditional`).

use axum::{
    Json,
    extract::State,
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{
    conditional::{self, IfMatch, IfNoneMatch, Stale},
    lists,
    ownership::{NOT_FOUND, own_recipe},
};
use crate::http::{
    contract::responses::OwnerOnly,
    extract::{ApiJson, CookingQuery, IdPath, ListParams, OwnRecipesQuery},
    layers::PublicReader,
    schema_org::{self, JsonLdRecipe, PublicOrigin},
    views::{Cooking, Done, RecipeEnvelope, RecipeList, RecipeView, SUCCESS},
};
use crate::{
    auth::{AuthUser, IfSignedIn},
    domain::{ListScope, RecipeChanges, RecipeFields, RecipeId, RecipeInput, RecipePatchInput},
    error::ApiError,
    read_cache::Key,
    state::AppState,
    store::ViewerMarks,
};

/// Routes under `/recipes` (publication lives in `publish`).
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_recipes, create_recipe))
        .routes(routes!(list_my_recipes))
        .routes(routes!(
            get_recipe,
            replace_recipe,
            patch_recipe,
            delete_recipe
        ))
}

/// Published recipes: search, filter, sort, page.
///
/// Every answer has `next_cursor` (null on the last page) and, when more follows, a `Link`
/// header to the next page.
#[utoipa::path(get, path = "/recipes", tag = "recipes",
    params(ListParams),
    security((), ("bearer" = ["read"])),
    responses((status = 200, description = "A page of published recipes", body = RecipeList,
        headers(("Link" = String, description = "`<next page URL>; rel=\"next\"` when more follows")))))]
async fn list_recipes(
    State(state): State<AppState>,
    viewer: IfSignedIn,
    reader: PublicReader,
    params: ListParams,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    // Pages reached without a cursor, read anonymously, may come from the read cache.
    let cached = reader.0 && viewer.0.is_none() && !params.pairs.iter().any(|(k, _)| k == "cursor");
    if !cached {
        return lists::answer(&state, ListScope::Published, params, viewer.id(), reader).await;
    }
    let key = Key::List(params.query().into());
    if let Some(entry) = state.read_cache.get(&key) {
        return Ok(conditional::from_cache(&entry, &headers));
    }
    let ticket = state.read_cache.ticket();
    let response = lists::answer(&state, ListScope::Published, params, None, reader).await?;
    Ok(state.read_cache.keep(key, ticket, response).await)
}

/// Your recipes, drafts included (or only one kind, by `visibility`), with the parameters of
/// `GET /recipes`.
#[utoipa::path(get, path = "/recipes/me", tag = "recipes",
    params(OwnRecipesQuery, ListParams),
    security(("bearer" = ["read"])),
    responses((status = 200, description = "A page of your recipes", body = RecipeList,
        headers(("Link" = String, description = "`<next page URL>; rel=\"next\"` when more follows")))))]
async fn list_my_recipes(
    State(state): State<AppState>,
    user: AuthUser,
    OwnRecipesQuery(filter): OwnRecipesQuery,
    params: ListParams,
) -> Result<Response, ApiError> {
    let scope = ListScope::Own(user.user_id, filter);
    lists::answer_signed_in(&state, scope, params, user.user_id).await
}

/// Create a recipe, as a draft (publish it with `PUT /recipes/{id}/publish`).
#[utoipa::path(post, path = "/recipes", tag = "recipes",
    request_body = RecipeInput,
    security(("bearer" = ["write"])),
    responses((status = 201, description = "Created (a draft)", body = RecipeEnvelope,
        headers(("Location" = String, description = "`/recipes/{id}` of the new recipe"),
            ("ETag" = String, description = "Its version")))))]
async fn create_recipe(
    State(state): State<AppState>,
    user: AuthUser,
    ApiJson(input): ApiJson<RecipeInput>,
) -> Result<Response, ApiError> {
    let fields = RecipeFields::parse(input).map_err(ApiError::Validation)?;
    let recipe = state.store.insert_recipe(user.user_id, &fields).await?;
    let location = format!("/recipes/{}", recipe.id);
    // Nobody has voted on a new recipe yet, its author included.
    let marks = Some(ViewerMarks::default());
    let tag = conditional::tag_of(&recipe, marks);
    let envelope = RecipeEnvelope {
        result: SUCCESS,
        info: RecipeView::from(recipe).marked(marks),
    };
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location), (header::ETAG, tag)],
        Json(envelope),
    )
        .into_response())
}

/// A published recipe, or your own draft.
///
/// Without a credential only published recipes are visible; a draft of someone else is 404.
/// With `Accept: application/ld+json` (preferred to `application/json`), the answer is the
/// recipe as a schema.org `Recipe` in JSON-LD, with absolute addresses, under the same rules.
#[utoipa::path(get, path = "/recipes/{id}", tag = "recipes",
    params(IdPath<RecipeId>, CookingQuery, IfNoneMatch),
    security((), ("bearer" = ["read"])),
    responses(
        (status = 200, description = "The recipe (JSON-LD when preferred by `Accept`)",
            content(
                (RecipeEnvelope = "application/json"),
                (JsonLdRecipe = "application/ld+json"),
            ),
            headers(
                ("ETag" = String, description = "Its version, for `If-None-Match` and `If-Match` (JSON only)"),
                ("Vary" = String, description = "`Accept`: the representation depends on it"),
            )),
        (status = 304, description = "`If-None-Match` names the current version: your copy is current",
            headers(("ETag" = String, description = "Its version"))),
        (status = 422, description = "`servings_unknown`: `?servings=` asks to scale a recipe \
            that does not say how many it makes", body = crate::error::ErrorBody),
    ))]
async fn get_recipe(
    State(state): State<AppState>,
    user: Option<AuthUser>,
    IdPath(id): IdPath<RecipeId>,
    CookingQuery(cooking): CookingQuery,
    origin: PublicOrigin,
    reader: PublicReader,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    // An anonymous reader sees only published recipes, which a replica may serve, and the JSON
    // answer as it is stored may come from the read cache.
    let anonymous = reader.0 && user.is_none();
    let cached = anonymous && cooking == Cooking::default() && !schema_org::wants_json_ld(&headers);
    let key = Key::Recipe(id.get());
    if cached && let Some(entry) = state.read_cache.get(&key) {
        return Ok(conditional::from_cache(&entry, &headers));
    }
    let ticket = state.read_cache.ticket();
    let recipe = state
        .store
        .public_read(
            anonymous,
            |store| async move { store.find_recipe(id).await },
        )
        .await?
        .ok_or(NOT_FOUND)?;
    let is_owner = user
        .as_ref()
        .is_some_and(|u| Some(u.user_id) == recipe.user_id);
    if !recipe.is_publish && !is_owner {
        return Err(NOT_FOUND);
    }
    let vary = (header::VARY, HeaderValue::from_static("Accept"));
    if schema_org::wants_json_ld(&headers) {
        let document = schema_org::of_recipe(&state, &recipe, &origin, cooking).await?;
        let content_type = (
            header::CONTENT_TYPE,
            HeaderValue::from_static(schema_org::JSON_LD),
        );
        return Ok(([content_type, vary], Json(document)).into_response());
    }
    let viewer = user.map(|user| user.user_id);
    let marks = conditional::viewer_marks(&state, &recipe, viewer).await?;
    let mut response = conditional::answer_cooked(recipe, cooking, marks, Some(&headers))?;
    response.headers_mut().append(vary.0, vary.1);
    if cached {
        response = state.read_cache.keep(key, ticket, response).await;
    }
    Ok(response)
}

/// Replace your recipe's fields (absent optional fields become null; absent ingredients and
/// tags stay).
#[utoipa::path(put, path = "/recipes/{id}", tag = "recipes",
    params(IdPath<RecipeId>, IfMatch),
    request_body = RecipeInput,
    security(("bearer" = ["write"])),
    responses(
        (status = 200, description = "The changed recipe", body = RecipeEnvelope,
            headers(("ETag" = String, description = "Its new version"))),
        OwnerOnly,
        Stale,
    ))]
async fn replace_recipe(
    State(state): State<AppState>,
    user: AuthUser,
    IdPath(id): IdPath<RecipeId>,
    if_match: IfMatch,
    ApiJson(input): ApiJson<RecipeInput>,
) -> Result<Response, ApiError> {
    own_recipe(&state, id, &user).await?;
    let fields = RecipeFields::parse(input).map_err(ApiError::Validation)?;
    change_recipe(&state, &user, id, &if_match, fields.into()).await
}

/// Change only the fields present in the body.
#[utoipa::path(patch, path = "/recipes/{id}", tag = "recipes",
    params(IdPath<RecipeId>, IfMatch),
    request_body = RecipePatchInput,
    security(("bearer" = ["write"])),
    responses(
        (status = 200, description = "The changed recipe", body = RecipeEnvelope,
            headers(("ETag" = String, description = "Its new version"))),
        OwnerOnly,
        Stale,
    ))]
async fn patch_recipe(
    State(state): State<AppState>,
    user: AuthUser,
    IdPath(id): IdPath<RecipeId>,
    if_match: IfMatch,
    ApiJson(input): ApiJson<RecipePatchInput>,
) -> Result<Response, ApiError> {
    own_recipe(&state, id, &user).await?;
    let changes = RecipeChanges::parse(input).map_err(ApiError::Validation)?;
    change_recipe(&state, &user, id, &if_match, changes).await
}

/// Applies `changes` to `user`'s recipe `id` (under `if_match`) and answers the recipe.
async fn change_recipe(
    state: &AppState,
    user: &AuthUser,
    id: RecipeId,
    if_match: &IfMatch,
    changes: RecipeChanges,
) -> Result<Response, ApiError> {
    let recipe = state
        .store
        .update_recipe(id, user.user_id, &changes, if_match.tags())
        .await?
        .ok_or(NOT_FOUND)?;
    conditional::answer(state, recipe, user.user_id).await
}

/// Delete your recipe.
#[utoipa::path(delete, path = "/recipes/{id}", tag = "recipes",
    params(IdPath<RecipeId>, IfMatch),
    security(("bearer" = ["write"])),
    responses(
        (status = 200, description = "Deleted", body = Done),
        OwnerOnly,
        Stale,
    ))]
async fn delete_recipe(
    State(state): State<AppState>,
    user: AuthUser,
    IdPath(id): IdPath<RecipeId>,
    if_match: IfMatch,
) -> Result<Json<Done>, ApiError> {
    own_recipe(&state, id, &user).await?;
    let files = state.store.recipe_photo_files(id).await?;
    if !state
        .store
        .delete_recipe(id, user.user_id, if_match.tags())
        .await?
    {
        return Err(NOT_FOUND);
    }
    state.media.release(&state.store, &files).await;
    Ok(Json(Done::new()))
}
