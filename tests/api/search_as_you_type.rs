//! Search as it is typed, on every back-end: only the word being typed (the last, with nothing
//! after it) matches as a prefix, earlier words are whole words, in English and in Korean (a
//! syllable being composed is not searched yet); and `GET /recipes/suggest`, which completes
//! the query with tags and the names of published recipes.

use rstest::rstest;
use rstest_reuse::apply;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::backends::{Backend, backends};
use crate::helpers::{TestApp, test_app, urlencode};
use crate::search::{listed, sorted};

/// The ids `GET /recipes?q=<q>` finds, sorted.
async fn found(app: &TestApp, q: &str) -> Vec<i64> {
    let path = format!("/recipes?q={}&limit=100", urlencode(q));
    sorted(listed(app, &path, None).await)
}

#[apply(backends)]
#[tokio::test]
async fn only_the_word_being_typed_matches_as_a_prefix(backend: Backend) {
    let app = test_app!(backend);
    let cook = app.new_user().await;
    let tomato_soup = app.create_published(&cook, "Tomato soup").await;
    let tom_yum = app.create_published(&cook, "Tom yum soup").await;
    let tikka = app.create_published(&cook, "Chicken tikka masala").await;
    let chickpea = app.create_published(&cook, "Chickpea curry").await;

    // The word being typed finds the words it begins.
    assert_eq!(found(&app, "tom").await, sorted(vec![tomato_soup, tom_yum]));
    assert_eq!(found(&app, "chick").await, sorted(vec![tikka, chickpea]));
    assert_eq!(found(&app, "chicken tik").await, vec![tikka]);
    // Words before it are complete: "tom" is not "tomato", "chick" not "chicken".
    assert_eq!(found(&app, "tom soup").await, vec![tom_yum]);
    assert_eq!(found(&app, "chick tikka").await, Vec::<i64>::new());
    // A space after the last word completes it too.
    assert_eq!(found(&app, "tom ").await, vec![tom_yum]);
    assert_eq!(found(&app, "chick ").await, Vec::<i64>::new());
    assert_eq!(found(&app, "chicken tikka ").await, vec![tikka]);
    // Typed letter by letter, every prefix of the name finds it.
    for typed in [
        "c",
        "ch",
        "chi",
        "chic",
        "chick",
        "chicke",
        "chicken",
        "chicken t",
    ] {
        let hits = found(&app, typed).await;
        assert!(hits.contains(&tikka), "{typed:?} found {hits:?}");
    }
}

/// The word being typed finds every word it begins, whichever write brought the word and
/// however many words it begins (SQLite looks a typed word of four letters or more up in a table
/// of the index's words and searches for those words, or for the prefix when there are many).
#[apply(backends)]
#[tokio::test]
async fn a_typed_word_finds_every_word_it_begins_whichever_write_brought_it(backend: Backend) {
    let app = test_app!(backend);
    let cook = app.new_user().await;
    let token = Some(cook.token.as_str());
    let stew = app.create_published(&cook, "Plain stew").await;
    let path = format!("/recipes/{stew}");
    assert_eq!(found(&app, "chicor").await, Vec::<i64>::new());

    // Words a change brings, in any field, letter case aside.
    app.patch(
        &path,
        token,
        &json!({"description": "With CHICORY and crème fraîche"}),
    )
    .await
    .assert_success();
    app.patch(&path, token, &json!({"ingredients": ["300g chickpeas"]}))
        .await
        .assert_success();
    for typed in ["chico", "chicory", "crèm", "300g", "chickp", "stew chickpe"] {
        assert_eq!(found(&app, typed).await, vec![stew], "typed {typed:?}");
    }
    let curry = app.create_published(&cook, "Chickpea curry").await;
    assert_eq!(found(&app, "chickp").await, sorted(vec![stew, curry]));
    let names = suggest(&app, "chickp", None).await;
    assert_eq!(labels(&names), ["recipe:Chickpea curry"], "names only");

    // A word a change took away no longer finds the recipe.
    app.patch(&path, token, &json!({"description": "Plain again"}))
        .await
        .assert_success();
    assert_eq!(found(&app, "chico").await, Vec::<i64>::new());
    assert_eq!(found(&app, "chickp").await, sorted(vec![stew, curry]));

    // Many words beginning with what is typed, and a few.
    let many: Vec<String> = (1..=80).map(|n| format!("zest{n}")).collect();
    let zesty = app
        .publish_new(
            &cook,
            &json!({"name": "Zesty", "directions": many.join(" ")}),
        )
        .await;
    let zestful = app.create_published(&cook, "Zestful salad").await;
    assert_eq!(found(&app, "zest").await, sorted(vec![zesty, zestful]));
    assert_eq!(found(&app, "zest7").await, vec![zesty]);
    assert_eq!(found(&app, "zestf").await, vec![zestful]);
    assert_eq!(
        found(&app, "zest ").await,
        Vec::<i64>::new(),
        "a whole word"
    );
    assert_eq!(
        labels(&suggest(&app, "zest", None).await),
        ["recipe:Zestful salad", "recipe:Zesty"]
    );
    assert_eq!(
        labels(&suggest(&app, "zestf", None).await),
        ["recipe:Zestful salad"]
    );
}

