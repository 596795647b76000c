//! Following authors: `follow` (who follows whom, since when; its id orders the lists of
//! followers and followings, newest first), and the counters kept with it in the same
//! transaction, `user.follower_count` and `user.following_count`.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum User {
    Table,
    Id,
    FollowerCount,
    FollowingCount,
}

#[derive(DeriveIden)]
enum Follow {
    Table,
    Id,
    FollowerId,
    FolloweeId,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds one at a time.
        for column in [User::FollowerCount, User::FollowingCount] {
            manager
                .alter_table(
                    Table::alter()
                        .table(User::Table)
                        .add_column(big_integer(column).default(0))
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(Follow::Table)
                    .if_not_exists()
                    .col(big_pk_auto(Follow::Id))
                    .col(big_integer(Follow::FollowerId))
                    .col(big_integer(Follow::FolloweeId))
                    .col(super::instant(manager, Follow::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_follow_follower")
                            .from(Follow::Table, Follow::FollowerId)
                            .to(User::Table, User::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_follow_followee")
                            .from(Follow::Table, Follow::FolloweeId)
                            .to(User::Table, User::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, columns, unique) in [
            (
                "idx_follow_pair",
                [Follow::FollowerId, Follow::FolloweeId],
                true,
            ),
            (
                "idx_follow_follower",
                [Follow::FollowerId, Follow::Id],
                false,
            ),
            (
                "idx_follow_followee",
                [Follow::FolloweeId, Follow::Id],
                false,
            ),
        ] {
            let mut index = Index::create();
            index.name(name).table(Follow::Table);
            for column in columns {
                index.col(column);
            }
            if unique {
                index.unique();
            }
            manager.create_index(index.to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Follow::Table).to_owned())
            .await?;
        for column in [User::FollowingCount, User::FollowerCount] {
            manager
                .alter_table(
                    Table::alter()
                        .table(User::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
