//! Creates `user`, with the original app's columns; `email` unique.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum User {
    Table,
    Id,
    Username,
    Email,
    Password,
    IsActive,
    CreatedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(User::Table)
                    .if_not_exists()
                    .col(big_pk_auto(User::Id))
                    .col(string_len(User::Username, 255))
                    .col(string_len_uniq(User::Email, 255))
                    .col(string_len(User::Password, 255))
                    .col(boolean(User::IsActive).default(true))
                    .col(super::instant(manager, User::CreatedAt))
                    .col(super::instant(manager, User::UpdatedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(User::Table).to_owned())
            .await
    }
}
