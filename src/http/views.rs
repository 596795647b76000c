//! Response bodies shared by several routes, in the original app's shapes and key order.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;

use crate::{
    domain::split_lines,
    store::{Listed, Recipe, TagCount, User},
};

/// The value of every success envelope's `result` key.
pub const SUCCESS: &str = "success";

/// A recipe as clients see it: the original's keys, in the original's order.
#[derive(Debug, Serialize)]
pub struct RecipeView {
    pub id: i64,
    /// The owner (null only for ownerless recipes adopted from the original database).
    pub user_id: Option<i64>,
    pub name: String,
    pub description: Option<String>,
    pub num_of_servings: Option<i32>,
    pub cook_time: Option<i32>,
    pub directions: Option<String>,
    /// 1 when published, 0 for a draft (the original's integer flag).
    pub is_publish: u8,
    /// RFC 3339, UTC, whole seconds.
    pub created_at: String,
    /// RFC 3339, UTC, whole seconds.
    pub updated_at: String,
    /// Ingredient lines, in order.
    pub ingredients: Vec<String>,
    /// Tags, sorted.
    pub tags: Vec<String>,
}

/// `2022-06-20T17:25:29Z`.
pub fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

impl From<Recipe> for RecipeView {
    fn from(recipe: Recipe) -> Self {
        Self {
            id: recipe.id,
            user_id: recipe.user_id,
            name: recipe.name,
            description: recipe.description,
            num_of_servings: recipe.num_of_servings,
            cook_time: recipe.cook_time,
            directions: recipe.directions,
            is_publish: u8::from(recipe.is_publish),
            created_at: timestamp(recipe.created_at),
            updated_at: timestamp(recipe.updated_at),
            ingredients: split_lines(recipe.ingredients.as_deref()),
            tags: split_lines(recipe.tags.as_deref()),
        }
    }
}

/// `{"result": "success", "info": recipe}`.
#[derive(Debug, Serialize)]
pub struct RecipeEnvelope {
    pub result: &'static str,
    pub info: RecipeView,
}

impl From<Recipe> for RecipeEnvelope {
    fn from(recipe: Recipe) -> Self {
        Self {
            result: SUCCESS,
            info: recipe.into(),
        }
    }
}

/// `{"result": "success", "count": N, "result_list": [recipe…], "next_cursor": …}`; `count` is
/// this page's size, `next_cursor` null on the last page.
#[derive(Debug, Serialize)]
pub struct RecipeList {
    pub result: &'static str,
    pub count: usize,
    pub result_list: Vec<RecipeView>,
    pub next_cursor: Option<String>,
}

impl RecipeList {
    /// A page of `items`, followed by `next_cursor` when more follows.
    pub fn new(items: Vec<Listed>, next_cursor: Option<String>) -> Self {
        Self {
            result: SUCCESS,
            count: items.len(),
            result_list: items
                .into_iter()
                .map(|item| RecipeView::from(item.recipe))
                .collect(),
            next_cursor,
        }
    }
}

/// `{"result": "success", "count": N, "tags": [{"name": …, "recipe_count": …}…]}`.
#[derive(Debug, Serialize)]
pub struct TagList {
    pub result: &'static str,
    pub count: usize,
    pub tags: Vec<TagView>,
}

/// A tag and how many published recipes carry it.
#[derive(Debug, Serialize)]
pub struct TagView {
    pub name: String,
    pub recipe_count: i64,
}

impl From<Vec<TagCount>> for TagList {
    fn from(tags: Vec<TagCount>) -> Self {
        Self {
            result: SUCCESS,
            count: tags.len(),
            tags: tags
                .into_iter()
                .map(|tag| TagView {
                    name: tag.name,
                    recipe_count: tag.recipe_count,
                })
                .collect(),
        }
    }
}

/// `{"result": "success"}`.
#[derive(Debug, Serialize)]
pub struct Done {
    pub result: &'static str,
}

impl Done {
    /// The bare success envelope.
    pub fn new() -> Self {
        Self { result: SUCCESS }
    }
}

impl Default for Done {
    fn default() -> Self {
        Self::new()
    }
}

/// The caller's own account (never the password hash).
#[derive(Debug, Serialize)]
pub struct AccountView {
    pub id: i64,
    pub username: String,
    pub email: String,
    pub created_at: String,
}

impl From<User> for AccountView {
    fn from(user: User) -> Self {
        Self {
            id: user.id,
            username: user.username,
            email: user.email,
            created_at: timestamp(user.created_at),
        }
    }
}
