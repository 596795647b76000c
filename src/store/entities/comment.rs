//! The `comment` table: a recipe's comment thread.

use sea_orm::entity::prelude::*;

/// A comment on recipe `recipe_id` by `user_id` (NULL once its author deleted their account:
/// the comment stays, anonymous). Deleting the recipe deletes its comments.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "comment")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub recipe_id: i64,
    pub user_id: Option<i64>,
    /// Plain text.
    #[sea_orm(column_type = "Text")]
    pub body: String,
    pub created_at: DateTimeUtc,
    /// When its author last changed it (NULL: never).
    pub edited_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
