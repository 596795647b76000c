//! Ingredient lines understood: `ingredient_items` on every recipe, `POST /ingredients/parse`,
//! `GET /recipes/{id}?servings=&units=` (JSON and JSON-LD), the recipe's `measure_system`, the
//! `ingredient` filter with its cursors, and the background parse of rows an older version
//! wrote.

use std::time::{Duration, Instant};

use reqwest::{StatusCode, header};
use rstest::rstest;
use rstest_reuse::apply;
use serde_json::{Value, json};

use crate::backends::{Backend, backends};
use crate::cursors::walk;
use crate::helpers::test_app;
use crate::search::listed;

/// The items of a recipe answer, as `(display, quantity, unit)`.
fn displayed(info: &Value) -> Vec<(String, Value, Value)> {
    info["ingredient_items"]
        .as_array()
        .expect("ingredient_items")
        .iter()
        .map(|item| {
            (
                item["display"].as_str().unwrap().to_owned(),
                item["quantity"].clone(),
                item["unit"].clone(),
            )
        })
        .collect()
}

fn row(display: &str, quantity: Value, unit: Value) -> (String, Value, Value) {
    (display.to_owned(), quantity, unit)
}

const STEW: [&str; 6] = [
    "간장 2큰술",
    "두부 1모",
    "소금 약간",
    "다진 마늘 1작은술",
    "물 2컵",
    "대파 1/2대",
];

#[apply(backends)]
#[tokio::test]
async fn recipes_carry_their_ingredient_lines_understood(backend: Backend) {
    let app = test_app!(backend);
    let cook = app.new_user().await;
    let token = Some(cook.token.as_str());
    let mut lines = STEW.to_vec();
    lines.extend(["2 large eggs", "3 cloves garlic, minced"]);
    let info = app
        .create_recipe(&cook, &json!({"name": "순두부찌개", "ingredients": lines}))
        .await;
    // The lines stay as written; each is read into its parts.
    assert_eq!(info["ingredients"], json!(lines));
    let items = info["ingredient_items"].as_array().unwrap();
    assert_eq!(items.len(), lines.len());
    assert_eq!(
        items[0],
        json!({"text": "간장 2큰술", "quantity": 2.0, "quantity_max": null, "unit": "tbsp",
            "food": "간장", "note": null, "display": "간장 2큰술"})
    );
    assert_eq!(
        (&items[1]["food"], &items[1]["unit"], &items[1]["quantity"]),
        (&json!("두부"), &json!("block"), &json!(1.0))
    );
    assert_eq!(
        (&items[2]["food"], &items[2]["quantity"], &items[2]["note"]),
        (&json!("소금"), &Value::Null, &json!("약간"))
    );
    assert_eq!(items[3]["food"], "다진 마늘");
    assert_eq!(items[5]["quantity"], 0.5);
    assert_eq!(items[5]["unit"], "stalk");
    assert_eq!(
        (&items[6]["quantity"], &items[6]["unit"]),
        (&json!(2.0), &Value::Null)
    );
    assert_eq!(
        (&items[7]["food"], &items[7]["unit"], &items[7]["note"]),
        (&json!("garlic"), &json!("clove"), &json!("minced"))
    );
    // Mostly Hangul: Korean measures are assumed until the author says otherwise.
    assert_eq!(info["measure_system"], "korean");
    assert_eq!(info["measure_system_assumed"], true);
    assert_eq!(info["scaled_from"], Value::Null);

    let path = format!("/recipes/{}", info["id"]);
    let chosen = app
        .patch(&path, token, &json!({"measure_system": "us"}))
        .await;
    let chosen = &chosen.assert_success()["info"];
    assert_eq!(
        (&chosen["measure_system"], &chosen["measure_system_assumed"]),
        (&json!("us"), &json!(false))
    );
    // A PUT that does not send it keeps it; null returns to the assumed one.
    let kept = app.put(&path, token, &json!({"name": "Stew"})).await;
    assert_eq!(kept.assert_success()["info"]["measure_system"], "us");
    let assumed = app
        .patch(&path, token, &json!({"measure_system": null}))
        .await;
    assert_eq!(
        assumed.assert_success()["info"]["measure_system_assumed"],
        true
    );
    let refused = app
        .patch(&path, token, &json!({"measure_system": "imperial"}))
        .await;
    let body = refused.assert_error(StatusCode::BAD_REQUEST, "validation_error");
    assert!(body["fields"]["measure_system"].is_string(), "{body}");

    // Changing the lines re-reads them; lists carry the items too.
    let changed = app
        .patch(&path, token, &json!({"ingredients": ["200 g flour"]}))
        .await;
    let changed = &changed.assert_success()["info"];
    assert_eq!(
        displayed(changed),
        [row("200 g flour", json!(200.0), json!("g"))]
    );
    assert_eq!(changed["measure_system"], "metric");
    let mine = app.get("/recipes/me", token).await;
    assert_eq!(
        mine.assert_success()["result_list"][0]["ingredient_items"][0]["food"],
        "flour"
    );
}

