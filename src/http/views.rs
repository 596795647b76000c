//! Response bodies shared by several routes, in the original app's shapes and key order. Each
//! derives its OpenAPI schema, so the document describes exactly what is serialized.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::{
    domain::{UserId, split_lines},
    store::{Listed, Recipe, TagCount, User},
};

/// The `result` key of every success envelope: always `"success"`.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// The request succeeded.
    Success,
}

/// The value of every success envelope's `result` key.
pub const SUCCESS: Outcome = Outcome::Success;

/// A recipe as clients see it: the original's keys, in the original's order, then
/// `ingredients` and `tags`.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Recipe)]
pub struct RecipeView {
    /// The recipe's id.
    #[schema(minimum = 1, example = 1)]
    pub id: i64,
    /// The owner (null only for ownerless recipes adopted from the original database).
    #[schema(minimum = 1, example = 1)]
    pub user_id: Option<i64>,
    /// Trimmed name.
    #[schema(example = "김치찌개")]
    pub name: String,
    /// Free text.
    #[schema(example = "Spicy kimchi stew")]
    pub description: Option<String>,
    /// People served.
    #[schema(minimum = 1, maximum = 1000, example = 2)]
    pub num_of_servings: Option<i32>,
    /// Minutes.
    #[schema(minimum = 0, maximum = 10080, example = 30)]
    pub cook_time: Option<i32>,
    /// Free text.
    #[schema(example = "1. Fry the kimchi. 2. Add water and tofu. 3. Simmer.")]
    pub directions: Option<String>,
    /// 1 when published, 0 for a draft (the original's integer flag).
    #[schema(minimum = 0, maximum = 1, example = 0)]
    pub is_publish: u8,
    /// RFC 3339, UTC, whole seconds.
    #[schema(format = DateTime, example = "2026-11-26T12:00:00Z")]
    pub created_at: String,
    /// RFC 3339, UTC, whole seconds.
    #[schema(format = DateTime, example = "2026-11-26T12:00:00Z")]
    pub updated_at: String,
    /// Ingredient lines, in order.
    #[schema(example = json!(["kimchi 200g", "pork belly 150g", "tofu 1/2 block"]))]
    pub ingredients: Vec<String>,
    /// Tags (normalised: lower case, single spaces), sorted.
    #[schema(example = json!(["korean", "stew"]))]
    pub tags: Vec<String>,
}

/// `2022-06-20T17:25:29Z`.
pub fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

impl From<Recipe> for RecipeView {
    fn from(recipe: Recipe) -> Self {
        Self {
            id: recipe.id.get(),
            user_id: recipe.user_id.map(UserId::get),
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
#[derive(Debug, Serialize, ToSchema)]
pub struct RecipeEnvelope {
    pub result: Outcome,
    /// The recipe.
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
#[derive(Debug, Serialize, ToSchema)]
pub struct RecipeList {
    pub result: Outcome,
    /// Recipes on this page.
    #[schema(minimum = 0, maximum = 100)]
    pub count: usize,
    /// The page.
    pub result_list: Vec<RecipeView>,
    /// Pass as `cursor` to get the next page; null on the last page.
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
#[derive(Debug, Serialize, ToSchema)]
pub struct TagList {
    pub result: Outcome,
    /// Tags on this page.
    #[schema(minimum = 0, maximum = 100)]
    pub count: usize,
    /// Most used first.
    pub tags: Vec<TagView>,
}

/// A tag and how many published recipes carry it.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Tag)]
pub struct TagView {
    /// The normalised tag.
    #[schema(example = "korean")]
    pub name: String,
    /// Published recipes carrying it.
    #[schema(minimum = 0, example = 12)]
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
#[derive(Debug, Serialize, ToSchema)]
pub struct Done {
    pub result: Outcome,
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
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Account)]
pub struct AccountView {
    /// The user's id.
    #[schema(minimum = 1, example = 1)]
    pub id: i64,
    /// Display name.
    #[schema(example = "홍길동")]
    pub username: String,
    /// Lower-cased email address.
    #[schema(example = "hong@example.com")]
    pub email: String,
    /// RFC 3339, UTC, whole seconds.
    #[schema(format = DateTime, example = "2026-11-26T12:00:00Z")]
    pub created_at: String,
}

impl From<User> for AccountView {
    fn from(user: User) -> Self {
        Self {
            id: user.id.get(),
            username: user.username,
            email: user.email,
            created_at: timestamp(user.created_at),
        }
    }
}
