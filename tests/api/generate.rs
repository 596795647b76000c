//! `recipe-api dev generate`: the data it writes is valid, visible through the API, searchable
//! and counted, on every back-end.

use rstest::rstest;
use rstest_reuse::apply;

use recipe_api::{cli::generate, config::GenerateArgs};
use serde_json::Value;

use crate::backends::{Backend, TestDatabase, backends};
use crate::helpers::TestApp;
use crate::search::ids;

/// Every recipe of a list, following its cursors.
async fn every(app: &TestApp, path: &str) -> Vec<Value> {
    let mut recipes = Vec::new();
    let mut next = format!("{path}limit=100");
    loop {
        let body = app.get(&next, None).await.assert_success().clone();
        recipes.extend(body["result_list"].as_array().unwrap().iter().cloned());
        match body["next_cursor"].as_str() {
            Some(cursor) => next = format!("{path}limit=100&cursor={cursor}"),
            None => return recipes,
        }
    }
}

#[apply(backends)]
#[tokio::test]
async fn generated_recipes_are_listed_searchable_and_counted(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let Some(database) = TestDatabase::create(backend, dir.path()).await else {
        return;
    };
    let args = GenerateArgs {
        database_url: database.url.clone(),
        users: 4,
        recipes: 250,
        published_percent: 80,
        follows_per_user: 2,
        favorites_per_user: 30,
        ratings_per_user: 20,
        seed: 11,
        batch_size: 64,
    };
    let made = generate::run(&args, &|_, _| {}).await.unwrap();
    assert_eq!((made.users, made.recipes), (4, 250));
    assert!((150..250).contains(&made.published), "{made:?}");
    let app = TestApp::spawn_on(database, dir).await;

    let published = every(&app, "/recipes?").await;
    assert_eq!(published.len() as u64, made.published);
    let korean = published
        .iter()
        .filter(|r| {
            r["name"]
                .as_str()
                .unwrap()
                .chars()
                .any(recipe_api::domain::is_cjk)
        })
        .count();
    assert!(korean > 20, "{korean} Korean recipes");
    assert!(
        published
            .iter()
            .all(|r| !r["ingredients"].as_array().unwrap().is_empty())
    );

    // Each tag's count is the number of published recipes the tag filter finds.
    let tags = app
        .get("/tags?limit=100", None)
        .await
        .assert_success()
        .clone();
    let tags = tags["tags"].as_array().unwrap();
    assert!(tags.len() > 5);
    for tag in tags.iter().take(5) {
        let name = tag["name"].as_str().unwrap();
        let tagged = every(&app, &format!("/recipes?tag={name}&")).await;
        assert_eq!(
            tagged.len() as i64,
            tag["recipe_count"].as_i64().unwrap(),
            "{name}"
        );
    }

    // Search finds what a substring scan of the same recipes finds.
    for word in ["찌개", "chicken"] {
        let expected: Vec<i64> = published
            .iter()
            .filter(|r| {
                let text = [&r["name"], &r["description"], &r["directions"]]
                    .iter()
                    .map(|v| v.as_str().unwrap_or_default().to_lowercase())
                    .collect::<String>()
                    + &r["ingredients"].to_string().to_lowercase();
                text.contains(word)
            })
            .map(|r| r["id"].as_i64().unwrap())
            .collect();
        let found = every(&app, &format!("/recipes?q={word}&sort=newest&")).await;
        assert_eq!(
            ids(&serde_json::json!({"result_list": found})),
            expected,
            "{word}"
        );
    }

    // Follows, favourites and ratings were made, and every counter equals a recount.
    assert!(
        made.follows > 0 && made.favorites > 0 && made.ratings > 0,
        "{made:?}"
    );
    let favorites: i64 = published
        .iter()
        .map(|r| r["favorite_count"].as_i64().unwrap())
        .sum();
    let ratings: i64 = published
        .iter()
        .map(|r| r["rating"]["count"].as_i64().unwrap())
        .sum();
    assert_eq!(
        (favorites as u64, ratings as u64),
        (made.favorites, made.ratings)
    );
    let authors: std::collections::BTreeSet<i64> = published
        .iter()
        .map(|r| r["user_id"].as_i64().unwrap())
        .collect();
    let mut followers = 0;
    for author in &authors {
        let profile = app
            .get(&format!("/users/{author}"), None)
            .await
            .assert_success()["user"]
            .clone();
        let listed = app
            .get(&format!("/users/{author}/followers?limit=100"), None)
            .await
            .assert_success()["count"]
            .as_i64()
            .unwrap();
        assert_eq!(
            profile["follower_count"].as_i64().unwrap(),
            listed,
            "{author}"
        );
        followers += listed;
    }
    assert_eq!(followers as u64, made.follows);
    let popular = every(&app, "/recipes?sort=popular&").await;
    let counts: Vec<i64> = popular
        .iter()
        .map(|r| r["favorite_count"].as_i64().unwrap())
        .collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{counts:?}");
    assert!(counts[0] > counts[counts.len() - 1], "skewed: {counts:?}");
    let rated = every(&app, "/recipes?sort=rating&").await;
    assert_eq!(rated.len(), published.len());

    // Generated users can log in; a second run adds after the first.
    let first = published[0]["user_id"].as_i64().unwrap();
    app.login(
        &format!("cook{first}@generated.example"),
        generate::GENERATED_PASSWORD,
    )
    .await
    .assert_success();
    let again = GenerateArgs {
        users: 1,
        recipes: 5,
        ..args
    };
    let more = generate::run(&again, &|_, _| {}).await.unwrap();
    let all = every(&app, "/recipes?sort=oldest&").await;
    assert_eq!(all.len() as u64, made.published + more.published);
    let first_ids: Vec<i64> = published
        .iter()
        .rev()
        .map(|r| r["id"].as_i64().unwrap())
        .collect();
    let kept: Vec<i64> = all[..published.len()]
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect();
    assert_eq!(
        kept, first_ids,
        "the first run's recipes are kept, the new ones come after"
    );
}