#[apply(backends)]
#[tokio::test]
async fn lines_are_read_on_demand_without_an_account(backend: Backend) {
    let app = test_app!(backend);
    let reply = app
        .post(
            "/ingredients/parse",
            None,
            &json!({"lines": [" 1 1/2 cups flour ", "salt and pepper to taste", "고춧가루 1~2큰술", "??"],
                "unknown": true}),
        )
        .await;
    let items = reply.assert_success()["items"].as_array().unwrap().clone();
    assert_eq!(items.len(), 4);
    assert_eq!(
        items[0],
        json!({"text": "1 1/2 cups flour", "quantity": 1.5, "quantity_max": null,
            "unit": "cup", "food": "flour", "note": null, "display": "1 1/2 cups flour"})
    );
    assert_eq!(
        (&items[1]["food"], &items[1]["note"], &items[1]["quantity"]),
        (&json!("salt and pepper"), &json!("to taste"), &Value::Null)
    );
    assert_eq!(
        (
            &items[2]["quantity"],
            &items[2]["quantity_max"],
            &items[2]["unit"]
        ),
        (&json!(1.0), &json!(2.0), &json!("tbsp"))
    );
    // A line of no known shape is kept whole as the food.
    assert_eq!(items[3]["food"], "??");

    for (body, field) in [
        (json!({}), None),
        (json!({"lines": "2 eggs"}), None),
        (json!({"lines": ["ok", " "]}), Some("lines")),
        (json!({"lines": ["x".repeat(201)]}), Some("lines")),
        (json!({"lines": vec!["1 egg"; 101]}), Some("lines")),
        (json!({"lines": ["a\nb"]}), Some("lines")),
    ] {
        let reply = app.post("/ingredients/parse", None, &body).await;
        assert_eq!(
            reply.status,
            StatusCode::BAD_REQUEST,
            "{body}: {:?}",
            reply.body
        );
        if let Some(field) = field {
            assert!(reply.body["fields"][field].is_string(), "{:?}", reply.body);
        }
    }
    let empty = app
        .post("/ingredients/parse", None, &json!({"lines": []}))
        .await;
    assert_eq!(empty.assert_success()["items"], json!([]));
}

