//! Keyset pagination: `next_cursor`, the `Link` header, continuity while rows are inserted,
//! and refusal of tampered or foreign cursors.

use std::collections::HashSet;

use rstest::rstest;
use rstest_reuse::apply;

use reqwest::{StatusCode, header};
use serde_json::{Value, json};

use crate::backends::{Backend, backends};
use crate::helpers::{TestApp, TestUser, test_app};
use crate::search::ids;

/// Follows `next_cursor` from `first` to the end, calling `between` after each page; returns
/// every id seen, in order.
pub async fn walk(app: &TestApp, first: &str, mut between: impl AsyncFnMut(usize)) -> Vec<i64> {
    let mut seen = Vec::new();
    let mut path = first.to_owned();
    for page in 0.. {
        assert!(page < 100, "the walk does not end");
        let body = app.get(&path, None).await.assert_success().clone();
        seen.extend(ids(&body));
        let Some(cursor) = body["next_cursor"].as_str() else {
            assert_eq!(body["next_cursor"], Value::Null);
            break;
        };
        let separator = if first.contains('?') { '&' } else { '?' };
        path = format!("{first}{separator}cursor={cursor}");
        between(page).await;
    }
    seen
}

async fn publish_varied(app: &TestApp, cook: &TestUser, count: usize) -> Vec<i64> {
    let mut created = Vec::new();
    for i in 0..count {
        let cook_time = (i % 3 != 0).then_some((i % 4) * 10);
        let name = format!("dish {}", (b'a' + u8::try_from(i % 5).unwrap()) as char);
        let body = json!({"name": name, "cook_time": cook_time, "tags": ["walk"], "description": "paging stew"});
        created.push(app.publish_new(cook, &body).await);
    }
    created
}

#[apply(backends)]
#[tokio::test]
async fn cursors_visit_every_recipe_once_while_new_ones_arrive(backend: Backend) {
    let app = test_app!(backend);
    let cook = app.new_user().await;
    let existing = publish_varied(&app, &cook, 13).await;
    for query in [
        "/recipes?limit=4",
        "/recipes?limit=4&sort=oldest",
        "/recipes?limit=4&sort=cook_time",
        "/recipes?limit=4&sort=name",
        "/recipes?limit=4&tag=walk",
        "/recipes?limit=4&q=stew",
        "/recipes?limit=4&q=stew&sort=name",
    ] {
        let seen = walk(&app, query, async |page| {
            // A writer adds recipes that sort anywhere (same names, cook times and words).
            let name = format!("dish {}", ["a", "c", "e"][page % 3]);
            let cook_time = [0, 20, 30][page % 3];
            let body = json!({"name": name, "cook_time": cook_time, "tags": ["walk"], "description": "paging stew"});
            app.publish_new(&cook, &body).await;
        })
        .await;
        let unique: HashSet<i64> = seen.iter().copied().collect();
        assert_eq!(
            unique.len(),
            seen.len(),
            "{query}: a recipe came twice: {seen:?}"
        );
        for id in &existing {
            assert!(
                unique.contains(id),
                "{query}: recipe {id} was skipped: {seen:?}"
            );
        }
    }
}

#[apply(backends)]
#[tokio::test]
async fn a_cursor_walk_gives_the_same_order_as_one_big_page(backend: Backend) {
    let app = test_app!(backend);
    let cook = app.new_user().await;
    publish_varied(&app, &cook, 11).await;
    for query in [
        "sort=newest",
        "sort=oldest",
        "sort=cook_time",
        "sort=name",
        "q=stew",
        "q=dish%20stew&sort=relevance",
    ] {
        let whole = ids(app
            .get(&format!("/recipes?limit=100&{query}"), None)
            .await
            .assert_success());
        assert_eq!(whole.len(), 11, "{query}");
        let paged = walk(&app, &format!("/recipes?limit=3&{query}"), async |_| {}).await;
        assert_eq!(paged, whole, "{query}");
    }
}

