//! PostgreSQL: the search vectors move out of `recipe` into a narrow table of their own,
//! `recipe_search (id, user_id, is_publish, search)`, kept by triggers on `recipe`.
//!
//! A relevance search walks the most recent matches backwards by id and checks each row's
//! vector. In `recipe` the vector sits after the wide text columns of the row, and reading it
//! cost about 1 µs a row whatever the match: a common Korean word (`김치찌개`, 7.9 % of a
//! 1 000 000-recipe collection) checked 12 800 rows for 20 ms. The same walk over a table
//! holding only the id, the published flag and the vector took 7.5 ms. The owner is kept too,
//! so that the scopes of a list (published, an author's, the feed's, one's own) are decided
//! without reading `recipe` at all until a page's rows are.
//!
//! The vector is the one `recipe.search` held (name weighs most, then description,
//! ingredients and CJK bigrams, then directions; `simple` configuration), computed by the
//! trigger when a recipe is inserted, or updated in a searched column, its owner or its
//! published flag; deleting a recipe deletes its row. The triggers run in the statement that
//! writes the recipe, so every writer (the API, `copy`, `dev generate`, imports) keeps the
//! table in step. The existing vectors are copied, not recomputed, then the generated column
//! and its index are dropped (PostgreSQL drops a column without rewriting the table: existing
//! rows shed its bytes when they are next written or the table is vacuumed in full). Other
//! back-ends: nothing.

use sea_orm_migration::{prelude::*, sea_orm::DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The columns the vector is made of, with their weights: name most, then description,
/// ingredients and CJK bigrams, then directions.
const SEARCHED: [(&str, char); 5] = [
    ("name", 'A'),
    ("description", 'B'),
    ("ingredients", 'B'),
    ("search_text", 'B'),
    ("directions", 'C'),
];

/// The columns `recipe_search` repeats as they are.
const REPEATED: [&str; 2] = ["user_id", "is_publish"];

/// The search vector of a `recipe` row (`row`: `NEW.` in the trigger), as `recipe.search` was
/// generated.
fn vector(row: &str) -> String {
    SEARCHED
        .iter()
        .map(|(column, weight)| {
            format!(
                "setweight(to_tsvector('simple'::regconfig, coalesce({row}{column}, '')), \
                 '{weight}')"
            )
        })
        .collect::<Vec<_>>()
        .join(" || ")
}

/// `OLD.c IS DISTINCT FROM NEW.c OR …` over `columns`.
fn changed<'a>(columns: impl Iterator<Item = &'a str>) -> String {
    columns
        .map(|column| format!("OLD.{column} IS DISTINCT FROM NEW.{column}"))
        .collect::<Vec<_>>()
        .join(" OR ")
}

fn up_statements() -> Vec<String> {
    let searched = || SEARCHED.iter().map(|(column, _)| *column);
    let any_kept = changed(searched().chain(REPEATED));
    vec![
        "CREATE TABLE recipe_search (id BIGINT NOT NULL PRIMARY KEY, user_id BIGINT NOT NULL, \
         is_publish BOOLEAN NOT NULL, search tsvector NOT NULL)"
            .to_owned(),
        // Publishing or unpublishing (or a new owner) leaves the vector as it is.
        format!(
            "CREATE FUNCTION recipe_search_keep() RETURNS trigger LANGUAGE plpgsql AS $$ \
             BEGIN \
             IF TG_OP = 'DELETE' THEN \
             DELETE FROM recipe_search WHERE id = OLD.id; \
             ELSIF TG_OP = 'UPDATE' AND NOT ({searched_changed}) THEN \
             UPDATE recipe_search SET user_id = NEW.user_id, is_publish = NEW.is_publish \
             WHERE id = NEW.id; \
             ELSE \
             INSERT INTO recipe_search (id, user_id, is_publish, search) \
             VALUES (NEW.id, NEW.user_id, NEW.is_publish, {vector}) \
             ON CONFLICT (id) DO UPDATE SET user_id = EXCLUDED.user_id, \
             is_publish = EXCLUDED.is_publish, search = EXCLUDED.search; \
             END IF; \
             RETURN NULL; \
             END $$",
            searched_changed = changed(searched()),
            vector = vector("NEW.")
        ),
        "CREATE TRIGGER recipe_search_after_insert AFTER INSERT ON recipe \
         FOR EACH ROW EXECUTE FUNCTION recipe_search_keep()"
            .to_owned(),
        format!(
            "CREATE TRIGGER recipe_search_after_update AFTER UPDATE ON recipe \
             FOR EACH ROW WHEN ({any_kept}) EXECUTE FUNCTION recipe_search_keep()"
        ),
        "CREATE TRIGGER recipe_search_after_delete AFTER DELETE ON recipe \
         FOR EACH ROW EXECUTE FUNCTION recipe_search_keep()"
            .to_owned(),
        "INSERT INTO recipe_search (id, user_id, is_publish, search) \
         SELECT id, user_id, is_publish, search FROM recipe"
            .to_owned(),
        "CREATE INDEX idx_recipe_search_vector ON recipe_search USING GIN (search)".to_owned(),
        "DROP INDEX idx_recipe_search".to_owned(),
        "ALTER TABLE recipe DROP COLUMN search".to_owned(),
        // The planner chooses between the GIN index and the walk by id from these statistics.
        "ANALYZE recipe_search".to_owned(),
    ]
}