#[apply(backends)]
#[tokio::test]
async fn servings_scale_every_amount_and_keep_what_was_written(backend: Backend) {
    let app = test_app!(backend);
    let cook = app.new_user().await;
    let mut lines = STEW.to_vec();
    lines.extend(["2 large eggs", "3 cloves garlic, minced"]);
    let id = app
        .publish_new(
            &cook,
            &json!({"name": "Stew", "num_of_servings": 2, "ingredients": lines}),
        )
        .await;
    let doubled = app.get(&format!("/recipes/{id}?servings=4"), None).await;
    let info = &doubled.assert_success()["info"];
    assert_eq!(info["num_of_servings"], 4);
    assert_eq!(info["scaled_from"], 2);
    assert_eq!(
        info["ingredients"],
        json!(lines),
        "the lines are never rewritten"
    );
    assert_eq!(
        displayed(info),
        [
            row("간장 4큰술", json!(4.0), json!("tbsp")),
            row("두부 2모", json!(2.0), json!("block")),
            row("소금 약간", Value::Null, Value::Null),
            row("다진 마늘 2작은술", json!(2.0), json!("tsp")),
            row("물 4컵", json!(4.0), json!("cup")),
            row("대파 1대", json!(1.0), json!("stalk")),
            row("4 large eggs", json!(4.0), Value::Null),
            row("6 cloves garlic, minced", json!(6.0), json!("clove")),
        ]
    );
    for item in info["ingredient_items"].as_array().unwrap() {
        assert!(lines.contains(&item["text"].as_str().unwrap()));
    }
    // Whole things are rounded up, with a note; spoons are written as cooks write them.
    let odd = app.get(&format!("/recipes/{id}?servings=3"), None).await;
    let odd = displayed(&odd.assert_success()["info"]);
    assert_eq!(odd[0].0, "간장 3큰술");
    assert_eq!(odd[1].0, "두부 1½모");
    assert_eq!(odd[5].0, "대파 3/4대");
    assert_eq!(odd[6].0, "3 large eggs");
    assert_eq!(odd[7].0, "5 cloves garlic, minced (rounded up from 4.5)");
    assert_eq!(odd[7].1, json!(4.5));
    // Scaling down and back up returns the written amounts.
    let half = app.get(&format!("/recipes/{id}?servings=1"), None).await;
    assert_eq!(displayed(&half.assert_success()["info"])[0].1, json!(1.0));
    let same = app.get(&format!("/recipes/{id}?servings=2"), None).await;
    let same = &same.assert_success()["info"];
    assert_eq!(same["scaled_from"], 2);
    for (item, line) in displayed(same).iter().zip(&lines) {
        assert_eq!(&item.0, line);
    }
    // The JSON-LD document is scaled the same way.
    let document = app
        .client
        .get(format!("{}/recipes/{id}?servings=4", app.address))
        .header(header::ACCEPT, "application/ld+json")
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap();
    assert_eq!(document["recipeYield"], "4 servings");
    assert_eq!(document["recipeIngredient"][0], "간장 4큰술");
    assert_eq!(document["recipeIngredient"][2], "소금 약간");

    // A recipe that does not say how many it serves cannot be scaled.
    let unknown = app.create_published(&cook, "No servings").await;
    app.get(&format!("/recipes/{unknown}?servings=4"), None)
        .await
        .assert_error(StatusCode::UNPROCESSABLE_ENTITY, "servings_unknown");
    let plain = app.get(&format!("/recipes/{unknown}"), None).await;
    assert_eq!(plain.assert_success()["info"]["scaled_from"], Value::Null);
    for bad in ["0", "1001", "-2", "2.5", "four", "", "99999999999999999999"] {
        let reply = app
            .get(&format!("/recipes/{id}?servings={bad}"), None)
            .await;
        let body = reply.assert_error(StatusCode::BAD_REQUEST, "validation_error");
        assert!(body["fields"]["servings"].is_string(), "{bad}: {body}");
    }
}

