//! Adds what finding recipes needs: `ingredients`, `tags` and `search_text` on `recipe`, the `tag`
//! and `recipe_tag` tables, one index per list order, and each back-end's full-text index.
//!
//! Full text: SQLite gets an FTS5 table over the recipe's columns kept in sync by triggers;
//! PostgreSQL a generated, weighted `tsvector` column (`simple` configuration, so any language's
//! words are kept as they are) with a GIN index; MySQL/MariaDB InnoDB `FULLTEXT` indexes (one on
//! the name alone, for ranking name matches higher). `search_text` (CJK bigrams, written by the
//! application on every write) is filled in here for the rows that predate it, such as those of
//! an adopted original database. `recipe.tags` repeats the recipe's tag names (one per line) so
//! that reads need no join.

use sea_orm_migration::{
    prelude::*,
    schema::*,
    sea_orm::{ConnectionTrait, DbBackend},
};

use crate::{domain::search_text, store::sql::Sql};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Recipe {
    Table,
    Id,
    UserId,
    Name,
    CookTime,
    IsPublish,
    Ingredients,
    Tags,
    SearchText,
}

#[derive(DeriveIden)]
enum Tag {
    Table,
    Id,
    Name,
    RecipeCount,
}

#[derive(DeriveIden)]
enum RecipeTag {
    Table,
    RecipeId,
    TagId,
}

/// The SQLite full-text table and the triggers that mirror every change of `recipe` into it.
const SQLITE_FTS: &[&str] = &[
    "CREATE VIRTUAL TABLE recipe_fts USING fts5(name, description, ingredients, directions, \
     search_text, content='recipe', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER recipe_fts_after_insert AFTER INSERT ON recipe BEGIN \
     INSERT INTO recipe_fts(rowid, name, description, ingredients, directions, search_text) \
     VALUES (new.id, new.name, new.description, new.ingredients, new.directions, new.search_text); \
     END",
    "CREATE TRIGGER recipe_fts_after_delete AFTER DELETE ON recipe BEGIN \
     INSERT INTO recipe_fts(recipe_fts, rowid, name, description, ingredients, directions, \
     search_text) VALUES ('delete', old.id, old.name, old.description, old.ingredients, \
     old.directions, old.search_text); END",
    "CREATE TRIGGER recipe_fts_after_update AFTER UPDATE OF name, description, ingredients, \
     directions, search_text ON recipe BEGIN \
     INSERT INTO recipe_fts(recipe_fts, rowid, name, description, ingredients, directions, \
     search_text) VALUES ('delete', old.id, old.name, old.description, old.ingredients, \
     old.directions, old.search_text); \
     INSERT INTO recipe_fts(rowid, name, description, ingredients, directions, search_text) \
     VALUES (new.id, new.name, new.description, new.ingredients, new.directions, new.search_text); \
     END",
    "INSERT INTO recipe_fts(recipe_fts) VALUES ('rebuild')",
];

/// The PostgreSQL search vector: name weighs most, then description, ingredients and CJK
/// bigrams, then directions.
const POSTGRES_FTS: &[&str] = &[
    "ALTER TABLE recipe ADD COLUMN search tsvector GENERATED ALWAYS AS ( \
     setweight(to_tsvector('simple'::regconfig, coalesce(name, '')), 'A') || \
     setweight(to_tsvector('simple'::regconfig, coalesce(description, '')), 'B') || \
     setweight(to_tsvector('simple'::regconfig, coalesce(ingredients, '')), 'B') || \
     setweight(to_tsvector('simple'::regconfig, coalesce(search_text, '')), 'B') || \
     setweight(to_tsvector('simple'::regconfig, coalesce(directions, '')), 'C')) STORED",
    "CREATE INDEX idx_recipe_search ON recipe USING GIN (search)",
];

/// The MySQL/MariaDB full-text indexes (InnoDB builds one at a time).
const MYSQL_FTS: &[&str] = &[
    "ALTER TABLE recipe ADD FULLTEXT INDEX ft_recipe_name (name)",
    "ALTER TABLE recipe ADD FULLTEXT INDEX ft_recipe_text (name, description, ingredients, directions)",
];

