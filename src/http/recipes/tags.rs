//! `GET /tags?q=&limit=&offset=`: tags carried by published recipes, with how many carry each,
//! most used first. `q` keeps the tags starting with it (normalised like a tag).

use axum::{Json, extract::State};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::http::{
    extract::{PageQuery, TagPrefix},
    layers::PublicReader,
    views::TagList,
};
use crate::{error::ApiError, state::AppState};

/// Tag routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_tags))
}

/// Tags of published recipes, most used first.
#[utoipa::path(get, path = "/tags", tag = "tags",
    params(TagPrefix, PageQuery),
    responses((status = 200, description = "A page of tags", body = TagList)))]
async fn list_tags(
    State(state): State<AppState>,
    TagPrefix(prefix): TagPrefix,
    PageQuery(page): PageQuery,
    reader: PublicReader,
) -> Result<Json<TagList>, ApiError> {
    let prefix = prefix.as_deref();
    let tags = state
        .store
        .public_read(reader.0, |store| async move {
            store.list_tags(prefix, page.limit(), page.offset()).await
        })
        .await?;
    Ok(Json(tags.into()))
}
