//! `GET /tags?q=&limit=&offset=`: tags carried by published recipes, with how many carry each,
//! most used first. `q` keeps the tags starting with it (normalised like a tag).

use axum::{Json, Router, extract::State, routing::get};

use super::{extract::PageQuery, views::TagList};
use crate::{domain::normalize_tag, error::ApiError, state::AppState};

/// Tag routes.
pub fn router() -> Router<AppState> {
    Router::new().route("/tags", get(list))
}

async fn list(
    State(state): State<AppState>,
    PageQuery(page): PageQuery,
    axum::extract::Query(params): axum::extract::Query<TagParams>,
) -> Result<Json<TagList>, ApiError> {
    let prefix = match params.q.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(raw) => Some(normalize_tag(raw).map_err(|message| ApiError::field("q", message))?),
    };
    let tags = state
        .store
        .list_tags(prefix.as_deref(), page.limit(), page.offset())
        .await?;
    Ok(Json(tags.into()))
}

#[derive(Debug, serde::Deserialize)]
struct TagParams {
    q: Option<String>,
}
