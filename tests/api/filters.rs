//! Ingredients and tags on recipes, list filters and sort orders, and `GET /tags`.

use rstest::rstest;
use rstest_reuse::apply;

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::backends::{Backend, backends};
use crate::helpers::{TestApp, test_app};
use crate::search::listed;

#[apply(backends)]
#[tokio::test]
async fn ingredients_keep_their_order_and_tags_are_normalised(backend: Backend) {
    let app = test_app!(backend);
    let cook = app.new_user().await;
    let token = Some(cook.token.as_str());
    let info = app
        .create_recipe(
            &cook,
            &json!({"name": "Stew", "ingredients": [" 2 cups rice ", "1 egg"],
            "tags": ["Quick  Dinner", "KOREAN", "korean"]}),
        )
        .await;
    assert_eq!(info["ingredients"], json!(["2 cups rice", "1 egg"]));
    assert_eq!(info["tags"], json!(["korean", "quick dinner"]));
    let path = format!("/recipes/{}", info["id"]);

    // A PUT from a client that does not know the new fields keeps them.
    let replaced = app.put(&path, token, &json!({"name": "Stew 2"})).await;
    assert_eq!(
        replaced.assert_success()["info"]["tags"],
        json!(["korean", "quick dinner"])
    );
    assert_eq!(
        replaced.body["info"]["ingredients"],
        json!(["2 cups rice", "1 egg"])
    );
    // null and [] empty them.
    let patched = app
        .patch(&path, token, &json!({"tags": null, "ingredients": []}))
        .await;
    assert_eq!(patched.assert_success()["info"]["tags"], json!([]));
    assert_eq!(patched.body["info"]["ingredients"], json!([]));
    let put = app
        .put(&path, token, &json!({"name": "Stew", "tags": ["soup"]}))
        .await;
    assert_eq!(put.assert_success()["info"]["tags"], json!(["soup"]));

    // Invalid lists are refused naming the field.
    let too_many: Vec<String> = (0..21).map(|i| format!("tag{i}")).collect();
    for (body, field) in [
        (json!({"name": "x", "tags": too_many}), "tags"),
        (json!({"name": "x", "tags": ["no,commas"]}), "tags"),
        (json!({"name": "x", "tags": [""]}), "tags"),
        (json!({"name": "x", "tags": "korean"}), "tags"),
        (json!({"name": "x", "tags": [1]}), "tags[0]"),
        (
            json!({"name": "x", "ingredients": ["ok", "  "]}),
            "ingredients",
        ),
        (
            json!({"name": "x", "ingredients": ["a".repeat(201)]}),
            "ingredients",
        ),
        (json!({"name": "x", "ingredients": {"a": 1}}), "ingredients"),
    ] {
        let reply = app.post("/recipes", token, &body).await;
        let error = reply.assert_error(StatusCode::BAD_REQUEST, "validation_error");
        assert!(error["fields"][field].is_string(), "{body}: {error}");
    }
}

