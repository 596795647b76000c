//! The `image_file` table: which stored files each photo uses.

use sea_orm::entity::prelude::*;

/// Photo `image_id` uses the stored file `name` (a variant, or its kept original). A file no
/// row names is removed by the media collector. Deleting the photo deletes its rows.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "image_file")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub image_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub name: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
