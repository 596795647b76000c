//! Counters under load: many clients favouriting, un-favouriting and rating one recipe at once
//! leave `favorite_count` and `rating` equal to a recount, on every back-end.

use reqwest::{Method, StatusCode};
use rstest::rstest;
use rstest_reuse::apply;
use serde_json::json;

use super::{counters_and_recount, recipe};
use crate::backends::{Backend, backends};
use crate::helpers::{TestApp, TestUser, test_app};

const CLIENTS: usize = 50;

/// A favourite toggled `rounds` times by one client, ending on (`PUT`) or off (`DELETE`).
async fn toggle(app: &TestApp, user: &TestUser, id: i64, rounds: usize) -> bool {
    let path = format!("/recipes/{id}/favorite");
    let mut on = false;
    for round in 0..rounds {
        on = round % 2 == 0;
        let method = if on { Method::PUT } else { Method::DELETE };
        let reply = app.request(method, &path, Some(&user.token), None).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    }
    on
}

/// Ratings by one client: each of `stars` in turn, then removed when `remove`.
async fn rate(app: &TestApp, user: &TestUser, id: i64, stars: &[i64], remove: bool) -> Option<i64> {
    let path = format!("/recipes/{id}/rating");
    for star in stars {
        let reply = app
            .put(&path, Some(&user.token), &json!({"stars": star}))
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    }
    if remove {
        let reply = app.delete(&path, Some(&user.token)).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        return None;
    }
    stars.last().copied()
}

#[apply(backends)]
#[tokio::test]
async fn fifty_clients_voting_at_once_leave_counts_equal_to_a_recount(backend: Backend) {
    let app = test_app!(backend);
    let cook = app.new_user().await;
    let id = app.create_published(&cook, "Popular").await;
    let mut users = Vec::new();
    for _ in 0..CLIENTS {
        users.push(app.new_user().await);
    }
    let favourites = futures_util::future::join_all(
        users
            .iter()
            .enumerate()
            .map(|(n, user)| toggle(&app, user, id, 1 + n % 4)),
    );
    let ratings = futures_util::future::join_all(users.iter().enumerate().map(|(n, user)| {
        let stars = [1 + (n as i64 % 5), 1 + (n as i64 * 3 % 5)];
        let app = &app;
        async move { rate(app, user, id, &stars, n % 7 == 0).await }
    }));
    let (favourites, ratings) = tokio::join!(favourites, ratings);
    let expected_favourites = favourites.iter().filter(|on| **on).count() as i64;
    let kept: Vec<i64> = ratings.into_iter().flatten().collect();
    let expected_sum: i64 = kept.iter().sum();

    let (stored, recount) = counters_and_recount(&app, id).await;
    assert_eq!(stored, recount, "stored counters vs a recount");
    assert_eq!(stored.0, expected_favourites);
    assert_eq!(stored.1, kept.len() as i64);
    assert_eq!(stored.2, expected_sum);
    let shown = recipe(&app, id, None).await;
    assert_eq!(shown["favorite_count"], expected_favourites);
    assert_eq!(shown["rating"]["count"], kept.len());
    let average = shown["rating"]["average"].as_f64().unwrap();
    let exact = expected_sum as f64 / kept.len() as f64;
    assert!((average - exact).abs() <= 0.005, "{average} vs {exact}");
}
