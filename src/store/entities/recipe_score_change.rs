//! The `recipe_score_change` table: a recipe's sort scores before each change, kept for a few
//! hours so that `popular` and `rating` cursors page continuously (see `store::community`).

use sea_orm::entity::prelude::*;

/// Before change `id` (at `changed_at`), recipe `recipe_id` had `favorite_count` favourites
/// and a rating score of `rating_score`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "recipe_score_change")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub recipe_id: i64,
    pub changed_at: DateTimeUtc,
    pub favorite_count: i64,
    pub rating_score: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
