//! The answers of the community routes.

use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::UserId;
use crate::http::views::{Outcome, PhotoView, RatingView, SUCCESS, timestamp};
use crate::store::{Collection, Comment, FavoriteState, FollowEntry, FollowState};

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

/// Whether you follow an account after your change, and its followers.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Follow)]
pub struct FollowStateView {
    #[schema(minimum = 1, example = 2)]
    pub user_id: i64,
    /// Whether you follow them now.
    pub following: bool,
    /// How many users follow them.
    #[schema(minimum = 0, example = 10)]
    pub follower_count: i64,
}

/// `{"result": "success", "info": follow}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct FollowEnvelope {
    pub result: Outcome,
    pub info: FollowStateView,
}

impl FollowEnvelope {
    pub fn new(user_id: i64, state: FollowState) -> Self {
        Self {
            result: SUCCESS,
            info: FollowStateView {
                user_id,
                following: state.following,
                follower_count: state.follower_count,
            },
        }
    }
}

/// An account in a list of followers or followings.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = FollowedUser)]
pub struct FollowView {
    #[schema(minimum = 1, example = 2)]
    pub id: i64,
    #[schema(example = "홍길동")]
    pub username: String,
    /// The avatar's largest JPEG (a square), or null.
    pub avatar_url: Option<String>,
}

impl From<FollowEntry> for FollowView {
    fn from(entry: FollowEntry) -> Self {
        Self {
            id: entry.id.get(),
            username: entry.username,
            avatar_url: entry.avatar.map(|avatar| avatar.url),
        }
    }
}

/// `{"result": "success", "count": N, "result_list": [user…], "next_cursor": …}`, most recent
/// first.
#[derive(Debug, Serialize, ToSchema)]
pub struct FollowList {
    pub result: Outcome,
    /// Accounts on this page.
    #[schema(minimum = 0, maximum = 100)]
    pub count: usize,
    pub result_list: Vec<FollowView>,
    /// Pass as `cursor` to get the next page; null on the last page.
    pub next_cursor: Option<String>,
}

/// A collection as a reader sees it; its owner also sees `share_key`.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Collection)]
pub struct CollectionView {
    #[schema(minimum = 1, example = 3)]
    pub id: i64,
    /// Its owner.
    #[schema(minimum = 1, example = 1)]
    pub user_id: i64,
    #[schema(example = "Weeknight dinners")]
    pub name: String,
    pub description: Option<String>,
    /// `public`, `unlisted` or `private`.
    #[schema(example = "unlisted")]
    pub visibility: &'static str,
    /// How many of its recipes you can see.
    #[schema(minimum = 0, example = 12)]
    pub recipe_count: i64,
    /// RFC 3339, UTC, whole seconds.
    #[schema(format = DateTime, example = "2026-12-03T12:00:00Z")]
    pub created_at: String,
    /// RFC 3339, UTC, whole seconds.
    #[schema(format = DateTime, example = "2026-12-03T12:00:00Z")]
    pub updated_at: String,
    /// Only for its owner: the key that opens it when unlisted (`?key=`); a new one (PATCH
    /// `new_share_key`) revokes every link given out.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "l8Ww2Zt4m3Q0VYfJ2d6Qn1x9kX0y7b5c3a1e9g7i5k3")]
    pub share_key: Option<String>,
}

impl CollectionView {
    /// `collection` as `viewer` sees it, holding `recipe_count` recipes they can see.
    pub fn new(collection: Collection, recipe_count: i64, viewer: Option<UserId>) -> Self {
        let is_owner = viewer == Some(collection.owner);
        Self {
            id: collection.id.get(),
            user_id: collection.owner.get(),
            name: collection.name,
            description: collection.description,
            visibility: collection.visibility.as_str(),
            recipe_count,
            created_at: timestamp(collection.created_at),
            updated_at: timestamp(collection.updated_at),
            share_key: is_owner.then_some(collection.share_key),
        }
    }
}

/// `{"result": "success", "info": collection}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct CollectionEnvelope {
    pub result: Outcome,
    pub info: CollectionView,
}

/// `{"result": "success", "count": N, "result_list": [collection…], "next_cursor": …}`, newest
/// first.
#[derive(Debug, Serialize, ToSchema)]
pub struct CollectionList {
    pub result: Outcome,
    #[schema(minimum = 0, maximum = 100)]
    pub count: usize,
    pub result_list: Vec<CollectionView>,
    /// Pass as `cursor` to get the next page; null on the last page.
    pub next_cursor: Option<String>,
}