#[apply(backends)]
#[tokio::test]
async fn korean_words_are_found_while_they_are_typed(backend: Backend) {
    let app = test_app!(backend);
    let cook = app.new_user().await;
    let stew = app
        .publish_new(
            &cook,
            &json!({"name": "돼지고기 김치찌개", "description": "얼큰한 찌개를 끓인다"}),
        )
        .await;
    let gimbap = app.create_published(&cook, "참치 김밥").await;
    app.create_published(&cook, "Plain rice").await;

    // Syllable by syllable, as an input method composes "김치찌개": a consonant or vowel
    // alone at the end is a syllable being composed, not searched yet.
    for typed in ["김", "김ㅊ", "김치", "김치ㅉ", "김치찌", "김치찌개"] {
        let expected = if typed.starts_with("김치") {
            vec![stew]
        } else {
            sorted(vec![stew, gimbap])
        };
        assert_eq!(found(&app, typed).await, expected, "typed {typed:?}");
    }
    // A Korean word is found inside compounds and with particles, before the last word too.
    assert_eq!(found(&app, "찌개 돼지").await, vec![stew]);
    assert_eq!(found(&app, "찌개 ").await, vec![stew]);
    assert_eq!(found(&app, "참치 김").await, vec![gimbap]);
    // A single syllable is the start of a word, wherever it stands.
    assert_eq!(found(&app, "김 참치").await, vec![gimbap]);
    assert_eq!(found(&app, "찌개 김밥").await, Vec::<i64>::new());
}

/// `GET /recipes/suggest?q=<q>` (anonymous), asserting success.
async fn suggest(app: &TestApp, q: &str, token: Option<&str>) -> Vec<Value> {
    let path = format!("/recipes/suggest?q={}", urlencode(q));
    let reply = app.get(&path, token).await;
    let body = reply.assert_success();
    assert_eq!(body["result"], "success");
    body["suggestions"].as_array().expect("suggestions").clone()
}

/// A suggestion as `kind:text`.
fn labels(suggestions: &[Value]) -> Vec<String> {
    suggestions
        .iter()
        .map(|s| {
            format!(
                "{}:{}",
                s["kind"].as_str().unwrap(),
                s["text"].as_str().unwrap()
            )
        })
        .collect()
}

