//! The `outbox_message` table: mail waiting to be sent, and what became of it.

use sea_orm::entity::prelude::*;

/// One message to `recipient`. `sealed` is its subject and bodies, encrypted under a key
/// derived from the server's signing secret (a message may hold a single-use link). `status` is
/// `queued` (due at `next_attempt_at`; a worker sending it has moved that forward), `sent`,
/// `failed` (given up after the most attempts) or `unsent` (no SMTP server configured).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "outbox_message")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub kind: String,
    pub recipient: String,
    pub language: String,
    pub sealed: String,
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: DateTimeUtc,
    pub last_error: Option<String>,
    pub created_at: DateTimeUtc,
    pub sent_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