#[apply(backends)]
#[tokio::test]
async fn filters_combine_and_every_tag_must_match(backend: Backend) {
    let app = test_app!(backend);
    let ann = app.new_user().await;
    let bob = app.new_user().await;
    let quick_soup = app
        .publish_new(&ann, &json!({"name": "Quick soup", "cook_time": 10, "num_of_servings": 2, "tags": ["soup", "quick"]}))
        .await;
    let slow_soup = app
        .publish_new(
            &ann,
            &json!({"name": "Slow soup", "cook_time": 240, "num_of_servings": 8, "tags": ["soup"]}),
        )
        .await;
    let quick_salad = app
        .publish_new(&bob, &json!({"name": "Quick salad", "cook_time": 5, "num_of_servings": 1, "tags": ["quick", "salad"]}))
        .await;
    let unknown = app
        .publish_new(&bob, &json!({"name": "Mystery", "tags": ["soup"]}))
        .await;

    let list = |query: &str| format!("/recipes?{query}");
    assert_eq!(
        listed(&app, &list("tag=soup"), None).await,
        vec![unknown, slow_soup, quick_soup]
    );
    assert_eq!(
        listed(&app, &list("tag=soup&tag=quick"), None).await,
        vec![quick_soup]
    );
    assert_eq!(
        listed(&app, &list("tag=SOUP&tag=Quick"), None).await,
        vec![quick_soup]
    );
    assert!(
        listed(&app, &list("tag=soup&tag=nonexistent"), None)
            .await
            .is_empty()
    );
    // A tag lower-casing lengthens past the limit (40 `İ` become 80 characters) is a valid
    // filter as sent, and matches nothing.
    let long = "%C4%B0".repeat(40);
    assert!(
        listed(&app, &list(&format!("tag={long}")), None)
            .await
            .is_empty()
    );
    assert_eq!(
        listed(&app, &list(&format!("user_id={}", bob.id)), None).await,
        vec![unknown, quick_salad]
    );
    assert_eq!(
        listed(&app, &list("max_cook_time=10"), None).await,
        vec![quick_salad, quick_soup]
    );
    assert_eq!(
        listed(&app, &list("max_cook_time=0"), None).await,
        Vec::<i64>::new()
    );
    assert_eq!(
        listed(&app, &list("min_servings=2"), None).await,
        vec![slow_soup, quick_soup]
    );
    assert_eq!(
        listed(&app, &list("max_servings=2"), None).await,
        vec![quick_salad, quick_soup]
    );
    assert_eq!(
        listed(&app, &list("min_servings=2&max_servings=2"), None).await,
        vec![quick_soup]
    );
    let combined = format!("tag=quick&max_cook_time=30&user_id={}&q=soup", ann.id);
    assert_eq!(listed(&app, &list(&combined), None).await, vec![quick_soup]);
    // The same filters on a user's page and on "my recipes".
    let by_ann = format!("/users/{}/recipes?tag=soup&sort=cook_time", ann.id);
    assert_eq!(
        listed(&app, &by_ann, None).await,
        vec![quick_soup, slow_soup]
    );
    assert_eq!(
        listed(&app, "/recipes/me?tag=quick", Some(&bob.token)).await,
        vec![quick_salad]
    );

    for (query, field) in [
        ("max_cook_time=-1", "max_cook_time"),
        ("max_cook_time=10081", "max_cook_time"),
        ("max_cook_time=ten", "max_cook_time"),
        ("min_servings=0", "min_servings"),
        ("max_servings=99999999999999999999", "max_servings"),
        ("user_id=0", "user_id"),
        ("user_id=-5", "user_id"),
        ("tag=a%2Cb", "tag"),
        ("tag=", "tag"),
        ("limit=-1", "limit"),
        ("offset=x", "offset"),
        // Invalid UTF-8 is refused, naming the parameter.
        ("q=%FF%FE", "q"),
        ("tag=%FF", "tag"),
        ("max_cook_time=%FF", "max_cook_time"),
        ("cursor=%FF", "cursor"),
    ] {
        let reply = app.get(&list(query), None).await;
        let body = reply.assert_error(StatusCode::BAD_REQUEST, "validation_error");
        assert!(body["fields"][field].is_string(), "{query}: {body}");
    }
    let many_tags: String = (0..21).map(|i| format!("tag=t{i}&")).collect();
    app.get(&list(&many_tags), None)
        .await
        .assert_error(StatusCode::BAD_REQUEST, "validation_error");
    // Unknown parameters are ignored, like unknown JSON keys.
    app.get(&list("colour=blue"), None).await.assert_success();
}

