//! Outgoing mail and password resets: `outbox_message` (each message queued in the transaction
//! of the change that causes it, sealed, until a worker has sent it) and `password_reset` (the
//! SHA-256 of each single-use reset token, its expiry and when it stopped being usable).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum User {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum OutboxMessage {
    Table,
    Id,
    Kind,
    Recipient,
    Language,
    Sealed,
    Status,
    Attempts,
    NextAttemptAt,
    LastError,
    CreatedAt,
    SentAt,
}

#[derive(DeriveIden)]
enum PasswordReset {
    Table,
    Id,
    UserId,
    TokenHash,
    CreatedAt,
    ExpiresAt,
    UsedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(OutboxMessage::Table)
                    .if_not_exists()
                    .col(big_pk_auto(OutboxMessage::Id))
                    .col(string_len(OutboxMessage::Kind, 40))
                    .col(string_len(OutboxMessage::Recipient, 320))
                    .col(string_len(OutboxMessage::Language, 8))
                    .col(
                        super::long_text(manager, OutboxMessage::Sealed)
                            .not_null()
                            .take(),
                    )
                    .col(string_len(OutboxMessage::Status, 16))
                    .col(integer(OutboxMessage::Attempts).default(0))
                    .col(super::instant(manager, OutboxMessage::NextAttemptAt))
                    .col(string_len_null(OutboxMessage::LastError, 500))
                    .col(super::instant(manager, OutboxMessage::CreatedAt))
                    .col(super::instant(manager, OutboxMessage::SentAt).null().take())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_outbox_message_due")
                    .table(OutboxMessage::Table)
                    .col(OutboxMessage::Status)
                    .col(OutboxMessage::NextAttemptAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PasswordReset::Table)
                    .if_not_exists()
                    .col(big_pk_auto(PasswordReset::Id))
                    .col(big_integer(PasswordReset::UserId))
                    .col(string_len_uniq(PasswordReset::TokenHash, 64))
                    .col(super::instant(manager, PasswordReset::CreatedAt))
                    .col(super::instant(manager, PasswordReset::ExpiresAt))
                    .col(super::instant(manager, PasswordReset::UsedAt).null().take())
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_password_reset_user")
                            .from(PasswordReset::Table, PasswordReset::UserId)
                            .to(User::Table, User::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_password_reset_user")
                    .table(PasswordReset::Table)
                    .col(PasswordReset::UserId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(PasswordReset::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(OutboxMessage::Table).to_owned())
            .await
    }
}
