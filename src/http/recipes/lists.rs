//! The shared answer of every recipe list route: parse the list parameters, run the list, and
//! answer the page with `next_cursor` and a `Link: <…>; rel="next"` header when more follows.

use std::collections::HashMap;

use axum::{
    Json,
    http::{HeaderValue, header},
    response::{IntoResponse, Response},
};

use crate::http::{extract::ListParams, layers::PublicReader, views::RecipeList};
use crate::{
    domain::{
        ListRequest, ListScope, Position, Ranking, RecipeId, ScoreMark, Sort, SortKey, UserId,
    },
    error::ApiError,
    state::AppState,
    store::Listed,
};

/// Answers one page of the recipes of `scope`, to `viewer` (signed in: with their favourites
/// and ratings marked). A list of published recipes only, read by `reader` without a viewer,
/// may be read from a replica.
pub async fn answer(
    state: &AppState,
    scope: ListScope,
    params: ListParams,
    viewer: Option<UserId>,
    reader: PublicReader,
) -> Result<Response, ApiError> {
    let request =
        ListRequest::parse(&params.pairs, &scope, &state.cursors).map_err(ApiError::Validation)?;
    let published_only = matches!(scope, ListScope::Published | ListScope::Author(_));
    let replica_ok = reader.0 && published_only && viewer.is_none();
    let request = &request;
    let window = state.search_rank_window;
    let page = state
        .store
        .public_read(replica_ok, |store| async move {
            store.list_recipes(scope, request, window).await
        })
        .await?;
    let next_cursor = page.more.then(|| page.items.last()).flatten().map(|last| {
        let position = position_of(request.sort, last, page.ranking, page.mark);
        request.next_cursor(&state.cursors, &position)
    });
    let marks = match viewer {
        Some(viewer) if !page.items.is_empty() => {
            let ids: Vec<RecipeId> = page.items.iter().map(|item| item.recipe.id).collect();
            Some(state.store.viewer_marks(viewer, &ids).await?)
        }
        Some(_) => Some(HashMap::new()),
        None => None,
    };
    let link = next_cursor
        .as_deref()
        .map(|cursor| next_link(&params, cursor));
    let body = Json(RecipeList::new(page.items, next_cursor, marks.as_ref()));
    Ok(
        match link.and_then(|link| HeaderValue::from_str(&link).ok()) {
            Some(link) => ([(header::LINK, link)], body).into_response(),
            None => body.into_response(),
        },
    )
}

/// Answers one page of the recipes of `scope` to the signed-in `user` (read on the primary).
pub async fn answer_signed_in(
    state: &AppState,
    scope: ListScope,
    params: ListParams,
    user: UserId,
) -> Result<Response, ApiError> {
    answer(state, scope, params, Some(user), PublicReader(false)).await
}

/// The position just after `last` in a list sorted by `sort` (`ranking`: the ranked part of a
/// relevance search, counted through this page).
fn position_of(
    sort: Sort,
    last: &Listed,
    ranking: Option<Ranking>,
    mark: Option<ScoreMark>,
) -> Position {
    let recipe = &last.recipe;
    let key = match sort {
        Sort::Newest | Sort::Oldest => SortKey::Id,
        Sort::CookTime => SortKey::CookTime(recipe.cook_time),
        Sort::Name => SortKey::Name(recipe.name.clone()),
        Sort::Popular | Sort::Rating => SortKey::Score {
            value: last.score.unwrap_or_default(),
            mark: mark.unwrap_or(ScoreMark { change: 0, at: 0 }),
        },
        Sort::Relevance => {
            let ranking = ranking.unwrap_or(Ranking {
                ceiling: recipe.id.get(),
                floor: None,
                ranked: 0,
            });
            SortKey::Rank {
                ranking,
                past_ranked: last.rank.is_none(),
            }
        }
    };
    Position {
        id: recipe.id.get(),
        key,
    }
}

/// `<path?same parameters&cursor=…>; rel="next"`, without `offset` or the old `cursor`.
fn next_link(params: &ListParams, cursor: &str) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    for (key, value) in &params.pairs {
        if key != "cursor" && key != "offset" {
            query.append_pair(key, value);
        }
    }
    query.append_pair("cursor", cursor);
    format!("<{}?{}>; rel=\"next\"", params.path, query.finish())
}
