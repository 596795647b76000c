//! Full-text search (`q`) on every back-end: fields searched, ranking, Korean text, drafts, and
//! the index following every write.

use rstest::rstest;
use rstest_reuse::apply;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::backends::{Backend, backends};
use crate::cursors::walk;
use crate::helpers::{TestApp, test_app};

/// The ids of a list reply, in order.
pub fn ids(body: &Value) -> Vec<i64> {
    body["result_list"]
        .as_array()
        .expect("result_list")
        .iter()
        .map(|recipe| recipe["id"].as_i64().expect("id"))
        .collect()
}

/// The ids `GET path` lists (asserting success).
pub async fn listed(app: &TestApp, path: &str, token: Option<&str>) -> Vec<i64> {
    ids(app.get(path, token).await.assert_success())
}

/// `ids` in ascending order.
pub fn sorted(mut ids: Vec<i64>) -> Vec<i64> {
    ids.sort_unstable();
    ids
}

#[apply(backends)]
#[tokio::test]
async fn every_word_of_a_search_counts_towards_the_rank_not_recency(backend: Backend) {
    let app = test_app!(backend);
    let cook = app.new_user().await;
    // Other recipes, so that no word of the search is in every recipe (InnoDB gives a word
    // found in every row no weight at all).
    for name in [
        "Rice bowl",
        "Green salad",
        "Miso soup",
        "Pancakes",
        "Fried eggs",
    ] {
        app.publish_new(&cook, &json!({"name": name})).await;
    }
    // Oldest first: recency alone would list them in the reverse order.
    let both_in_name = app
        .publish_new(&cook, &json!({"name": "Lamb tagine with apricots"}))
        .await;
    let one_in_name = app
        .publish_new(
            &cook,
            &json!({"name": "Slow lamb", "description": "Cooked the way a tagine is, for hours."}),
        )
        .await;
    let only_in_directions = app
        .publish_new(
            &cook,
            &json!({"name": "Stew", "directions": "Brown the lamb, then cook it in a tagine."}),
        )
        .await;
    let found = listed(&app, "/recipes?q=lamb%20tagine", None).await;
    assert_eq!(found, vec![both_in_name, one_in_name, only_in_directions]);
    // The word being typed counts as far as it is typed.
    let typed = listed(&app, "/recipes?q=lamb%20tag", None).await;
    assert_eq!(typed, found);
}

#[apply(backends)]
#[tokio::test]
async fn search_covers_every_text_field_and_ranks_name_matches_first(backend: Backend) {
    let app = test_app!(backend);
    let cook = app.new_user().await;
    let in_directions = app
        .publish_new(&cook, &json!({"name": "Pasta", "directions": "Stir in the chopped tomatoes at the very end and season well."}))
        .await;
    let in_name = app
        .publish_new(&cook, &json!({"name": "Tomato soup"}))
        .await;
    let in_ingredients = app
        .publish_new(
            &cook,
            &json!({"name": "Salad", "ingredients": ["2 ripe tomatoes", "1 cucumber"]}),
        )
        .await;
    let in_description = app
        .publish_new(
            &cook,
            &json!({"name": "Bruschetta", "description": "Bread with tomato and basil"}),
        )
        .await;
    app.publish_new(
        &cook,
        &json!({"name": "Rice bowl", "directions": "Cook the rice."}),
    )
    .await;
    app.create_recipe(&cook, &json!({"name": "Tomato draft"}))
        .await;

    let found = listed(&app, "/recipes?q=tomato", None).await;
    assert_eq!(
        sorted(found.clone()),
        sorted(vec![in_directions, in_name, in_ingredients, in_description])
    );
    assert_eq!(found[0], in_name, "a name match ranks first: {found:?}");
    assert_eq!(
        *found.last().unwrap(),
        in_directions,
        "a match only in the directions ranks last: {found:?}"
    );
    // Words match as prefixes, case does not matter, and every word must match.
    assert_eq!(
        sorted(listed(&app, "/recipes?q=TOMAT", None).await),
        sorted(found.clone())
    );
    assert_eq!(
        listed(&app, "/recipes?q=tomato%20soup", None).await,
        vec![in_name]
    );
    assert_eq!(
        listed(&app, "/recipes?q=cucumber", None).await,
        vec![in_ingredients]
    );
    assert!(
        listed(&app, "/recipes?q=tomato%20chocolate", None)
            .await
            .is_empty()
    );
    // Another order on request.
    let newest = listed(&app, "/recipes?q=tomato&sort=newest", None).await;
    assert_eq!(
        newest,
        vec![in_description, in_ingredients, in_name, in_directions]
    );
}

