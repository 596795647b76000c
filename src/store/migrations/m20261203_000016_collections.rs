//! Collections: `collection` (a user's named, ordered set of recipes, public, unlisted — read
//! with its share key — or private) and `collection_recipe` (which recipes, in which order).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum User {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Recipe {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Collection {
    Table,
    Id,
    UserId,
    Name,
    Description,
    Visibility,
    ShareKey,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum CollectionRecipe {
    Table,
    CollectionId,
    RecipeId,
    Position,
    AddedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Collection::Table)
                    .if_not_exists()
                    .col(big_pk_auto(Collection::Id))
                    .col(big_integer(Collection::UserId))
                    .col(string_len(Collection::Name, 400))
                    .col(super::long_text(manager, Collection::Description))
                    .col(string_len(Collection::Visibility, 16))
                    .col(string_len(Collection::ShareKey, 64))
                    .col(super::instant(manager, Collection::CreatedAt))
                    .col(super::instant(manager, Collection::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_collection_user")
                            .from(Collection::Table, Collection::UserId)
                            .to(User::Table, User::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CollectionRecipe::Table)
                    .if_not_exists()
                    .col(big_integer(CollectionRecipe::CollectionId))
                    .col(big_integer(CollectionRecipe::RecipeId))
                    .col(big_integer(CollectionRecipe::Position))
                    .col(super::instant(manager, CollectionRecipe::AddedAt))
                    .primary_key(
                        Index::create()
                            .col(CollectionRecipe::CollectionId)
                            .col(CollectionRecipe::RecipeId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_collection_recipe_collection")
                            .from(CollectionRecipe::Table, CollectionRecipe::CollectionId)
                            .to(Collection::Table, Collection::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_collection_recipe_recipe")
                            .from(CollectionRecipe::Table, CollectionRecipe::RecipeId)
                            .to(Recipe::Table, Recipe::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_collection_user")
                    .table(Collection::Table)
                    .col(Collection::UserId)
                    .col(Collection::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_collection_recipe_position")
                    .table(CollectionRecipe::Table)
                    .col(CollectionRecipe::CollectionId)
                    .col(CollectionRecipe::Position)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_collection_recipe_recipe")
                    .table(CollectionRecipe::Table)
                    .col(CollectionRecipe::RecipeId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(CollectionRecipe::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Collection::Table).to_owned())
            .await
    }
}
