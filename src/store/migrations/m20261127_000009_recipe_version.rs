//! `recipe.version`: a counter raised by every change of the row, from which the recipe's
//! `ETag` is made (`If-Match` lets a client change a recipe only if nobody has since). Existing
//! rows start at 1.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Recipe {
    Table,
    Version,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Recipe::Table)
                    .add_column(
                        ColumnDef::new(Recipe::Version)
                            .big_integer()
                            .not_null()
                            .default(1),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Recipe::Table)
                    .drop_column(Recipe::Version)
                    .to_owned(),
            )
            .await
    }
}