#[apply(backends)]
#[tokio::test]
async fn suggestions_complete_the_word_being_typed_with_tags_and_recipe_names(backend: Backend) {
    let app = test_app!(backend);
    let cook = app.new_user().await;
    let other = app.new_user().await;
    let older = app
        .publish_new(
            &cook,
            &json!({"name": "Chicken tikka masala", "tags": ["tikka", "indian"]}),
        )
        .await;
    app.publish_new(&cook, &json!({"name": "Chicken thighs", "tags": ["thai"]}))
        .await;
    let newer = app
        .publish_new(
            &other,
            &json!({"name": "chicken TIKKA masala", "tags": ["tikka"]}),
        )
        .await;
    let paneer = app
        .publish_new(&cook, &json!({"name": "Tikka paneer", "tags": ["tiffin"]}))
        .await;
    let draft = app
        .create_recipe(
            &cook,
            &json!({"name": "Chicken tikka pie", "tags": ["tiki"], "description": "tim"}),
        )
        .await["id"]
        .as_i64()
        .unwrap();
    app.publish_new(
        &cook,
        &json!({"name": "Stew", "description": "chicken with tiny onions"}),
    )
    .await;
    let stew = app.create_published(&cook, "돼지고기 김치찌개").await;

    // One word being typed: tags that begin with it (most used first; never one carried only
    // by drafts), then the names that hold a word beginning with it, newest first, one per name.
    let one_word = suggest(&app, "ti", None).await;
    assert_eq!(
        labels(&one_word),
        [
            "tag:tikka",
            "tag:tiffin",
            "recipe:Tikka paneer",
            "recipe:chicken TIKKA masala",
        ]
    );
    assert_eq!(one_word[0]["recipe_count"], 2);
    assert_eq!(one_word[2]["id"], paneer);
    assert_eq!(one_word[3]["id"], newer, "the newest recipe of a name");
    // More words: names only, every word whole but the last; a description does not count.
    let two_words = suggest(&app, "Chicken ti", None).await;
    assert_eq!(labels(&two_words), ["recipe:chicken TIKKA masala"]);
    assert_eq!(
        labels(&suggest(&app, "chicken th", None).await),
        ["recipe:Chicken thighs"]
    );
    assert!(suggest(&app, "chick ti", None).await.is_empty());
    // A completed word is not completed further.
    assert!(suggest(&app, "chicken tik ", None).await.is_empty());
    // Korean, syllable by syllable.
    for typed in ["돼", "돼지고", "돼지고기 김", "돼지고기 김치ㅉ", "김치찌"] {
        let found = suggest(&app, typed, None).await;
        assert_eq!(
            labels(&found),
            ["recipe:돼지고기 김치찌개"],
            "typed {typed:?}"
        );
        assert_eq!(found[0]["id"], stew);
    }
    // Nothing to complete.
    for q in ["", "   ", "!?", "ㄱ"] {
        assert!(suggest(&app, q, None).await.is_empty(), "{q:?}");
    }
    let bare = app.get("/recipes/suggest", None).await;
    assert_eq!(bare.assert_success()["suggestions"], json!([]));
    // The same for everyone: the owner of the draft is not shown it either.
    assert_eq!(suggest(&app, "ti", Some(&cook.token)).await, one_word);
    let _ = (older, draft);
}

#[apply(backends)]
#[tokio::test]
async fn suggestions_are_at_most_ten_and_bad_queries_are_refused(backend: Backend) {
    let app = test_app!(backend);
    let cook = app.new_user().await;
    for i in 0..12 {
        app.create_published(&cook, &format!("Soup number {i}"))
            .await;
    }
    let many = suggest(&app, "sou", None).await;
    assert_eq!(many.len(), 10);
    assert_eq!(many[0]["text"], "Soup number 11", "newest first");

    let long = "a".repeat(201);
    for (query, field) in [
        (format!("q={long}"), "q"),
        ("q=a&q=b".to_owned(), "q"),
        ("q=%FF".to_owned(), "q"),
    ] {
        let reply = app.get(&format!("/recipes/suggest?{query}"), None).await;
        let body = reply.assert_error(StatusCode::BAD_REQUEST, "validation_error");
        assert!(body["fields"][field].is_string(), "{query}: {body}");
    }
    // A credential changes nothing, and one that is not valid is ignored, as by the lists.
    assert_eq!(suggest(&app, "sou", Some("garbage")).await, many);
    assert_eq!(suggest(&app, "sou", Some(&cook.token)).await, many);
    // Unknown parameters are ignored, like on every list route.
    assert_eq!(
        app.get("/recipes/suggest?q=sou&limit=2&x=1", None)
            .await
            .assert_success()["suggestions"]
            .as_array()
            .unwrap()
            .len(),
        10
    );
}