#[apply(backends)]
#[tokio::test]
async fn korean_recipes_are_found_by_word_part_of_a_compound_and_with_particles(backend: Backend) {
    let app = test_app!(backend);
    let cook = app.new_user().await;
    let kimchi_stew = app
        .publish_new(&cook, &json!({"name": "김치찌개", "description": "맛있는 김치찌개",
            "ingredients": ["김치 200g", "돼지고기 100g"], "directions": "김치를 볶고 물을 붓는다"}))
        .await;
    let bean_stew = app.publish_new(&cook, &json!({"name": "된장찌개"})).await;
    let fried_rice = app
        .publish_new(
            &cook,
            &json!({"name": "김치볶음밥", "directions": "밥과 김치를 볶는다"}),
        )
        .await;
    let bibimbap = app
        .publish_new(
            &cook,
            &json!({"name": "Bibimbap", "description": "비빔밥: 밥 위에 나물"}),
        )
        .await;

    let search = |q: &str| format!("/recipes?q={q}");
    assert_eq!(
        listed(&app, &search("김치찌개"), None).await,
        vec![kimchi_stew]
    );
    assert_eq!(
        sorted(listed(&app, &search("찌개"), None).await),
        sorted(vec![kimchi_stew, bean_stew])
    );
    assert_eq!(
        sorted(listed(&app, &search("김치"), None).await),
        sorted(vec![kimchi_stew, fried_rice])
    );
    assert_eq!(
        listed(&app, &search("김치%20찌개"), None).await,
        vec![kimchi_stew]
    );
    assert_eq!(listed(&app, &search("비빔밥"), None).await, vec![bibimbap]);
    assert_eq!(
        listed(&app, &search("돼지고기"), None).await,
        vec![kimchi_stew]
    );
    assert!(listed(&app, &search("불고기"), None).await.is_empty());
    // The recipe reads back intact.
    let info = app.get(&format!("/recipes/{kimchi_stew}"), None).await;
    assert_eq!(
        info.assert_success()["info"]["ingredients"],
        json!(["김치 200g", "돼지고기 100g"])
    );
}

#[apply(backends)]
#[tokio::test]
async fn drafts_never_appear_in_public_searches_filters_or_tag_counts(backend: Backend) {
    let app = test_app!(backend);
    let owner = app.new_user().await;
    let stranger = app.new_user().await;
    let body = json!({"name": "Zanzibar curry", "tags": ["secretive"], "cook_time": 5, "num_of_servings": 2});
    let draft = app.create_recipe(&owner, &body).await["id"]
        .as_i64()
        .unwrap();
    let published = app
        .publish_new(&owner, &json!({"name": "Zanzibar pilau", "tags": ["open"]}))
        .await;

    for path in [
        "/recipes?q=zanzibar",
        "/recipes?q=curry",
        "/recipes?tag=secretive",
        "/recipes?max_cook_time=5",
        "/recipes?sort=name",
        "/recipes?sort=cook_time",
    ] {
        for token in [
            None,
            Some(stranger.token.as_str()),
            Some(owner.token.as_str()),
        ] {
            assert!(!listed(&app, path, token).await.contains(&draft), "{path}");
        }
    }
    let by_owner = format!("/users/{}/recipes?q=zanzibar", owner.id);
    assert_eq!(listed(&app, &by_owner, None).await, vec![published]);
    let tags = app.get("/tags", None).await.assert_success().clone();
    assert_eq!(tags["tags"], json!([{"name": "open", "recipe_count": 1}]));
    // The owner finds their draft among their own recipes.
    let mine = listed(&app, "/recipes/me?q=zanzibar", Some(&owner.token)).await;
    assert_eq!(sorted(mine), sorted(vec![draft, published]));
    let drafts = listed(
        &app,
        "/recipes/me?q=curry&visibility=draft",
        Some(&owner.token),
    )
    .await;
    assert_eq!(drafts, vec![draft]);
    assert!(
        listed(&app, "/recipes/me?q=curry", Some(&stranger.token))
            .await
            .is_empty()
    );
}