/// Computes `search_text` for every existing recipe, 500 at a time.
async fn backfill_search_text(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    let mut after = 0_i64;
    loop {
        let mut select = Sql::new(db.get_database_backend());
        select
            .push("SELECT id, name, description, directions FROM recipe WHERE id > ")
            .bind(after)
            .push(" ORDER BY id LIMIT 500");
        let rows = db.query_all_raw(select.build()).await?;
        let Some(last) = rows.last() else {
            return Ok(());
        };
        after = last.try_get("", "id")?;
        for row in &rows {
            let name: String = row.try_get("", "name")?;
            let description: Option<String> = row.try_get("", "description")?;
            let directions: Option<String> = row.try_get("", "directions")?;
            let text = search_text(&name, description.as_deref(), None, directions.as_deref());
            let mut update = Sql::new(db.get_database_backend());
            update
                .push("UPDATE recipe SET search_text = ")
                .bind(text)
                .push(" WHERE id = ")
                .bind(row.try_get::<i64>("", "id")?);
            db.execute_raw(update.build()).await?;
        }
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();
        for column in [Recipe::Ingredients, Recipe::Tags, Recipe::SearchText] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Recipe::Table)
                        .add_column(text_null(column))
                        .to_owned(),
                )
                .await?;
        }
        let mut name = ColumnDef::new(Tag::Name);
        match backend {
            // Binary collation: tags are already lower-cased, and "café" is not "cafe".
            DbBackend::MySql => name.custom(Alias::new(
                "VARCHAR(40) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin",
            )),
            _ => name.string_len(40),
        };
        manager
            .create_table(
                Table::create()
                    .table(Tag::Table)
                    .if_not_exists()
                    .col(big_pk_auto(Tag::Id))
                    .col(name.not_null().unique_key())
                    .col(big_integer(Tag::RecipeCount).default(0))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(RecipeTag::Table)
                    .if_not_exists()
                    .col(big_integer(RecipeTag::RecipeId))
                    .col(big_integer(RecipeTag::TagId))
                    .primary_key(
                        Index::create()
                            .col(RecipeTag::RecipeId)
                            .col(RecipeTag::TagId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_recipe_tag_recipe")
                            .from(RecipeTag::Table, RecipeTag::RecipeId)
                            .to(Recipe::Table, Recipe::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_recipe_tag_tag")
                            .from(RecipeTag::Table, RecipeTag::TagId)
                            .to(Tag::Table, Tag::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // Tag filter: a tag's recipes, newest first.
        manager
            .create_index(
                Index::create()
                    .name("idx_recipe_tag_tag")
                    .table(RecipeTag::Table)
                    .col(RecipeTag::TagId)
                    .col(RecipeTag::RecipeId)
                    .to_owned(),
            )
            .await?;
        // One index per order of the public list, and the owner's list.
        let indexes: [(&str, Vec<Recipe>); 4] = [
            ("idx_recipe_publish_id", vec![Recipe::IsPublish, Recipe::Id]),
            ("idx_recipe_user_id", vec![Recipe::UserId, Recipe::Id]),
            (
                "idx_recipe_publish_cook_time",
                vec![Recipe::IsPublish, Recipe::CookTime, Recipe::Id],
            ),
            (
                "idx_recipe_publish_name",
                vec![Recipe::IsPublish, Recipe::Name, Recipe::Id],
            ),
        ];
        for (index_name, columns) in indexes {
            let mut index = Index::create();
            index.name(index_name).table(Recipe::Table);
            for column in columns {
                index.col(column);
            }
            manager.create_index(index.to_owned()).await?;
        }
        backfill_search_text(manager.get_connection()).await?;
        let statements = match backend {
            DbBackend::Sqlite => SQLITE_FTS,
            DbBackend::Postgres => POSTGRES_FTS,
            _ => MYSQL_FTS,
        };
        let db = manager.get_connection();
        for statement in statements {
            db.execute_unprepared(statement).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(RecipeTag::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Tag::Table).to_owned())
            .await
    }
}
