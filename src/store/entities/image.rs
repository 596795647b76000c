//! The `image` table: photos — a recipe's cover and gallery, a user's avatar.

use sea_orm::entity::prelude::*;

/// One photo uploaded by `owner_id`: of recipe `recipe_id` (role `cover` or `gallery`, the
/// gallery ordered by `position`) or the owner's avatar (role `avatar`, no recipe). Deleting the
/// recipe or the owner deletes it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "image")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub owner_id: i64,
    pub recipe_id: Option<i64>,
    /// `cover`, `gallery` or `avatar`.
    pub role: String,
    pub position: i32,
    pub alt: Option<String>,
    pub width: i32,
    pub height: i32,
    pub blurhash: String,
    /// The variants as JSON (`domain::PhotoVariant`s, smallest first).
    #[sea_orm(column_type = "Text")]
    pub variants: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
