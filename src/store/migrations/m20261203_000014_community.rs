//! The community layer's first part: `favorite` and `rating` (one per user and recipe),
//! `comment` (a recipe's thread; its author becomes NULL when their account is deleted), the
//! recipe's counters kept in the same transaction as each change (`favorite_count`,
//! `rating_count`, `rating_sum`, `rating_score` — the Bayesian average the `rating` sort uses,
//! in millionths — and `comment_count`), and `recipe_score_change`, the values of the two sort
//! keys before each change, which keeps the `popular` and `rating` cursors continuous while
//! votes change between pages (`recipe.score_change` is the id of the recipe's last such row).

use sea_orm_migration::{prelude::*, schema::*};

use crate::domain::UNRATED_SCORE;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Recipe {
    Table,
    Id,
    IsPublish,
    FavoriteCount,
    RatingCount,
    RatingSum,
    RatingScore,
    CommentCount,
    ScoreChange,
    Uid,
}

#[derive(DeriveIden)]
enum User {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Favorite {
    Table,
    UserId,
    RecipeId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Rating {
    Table,
    UserId,
    RecipeId,
    Stars,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Comment {
    Table,
    Id,
    RecipeId,
    UserId,
    Body,
    CreatedAt,
    EditedAt,
}

#[derive(DeriveIden)]
enum RecipeScoreChange {
    Table,
    Id,
    RecipeId,
    ChangedAt,
    FavoriteCount,
    RatingScore,
}

/// A foreign key from `table.column` to `to_table.id`.
fn reference(
    name: &str,
    table: impl IntoIden,
    column: impl IntoIden,
    to_table: impl IntoIden,
    to_id: impl IntoIden,
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(table, column)
        .to(to_table, to_id)
        .on_delete(on_delete)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds one at a time.
        for column in [
            big_integer(Recipe::FavoriteCount).default(0).take(),
            big_integer(Recipe::RatingCount).default(0).take(),
            big_integer(Recipe::RatingSum).default(0).take(),
            big_integer(Recipe::RatingScore)
                .default(UNRATED_SCORE)
                .take(),
            big_integer(Recipe::CommentCount).default(0).take(),
            big_integer(Recipe::ScoreChange).default(0).take(),
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
        // Recipes by their archive identity alone (restoring favourites and ratings from an
        // account archive finds them by uid, whoever owns them).
        manager
            .create_index(
                Index::create()
                    .name("idx_recipe_uid")
                    .table(Recipe::Table)
                    .col(Recipe::Uid)
                    .to_owned(),
            )
            .await?;
        // The public list's two community orders.
        for (name, key) in [
            ("idx_recipe_publish_popular", Recipe::FavoriteCount),
            ("idx_recipe_publish_rating", Recipe::RatingScore),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(Recipe::Table)
                        .col(Recipe::IsPublish)
                        .col(key)
                        .col(Recipe::Id)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(Favorite::Table)
                    .if_not_exists()
                    .col(big_integer(Favorite::UserId))
                    .col(big_integer(Favorite::RecipeId))
                    .col(super::instant(manager, Favorite::CreatedAt))
                    .primary_key(
                        Index::create()
                            .col(Favorite::UserId)
                            .col(Favorite::RecipeId),
                    )
                    .foreign_key(&mut reference(
                        "fk_favorite_user",
                        Favorite::Table,
                        Favorite::UserId,
                        User::Table,
                        User::Id,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut reference(
                        "fk_favorite_recipe",
                        Favorite::Table,
                        Favorite::RecipeId,
                        Recipe::Table,
                        Recipe::Id,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Rating::Table)
                    .if_not_exists()
                    .col(big_integer(Rating::UserId))
                    .col(big_integer(Rating::RecipeId))
                    .col(integer(Rating::Stars))
                    .col(super::instant(manager, Rating::CreatedAt))
                    .col(super::instant(manager, Rating::UpdatedAt))
                    .primary_key(Index::create().col(Rating::UserId).col(Rating::RecipeId))
                    .foreign_key(&mut reference(
                        "fk_rating_user",
                        Rating::Table,
                        Rating::UserId,
                        User::Table,
                        User::Id,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut reference(
                        "fk_rating_recipe",
                        Rating::Table,
                        Rating::RecipeId,
                        Recipe::Table,
                        Recipe::Id,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Comment::Table)
                    .if_not_exists()
                    .col(big_pk_auto(Comment::Id))
                    .col(big_integer(Comment::RecipeId))
                    .col(big_integer_null(Comment::UserId))
                    .col(super::long_text(manager, Comment::Body).not_null().take())
                    .col(super::instant(manager, Comment::CreatedAt))
                    .col(super::instant(manager, Comment::EditedAt).null().take())
                    .foreign_key(&mut reference(
                        "fk_comment_recipe",
                        Comment::Table,
                        Comment::RecipeId,
                        Recipe::Table,
                        Recipe::Id,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut reference(
                        "fk_comment_user",
                        Comment::Table,
                        Comment::UserId,
                        User::Table,
                        User::Id,
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(RecipeScoreChange::Table)
                    .if_not_exists()
                    .col(big_pk_auto(RecipeScoreChange::Id))
                    .col(big_integer(RecipeScoreChange::RecipeId))
                    .col(super::instant(manager, RecipeScoreChange::ChangedAt))
                    .col(big_integer(RecipeScoreChange::FavoriteCount))
                    .col(big_integer(RecipeScoreChange::RatingScore))
                    .foreign_key(&mut reference(
                        "fk_recipe_score_change_recipe",
                        RecipeScoreChange::Table,
                        RecipeScoreChange::RecipeId,
                        Recipe::Table,
                        Recipe::Id,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        let indexes: [(&str, &str, Vec<DynIden>); 6] = [
            (
                "idx_favorite_recipe",
                "favorite",
                vec![Favorite::RecipeId.into_iden()],
            ),
            (
                "idx_rating_recipe",
                "rating",
                vec![Rating::RecipeId.into_iden()],
            ),
            (
                "idx_comment_recipe",
                "comment",
                vec![Comment::RecipeId.into_iden(), Comment::Id.into_iden()],
            ),
            (
                "idx_comment_user",
                "comment",
                vec![Comment::UserId.into_iden()],
            ),
            (
                "idx_recipe_score_change_recipe",
                "recipe_score_change",
                vec![
                    RecipeScoreChange::RecipeId.into_iden(),
                    RecipeScoreChange::Id.into_iden(),
                ],
            ),
            (
                "idx_recipe_score_change_changed",
                "recipe_score_change",
                vec![RecipeScoreChange::ChangedAt.into_iden()],
            ),
        ];
        for (name, table, columns) in indexes {
            let mut index = Index::create();
            index.name(name).table(Alias::new(table));
            for column in columns {
                index.col(column);
            }
            manager.create_index(index.to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["recipe_score_change", "comment", "rating", "favorite"] {
            manager
                .drop_table(Table::drop().table(Alias::new(table)).to_owned())
                .await?;
        }
        for name in [
            "idx_recipe_publish_popular",
            "idx_recipe_publish_rating",
            "idx_recipe_uid",
        ] {
            manager
                .drop_index(Index::drop().name(name).table(Recipe::Table).to_owned())
                .await?;
        }
        for column in [
            Recipe::ScoreChange,
            Recipe::CommentCount,
            Recipe::RatingScore,
            Recipe::RatingSum,
            Recipe::RatingCount,
            Recipe::FavoriteCount,
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