#[apply(backends)]
#[tokio::test]
async fn units_convert_volumes_and_weights_but_never_counts(backend: Backend) {
    let app = test_app!(backend);
    let cook = app.new_user().await;
    let korean = app
        .publish_new(
            &cook,
            &json!({"name": "국", "num_of_servings": 2,
                "ingredients": ["물 2컵", "간장 2큰술", "양파 1개", "소금 약간"]}),
        )
        .await;
    let metric = app
        .get(&format!("/recipes/{korean}?units=metric"), None)
        .await;
    let info = &metric.assert_success()["info"];
    assert_eq!(info["scaled_from"], Value::Null);
    assert_eq!(
        displayed(info),
        [
            // A Korean 컵 is 200 ml.
            row("물 400ml", json!(400.0), json!("ml")),
            row("간장 30ml", json!(30.0), json!("ml")),
            row("양파 1개", json!(1.0), json!("piece")),
            row("소금 약간", Value::Null, Value::Null),
        ]
    );
    // The author's measure system decides what a cup is.
    app.patch(
        &format!("/recipes/{korean}"),
        Some(&cook.token),
        &json!({"measure_system": "metric"}),
    )
    .await
    .assert_success();
    let metric_cups = app
        .get(&format!("/recipes/{korean}?units=metric"), None)
        .await;
    assert_eq!(
        displayed(&metric_cups.assert_success()["info"])[0].0,
        "물 500ml"
    );

    let english = app
        .publish_new(
            &cook,
            &json!({"name": "Roast", "num_of_servings": 4,
                "ingredients": ["1 lb beef", "2 cups milk", "2 large eggs", "salt to taste"]}),
        )
        .await;
    let metric = app
        .get(&format!("/recipes/{english}?units=metric&servings=8"), None)
        .await;
    let items = displayed(&metric.assert_success()["info"]);
    assert_eq!(items[0].2, json!("g"));
    let grams = items[0].1.as_f64().unwrap();
    assert!((grams - 907.18474).abs() < 0.01, "{grams}");
    assert_eq!(items[0].0, "910 g beef");
    // Two US cups doubled: 960 ml.
    assert_eq!(items[1].0, "960 ml milk");
    assert_eq!(items[2].0, "4 large eggs");
    assert_eq!(items[3].0, "salt to taste");
    let us = app.get(&format!("/recipes/{korean}?units=us"), None).await;
    let us = displayed(&us.assert_success()["info"]);
    assert_eq!(us[1].2, json!("tbsp"));
    assert_eq!(us[2].0, "양파 1개");
    let reply = app
        .get(&format!("/recipes/{english}?units=imperial"), None)
        .await;
    let body = reply.assert_error(StatusCode::BAD_REQUEST, "validation_error");
    assert!(body["fields"]["units"].is_string());
    let original = app
        .get(&format!("/recipes/{english}?units=original"), None)
        .await;
    assert_eq!(
        displayed(&original.assert_success()["info"])[0].0,
        "1 lb beef"
    );
}

#[apply(backends)]
#[tokio::test]
async fn the_ingredient_filter_finds_recipes_by_their_foods(backend: Backend) {
    let app = test_app!(backend);
    let cook = app.new_user().await;
    let other = app.new_user().await;
    let tofu_stew = app
        .publish_new(
            &cook,
            &json!({"name": "Tofu stew", "tags": ["stew"],
                "ingredients": ["두부 1모", "다진 마늘 1작은술", "간장 2큰술"]}),
        )
        .await;
    let omelette = app
        .publish_new(
            &other,
            &json!({"name": "Omelette", "ingredients": ["2 large eggs", "Green Onions, sliced"]}),
        )
        .await;
    let mapo = app
        .publish_new(
            &cook,
            &json!({"name": "Mapo tofu", "ingredients": ["두부 300g", "간장 1큰술"]}),
        )
        .await;
    let draft = app
        .create_recipe(
            &cook,
            &json!({"name": "Draft", "ingredients": ["두부 1모"]}),
        )
        .await["id"]
        .as_i64()
        .unwrap();

    assert_eq!(
        listed(&app, "/recipes?ingredient=두부", None).await,
        [mapo, tofu_stew],
        "published recipes naming the food, newest first"
    );
    // A word of a food, any case, singular or plural.
    assert_eq!(
        listed(&app, "/recipes?ingredient=마늘", None).await,
        [tofu_stew]
    );
    assert_eq!(
        listed(&app, "/recipes?ingredient=Eggs", None).await,
        [omelette]
    );
    assert_eq!(
        listed(&app, "/recipes?ingredient=green%20onion", None).await,
        [omelette]
    );
    // Every given food must be there; other filters and sorts compose.
    assert_eq!(
        listed(&app, "/recipes?ingredient=두부&ingredient=마늘", None).await,
        [tofu_stew]
    );
    assert_eq!(
        listed(&app, "/recipes?ingredient=두부&ingredient=egg", None).await,
        Vec::<i64>::new()
    );
    assert_eq!(
        listed(&app, "/recipes?ingredient=두부&tag=stew", None).await,
        [tofu_stew]
    );
    assert_eq!(
        listed(&app, "/recipes?ingredient=두부&sort=name", None).await,
        [mapo, tofu_stew]
    );
    assert_eq!(
        listed(&app, "/recipes?ingredient=간장&sort=oldest", None).await,
        [tofu_stew, mapo]
    );
    assert_eq!(
        listed(&app, "/recipes?ingredient=두부&q=mapo", None).await,
        [mapo]
    );
    assert_eq!(
        listed(
            &app,
            &format!("/users/{}/recipes?ingredient=egg", other.id),
            None
        )
        .await,
        [omelette]
    );
    // The owner's list includes drafts.
    assert_eq!(
        listed(&app, "/recipes/me?ingredient=두부", Some(&cook.token)).await,
        [draft, mapo, tofu_stew]
    );
    for nothing in ["!!", "%00", "두%00부", "%1F%7F"] {
        assert_eq!(
            listed(&app, &format!("/recipes?ingredient={nothing}"), None).await,
            Vec::<i64>::new(),
            "{nothing}"
        );
    }

    // Edits and deletes keep the index in step.
    app.patch(
        &format!("/recipes/{mapo}"),
        Some(&cook.token),
        &json!({"ingredients": ["가지 2개"]}),
    )
    .await
    .assert_success();
    assert_eq!(
        listed(&app, "/recipes?ingredient=두부", None).await,
        [tofu_stew]
    );
    assert_eq!(listed(&app, "/recipes?ingredient=가지", None).await, [mapo]);
    app.delete(&format!("/recipes/{tofu_stew}"), Some(&cook.token))
        .await
        .assert_success();
    assert_eq!(
        listed(&app, "/recipes?ingredient=두부", None).await,
        Vec::<i64>::new()
    );

    for bad in [
        "ingredient=".to_owned(),
        "ingredient=%20%20".to_owned(),
        format!("ingredient={}", "x".repeat(101)),
        (0..11)
            .map(|i| format!("ingredient=f{i}"))
            .collect::<Vec<_>>()
            .join("&"),
    ] {
        let reply = app.get(&format!("/recipes?{bad}"), None).await;
        let body = reply.assert_error(StatusCode::BAD_REQUEST, "validation_error");
        assert!(body["fields"]["ingredient"].is_string(), "{bad}: {body}");
    }
}

