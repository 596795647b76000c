//! `GET /recipes/suggest?q=`: what a search box offers while its user types — tags starting
//! with the one word typed so far, then published recipes whose names hold every word typed
//! (the last as a prefix), at most [`SUGGESTIONS`] in all. Public data only, the same for
//! everyone: a credential is not looked at (like the public lists, which ignore one they
//! cannot use); read from a replica when one is fit (see `layers::read_your_writes`).

use axum::{Json, extract::State};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::http::{
    extract::SuggestQuery,
    layers::PublicReader,
    views::{SUCCESS, Suggestion, SuggestionList},
};
use crate::{error::ApiError, state::AppState};

/// Most suggestions in one answer.
pub const SUGGESTIONS: usize = 10;
/// Most of them that are tags.
const TAG_SUGGESTIONS: u64 = 3;

/// Suggestion routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(suggest))
}

/// Suggestions for a search box: tags and recipe names completing what was typed.
#[utoipa::path(get, path = "/recipes/suggest", tag = "recipes",
    params(SuggestQuery),
    security((), ("bearer" = ["read"])),
    responses((status = 200, description = "At most 10 suggestions, none when `q` holds no word",
        body = SuggestionList)))]
async fn suggest(
    State(state): State<AppState>,
    SuggestQuery(search): SuggestQuery,
    reader: PublicReader,
) -> Result<Json<SuggestionList>, ApiError> {
    let Some(search) = search else {
        return Ok(Json(SuggestionList {
            result: SUCCESS,
            suggestions: Vec::new(),
        }));
    };
    let search = &search;
    let (tags, recipes) = state
        .store
        .public_read(reader.0, |store| async move {
            // A tag completes the word being typed when it is the only word.
            let tags = match search.typed() {
                Some(typed) if search.terms().len() == 1 => {
                    store
                        .list_tags(Some(&typed.text), TAG_SUGGESTIONS, 0)
                        .await?
                }
                _ => Vec::new(),
            };
            let recipes = store
                .suggest_recipes(search, SUGGESTIONS - tags.len())
                .await?;
            Ok((tags, recipes))
        })
        .await?;
    let suggestions = tags
        .into_iter()
        .map(|tag| Suggestion::Tag {
            text: tag.name,
            recipe_count: tag.recipe_count,
        })
        .chain(recipes.into_iter().map(|recipe| Suggestion::Recipe {
            text: recipe.name,
            id: recipe.id,
        }))
        .collect();
    Ok(Json(SuggestionList {
        result: SUCCESS,
        suggestions,
    }))
}
