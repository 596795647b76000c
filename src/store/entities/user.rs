//! The `user` table: accounts.

use sea_orm::entity::prelude::*;

/// One account. `email` is stored normalised (lower-case) and is unique.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "user")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub username: String,
    #[sea_orm(unique)]
    pub email: String,
    /// A PHC string (argon2id).
    pub password: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// The avatar as JSON (`domain::Photo`), kept in step with its `image` row; NULL for none.
    #[sea_orm(column_type = "Text", nullable)]
    pub avatar: Option<String>,
    /// How many users follow this one (kept with the `follow` rows).
    pub follower_count: i64,
    /// How many users this one follows.
    pub following_count: i64,
    /// False for a disabled account (the original's column): it cannot sign in and its
    /// credentials are refused.
    pub is_active: bool,
    /// `user` or `admin`.
    pub role: String,
    /// Whether `email` was proved to belong to the account.
    pub email_verified: bool,
    /// A new address waiting for its verification; `email` stays until it is verified.
    pub pending_email: Option<String>,
    /// The account's chosen language (`en`, `ko`); NULL follows the browser.
    pub language: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