#[apply(backends)]
#[tokio::test]
async fn ingredient_lists_page_by_cursor_without_gaps_or_repeats(backend: Backend) {
    let app = test_app!(backend);
    let cook = app.new_user().await;
    let mut with_tofu = Vec::new();
    for i in 0..13 {
        let lines = if i % 3 == 0 {
            json!(["양파 1개"])
        } else {
            json!([format!("두부 {}모", i % 2 + 1), "소금 약간"])
        };
        let id = app
            .publish_new(
                &cook,
                &json!({"name": format!("dish {i}"), "cook_time": i % 4 * 10, "ingredients": lines}),
            )
            .await;
        if i % 3 != 0 {
            with_tofu.push(id);
        }
    }
    let newest: Vec<i64> = with_tofu.iter().rev().copied().collect();
    let seen = walk(&app, "/recipes?ingredient=두부&limit=3", async |_| {}).await;
    assert_eq!(seen, newest);
    let seen = walk(
        &app,
        "/recipes?ingredient=두부&limit=4&sort=oldest",
        async |_| {},
    )
    .await;
    assert_eq!(seen, with_tofu);
    let mut by_time = walk(
        &app,
        "/recipes?ingredient=두부&ingredient=소금&limit=2&sort=cook_time",
        async |_| {},
    )
    .await;
    assert_eq!(by_time.len(), with_tofu.len());
    by_time.sort_unstable();
    assert_eq!(by_time, with_tofu);
    // A cursor of one ingredient's list is refused by another's.
    let first = app.get("/recipes?ingredient=두부&limit=3", None).await;
    let cursor = first.assert_success()["next_cursor"]
        .as_str()
        .unwrap()
        .to_owned();
    app.get(
        &format!("/recipes?ingredient=양파&limit=3&cursor={cursor}"),
        None,
    )
    .await
    .assert_error(StatusCode::BAD_REQUEST, "validation_error");
}