#[apply(backends)]
#[tokio::test]
async fn the_link_header_points_to_the_next_page_and_offsets_still_work(backend: Backend) {
    let app = test_app!(backend);
    let cook = app.new_user().await;
    let created = publish_varied(&app, &cook, 5).await;
    let newest: Vec<i64> = created.iter().rev().copied().collect();

    let first = app.get("/recipes?limit=2&tag=walk&offset=0", None).await;
    assert_eq!(ids(first.assert_success()), newest[..2]);
    let link = first.headers[header::LINK].to_str().unwrap().to_owned();
    let cursor = first.body["next_cursor"].as_str().unwrap();
    assert!(
        link.starts_with("</recipes?") && link.ends_with(">; rel=\"next\""),
        "{link}"
    );
    assert!(
        link.contains("tag=walk") && link.contains("limit=2") && !link.contains("offset"),
        "{link}"
    );
    assert!(link.contains(&format!("cursor={cursor}")), "{link}");
    let next_path = &link[1..link.find('>').unwrap()];
    let second = app.get(next_path, None).await;
    assert_eq!(ids(second.assert_success()), newest[2..4]);

    // An offset page carries a cursor that continues after it.
    let offset = app.get("/recipes?limit=2&offset=2", None).await;
    assert_eq!(ids(offset.assert_success()), newest[2..4]);
    let after = offset.body["next_cursor"].as_str().unwrap();
    let last = app
        .get(&format!("/recipes?limit=2&cursor={after}"), None)
        .await;
    assert_eq!(ids(last.assert_success()), newest[4..]);
    assert_eq!(last.body["next_cursor"], Value::Null);
    assert!(last.headers.get(header::LINK).is_none());
    // The original's offset/limit paging is unchanged.
    assert_eq!(
        ids(app
            .get("/recipes?offset=4&limit=10", None)
            .await
            .assert_success()),
        newest[4..]
    );
    assert!(ids(app.get("/recipes?offset=400", None).await.assert_success()).is_empty());
}

#[apply(backends)]
#[tokio::test]
async fn tampered_foreign_and_misused_cursors_are_refused(backend: Backend) {
    let app = test_app!(backend);
    let cook = app.new_user().await;
    publish_varied(&app, &cook, 3).await;
    let body = app
        .get("/recipes?limit=1&sort=name", None)
        .await
        .assert_success()
        .clone();
    let cursor = body["next_cursor"].as_str().unwrap().to_owned();
    app.get(&format!("/recipes?limit=1&sort=name&cursor={cursor}"), None)
        .await
        .assert_success();

    let mut flipped = cursor.clone().into_bytes();
    flipped[3] = if flipped[3] == b'A' { b'B' } else { b'A' };
    let flipped = String::from_utf8(flipped).unwrap();
    // Without its last bytes (the authentication tag's).
    let stripped = cursor[..cursor.len() - 6].to_owned();
    let refused = [
        format!("sort=name&cursor={flipped}"),
        format!("sort=name&cursor={stripped}"),
        format!("sort=name&cursor={cursor}x"),
        "sort=name&cursor=not-a-cursor".to_owned(),
        format!("sort=oldest&cursor={cursor}"),
        format!("sort=name&tag=walk&cursor={cursor}"),
        format!("sort=name&cursor={}", "A".repeat(5000)),
    ];
    for query in refused {
        let reply = app.get(&format!("/recipes?{query}"), None).await;
        let error = reply.assert_error(StatusCode::BAD_REQUEST, "validation_error");
        assert!(error["fields"]["cursor"].is_string(), "{query}: {error}");
        assert!(
            !error.to_string().contains(&cursor),
            "the cursor is not echoed"
        );
    }
    // With a cursor, `offset` has nothing to say: the page is the cursor's.
    let with_offset = app
        .get(
            &format!("/recipes?sort=name&offset=1&cursor={cursor}"),
            None,
        )
        .await;
    let without = app
        .get(&format!("/recipes?sort=name&cursor={cursor}"), None)
        .await;
    assert_eq!(with_offset.assert_success(), without.assert_success());
    // Another list's cursor (here: the author's page) is refused too.
    let by_cook = format!(
        "/users/{}/recipes?limit=1&sort=name&cursor={cursor}",
        cook.id
    );
    app.get(&by_cook, None)
        .await
        .assert_error(StatusCode::BAD_REQUEST, "validation_error");
    let mine = format!("/recipes/me?limit=1&sort=name&cursor={cursor}");
    app.get(&mine, Some(&cook.token))
        .await
        .assert_error(StatusCode::BAD_REQUEST, "validation_error");
}

#[apply(backends)]
#[tokio::test]
async fn a_relevance_cursor_does_not_reveal_the_newest_draft(backend: Backend) {
    let app = test_app!(backend);
    let cook = app.new_user().await;
    publish_varied(&app, &cook, 3).await;
    // Drafts nobody else can see, the newest of them with an id well above the published ones.
    let mut newest_draft = 0;
    for _ in 0..12 {
        newest_draft = app.create_draft(&cook, "secret stew").await;
    }
    let body = app
        .get("/recipes?limit=1&q=stew&sort=relevance", None)
        .await
        .assert_success()
        .clone();
    let cursor = body["next_cursor"].as_str().unwrap();
    let decoded = base64::Engine::decode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, cursor)
        .expect("a cursor is base64url");
    let readable = String::from_utf8_lossy(&decoded);
    assert!(
        !readable.contains(&newest_draft.to_string()) && !readable.contains("\"p\""),
        "the cursor is readable: {readable}"
    );
    app.get(
        &format!("/recipes?limit=1&q=stew&sort=relevance&cursor={cursor}"),
        None,
    )
    .await
    .assert_success();
}
