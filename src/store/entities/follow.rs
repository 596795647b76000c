//! The `follow` table: who follows whom.

use sea_orm::entity::prelude::*;

/// User `follower_id` follows `followee_id` since `created_at` (one row per pair; `id` orders
/// the lists, newest first). Deleting either account deletes the row (after taking it out of
/// the other side's counter).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "follow")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub follower_id: i64,
    pub followee_id: i64,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
