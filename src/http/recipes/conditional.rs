//! Entity tags of recipes: every answer that carries a recipe carries its `ETag`; a read with
//! `If-None-Match` naming the current tag is 304 without a body; a change with `If-Match`
//! happens only if the recipe is still at one of the named versions, else 412
//! `precondition_failed` and nothing changes (no lost updates between two editors).
//! Requests without these headers behave as before (the original's clients send none).

use std::collections::BTreeMap;

use axum::{
    Json,
    extract::FromRequestParts,
    http::{HeaderMap, HeaderValue, StatusCode, header, request::Parts},
    response::{IntoResponse, Response},
};
use utoipa::{
    IntoParams, IntoResponses,
    openapi::{
        Content, ObjectBuilder, Ref, RefOr, ResponseBuilder, Type,
        path::{Parameter, ParameterBuilder, ParameterIn},
        response::Response as ApiResponse,
    },
};

use crate::domain::split_lines;
use crate::http::views::{Cooking, RecipeEnvelope, RecipeView, SUCCESS, Scaling};
use crate::{
    domain::{EntityTags, UserId, etag, stamp},
    error::ApiError,
    read_cache::Entry,
    state::AppState,
    store::{Recipe, ViewerMarks},
};

/// The `If-Match` of a request, if it has one.
#[derive(Debug, Clone)]
pub struct IfMatch(pub Option<EntityTags>);

impl<S: Send + Sync> FromRequestParts<S> for IfMatch {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(IfMatch(
            joined(&parts.headers, header::IF_MATCH).map(|v| EntityTags::parse(&v)),
        ))
    }
}

impl IfMatch {
    /// The tags, for the store.
    pub fn tags(&self) -> Option<&EntityTags> {
        self.0.as_ref()
    }
}

/// All values of header `name`, joined as one list; unreadable values name no tag.
fn joined(headers: &HeaderMap, name: header::HeaderName) -> Option<String> {
    let values: Vec<&str> = headers
        .get_all(name)
        .iter()
        .map(|v| v.to_str().unwrap_or("\"\""))
        .collect();
    (!values.is_empty()).then(|| values.join(","))
}

/// The answer of a change of `recipe` by `viewer`: 200 with the recipe, marked with the
/// viewer's favourite and rating, and its `ETag`.
pub async fn answer(
    state: &AppState,
    recipe: Recipe,
    viewer: UserId,
) -> Result<Response, ApiError> {
    let marks = viewer_marks(state, &recipe, Some(viewer)).await?;
    answer_cooked(recipe, Cooking::default(), marks, None)
}

/// What `viewer` (if signed in) did to `recipe`.
pub async fn viewer_marks(
    state: &AppState,
    recipe: &Recipe,
    viewer: Option<UserId>,
) -> Result<Option<ViewerMarks>, ApiError> {
    Ok(match viewer {
        Some(viewer) => Some(
            state
                .store
                .viewer_marks(viewer, &[recipe.id])
                .await?
                .remove(&recipe.id)
                .unwrap_or_default(),
        ),
        None => None,
    })
}

/// The entity tag of the answer carrying `recipe` with `marks` (see `domain::entity_tags`).
pub fn tag_of(recipe: &Recipe, marks: Option<ViewerMarks>) -> String {
    let community = &recipe.community;
    let (favorite, stars) = match marks {
        Some(marks) => (
            i64::from(marks.is_favorite),
            marks.my_rating.map_or(0, i64::from),
        ),
        None => (-1, -1),
    };
    etag(
        recipe.version,
        stamp(&[
            community.favorite_count,
            community.rating_count,
            community.rating_sum,
            community.comment_count,
            favorite,
            stars,
        ]),
    )
}

/// The answer of a read of `recipe` for `cooking`'s servings and units (see [`Scaling::of`]),
/// with a signed-in caller's `marks`: 200 with its `ETag`, or 304 when `if_none_match` names
/// it.
pub fn answer_cooked(
    recipe: Recipe,
    cooking: Cooking,
    marks: Option<ViewerMarks>,
    if_none_match: Option<&HeaderMap>,
) -> Result<Response, ApiError> {
    // Checked before the version: a copy of the recipe does not make a bad request good.
    let lines = split_lines(recipe.ingredients.as_deref());
    let scaling = Scaling::of(&recipe, &lines, cooking)?;
    let current = tag_of(&recipe, marks);
    let tag = HeaderValue::from_str(&current).expect("a tag is a header value");
    let unchanged = if_none_match
        .and_then(|headers| joined(headers, header::IF_NONE_MATCH))
        .is_some_and(|value| EntityTags::names_weakly(&value, &current));
    if unchanged {
        return Ok((StatusCode::NOT_MODIFIED, [(header::ETAG, tag)]).into_response());
    }
    let envelope = RecipeEnvelope {
        result: SUCCESS,
        info: RecipeView::scaled(recipe, lines, &scaling).marked(marks),
    };
    Ok(([(header::ETAG, tag)], Json(envelope)).into_response())
}

/// A kept answer of the read cache to a request with `headers`: 304 when its `If-None-Match`
/// names the kept `ETag`, else the answer itself.
pub fn from_cache(entry: &Entry, headers: &HeaderMap) -> Response {
    let tag = entry.etag().filter(|tag| {
        let current = tag.to_str().unwrap_or_default();
        joined(headers, header::IF_NONE_MATCH)
            .is_some_and(|value| EntityTags::names_weakly(&value, current))
    });
    match tag {
        Some(tag) => (StatusCode::NOT_MODIFIED, [(header::ETAG, tag.clone())]).into_response(),
        None => entry.response(),
    }
}

fn header_param(name: &str, description: &str) -> Parameter {
    ParameterBuilder::new()
        .name(name)
        .parameter_in(ParameterIn::Header)
        .description(Some(description))
        .schema(Some(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .examples([serde_json::json!("\"v3\"")]),
        ))
        .build()
}

/// `If-Match` in the document.
impl IntoParams for IfMatch {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        vec![header_param(
            "If-Match",
            "Change the recipe only if it is still at this version: the `ETag` of your last \
             read (or `*`). Otherwise 412 and nothing changes.",
        )]
    }
}

/// `If-None-Match` in the document (read from the headers by `answer`).
pub struct IfNoneMatch;

impl IntoParams for IfNoneMatch {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        vec![header_param(
            "If-None-Match",
            "The `ETag` of your copy: 304 without a body if the recipe is still at that version.",
        )]
    }
}

/// The 412 of the routes that change a recipe: `responses(..., Stale)`.
pub struct Stale;

impl IntoResponses for Stale {
    fn responses() -> BTreeMap<String, RefOr<ApiResponse>> {
        let response = ResponseBuilder::new()
            .description(
                "`precondition_failed`: `If-Match` names none of the recipe's current version \
                 (it changed since you read it); nothing was changed",
            )
            .content(
                "application/json",
                Content::new(Some(Ref::from_schema_name("Error"))),
            )
            .build();
        BTreeMap::from([("412".to_owned(), response.into())])
    }
}
