//! Creates `server_secret`: server-generated secrets shared by every instance on this database
//! (the JWT signing key when `JWT_SECRET_KEY` is not configured on a server database).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ServerSecret {
    Table,
    Name,
    Value,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ServerSecret::Table)
                    .if_not_exists()
                    .col(string_len(ServerSecret::Name, 64).primary_key())
                    .col(text(ServerSecret::Value))
                    .col(super::instant(manager, ServerSecret::CreatedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ServerSecret::Table).to_owned())
            .await
    }
}