#[apply(backends)]
#[tokio::test]
async fn every_sort_order_is_total_and_stable(backend: Backend) {
    let app = test_app!(backend);
    let cook = app.new_user().await;
    let b30 = app
        .publish_new(&cook, &json!({"name": "banana bread", "cook_time": 30}))
        .await;
    let a_none = app.publish_new(&cook, &json!({"name": "apple pie"})).await;
    let c10 = app
        .publish_new(&cook, &json!({"name": "cherry jam", "cook_time": 10}))
        .await;
    let a30 = app
        .publish_new(&cook, &json!({"name": "apple crumble", "cook_time": 30}))
        .await;

    let sort = |order: &str| format!("/recipes?sort={order}");
    assert_eq!(
        listed(&app, &sort("newest"), None).await,
        vec![a30, c10, a_none, b30]
    );
    assert_eq!(
        listed(&app, &sort("oldest"), None).await,
        vec![b30, a_none, c10, a30]
    );
    assert_eq!(
        listed(&app, &sort("cook_time"), None).await,
        vec![c10, b30, a30, a_none]
    );
    assert_eq!(
        listed(&app, &sort("name"), None).await,
        vec![a30, a_none, b30, c10]
    );
}

/// The `tags` of `GET /tags{query}`.
async fn counts(app: &TestApp, query: &str) -> serde_json::Value {
    let path = format!("/tags{query}");
    app.get(&path, None).await.assert_success()["tags"].clone()
}

#[apply(backends)]
#[tokio::test]
async fn tag_counts_follow_publication_changes_and_deletions(backend: Backend) {
    let app = test_app!(backend);
    let ann = app.new_user().await;
    let bob = app.new_user().await;
    let first = app
        .publish_new(&ann, &json!({"name": "a", "tags": ["korean", "soup"]}))
        .await;
    app.publish_new(&bob, &json!({"name": "b", "tags": ["korean"]}))
        .await;
    app.create_recipe(
        &bob,
        &json!({"name": "draft", "tags": ["korean", "kimchi"]}),
    )
    .await;
    assert_eq!(
        counts(&app, "").await,
        json!([{"name": "korean", "recipe_count": 2}, {"name": "soup", "recipe_count": 1}])
    );
    assert_eq!(
        counts(&app, "?q=KOR").await,
        json!([{"name": "korean", "recipe_count": 2}])
    );
    assert_eq!(
        counts(&app, "?q=so&limit=1").await,
        json!([{"name": "soup", "recipe_count": 1}])
    );
    assert_eq!(
        counts(&app, "?limit=1&offset=1").await,
        json!([{"name": "soup", "recipe_count": 1}])
    );
    assert_eq!(counts(&app, "?q=zzz").await, json!([]));

    let path = format!("/recipes/{first}");
    let token = Some(ann.token.as_str());
    app.patch(&path, token, &json!({"tags": ["soup", "spicy"]}))
        .await
        .assert_success();
    assert_eq!(
        counts(&app, "").await,
        json!([{"name": "korean", "recipe_count": 1}, {"name": "soup", "recipe_count": 1},
               {"name": "spicy", "recipe_count": 1}])
    );
    app.request(Method::DELETE, &format!("{path}/publish"), token, None)
        .await
        .assert_success();
    app.request(Method::DELETE, &format!("{path}/publish"), token, None)
        .await
        .assert_success();
    assert_eq!(
        counts(&app, "").await,
        json!([{"name": "korean", "recipe_count": 1}])
    );
    app.request(Method::PUT, &format!("{path}/publish"), token, None)
        .await
        .assert_success();
    app.request(Method::PUT, &format!("{path}/publish"), token, None)
        .await
        .assert_success();
    app.delete(&path, token).await.assert_success();
    assert_eq!(
        counts(&app, "").await,
        json!([{"name": "korean", "recipe_count": 1}])
    );

    // Deleting an account takes its published recipes out of the counts.
    let delete = json!({"password": crate::helpers::PASSWORD});
    app.request(Method::DELETE, "/users/me", Some(&bob.token), Some(&delete))
        .await
        .assert_success();
    assert_eq!(counts(&app, "").await, json!([]));

    app.get("/tags?q=a%2Cb", None)
        .await
        .assert_error(StatusCode::BAD_REQUEST, "validation_error");
}

