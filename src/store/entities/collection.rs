//! The `collection` table: users' named sets of recipes.

use sea_orm::entity::prelude::*;

/// Collection `id` of `user_id`: `visibility` is `public`, `unlisted` (readable with
/// `share_key`) or `private`. Deleting the account deletes it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "collection")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub description: Option<String>,
    pub visibility: String,
    /// 43 characters of base64url (256 random bits); a new one revokes the old.
    pub share_key: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
