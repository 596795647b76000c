//! Ingredient lines understood: `recipe.ingredient_items` (the parsed lines as JSON, see
//! `ingredients`), `recipe.ingredient_parser` (the parser version that wrote them; 0 for rows
//! not parsed yet, which the server parses in the background), `recipe.measure_system` (whose
//! spoons and cups the author means; NULL: assumed from the lines), and `recipe_ingredient`,
//! one row per food term of a recipe, indexed by term for `GET /recipes?ingredient=`.

use sea_orm_migration::{prelude::*, schema::*, sea_orm::DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Recipe {
    Table,
    Id,
    IngredientItems,
    IngredientParser,
    MeasureSystem,
}

#[derive(DeriveIden)]
enum RecipeIngredient {
    Table,
    Term,
    RecipeId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds one at a time.
        for column in [
            super::long_text(manager, Recipe::IngredientItems),
            integer(Recipe::IngredientParser).default(0).take(),
            string_len_null(Recipe::MeasureSystem, 16),
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
        let mut term = ColumnDef::new(RecipeIngredient::Term);
        match manager.get_database_backend() {
            // Binary collation: terms are already normalised, and "café" is not "cafe".
            DbBackend::MySql => term.custom(Alias::new(
                "VARCHAR(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin",
            )),
            _ => term.string_len(100),
        };
        manager
            .create_table(
                Table::create()
                    .table(RecipeIngredient::Table)
                    .if_not_exists()
                    .col(term.not_null())
                    .col(big_integer(RecipeIngredient::RecipeId))
                    .primary_key(
                        Index::create()
                            .col(RecipeIngredient::Term)
                            .col(RecipeIngredient::RecipeId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_recipe_ingredient_recipe")
                            .from(RecipeIngredient::Table, RecipeIngredient::RecipeId)
                            .to(Recipe::Table, Recipe::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_recipe_ingredient_recipe")
                    .table(RecipeIngredient::Table)
                    .col(RecipeIngredient::RecipeId)
                    .to_owned(),
            )
            .await?;
        // Rows of recipes not parsed yet, for the background parse to find without a scan.
        manager
            .create_index(
                Index::create()
                    .name("idx_recipe_ingredient_parser")
                    .table(Recipe::Table)
                    .col(Recipe::IngredientParser)
                    .col(Recipe::Id)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(RecipeIngredient::Table).to_owned())
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("idx_recipe_ingredient_parser")
                    .table(Recipe::Table)
                    .to_owned(),
            )
            .await?;
        for column in [
            Recipe::MeasureSystem,
            Recipe::IngredientParser,
            Recipe::IngredientItems,
        ] {
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
