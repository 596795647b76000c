//! Where a recipe came from: `recipe.source_url` (the page it was imported from, so importing it
//! again is recognised) and `recipe.uid` (a random identity that travels with the recipe in an
//! account archive, so restoring one archive twice does not duplicate its recipes). Existing
//! recipes get a uid here; unique per owner.

use sea_orm_migration::{prelude::*, schema::*, sea_orm::DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Recipe {
    Table,
    UserId,
    SourceUrl,
    Uid,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds one at a time.
        for column in [
            string_len_null(Recipe::SourceUrl, 2048),
            string_len_null(Recipe::Uid, 32),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Recipe::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        let fill = match manager.get_database_backend() {
            DbBackend::Sqlite => {
                "UPDATE recipe SET uid = lower(hex(randomblob(16))) WHERE uid IS NULL"
            }
            DbBackend::Postgres => {
                "UPDATE recipe SET uid = md5(random()::text || clock_timestamp()::text || id::text) \
                 WHERE uid IS NULL"
            }
            _ => "UPDATE recipe SET uid = REPLACE(UUID(), '-', '') WHERE uid IS NULL",
        };
        manager.get_connection().execute_unprepared(fill).await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_recipe_owner_uid")
                    .table(Recipe::Table)
                    .col(Recipe::UserId)
                    .col(Recipe::Uid)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_recipe_owner_uid")
                    .table(Recipe::Table)
                    .to_owned(),
            )
            .await?;
        for column in [Recipe::Uid, Recipe::SourceUrl] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Recipe::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