#[apply(backends)]
#[tokio::test]
async fn a_rare_food_with_a_common_one_lists_the_same_in_either_order(backend: Backend) {
    // The list is read from the rarer food's rows (후추 here), whatever order the query names
    // them in; every page, order and the ranked search must show the same recipes.
    let app = test_app!(backend);
    let cook = app.new_user().await;
    let mut both = Vec::new();
    for i in 0..14 {
        let lines = match i % 5 {
            0 => json!(["후추 약간"]),
            1 | 3 => json!(["소금 약간", "후추 약간", "물 1컵"]),
            _ => json!(["소금 약간", "물 1컵"]),
        };
        let id = app
            .publish_new(
                &cook,
                &json!({"name": format!("soup {:02}", 20 - i), "ingredients": lines}),
            )
            .await;
        if matches!(i % 5, 1 | 3) {
            both.push(id);
        }
    }
    let newest: Vec<i64> = both.iter().rev().copied().collect();
    for pair in [
        "ingredient=소금&ingredient=후추",
        "ingredient=후추&ingredient=소금",
    ] {
        let seen = walk(&app, &format!("/recipes?{pair}&limit=2"), async |_| {}).await;
        assert_eq!(seen, newest, "{pair}");
        let seen = walk(
            &app,
            &format!("/recipes?{pair}&limit=2&sort=oldest"),
            async |_| {},
        )
        .await;
        assert_eq!(seen, both, "{pair} oldest");
        let by_name = walk(
            &app,
            &format!("/recipes?{pair}&limit=3&sort=name"),
            async |_| {},
        )
        .await;
        assert_eq!(by_name, newest, "{pair} by name (names fall as ids rise)");
        let mut searched = walk(
            &app,
            &format!("/recipes?{pair}&q=soup&limit=2"),
            async |_| {},
        )
        .await;
        searched.sort_unstable();
        assert_eq!(searched, both, "{pair} searched");
        let with_three = listed(&app, &format!("/recipes?{pair}&ingredient=물"), None).await;
        assert_eq!(with_three, newest, "{pair} with a third food");
    }
}

#[apply(backends)]
#[tokio::test]
async fn recipes_written_before_the_parser_are_parsed_in_the_background(backend: Backend) {
    let app = test_app!(backend);
    let cook = app.new_user().await;
    let mut ids = Vec::new();
    for i in 0..7 {
        ids.push(
            app.publish_new(
                &cook,
                &json!({"name": format!("old {i}"), "ingredients": ["두부 1모", "2 eggs"]}),
            )
            .await,
        );
    }
    // The rows as an earlier version left them: no parsed lines, no terms.
    {
        use sea_orm::ConnectionTrait;
        let db = sea_orm::Database::connect(&app.settings.database.url)
            .await
            .unwrap();
        for statement in [
            "UPDATE recipe SET ingredient_items = NULL, ingredient_parser = 0",
            "DELETE FROM recipe_ingredient",
        ] {
            db.execute_unprepared(statement).await.unwrap();
        }
        db.close().await.unwrap();
    }
    // Read as they are, they are parsed on the way out already.
    let reply = app.get(&format!("/recipes/{}", ids[0]), None).await;
    assert_eq!(
        reply.assert_success()["info"]["ingredient_items"][0]["food"],
        "두부"
    );
    assert_eq!(
        listed(&app, "/recipes?ingredient=두부", None).await,
        Vec::<i64>::new()
    );
    // A restarted server parses them again, and says when it is done.
    let app = app.restart().await;
    let newest: Vec<i64> = ids.iter().rev().copied().collect();
    let started = Instant::now();
    loop {
        let found = listed(&app, "/recipes?ingredient=egg", None).await;
        let metrics = app.get("/metrics", None).await;
        metrics.assert_success_status();
        let metrics = metrics.body.as_str().expect("the metrics text");
        if found == newest && metrics.contains("\ningredient_parse_pending 0\n") {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "not parsed: {found:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let db = sea_orm::Database::connect(&app.settings.database.url)
        .await
        .unwrap();
    use sea_orm::{ConnectionTrait, Statement};
    let row = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT COUNT(*) FROM recipe WHERE ingredient_parser = 0 OR ingredient_items IS NULL",
        ))
        .await
        .unwrap()
        .unwrap();
    let left: i64 = row.try_get_by_index(0).unwrap();
    assert_eq!(left, 0);
    db.close().await.unwrap();
}
