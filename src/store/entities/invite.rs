//! The `invite` table: signup invitation codes, by their SHA-256.

use sea_orm::entity::prelude::*;

/// A code that lets `max_uses` accounts register until `expires_at` (never, when NULL) unless
/// revoked. `code_hint` is the code's first characters, to tell codes apart in lists.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "invite")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub code_hash: String,
    pub code_hint: String,
    pub note: Option<String>,
    pub max_uses: i32,
    pub uses: i32,
    /// The administrator who created it (NULL: the command line, or a deleted account).
    pub created_by: Option<i64>,
    pub created_at: DateTimeUtc,
    pub expires_at: Option<DateTimeUtc>,
    pub revoked_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
