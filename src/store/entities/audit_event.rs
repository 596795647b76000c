//! The `audit_event` table: the append-only audit log.

use sea_orm::entity::prelude::*;

/// One administrator action or security event. `actor` names who did it as it was then (a
/// username, or `command line`); `details` is JSON and never holds a token or a password.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_event")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub created_at: DateTimeUtc,
    pub actor_id: Option<i64>,
    pub actor: String,
    pub action: String,
    pub subject_user_id: Option<i64>,
    pub target_kind: Option<String>,
    pub target_id: Option<i64>,
    #[sea_orm(column_type = "Text", nullable)]
    pub details: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
