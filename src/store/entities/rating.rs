//! The `rating` table: one user's stars for one recipe.

use sea_orm::entity::prelude::*;

/// User `user_id` gives recipe `recipe_id` `stars` (1–5). Deleting either side deletes the
/// row (an account's are first taken out of the recipes' counts).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "rating")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub recipe_id: i64,
    pub stars: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
