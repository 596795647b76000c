//! Creates `revoked_token`: the `jti`s of logged-out access tokens, until they expire.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum RevokedToken {
    Table,
    Jti,
    UserId,
    ExpiresAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(RevokedToken::Table)
                    .if_not_exists()
                    .col(string_len(RevokedToken::Jti, 64).primary_key())
                    .col(big_integer(RevokedToken::UserId))
                    .col(super::instant(manager, RevokedToken::ExpiresAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_revoked_token_expires")
                    .table(RevokedToken::Table)
                    .col(RevokedToken::ExpiresAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(RevokedToken::Table).to_owned())
            .await
    }
}
