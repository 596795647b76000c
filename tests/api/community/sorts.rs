//! `sort=popular` and `sort=rating` on every list, and their cursors: continuous while votes
//! change between pages (no recipe twice, none skipped).

use std::collections::HashSet;

use reqwest::Method;
use rstest::rstest;
use rstest_reuse::apply;
use serde_json::{Value, json};

use crate::backends::{Backend, backends};
use crate::helpers::{TestApp, TestUser, test_app};
use crate::search::listed;

async fn favourite(app: &TestApp, user: &TestUser, id: i64, on: bool) {
    let method = if on { Method::PUT } else { Method::DELETE };
    app.request(
        method,
        &format!("/recipes/{id}/favorite"),
        Some(&user.token),
        None,
    )
    .await
    .assert_success();
}

async fn rate(app: &TestApp, user: &TestUser, id: i64, stars: Option<i64>) {
    let path = format!("/recipes/{id}/rating");
    match stars {
        Some(stars) => {
            app.put(&path, Some(&user.token), &json!({"stars": stars}))
                .await
        }
        None => app.delete(&path, Some(&user.token)).await,
    }
    .assert_success();
}

fn ids(body: &Value) -> Vec<i64> {
    body["result_list"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect()
}

#[apply(backends)]
#[tokio::test]
async fn popular_and_rating_order_every_list_with_ties_newest_first(backend: Backend) {
    let app = test_app!(backend);
    let cook = app.new_user().await;
    let fans: Vec<TestUser> = futures_util::future::join_all((0..5).map(|_| app.new_user())).await;
    let one = app
        .publish_new(&cook, &json!({"name": "One", "tags": ["korean"]}))
        .await;
    let three = app
        .publish_new(&cook, &json!({"name": "Three", "tags": ["korean"]}))
        .await;
    let none = app
        .publish_new(&cook, &json!({"name": "None", "tags": ["korean"]}))
        .await;
    let also_one = app.create_published(&cook, "Also one").await;
    favourite(&app, &fans[0], one, true).await;
    favourite(&app, &fans[0], also_one, true).await;
    for fan in &fans[..3] {
        favourite(&app, fan, three, true).await;
    }
    assert_eq!(
        listed(&app, "/recipes?sort=popular", None).await,
        [three, also_one, one, none]
    );
    assert_eq!(
        listed(&app, "/recipes?sort=popular&tag=korean", None).await,
        [three, one, none]
    );
    assert_eq!(
        listed(
            &app,
            &format!("/users/{}/recipes?sort=popular", cook.id),
            None
        )
        .await,
        [three, also_one, one, none]
    );
    assert_eq!(
        listed(&app, "/recipes/me?sort=popular", Some(&cook.token)).await,
        [three, also_one, one, none]
    );
    assert_eq!(
        listed(
            &app,
            "/users/me/favorites?sort=popular",
            Some(&fans[0].token)
        )
        .await,
        [three, also_one, one]
    );
    // One 5-star vote scores 3.33; four 5s and a 4 score 3.9; one 1-star vote 2.67, below a
    // recipe nobody rated (3.0).
    rate(&app, &fans[0], one, Some(5)).await;
    for (fan, stars) in fans.iter().zip([5, 5, 5, 5, 4]) {
        rate(&app, fan, three, Some(stars)).await;
    }
    rate(&app, &fans[1], also_one, Some(1)).await;
    assert_eq!(
        listed(&app, "/recipes?sort=rating", None).await,
        [three, one, none, also_one]
    );
    assert_eq!(
        listed(&app, "/recipes?sort=rating&q=one", None).await,
        [one, also_one],
        "a search sorted by rating"
    );
    let offset = app.get("/recipes?sort=rating&limit=2&offset=1", None).await;
    assert_eq!(ids(offset.assert_success()), [one, none]);
}

/// Walks a list page by page (`limit` per page), calling `between` after each page with the
/// page number; returns every id seen, in order.
async fn walk(
    app: &TestApp,
    path: &str,
    limit: usize,
    mut between: impl AsyncFnMut(usize),
) -> Vec<i64> {
    let mut seen = Vec::new();
    let mut next = format!("{path}&limit={limit}");
    let mut page = 0;
    loop {
        let body = app.get(&next, None).await.assert_success().clone();
        seen.extend(ids(&body));
        page += 1;
        between(page).await;
        match body["next_cursor"].as_str() {
            Some(cursor) => next = format!("{path}&limit={limit}&cursor={cursor}"),
            None => return seen,
        }
    }
}

#[apply(backends)]
#[tokio::test]
async fn cursors_stay_continuous_while_votes_change_between_pages(backend: Backend) {
    let app = test_app!(backend);
    let cook = app.new_user().await;
    let fans: Vec<TestUser> = futures_util::future::join_all((0..6).map(|_| app.new_user())).await;
    let mut recipes = Vec::new();
    for n in 0..15 {
        recipes.push(app.create_published(&cook, &format!("Recipe {n}")).await);
    }
    // Favourites 0–5 and ratings spread over the recipes.
    for (n, id) in recipes.iter().enumerate() {
        for fan in &fans[..n % 6] {
            favourite(&app, fan, *id, true).await;
        }
        rate(&app, &fans[n % 6], *id, Some(1 + (n as i64 % 5))).await;
    }
    let everything: HashSet<i64> = recipes.iter().copied().collect();

    for sort in ["popular", "rating"] {
        let first = ids(app
            .get(&format!("/recipes?sort={sort}&limit=4"), None)
            .await
            .assert_success());
        let last = *listed(&app, &format!("/recipes?sort={sort}&limit=100"), None)
            .await
            .last()
            .unwrap();
        let (top, bottom) = (first[0], last);
        let seen = walk(&app, &format!("/recipes?sort={sort}"), 4, async |page| {
            match page {
                // After the first page: the last recipe climbs to the top, the top one falls
                // to the bottom. Without the cursor's mark the first would be skipped and the
                // second listed twice.
                1 => {
                    for fan in &fans {
                        favourite(&app, fan, bottom, true).await;
                        rate(&app, fan, bottom, Some(5)).await;
                        favourite(&app, fan, top, false).await;
                        rate(&app, fan, top, Some(1)).await;
                    }
                }
                // Later: votes keep moving recipes on both sides of the boundary.
                2 => {
                    for (n, id) in recipes.iter().enumerate().step_by(3) {
                        favourite(&app, &fans[n % 6], *id, n % 2 == 0).await;
                        rate(
                            &app,
                            &fans[(n + 1) % 6],
                            *id,
                            (n % 4 != 0).then_some(1 + n as i64 % 5),
                        )
                        .await;
                    }
                }
                _ => {}
            }
        })
        .await;
        let unique: HashSet<i64> = seen.iter().copied().collect();
        assert_eq!(
            unique.len(),
            seen.len(),
            "{sort}: a recipe listed twice: {seen:?}"
        );
        assert_eq!(unique, everything, "{sort}: recipes skipped: {seen:?}");
        // A fresh first page shows the new order.
        let now = listed(&app, &format!("/recipes?sort={sort}&limit=100"), None).await;
        let at = |id: i64| now.iter().position(|x| *x == id).unwrap();
        assert!(at(bottom) < at(top), "{sort}: {now:?}");
        // Put them back for the next sort.
        for fan in &fans {
            favourite(&app, fan, bottom, false).await;
            rate(&app, fan, bottom, None).await;
        }
    }
}
