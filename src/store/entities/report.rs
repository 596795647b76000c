//! The `report` table: what users reported to the administrators.

use sea_orm::entity::prelude::*;

/// A report by `reporter_id` about `target_kind` (`recipe`, `user`, `comment`) `target_id`,
/// `open` until an administrator resolves it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "report")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub reporter_id: Option<i64>,
    pub target_kind: String,
    pub target_id: i64,
    pub reason: String,
    pub details: Option<String>,
    pub status: String,
    pub created_at: DateTimeUtc,
    pub resolved_at: Option<DateTimeUtc>,
    pub resolved_by: Option<i64>,
    pub resolution: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
