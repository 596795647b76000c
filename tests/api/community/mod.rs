//! The community layer: favourites, ratings, comments, collections and following authors — each route, who may do what (drafts
//! stay private, the edit window, the owner's moderation), idempotency, counters that equal a
//! recount under concurrent votes, and `popular` / `rating` lists whose cursors stay continuous
//! while votes change between pages — on every back-end.

mod collections;
mod comments;
mod counts;
mod favorites;
mod follows;
mod ratings;
mod sorts;

use sea_orm::{ConnectionTrait, Database, Statement};
use serde_json::Value;

use crate::helpers::TestApp;

/// `GET /recipes/{id}` as `token` sees it (`info`).
pub async fn recipe(app: &TestApp, id: i64, token: Option<&str>) -> Value {
    app.get(&format!("/recipes/{id}"), token)
        .await
        .assert_success()["info"]
        .clone()
}

/// What the database holds for recipe `id`: its counters and a recount of the rows behind
/// them, `(stored, recounted)`, each as
/// `(favorites, ratings, sum of stars, comments)`.
pub async fn counters_and_recount(
    app: &TestApp,
    id: i64,
) -> ((i64, i64, i64, i64), (i64, i64, i64, i64)) {
    let db = Database::connect(&app.settings.database.url).await.unwrap();
    let backend = db.get_database_backend();
    let one = |sql: String| Statement::from_string(backend, sql);
    let row = db
        .query_one_raw(one(format!(
            "SELECT favorite_count, rating_count, rating_sum, comment_count FROM recipe \
             WHERE id = {id}"
        )))
        .await
        .unwrap()
        .unwrap();
    let stored = (
        row.try_get_by_index::<i64>(0).unwrap(),
        row.try_get_by_index::<i64>(1).unwrap(),
        row.try_get_by_index::<i64>(2).unwrap(),
        row.try_get_by_index::<i64>(3).unwrap(),
    );
    let row = db
        .query_one_raw(one(format!(
            "SELECT (SELECT COUNT(*) FROM favorite WHERE recipe_id = {id}), \
                    (SELECT COUNT(*) FROM rating WHERE recipe_id = {id}), \
                    (SELECT COALESCE(SUM(stars), 0) FROM rating WHERE recipe_id = {id}), \
                    (SELECT COUNT(*) FROM comment WHERE recipe_id = {id})"
        )))
        .await
        .unwrap()
        .unwrap();
    // MySQL sums integers as DECIMAL: read every recount as text and parse it.
    let number = |index: usize| -> i64 {
        row.try_get_by_index::<i64>(index)
            .or_else(|_| {
                row.try_get_by_index::<sea_orm::prelude::Decimal>(index)
                    .map(|d| d.to_string().parse::<i64>().unwrap())
            })
            .unwrap()
    };
    let recount = (number(0), number(1), number(2), number(3));
    db.close().await.unwrap();
    (stored, recount)
}
