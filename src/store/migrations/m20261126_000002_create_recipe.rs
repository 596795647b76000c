//! Creates `recipe`, with the original app's columns, a cascading owner key and list indexes.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Recipe {
    Table,
    Id,
    UserId,
    Name,
    Description,
    NumOfServings,
    CookTime,
    Directions,
    IsPublish,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum User {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Recipe::Table)
                    .if_not_exists()
                    .col(big_pk_auto(Recipe::Id))
                    .col(big_integer(Recipe::UserId))
                    .col(string_len(Recipe::Name, 255))
                    .col(text_null(Recipe::Description))
                    .col(integer_null(Recipe::NumOfServings))
                    .col(integer_null(Recipe::CookTime))
                    .col(text_null(Recipe::Directions))
                    .col(boolean(Recipe::IsPublish).default(false))
                    .col(super::instant(manager, Recipe::CreatedAt))
                    .col(super::instant(manager, Recipe::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_recipe_user")
                            .from(Recipe::Table, Recipe::UserId)
                            .to(User::Table, User::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // Public list: published recipes, newest first.
        manager
            .create_index(
                Index::create()
                    .name("idx_recipe_publish_created")
                    .table(Recipe::Table)
                    .col(Recipe::IsPublish)
                    .col(Recipe::CreatedAt)
                    .to_owned(),
            )
            .await?;
        // "My recipes": one owner's recipes, newest first.
        manager
            .create_index(
                Index::create()
                    .name("idx_recipe_user_created")
                    .table(Recipe::Table)
                    .col(Recipe::UserId)
                    .col(Recipe::CreatedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Recipe::Table).to_owned())
            .await
    }
}
