//! Creates `personal_access_token`: long-lived tokens for scripts, stored as SHA-256 hashes.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum PersonalAccessToken {
    Table,
    Id,
    UserId,
    Name,
    Scope,
    TokenHash,
    CreatedAt,
    LastUsedAt,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum User {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut last_used_at = super::instant(manager, PersonalAccessToken::LastUsedAt);
        last_used_at.null();
        let mut expires_at = super::instant(manager, PersonalAccessToken::ExpiresAt);
        expires_at.null();
        manager
            .create_table(
                Table::create()
                    .table(PersonalAccessToken::Table)
                    .if_not_exists()
                    .col(big_pk_auto(PersonalAccessToken::Id))
                    .col(big_integer(PersonalAccessToken::UserId))
                    .col(string_len(PersonalAccessToken::Name, 100))
                    .col(string_len(PersonalAccessToken::Scope, 10))
                    .col(string_len_uniq(PersonalAccessToken::TokenHash, 64))
                    .col(super::instant(manager, PersonalAccessToken::CreatedAt))
                    .col(last_used_at)
                    .col(expires_at)
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_personal_access_token_user")
                            .from(PersonalAccessToken::Table, PersonalAccessToken::UserId)
                            .to(User::Table, User::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_personal_access_token_user")
                    .table(PersonalAccessToken::Table)
                    .col(PersonalAccessToken::UserId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(PersonalAccessToken::Table).to_owned())
            .await
    }
}
