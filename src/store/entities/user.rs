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
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
