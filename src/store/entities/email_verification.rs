//! The `email_verification` table: single-use tokens proving an address, by their SHA-256.

use sea_orm::entity::prelude::*;

/// A token sent to `email` for `user_id`, usable until `expires_at` unless `used_at` is set (it
/// was used, or a newer one was requested). Deleting the account deletes its rows.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "email_verification")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    pub token_hash: String,
    pub email: String,
    pub created_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
    pub used_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
