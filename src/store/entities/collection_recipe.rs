//! The `collection_recipe` table: which recipes a collection holds, in which order.

use sea_orm::entity::prelude::*;

/// Collection `collection_id` holds recipe `recipe_id` at `position` (ascending). Deleting
/// either side deletes the row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "collection_recipe")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub collection_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub recipe_id: i64,
    pub position: i64,
    pub added_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