#[apply(backends)]
#[tokio::test]
async fn the_index_follows_every_write(backend: Backend) {
    let app = test_app!(backend);
    let cook = app.new_user().await;
    let token = Some(cook.token.as_str());
    let id = app.publish_new(&cook, &json!({"name": "Alpha stew"})).await;
    let path = format!("/recipes/{id}");
    assert_eq!(listed(&app, "/recipes?q=alpha", None).await, vec![id]);

    app.patch(&path, token, &json!({"name": "Bravo stew"}))
        .await
        .assert_success();
    assert!(listed(&app, "/recipes?q=alpha", None).await.is_empty());
    assert_eq!(listed(&app, "/recipes?q=bravo", None).await, vec![id]);

    app.put(
        &path,
        token,
        &json!({"name": "Charlie", "directions": "slow cooked 갈비찜"}),
    )
    .await
    .assert_success();
    assert!(listed(&app, "/recipes?q=bravo", None).await.is_empty());
    assert_eq!(listed(&app, "/recipes?q=갈비", None).await, vec![id]);

    app.patch(&path, token, &json!({"ingredients": ["fresh delta herbs"]}))
        .await
        .assert_success();
    assert_eq!(listed(&app, "/recipes?q=delta", None).await, vec![id]);

    app.request(Method::DELETE, &format!("{path}/publish"), token, None)
        .await
        .assert_success();
    assert!(listed(&app, "/recipes?q=charlie", None).await.is_empty());
    app.request(Method::PUT, &format!("{path}/publish"), token, None)
        .await
        .assert_success();
    assert_eq!(listed(&app, "/recipes?q=charlie", None).await, vec![id]);

    app.delete(&path, token).await.assert_success();
    assert!(listed(&app, "/recipes?q=charlie", None).await.is_empty());
    assert!(
        listed(&app, "/recipes/me?q=charlie", token)
            .await
            .is_empty()
    );
}

#[apply(backends)]
#[tokio::test]
async fn bad_search_parameters_are_refused_naming_the_parameter(backend: Backend) {
    let app = test_app!(backend);
    let long = "a".repeat(201);
    for (query, field) in [
        (&format!("q={long}") as &str, "q"),
        ("q=a&q=b", "q"),
        ("q=%FF", "q"),
        ("sort=random", "sort"),
        ("sort=", "sort"),
    ] {
        let reply = app.get(&format!("/recipes?{query}"), None).await;
        let body = reply.assert_error(StatusCode::BAD_REQUEST, "validation_error");
        assert!(body["fields"][field].is_string(), "{query}: {body}");
    }
    // A blank search, or one without a letter or digit, is no search; relevance without a
    // search is newest first; only the first ten words count.
    let cook = app.new_user().await;
    for name in ["Bibimbap", "Bulgogi", "Japchae"] {
        app.create_published(&cook, name).await;
    }
    let all = listed(&app, "/recipes", None).await;
    assert_eq!(all.len(), 3);
    for query in [
        "q=%20%20",
        "q=%21%21%21",
        "sort=relevance",
        "q=%3F%3F&sort=relevance",
    ] {
        assert_eq!(
            listed(&app, &format!("/recipes?{query}"), None).await,
            all,
            "{query}"
        );
    }
    let words: String = (0..15).map(|i| format!("w{i}%20")).collect();
    app.get(&format!("/recipes?q={words}"), None)
        .await
        .assert_success();
    // Search syntax of the engines is just text here.
    for q in [
        "%22unbalanced",
        "a*",
        "NEAR(a%20b)",
        "a%20OR%20b",
        "-x",
        "x%27%3B--",
        "a:*",
        "%2Bb",
    ] {
        app.get(&format!("/recipes?q={q}"), None)
            .await
            .assert_success();
    }
}

/// Recipes matching "stew": two with it in the name (the oldest and the second newest), the
/// others only in their directions. Returns their ids, oldest first.
async fn stews(app: &TestApp, cook: &crate::helpers::TestUser) -> Vec<i64> {
    let mut ids = Vec::new();
    for i in 1..=7 {
        let body = match i {
            1 => json!({"name": "Beef stew"}),
            6 => json!({"name": "Lamb stew"}),
            _ => json!({"name": format!("Dish {i}"), "directions": "Simmer the stew slowly."}),
        };
        ids.push(app.publish_new(cook, &body).await);
    }
    ids
}

#[apply(backends)]
#[tokio::test]
async fn relevance_ranks_the_most_recent_matches_then_lists_older_ones_newest_first(
    backend: Backend,
) {
    let app = test_app!(backend, |s| s.search_rank_window = 3);
    let cook = app.new_user().await;
    let r = stews(&app, &cook).await;
    // Ranked: the three newest matches (r[4], r[5], r[6]); then the rest, newest first.
    let expected = vec![r[5], r[6], r[4], r[3], r[2], r[1], r[0]];
    assert_eq!(
        listed(&app, "/recipes?q=stew&limit=100", None).await,
        expected
    );
    // Offsets and cursors cross from the ranked part into the rest.
    assert_eq!(
        listed(&app, "/recipes?q=stew&offset=2&limit=3", None).await,
        expected[2..5]
    );
    assert_eq!(
        listed(&app, "/recipes?q=stew&offset=4&limit=2", None).await,
        expected[4..6]
    );
    // New matches arrive between pages; the recipes that were there come once each.
    let seen = walk(&app, "/recipes?q=stew&limit=2", async |_| {
        app.publish_new(&cook, &json!({"name": "Fish stew"})).await;
    })
    .await;
    let originals: Vec<i64> = seen.iter().copied().filter(|id| r.contains(id)).collect();
    assert_eq!(originals, expected, "{seen:?}");
    let unique: std::collections::HashSet<i64> = seen.iter().copied().collect();
    assert_eq!(unique.len(), seen.len(), "{seen:?}");
}

