//! Bulk writes for `recipe-api dev generate`: many rows per statement with ids chosen by the
//! caller (after the current largest), tag counts added at the end. Not used by the server.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set,
    ConnectionTrait, DbBackend, EntityTrait, QuerySelect, Statement,
    sea_query::{Expr, Func},
};

use crate::domain::{UNRATED_SCORE, join_lines, search_text};
use crate::ingredients::PARSER_VERSION;
use crate::store::{
    Store, StoreError,
    entities::{recipe, recipe_tag, user},
    recipes::{
        ingredients::{insert_terms, parse_lines},
        tags,
    },
    sql::Sql,
};

/// A user to insert.
#[derive(Debug, Clone)]
pub struct BulkUser {
    pub id: i64,
    pub username: String,
    pub email: String,
    pub password_hash: String,
    pub created_at: DateTime<Utc>,
}

/// A recipe to insert, with the ids and names of its tags.
#[derive(Debug, Clone)]
pub struct BulkRecipe {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    pub description: Option<String>,
    pub ingredients: Vec<String>,
    pub directions: Option<String>,
    pub cook_time: Option<i32>,
    pub num_of_servings: Option<i32>,
    pub published: bool,
    pub created_at: DateTime<Utc>,
    /// `(tag id, tag name)`, sorted by name.
    pub tags: Vec<(i64, String)>,
}

impl Store {
    /// One past the largest user id and one past the largest recipe id.
    pub async fn next_ids(&self) -> Result<(i64, i64), StoreError> {
        let max_user: Option<i64> = user::Entity::find()
            .select_only()
            .expr(Func::max(Expr::col(user::Column::Id)))
            .into_tuple()
            .one(&self.db)
            .await?
            .flatten();
        let max_recipe: Option<i64> = recipe::Entity::find()
            .select_only()
            .expr(Func::max(Expr::col(recipe::Column::Id)))
            .into_tuple()
            .one(&self.db)
            .await?
            .flatten();
        Ok((max_user.unwrap_or(0) + 1, max_recipe.unwrap_or(0) + 1))
    }

    /// Creates the tags `names` that do not exist yet; returns every id by name.
    pub async fn tag_ids_creating(
        &self,
        names: &[String],
    ) -> Result<HashMap<String, i64>, StoreError> {
        tags::create_tags(&self.db, names).await?;
        let ids = tags::tag_ids(&self.db, names, false).await?;
        Ok(names.iter().cloned().zip(ids).collect())
    }

    /// Inserts `users` in one statement.
    pub async fn insert_users_bulk(&self, users: &[BulkUser]) -> Result<(), StoreError> {
        if users.is_empty() {
            return Ok(());
        }
        let rows = users.iter().map(|u| user::ActiveModel {
            id: Set(u.id),
            username: Set(u.username.clone()),
            email: Set(u.email.clone()),
            password: Set(u.password_hash.clone()),
            created_at: Set(u.created_at),
            updated_at: Set(u.created_at),
            avatar: Set(None),
            follower_count: Set(0),
            following_count: Set(0),
            is_active: Set(true),
            role: Set("user".to_owned()),
            email_verified: Set(false),
            pending_email: Set(None),
            language: Set(None),
        });
        user::Entity::insert_many(rows)
            .exec_without_returning(&self.db)
            .await?;
        Ok(())
    }

