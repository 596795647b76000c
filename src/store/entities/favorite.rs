//! The `favorite` table: which users hold which recipes among their favourites.

use sea_orm::entity::prelude::*;

/// User `user_id` holds recipe `recipe_id` among their favourites since `created_at`. Deleting
/// either side deletes the row (an account's are first taken out of the recipes' counts).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "favorite")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub recipe_id: i64,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
