//! The answers of the community routes.

use serde::Serialize;
use utoipa::ToSchema;

use crate::http::views::{Outcome, PhotoView, RatingView, SUCCESS, timestamp};
use crate::store::{Comment, FavoriteState};

/// A recipe's favourites after your change.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Favorite)]
pub struct FavoriteView {
    #[schema(minimum = 1, example = 1)]
    pub recipe_id: i64,
    /// Whether it is among your favourites now.
    pub is_favorite: bool,
    /// How many users hold it among their favourites.
    #[schema(minimum = 0, example = 13)]
    pub favorite_count: i64,
}

/// `{"result": "success", "info": favourite}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct FavoriteEnvelope {
    pub result: Outcome,
    pub info: FavoriteView,
}

impl FavoriteEnvelope {
    pub fn new(recipe_id: i64, state: FavoriteState) -> Self {
        Self {
            result: SUCCESS,
            info: FavoriteView {
                recipe_id,
                is_favorite: state.is_favorite,
                favorite_count: state.favorite_count,
            },
        }
    }
}

/// A recipe's ratings after your change.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Rating)]
pub struct RatingChangeView {
    #[schema(minimum = 1, example = 1)]
    pub recipe_id: i64,
    /// Your stars now, or null when you have no rating.
    #[schema(minimum = 1, maximum = 5, example = 4)]
    pub my_rating: Option<i32>,
    /// The recipe's ratings.
    pub rating: RatingView,
}

/// `{"result": "success", "info": rating}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct RatingEnvelope {
    pub result: Outcome,
    pub info: RatingChangeView,
}

impl RatingEnvelope {
    pub fn new(recipe_id: i64, my_rating: Option<i32>, count: i64, sum: i64) -> Self {
        Self {
            result: SUCCESS,
            info: RatingChangeView {
                recipe_id,
                my_rating,
                rating: RatingView::of(count, sum),
            },
        }
    }
}

/// Who wrote a comment.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = CommentAuthor)]
pub struct CommentAuthorView {
    #[schema(minimum = 1, example = 2)]
    pub id: i64,
    #[schema(example = "홍길동")]
    pub username: String,
    /// Their avatar, or null.
    pub avatar: Option<PhotoView>,
}

/// A comment.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Comment)]
pub struct CommentView {
    #[schema(minimum = 1, example = 5)]
    pub id: i64,
    #[schema(minimum = 1, example = 1)]
    pub recipe_id: i64,
    /// Its author; null once they deleted their account (the comment stays, anonymous).
    pub author: Option<CommentAuthorView>,
    /// Plain text: show it as text, never as HTML.
    #[schema(example = "맛있어요! 두부를 더 넣었어요.")]
    pub body: String,
    /// RFC 3339, UTC, whole seconds.
    #[schema(format = DateTime, example = "2026-12-03T12:00:00Z")]
    pub created_at: String,
    /// When its author last changed it (RFC 3339), or null.
    #[schema(format = DateTime, example = json!(null))]
    pub edited_at: Option<String>,
    /// True once its author changed it.
    pub edited: bool,
}

impl From<Comment> for CommentView {
    fn from(comment: Comment) -> Self {
        Self {
            id: comment.id.get(),
            recipe_id: comment.recipe_id.get(),
            author: comment.author.map(|author| CommentAuthorView {
                id: author.id.get(),
                username: author.username,
                avatar: author.avatar.map(PhotoView::from),
            }),
            body: comment.body,
            created_at: timestamp(comment.created_at),
            edited: comment.edited_at.is_some(),
            edited_at: comment.edited_at.map(timestamp),
        }
    }
}

/// `{"result": "success", "info": comment}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct CommentEnvelope {
    pub result: Outcome,
    pub info: CommentView,
}

impl From<Comment> for CommentEnvelope {
    fn from(comment: Comment) -> Self {
        Self {
            result: SUCCESS,
            info: comment.into(),
        }
    }
}

/// `{"result": "success", "count": N, "result_list": [comment…], "next_cursor": …}`, oldest
/// first.
#[derive(Debug, Serialize, ToSchema)]
pub struct CommentList {
    pub result: Outcome,
    /// Comments on this page.
    #[schema(minimum = 0, maximum = 100)]
    pub count: usize,
    pub result_list: Vec<CommentView>,
    /// Pass as `cursor` to get the next page; null on the last page.
    pub next_cursor: Option<String>,
}
