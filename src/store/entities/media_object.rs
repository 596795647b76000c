//! The `media_object` table: every file written to the media store.

use sea_orm::entity::prelude::*;

/// The stored file `name`. `pending` counts uploads writing it now (claimed before the file
/// is written, released with the photo's rows); `touched_at` (Unix seconds) is the last claim,
/// after which an unreleased claim of a crashed upload stops counting.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "media_object")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub name: String,
    pub pending: i32,
    pub touched_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
