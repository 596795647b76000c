//! Photos: `image` (a recipe's cover and gallery, a user's avatar), `image_file` (which stored
//! files each uses) and `media_object` (every stored file, with the uploads that are writing it
//! right now), plus `recipe.photos` and `user.avatar`, the copies of a recipe's and a user's
//! photos that reads return without another query.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Image {
    Table,
    Id,
    OwnerId,
    RecipeId,
    Role,
    Position,
    Alt,
    Width,
    Height,
    Blurhash,
    Variants,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ImageFile {
    Table,
    ImageId,
    Name,
}

#[derive(DeriveIden)]
enum MediaObject {
    Table,
    Name,
    Pending,
    TouchedAt,
}

#[derive(DeriveIden)]
enum User {
    Table,
    Id,
    Avatar,
}

#[derive(DeriveIden)]
enum Recipe {
    Table,
    Id,
    Photos,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Image::Table)
                    .if_not_exists()
                    .col(big_pk_auto(Image::Id))
                    .col(big_integer(Image::OwnerId))
                    .col(big_integer_null(Image::RecipeId))
                    .col(string_len(Image::Role, 16))
                    .col(integer(Image::Position).default(0))
                    .col(string_len_null(Image::Alt, 2000))
                    .col(integer(Image::Width))
                    .col(integer(Image::Height))
                    .col(string_len(Image::Blurhash, 100))
                    .col(super::long_text(manager, Image::Variants).not_null().take())
                    .col(super::instant(manager, Image::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_image_owner")
                            .from(Image::Table, Image::OwnerId)
                            .to(User::Table, User::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_image_recipe")
                            .from(Image::Table, Image::RecipeId)
                            .to(Recipe::Table, Recipe::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, columns) in [
            (
                "idx_image_recipe",
                vec![Image::RecipeId, Image::Role, Image::Position],
            ),
            ("idx_image_owner", vec![Image::OwnerId, Image::Role]),
        ] {
            let mut index = Index::create();
            index.name(name).table(Image::Table);
            for column in columns {
                index.col(column);
            }
            manager.create_index(index.to_owned()).await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(ImageFile::Table)
                    .if_not_exists()
                    .col(big_integer(ImageFile::ImageId))
                    .col(string_len(ImageFile::Name, 64))
                    .primary_key(Index::create().col(ImageFile::ImageId).col(ImageFile::Name))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_image_file_image")
                            .from(ImageFile::Table, ImageFile::ImageId)
                            .to(Image::Table, Image::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_image_file_name")
                    .table(ImageFile::Table)
                    .col(ImageFile::Name)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(MediaObject::Table)
                    .if_not_exists()
                    .col(string_len(MediaObject::Name, 64).primary_key())
                    .col(integer(MediaObject::Pending).default(0))
                    .col(big_integer(MediaObject::TouchedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Recipe::Table)
                    .add_column(super::long_text(manager, Recipe::Photos))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(User::Table)
                    .add_column(super::long_text(manager, User::Avatar))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            ImageFile::Table.into_iden(),
            Image::Table.into_iden(),
            MediaObject::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Recipe::Table)
                    .drop_column(Recipe::Photos)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(User::Table)
                    .drop_column(User::Avatar)
                    .to_owned(),
            )
            .await
    }
}
