//! The `tag` table: every tag ever used, with how many published recipes carry it.

use sea_orm::entity::prelude::*;

/// A normalised tag (see `domain::tags`). `recipe_count` counts published recipes only; the
/// store adjusts it in the same transaction as every change that affects it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "tag")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub name: String,
    pub recipe_count: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
