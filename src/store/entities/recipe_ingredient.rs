//! The `recipe_ingredient` table: the food terms of a recipe's ingredient lines, for
//! `GET /recipes?ingredient=`.

use sea_orm::entity::prelude::*;

/// Recipe `recipe_id` names food `term` (normalised; see `ingredients::food_terms`). Deleting
/// the recipe deletes its terms.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "recipe_ingredient")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub term: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub recipe_id: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