#[apply(backends)]
#[tokio::test]
async fn a_rank_window_of_zero_ranks_every_match(backend: Backend) {
    let app = test_app!(backend, |s| s.search_rank_window = 0);
    let cook = app.new_user().await;
    let r = stews(&app, &cook).await;
    let expected = vec![r[5], r[0], r[6], r[4], r[3], r[2], r[1]];
    assert_eq!(
        listed(&app, "/recipes?q=stew&limit=100", None).await,
        expected
    );
    let seen = walk(&app, "/recipes?q=stew&limit=3", async |_| {}).await;
    assert_eq!(seen, expected);
}

#[apply(backends)]
#[tokio::test]
async fn a_search_keeps_to_each_list_s_scope_and_filters(backend: Backend) {
    let app = test_app!(backend);
    let ann = app.new_user().await;
    let bob = app.new_user().await;
    let reader = app.new_user().await;
    let ann_soup = app
        .publish_new(
            &ann,
            &json!({"name": "Saffron soup", "cook_time": 20, "num_of_servings": 2,
                    "tags": ["quick"], "ingredients": ["1 onion"]}),
        )
        .await;
    let ann_draft = app.create_draft(&ann, "Saffron draft").await;
    let bob_soup = app
        .publish_new(
            &bob,
            &json!({"name": "Saffron rice", "cook_time": 90, "num_of_servings": 6,
                    "ingredients": ["2 cups rice"]}),
        )
        .await;
    let bob_draft = app.create_draft(&bob, "Saffron secret").await;
    let unrelated = app.create_published(&ann, "Plain bread").await;
    let reader_token = Some(reader.token.as_str());
    let ann_token = Some(ann.token.as_str());
    app.request(
        Method::PUT,
        &format!("/users/{}/follow", bob.id),
        reader_token,
        None,
    )
    .await
    .assert_success();
    app.request(
        Method::PUT,
        &format!("/recipes/{ann_soup}/favorite"),
        reader_token,
        None,
    )
    .await
    .assert_success();

    let cases: [(String, Option<&str>, Vec<i64>); 13] = [
        ("/recipes?q=saffron".into(), None, vec![bob_soup, ann_soup]),
        (
            "/recipes?q=saffron&sort=newest".into(),
            None,
            vec![bob_soup, ann_soup],
        ),
        ("/recipes?q=saffron&tag=quick".into(), None, vec![ann_soup]),
        (
            "/recipes?q=saffron&max_cook_time=30".into(),
            None,
            vec![ann_soup],
        ),
        (
            "/recipes?q=saffron&min_servings=4".into(),
            None,
            vec![bob_soup],
        ),
        (
            format!("/recipes?q=saffron&user_id={}", bob.id),
            None,
            vec![bob_soup],
        ),
        (
            "/recipes?q=saffron&ingredient=rice".into(),
            None,
            vec![bob_soup],
        ),
        (
            format!("/users/{}/recipes?q=saffron", ann.id),
            None,
            vec![ann_soup],
        ),
        (
            "/recipes/me?q=saffron".into(),
            ann_token,
            vec![ann_draft, ann_soup],
        ),
        (
            "/recipes/me?q=saffron&visibility=draft".into(),
            ann_token,
            vec![ann_draft],
        ),
        (
            "/users/me/feed?q=saffron".into(),
            reader_token,
            vec![bob_soup],
        ),
        (
            "/users/me/favorites?q=saffron".into(),
            reader_token,
            vec![ann_soup],
        ),
        ("/recipes?q=bread".into(), None, vec![unrelated]),
    ];
    for (path, token, expected) in cases {
        assert_eq!(
            sorted(listed(&app, &path, token).await),
            sorted(expected),
            "{path}"
        );
    }
    assert!(
        !listed(&app, "/recipes?q=secret", None)
            .await
            .contains(&bob_draft)
    );
}