fn down_statements() -> Vec<String> {
    vec![
        format!(
            "ALTER TABLE recipe ADD COLUMN search tsvector GENERATED ALWAYS AS ({}) STORED",
            vector("")
        ),
        "CREATE INDEX idx_recipe_search ON recipe USING GIN (search)".to_owned(),
        "DROP TRIGGER recipe_search_after_delete ON recipe".to_owned(),
        "DROP TRIGGER recipe_search_after_update ON recipe".to_owned(),
        "DROP TRIGGER recipe_search_after_insert ON recipe".to_owned(),
        "DROP FUNCTION recipe_search_keep()".to_owned(),
        "DROP TABLE recipe_search".to_owned(),
    ]
}

async fn run(manager: &SchemaManager<'_>, statements: Vec<String>) -> Result<(), DbErr> {
    if manager.get_database_backend() != DbBackend::Postgres {
        return Ok(());
    }
    let db = manager.get_connection();
    for statement in statements {
        db.execute_unprepared(&statement).await?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run(manager, up_statements()).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run(manager, down_statements()).await
    }
}

#[cfg(test)]
mod tests {
    use sea_orm_migration::{
        MigratorTrait,
        sea_orm::{ConnectionTrait, Database, DatabaseConnection, Statement},
    };

    use super::*;
    use crate::store::migrations::{Migrator, steps_around};

