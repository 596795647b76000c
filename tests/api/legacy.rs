//! Drop-in on the original app's MySQL database: adoption without losing or renumbering rows,
//! and logins with the original's pbkdf2 password hashes.

use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, Database};
use serde_json::{Value, json};

use crate::backends::{Backend, TestDatabase};
use crate::helpers::TestApp;

const FIXTURE: &str = include_str!("../fixtures/original_recipe_db.sql");

/// A MariaDB/MySQL database holding the original app's tables and rows.
async fn original_database(dir: &std::path::Path) -> Option<TestDatabase> {
    let database = TestDatabase::create(Backend::Mysql, dir).await?;
    let db = Database::connect(&database.url)
        .await
        .expect("connect to the fixture database");
    let without_comments: String = FIXTURE
        .lines()
        .filter(|line| !line.trim_start().starts_with("--"))
        .collect::<Vec<_>>()
        .join("\n");
    for statement in without_comments
        .split(";\n")
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        db.execute_unprepared(statement)
            .await
            .unwrap_or_else(|e| panic!("{statement}: {e}"));
    }
    db.close().await.unwrap();
    Some(database)
}

async fn stored_password(app: &TestApp, email: &str) -> String {
    let db = Database::connect(&app.settings.database.url).await.unwrap();
    let row = db
        .query_one_raw(sea_orm::Statement::from_sql_and_values(
            sea_orm::DbBackend::MySql,
            "SELECT password FROM user WHERE email = ?",
            [email.into()],
        ))
        .await
        .unwrap()
        .expect("user row");
    let password: String = row.try_get("", "password").unwrap();
    db.close().await.unwrap();
    password
}

fn ids(body: &Value) -> Vec<i64> {
    body["result_list"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn the_original_database_is_adopted_without_losing_or_renumbering_rows() {
    let dir = tempfile::tempdir().unwrap();
    let Some(database) = original_database(dir.path()).await else {
        return;
    };
    let app = TestApp::spawn_on(database, dir).await;

    // Published recipes keep their ids, owners and order; the NULL flag became a draft.
    let body = app.get("/recipes", None).await.assert_success().clone();
    assert_eq!(ids(&body), vec![9, 7, 1]);
    let first = app.get("/recipes/1", None).await.assert_success()["info"].clone();
    assert_eq!(
        first,
        json!({"id": 1, "user_id": 1, "name": "김치찌개", "description": "맛있는 김치찌개",
               "num_of_servings": 2, "cook_time": 30, "directions": "김치를 볶고 물을 붓는다",
               "is_publish": 1, "created_at": "2022-06-20T17:30:00Z", "updated_at": "2022-06-20T17:30:00Z",
               "ingredients": [], "tags": [], "cover_url": null, "cover": null, "images": [],
               "source_url": null, "ingredient_items": [], "measure_system": "metric",
               "favorite_count": 0, "rating": {"average": null, "count": 0}, "comment_count": 0,
               "measure_system_assumed": true, "scaled_from": null})
    );
    // Adopted rows are searchable, Korean compounds included (their index text is filled in
    // at start).
    let found = app.get("/recipes?q=%EC%B0%8C%EA%B0%9C", None).await; // q=찌개
    assert_eq!(ids(found.assert_success()), vec![1]);
    assert_eq!(
        app.get("/recipes/9", None).await.assert_success()["info"]["user_id"],
        Value::Null
    );
    app.get("/recipes/3", None)
        .await
        .assert_error(StatusCode::NOT_FOUND, "not_found");
    app.get("/recipes/2", None)
        .await
        .assert_error(StatusCode::NOT_FOUND, "not_found");

    // Existing users log in with their existing passwords; the hash becomes argon2id.
    assert!(
        stored_password(&app, "kim@naver.com")
            .await
            .starts_with("$pbkdf2-sha256$")
    );
    let kim = app.login("kim@naver.com", "1234").await.assert_success()["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        stored_password(&app, "kim@naver.com")
            .await
            .starts_with("$argon2id$")
    );
    app.login("kim@naver.com", "1234").await.assert_success();
    app.login("KIM@naver.com", "wrong")
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "invalid_credentials");
    app.login("Park@Daum.net", "qwer1234")
        .await
        .assert_success();

    // A wrong password leaves the legacy hash alone.
    app.login("lee@gmail.com", "hello world 2")
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "invalid_credentials");
    assert!(
        stored_password(&app, "lee@gmail.com")
            .await
            .starts_with("$pbkdf2-sha256$")
    );

    // The owner sees and changes their recipes, drafts included.
    let mine = app
        .get("/recipes/me", Some(&kim))
        .await
        .assert_success()
        .clone();
    assert_eq!(ids(&mine), vec![2, 1]);
    let reply = app
        .request(reqwest::Method::PUT, "/recipes/2/publish", Some(&kim), None)
        .await;
    assert_eq!(reply.assert_success()["info"]["is_publish"], 1);

    // New rows continue after the highest existing ids.
    let new = app.new_user().await;
    assert_eq!(new.id, 6);
    let recipe = app.create_recipe(&new, &json!({"name": "새 레시피"})).await;
    assert_eq!(recipe["id"], 10);
    app.register("dup", "LEE@gmail.com", "long enough password")
        .await
        .assert_error(StatusCode::CONFLICT, "email_taken");

    // A restart does not adopt twice.
    let app = app.restart().await;
    app.get("/recipes/7", None).await.assert_success();
    app.login("lee@gmail.com", "hello world 1")
        .await
        .assert_success();
}

#[tokio::test]
async fn a_foreign_user_table_is_not_touched() {
    let dir = tempfile::tempdir().unwrap();
    let Some(database) = TestDatabase::create(Backend::Mysql, dir.path()).await else {
        return;
    };
    let db = Database::connect(&database.url).await.unwrap();
    db.execute_unprepared("CREATE TABLE user (id INT PRIMARY KEY, login VARCHAR(20))")
        .await
        .unwrap();
    db.close().await.unwrap();
    let settings = crate::helpers::test_settings(dir.path(), &database.url);
    let err = recipe_api::startup::Application::build(settings)
        .await
        .err()
        .expect("refused");
    let message = format!("{err:#}");
    assert!(
        message.contains("does not look like the original app's"),
        "{message}"
    );
}