#[apply(backends)]
#[tokio::test]
async fn tag_counts_stay_exact_under_concurrent_publication_changes(backend: Backend) {
    let app = test_app!(backend);
    let cook = app.new_user().await;
    let mut ids = Vec::new();
    for i in 0..6 {
        let body =
            json!({"name": format!("racer {i}"), "tags": ["race", format!("lane {}", i % 2)]});
        ids.push(
            app.create_recipe(&cook, &body).await["id"]
                .as_i64()
                .unwrap(),
        );
    }
    // Many clients publish, unpublish and retag the same recipes at once.
    let requests = (0..60).map(|n| {
        let id = ids[n % ids.len()];
        let (method, path, body) = match n % 3 {
            0 => (Method::PUT, format!("/recipes/{id}/publish"), None),
            1 => (Method::DELETE, format!("/recipes/{id}/publish"), None),
            _ => (
                Method::PATCH,
                format!("/recipes/{id}"),
                Some(json!({"tags": ["race", format!("lane {}", n % 4)]})),
            ),
        };
        let app = &app;
        let token = cook.token.clone();
        async move {
            let reply = app
                .request(method, &path, Some(&token), body.as_ref())
                .await;
            assert!(
                reply.status.is_success(),
                "{path}: {} {}",
                reply.status,
                reply.body
            );
        }
    });
    futures_util::future::join_all(requests).await;

    // Every count equals the number of published recipes the tag filter finds.
    let tags = counts(&app, "?limit=100").await;
    let mut checked = 0;
    for name in ["race", "lane 0", "lane 1", "lane 2", "lane 3"] {
        let found = listed(&app, &format!("/recipes?tag={name}&limit=100"), None)
            .await
            .len();
        let counted = tags
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["name"] == name)
            .map_or(0, |t| t["recipe_count"].as_i64().unwrap());
        assert_eq!(counted, found as i64, "{name}: {tags}");
        checked += found;
    }
    assert!(checked > 0 || tags.as_array().unwrap().is_empty());
}

#[apply(backends)]
#[tokio::test]
async fn a_tag_that_outgrows_its_limit_when_lower_cased_is_refused_and_one_that_fits_is_found(
    backend: Backend,
) {
    let app = test_app!(backend);
    let cook = app.new_user().await;
    // 40 characters as sent, 41 once lower-cased.
    let grows = format!("\u{130}{}", "a".repeat(39));
    let reply = app
        .post(
            "/recipes",
            Some(&cook.token),
            &json!({"name": "x", "tags": [grows]}),
        )
        .await;
    let body = reply.assert_error(StatusCode::BAD_REQUEST, "validation_error");
    assert!(body["fields"]["tags"].is_string(), "{body}");
    // 20 of them are 40 once lower-cased: stored whole, and found by the tag as sent.
    let fits = "\u{130}".repeat(20);
    let id = app
        .publish_new(&cook, &json!({"name": "Dotted", "tags": [fits]}))
        .await;
    let info = app.get(&format!("/recipes/{id}"), None).await;
    let stored = info.assert_success()["info"]["tags"][0]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(stored, "i\u{307}".repeat(20));
    let query = format!("/recipes?tag={}", urlencode(&fits));
    assert_eq!(listed(&app, &query, None).await, [id]);
    // Composed and decomposed accents are one tag.
    let other = app
        .publish_new(&cook, &json!({"name": "Cafe", "tags": ["Cafe\u{301}"]}))
        .await;
    let query = format!("/recipes?tag={}", urlencode("caf\u{e9}"));
    assert_eq!(listed(&app, &query, None).await, [other]);
}

fn urlencode(text: &str) -> String {
    text.bytes().map(|b| format!("%{b:02X}")).collect()
}