    /// The URL of the test run's PostgreSQL server.
    fn admin_url() -> String {
        std::env::var("RECIPE_API_TEST_POSTGRES_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
    }

    /// A connection to the test run's PostgreSQL server, or why there is none.
    async fn admin() -> Result<DatabaseConnection, DbErr> {
        Database::connect(admin_url()).await
    }

    /// A new, empty database on the test run's PostgreSQL server, and its name. The server is
    /// mandatory when `RECIPE_API_TEST_BACKENDS` lists it (as CI does); otherwise, when none
    /// answers, there is none and the test passes without it.
    async fn postgres() -> Option<(DatabaseConnection, String)> {
        let required = std::env::var("RECIPE_API_TEST_BACKENDS")
            .is_ok_and(|list| list.split(',').any(|b| b.trim() == "postgres"));
        let admin = match admin().await {
            Ok(admin) => admin,
            Err(error) if !required => {
                eprintln!("PostgreSQL not reachable, test not run: {error}");
                return None;
            }
            Err(error) => panic!("PostgreSQL is required and not reachable: {error}"),
        };
        let name = format!("recipe_api_unit_search_table_{}", std::process::id());
        for statement in [
            format!("DROP DATABASE IF EXISTS {name}"),
            format!("CREATE DATABASE {name}"),
        ] {
            admin.execute_unprepared(&statement).await.unwrap();
        }
        let url = admin_url();
        let base = url.rsplit_once('/').map_or(url.as_str(), |(base, _)| base);
        let db = Database::connect(format!("{base}/{name}")).await.unwrap();
        Some((db, name))
    }

    /// `(id, search vector as text)` of every row of `table`, by id.
    async fn vectors(db: &DatabaseConnection, table: &str) -> Vec<(i64, String)> {
        db.query_all_raw(Statement::from_string(
            DbBackend::Postgres,
            format!("SELECT id, search::text AS v FROM {table} ORDER BY id"),
        ))
        .await
        .unwrap()
        .iter()
        .map(|row| {
            (
                row.try_get("", "id").unwrap(),
                row.try_get("", "v").unwrap(),
            )
        })
        .collect()
    }

    /// `(id, user_id, is_publish, matches 'q')` of every row of `recipe_search`, by id.
    async fn rows(db: &DatabaseConnection, q: &str) -> Vec<(i64, i64, bool, bool)> {
        db.query_all_raw(Statement::from_string(
            DbBackend::Postgres,
            format!(
                "SELECT id, user_id, is_publish, search @@ to_tsquery('simple', '{q}') AS hit \
                 FROM recipe_search ORDER BY id"
            ),
        ))
        .await
        .unwrap()
        .iter()
        .map(|row| {
            (
                row.try_get("", "id").unwrap(),
                row.try_get("", "user_id").unwrap(),
                row.try_get("", "is_publish").unwrap(),
                row.try_get("", "hit").unwrap(),
            )
        })
        .collect()
    }

    #[tokio::test]
    async fn the_search_table_holds_existing_recipes_and_follows_every_write() {
        let Some((db, name)) = postgres().await else {
            return;
        };
        let (before, from_it) = steps_around(Migration.name());
        Migrator::up(&db, Some(before)).await.unwrap();
        for id in [1, 2] {
            db.execute_unprepared(&format!(
                "INSERT INTO \"user\" (id, username, email, password, created_at, updated_at) \
                 VALUES ({id}, 'cook{id}', 'cook{id}@example.com', 'x', now(), now())"
            ))
            .await
            .unwrap();
        }
        let insert = |user: i64, name: &str, directions: &str, publish: bool| {
            format!(
                "INSERT INTO recipe (user_id, name, directions, is_publish, created_at, \
                 updated_at) VALUES ({user}, '{name}', '{directions}', {publish}, now(), now())"
            )
        };
        db.execute_unprepared(&insert(1, "Lamb tagine", "Slow", true))
            .await
            .unwrap();
        db.execute_unprepared(&insert(2, "Tomato soup", "Blend the lamb stock", false))
            .await
            .unwrap();

        Migrator::up(&db, None).await.unwrap();
        assert_eq!(
            rows(&db, "lamb").await,
            [(1, 1, true, true), (2, 2, false, true)],
            "existing recipes' vectors are copied"
        );
        assert_eq!(
            vectors(&db, "recipe_search").await,
            [
                (1, "'lamb':1A 'slow':3C 'tagine':2A".to_owned()),
                (
                    2,
                    "'blend':3C 'lamb':5C 'soup':2A 'stock':6C 'the':4C 'tomato':1A".to_owned()
                ),
            ],
            "with their weights"
        );

        db.execute_unprepared(&insert(2, "Pumpkin pie", "Bake", true))
            .await
            .unwrap();
        db.execute_unprepared("UPDATE recipe SET name = 'Lamb stew' WHERE id = 2")
            .await
            .unwrap();
        db.execute_unprepared("UPDATE recipe SET is_publish = FALSE WHERE id = 1")
            .await
            .unwrap();
        db.execute_unprepared("UPDATE recipe SET directions = 'lamb or not' WHERE id = 3")
            .await
            .unwrap();
        assert_eq!(
            rows(&db, "lamb & stew").await,
            [
                (1, 1, false, false),
                (2, 2, false, true),
                (3, 2, true, false)
            ],
            "inserts and updates are followed"
        );
        // The vectors the triggers computed are the ones the generated column computes.
        let kept = vectors(&db, "recipe_search").await;
        // Down to just before this migration (later ones first).
        Migrator::down(&db, Some(from_it)).await.unwrap();
        assert_eq!(vectors(&db, "recipe").await, kept);
        let gone = db
            .query_one_raw(Statement::from_string(
                DbBackend::Postgres,
                "SELECT to_regclass('recipe_search') IS NULL AS gone",
            ))
            .await
            .unwrap()
            .unwrap();
        assert!(
            gone.try_get::<bool>("", "gone").unwrap(),
            "down drops the table"
        );
        Migrator::up(&db, None).await.unwrap();

        db.execute_unprepared("DELETE FROM recipe WHERE id = 1")
            .await
            .unwrap();
        db.execute_unprepared("DELETE FROM \"user\" WHERE id = 2")
            .await
            .unwrap();
        assert!(
            rows(&db, "lamb").await.is_empty(),
            "deletes, cascaded ones too"
        );
        db.close().await.unwrap();
        admin()
            .await
            .unwrap()
            .execute_unprepared(&format!("DROP DATABASE {name}"))
            .await
            .unwrap();
    }
}
