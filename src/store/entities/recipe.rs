//! The `recipe` table: recipes, drafts included.

use sea_orm::entity::prelude::*;

/// One recipe, owned by `user_id`; visible to others only while `is_publish` is true.
/// `user_id` is NULL only for ownerless rows adopted from the original app's database.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "recipe")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: Option<i64>,
    pub name: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub description: Option<String>,
    pub num_of_servings: Option<i32>,
    pub cook_time: Option<i32>,
    #[sea_orm(column_type = "Text", nullable)]
    pub directions: Option<String>,
    pub is_publish: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// Ingredient lines joined by `\n`; NULL for none.
    #[sea_orm(column_type = "Text", nullable)]
    pub ingredients: Option<String>,
    /// Tag names joined by `\n`, sorted (a copy of the `recipe_tag` links for reads); NULL
    /// for none.
    #[sea_orm(column_type = "Text", nullable)]
    pub tags: Option<String>,
    /// CJK bigrams of the text fields, for the full-text index (see `domain::search`); NULL
    /// until computed for rows that predate it.
    #[sea_orm(column_type = "Text", nullable)]
    pub search_text: Option<String>,
    /// Raised by one on every change of the row; the recipe's `ETag` (see `domain::entity_tags`).
    pub version: i64,
    /// The recipe's cover and gallery as JSON (`domain::Photos`), kept in step with its
    /// `image` rows; NULL for none.
    #[sea_orm(column_type = "Text", nullable)]
    pub photos: Option<String>,
    /// The page the recipe was imported from.
    pub source_url: Option<String>,
    /// A random identity (32 hex digits) that travels with the recipe in account archives;
    /// unique per owner.
    pub uid: Option<String>,
    /// The ingredient lines parsed (a JSON array of `ingredients::IngredientItem`); NULL for
    /// none, or until parsed.
    #[sea_orm(column_type = "Text", nullable)]
    pub ingredient_items: Option<String>,
    /// The parser version that wrote `ingredient_items` and the `recipe_ingredient` terms; 0
    /// for rows not parsed yet.
    pub ingredient_parser: i32,
    /// `"metric"`, `"us"` or `"korean"`; NULL: assumed from the lines.
    pub measure_system: Option<String>,
    /// How many users hold it among their favourites (kept with the `favorite` rows).
    pub favorite_count: i64,
    /// How many ratings it has, and their stars in all (kept with the `rating` rows).
    pub rating_count: i64,
    pub rating_sum: i64,
    /// The `rating` sort's Bayesian average, in millionths of a star (`domain::rating_score`).
    pub rating_score: i64,
    /// How many comments it has (kept with the `comment` rows).
    pub comment_count: i64,
    /// The id of its last `recipe_score_change` row (0: none).
    pub score_change: i64,
    /// When an administrator hid it (visible to its owner only, with `hidden_reason`).
    pub hidden_at: Option<DateTimeUtc>,
    pub hidden_reason: Option<String>,
    /// Whether it was published when hidden: unhiding publishes it again.
    pub hidden_published: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
