//! Response bodies shared by several routes, in the original app's shapes and key order.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;

use crate::store::{Recipe, User};

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

/// `{"result": "success", "count": N, "result_list": [recipe…]}`; `count` is this page's size.
#[derive(Debug, Serialize)]
pub struct RecipeList {
    pub result: &'static str,
    pub count: usize,
    pub result_list: Vec<RecipeView>,
}

impl From<Vec<Recipe>> for RecipeList {
    fn from(recipes: Vec<Recipe>) -> Self {
        Self {
            result: SUCCESS,
            count: recipes.len(),
            result_list: recipes.into_iter().map(RecipeView::from).collect(),
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