    /// Inserts `recipes` and their tag links in one transaction.
    pub async fn insert_recipes_bulk(&self, recipes: &[BulkRecipe]) -> Result<(), StoreError> {
        if recipes.is_empty() {
            return Ok(());
        }
        let mut terms: Vec<(String, i64)> = Vec::new();
        let rows: Vec<recipe::ActiveModel> = recipes
            .iter()
            .map(|r| {
                let ingredients = join_lines(&r.ingredients);
                let parsed = parse_lines(ingredients.as_deref());
                terms.extend(parsed.terms.into_iter().map(|term| (term, r.id)));
                let text = search_text(
                    &r.name,
                    r.description.as_deref(),
                    ingredients.as_deref(),
                    r.directions.as_deref(),
                );
                let names: Vec<String> = r.tags.iter().map(|(_, name)| name.clone()).collect();
                recipe::ActiveModel {
                    id: Set(r.id),
                    user_id: Set(Some(r.user_id)),
                    name: Set(r.name.clone()),
                    description: Set(r.description.clone()),
                    num_of_servings: Set(r.num_of_servings),
                    cook_time: Set(r.cook_time),
                    directions: Set(r.directions.clone()),
                    is_publish: Set(r.published),
                    created_at: Set(r.created_at),
                    updated_at: Set(r.created_at),
                    ingredients: Set(ingredients),
                    tags: Set(join_lines(&names)),
                    search_text: Set(Some(text)),
                    version: Set(1),
                    photos: Set(None),
                    source_url: Set(None),
                    uid: Set(Some(uuid::Uuid::new_v4().simple().to_string())),
                    hidden_at: Set(None),
                    hidden_reason: Set(None),
                    hidden_published: Set(false),
                    ingredient_items: Set(parsed.items),
                    ingredient_parser: Set(PARSER_VERSION),
                    measure_system: Set(None),
                    favorite_count: Set(0),
                    rating_count: Set(0),
                    rating_sum: Set(0),
                    rating_score: Set(UNRATED_SCORE),
                    comment_count: Set(0),
                    score_change: Set(0),
                }
            })
            .collect();
        let links: Vec<recipe_tag::ActiveModel> = recipes
            .iter()
            .flat_map(|r| {
                r.tags.iter().map(|(tag_id, _)| recipe_tag::ActiveModel {
                    recipe_id: Set(r.id),
                    tag_id: Set(*tag_id),
                })
            })
            .collect();
        let txn = self.begin_write().await?;
        recipe::Entity::insert_many(rows)
            .exec_without_returning(&txn)
            .await?;
        // Two columns per link: stay well below every back-end's parameter limit.
        for chunk in links.chunks(5_000) {
            recipe_tag::Entity::insert_many(chunk.to_vec())
                .exec_without_returning(&txn)
                .await?;
        }
        let terms: Vec<(&str, i64)> = terms
            .iter()
            .map(|(term, id)| (term.as_str(), *id))
            .collect();
        insert_terms(&txn, &terms).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Adds `(tag id, published recipes)` to the tags' counts.
    pub async fn add_to_tag_counts(&self, counts: &HashMap<i64, i64>) -> Result<(), StoreError> {
        let txn = self.begin_write().await?;
        for (tag_id, added) in counts {
            let mut update = Sql::new(txn.get_database_backend());
            update
                .push("UPDATE tag SET recipe_count = recipe_count + ")
                .bind(*added)
                .push(" WHERE id = ")
                .bind(*tag_id);
            txn.execute_raw(update.build()).await?;
        }
        txn.commit().await?;
        Ok(())
    }

    /// Moves PostgreSQL's id sequences past rows inserted with explicit ids (SQLite and MySQL do
    /// that by themselves), and refreshes the planner's statistics on every back-end (PostgreSQL:
    /// `VACUUM ANALYZE`, so that index-only scans work at once).
    pub async fn finish_bulk_load(&self) -> Result<(), StoreError> {
        let backend = self.db.get_database_backend();
        let statements: Vec<String> = match backend {
            DbBackend::Postgres => ["user", "recipe", "tag"]
                .iter()
                .map(|table| {
                    format!(
                        "SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), \
                         COALESCE((SELECT MAX(id) FROM \"{table}\"), 0) + 1, false)"
                    )
                })
                // Also sets the visibility map, which a fresh bulk load lacks.
                .chain(["VACUUM ANALYZE".to_owned()])
                .collect(),
            DbBackend::Sqlite => vec!["ANALYZE".to_owned()],
            _ => [
                "user",
                "recipe",
                "tag",
                "recipe_tag",
                "recipe_ingredient",
                "follow",
                "favorite",
                "rating",
            ]
            .iter()
            .map(|table| format!("ANALYZE TABLE `{table}`"))
            .collect(),
        };
        for statement in statements {
            self.db
                .query_all_raw(Statement::from_string(backend, statement))
                .await?;
        }
        Ok(())
    }
}
