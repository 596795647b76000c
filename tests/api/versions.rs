//! Entity tags: `ETag` on every answer carrying a recipe, `If-None-Match` → 304, and `If-Match`
//! guarding every change (412 and nothing changed when the recipe moved on) — also when two
//! writers race.

use reqwest::{Method, StatusCode, header};
use rstest::rstest;
use rstest_reuse::apply;
use serde_json::{Value, json};

use crate::backends::{Backend, backends};
use crate::helpers::{Reply, TestApp, TestUser, test_app};

/// A request to `path` with `token`, extra `headers` and an optional JSON body.
async fn send(
    app: &TestApp,
    method: Method,
    path: &str,
    token: Option<&str>,
    headers: &[(header::HeaderName, &str)],
    body: Option<&Value>,
) -> Reply {
    let mut request = app.client.request(method, format!("{}{path}", app.address));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    for (name, value) in headers {
        request = request.header(name, *value);
    }
    if let Some(body) = body {
        request = request.json(body);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let text = response.text().await.unwrap();
    let body = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap()
    };
    Reply {
        status,
        headers,
        body,
    }
}

fn etag(reply: &Reply) -> String {
    reply
        .headers
        .get(header::ETAG)
        .unwrap_or_else(|| panic!("no ETag: {} {}", reply.status, reply.body))
        .to_str()
        .unwrap()
        .to_owned()
}

async fn current(app: &TestApp, user: &TestUser, id: i64) -> Reply {
    app.get(&format!("/recipes/{id}"), Some(&user.token)).await
}

#[apply(backends)]
#[tokio::test]
async fn every_answer_with_a_recipe_tags_its_version(backend: Backend) {
    let app = test_app!(backend);
    let cook = app.new_user().await;
    let created = send(
        &app,
        Method::POST,
        "/recipes",
        Some(&cook.token),
        &[],
        Some(&json!({"name": "Bulgogi"})),
    )
    .await;
    assert_eq!(created.status, StatusCode::CREATED);
    let id = created.body["info"]["id"].as_i64().unwrap();
    let v1 = etag(&created);
    assert!(
        v1.starts_with('"') && v1.ends_with('"'),
        "a strong tag: {v1}"
    );
    assert_eq!(etag(&current(&app, &cook, id).await), v1);

    // Every change moves the tag on; one that changes nothing keeps it.
    let path = format!("/recipes/{id}");
    let publish = format!("{path}/publish");
    let mut seen = vec![v1.clone()];
    for (method, target, body) in [
        (Method::PUT, &publish, None),
        (Method::PATCH, &path, Some(json!({"cook_time": 20}))),
        (
            Method::PUT,
            &path,
            Some(json!({"name": "Bulgogi", "tags": ["korean"]})),
        ),
        (Method::DELETE, &publish, None),
    ] {
        let reply = send(
            &app,
            method.clone(),
            target,
            Some(&cook.token),
            &[],
            body.as_ref(),
        )
        .await;
        reply.assert_success();
        let tag = etag(&reply);
        assert!(
            !seen.contains(&tag),
            "{method} {target} kept an old tag {tag}"
        );
        assert_eq!(etag(&current(&app, &cook, id).await), tag);
        seen.push(tag);
    }
    let last = seen.last().unwrap().clone();
    let again = send(&app, Method::DELETE, &publish, Some(&cook.token), &[], None).await;
    assert_eq!(etag(&again), last, "unpublishing a draft changes nothing");
    let empty = send(
        &app,
        Method::PATCH,
        &path,
        Some(&cook.token),
        &[],
        Some(&json!({})),
    )
    .await;
    assert_eq!(etag(&empty), last, "an empty patch changes nothing");
}

#[apply(backends)]
#[tokio::test]
async fn a_read_with_the_current_tag_is_304_without_a_body(backend: Backend) {
    let app = test_app!(backend);
    let cook = app.new_user().await;
    let id = app.create_published(&cook, "Japchae").await;
    let path = format!("/recipes/{id}");
    let tag = etag(&app.get(&path, None).await);
    for value in [
        tag.clone(),
        format!("W/{tag}"),
        format!("\"v999\", {tag}"),
        "*".into(),
    ] {
        let reply = send(
            &app,
            Method::GET,
            &path,
            None,
            &[(header::IF_NONE_MATCH, &value)],
            None,
        )
        .await;
        assert_eq!(reply.status, StatusCode::NOT_MODIFIED, "{value}");
        assert_eq!(reply.body, Value::Null);
        assert_eq!(etag(&reply), tag);
    }
    let stale = send(
        &app,
        Method::GET,
        &path,
        None,
        &[(header::IF_NONE_MATCH, "\"v999\"")],
        None,
    )
    .await;
    stale.assert_success();
    // A draft stays hidden from others, whatever tag they name.
    let draft = app.create_draft(&cook, "Secret").await;
    let reply = send(
        &app,
        Method::GET,
        &format!("/recipes/{draft}"),
        None,
        &[(header::IF_NONE_MATCH, "*")],
        None,
    )
    .await;
    reply.assert_error(StatusCode::NOT_FOUND, "not_found");
}

#[apply(backends)]
#[tokio::test]
async fn a_change_with_a_stale_tag_is_412_and_changes_nothing(backend: Backend) {
    let app = test_app!(backend);
    let cook = app.new_user().await;
    let id = app.create_draft(&cook, "Kimbap").await;
    let path = format!("/recipes/{id}");
    let publish = format!("{path}/publish");
    let stale = etag(&current(&app, &cook, id).await);
    let moved = send(
        &app,
        Method::PATCH,
        &path,
        Some(&cook.token),
        &[(header::IF_MATCH, &stale)],
        Some(&json!({"cook_time": 15})),
    )
    .await;
    moved.assert_success();
    let fresh = etag(&moved);
    let before = current(&app, &cook, id).await.body;

    let attempts = [
        (Method::PATCH, &path, Some(json!({"name": "Changed"}))),
        (Method::PUT, &path, Some(json!({"name": "Changed"}))),
        (Method::PUT, &publish, None),
        (Method::DELETE, &publish, None),
        (Method::DELETE, &path, None),
    ];
    for value in [stale.as_str(), "\"nonsense\"", "W/\"v2\"", ""] {
        for (method, target, body) in &attempts {
            let reply = send(
                &app,
                method.clone(),
                target,
                Some(&cook.token),
                &[(header::IF_MATCH, value)],
                body.as_ref(),
            )
            .await;
            reply.assert_error(StatusCode::PRECONDITION_FAILED, "precondition_failed");
        }
    }
    assert_eq!(
        current(&app, &cook, id).await.body,
        before,
        "nothing changed"
    );

    // The current tag, or `*`, lets the change through; so does no If-Match at all.
    let reply = send(
        &app,
        Method::PUT,
        &publish,
        Some(&cook.token),
        &[(header::IF_MATCH, &format!("\"v0\", {fresh}"))],
        None,
    )
    .await;
    reply.assert_success();
    let reply = send(
        &app,
        Method::PATCH,
        &path,
        Some(&cook.token),
        &[(header::IF_MATCH, "*")],
        Some(&json!({"name": "Kimbap rolls"})),
    )
    .await;
    reply.assert_success();
    app.patch(&path, Some(&cook.token), &json!({"cook_time": 25}))
        .await
        .assert_success();
    let tag = etag(&current(&app, &cook, id).await);
    let reply = send(
        &app,
        Method::DELETE,
        &path,
        Some(&cook.token),
        &[(header::IF_MATCH, &tag)],
        None,
    )
    .await;
    reply.assert_success();
    assert_eq!(current(&app, &cook, id).await.status, StatusCode::NOT_FOUND);
    // Ownership is decided before the precondition: someone else's recipe is still 403/404.
    let other = app.new_user().await;
    let theirs = app.create_published(&other, "Not yours").await;
    let reply = send(
        &app,
        Method::DELETE,
        &format!("/recipes/{theirs}"),
        Some(&cook.token),
        &[(header::IF_MATCH, "*")],
        None,
    )
    .await;
    reply.assert_error(StatusCode::FORBIDDEN, "forbidden");
}

#[apply(backends)]
#[tokio::test]
async fn of_two_writers_racing_from_the_same_version_exactly_one_wins(backend: Backend) {
    let app = test_app!(backend);
    let cook = app.new_user().await;
    let id = app.create_draft(&cook, "Tteok").await;
    let path = format!("/recipes/{id}");
    for round in 0..10 {
        let tag = etag(&current(&app, &cook, id).await);
        let body_a = json!({"name": format!("A{round}"), "tags": [format!("a{round}")]});
        let body_b = json!({"name": format!("B{round}"), "tags": [format!("b{round}")]});
        let if_match = [(header::IF_MATCH, tag.as_str())];
        let (a, b) = tokio::join!(
            send(
                &app,
                Method::PUT,
                &path,
                Some(&cook.token),
                &if_match,
                Some(&body_a)
            ),
            send(
                &app,
                Method::PATCH,
                &path,
                Some(&cook.token),
                &if_match,
                Some(&body_b)
            ),
        );
        let statuses = [a.status, b.status];
        let winner = match statuses {
            [StatusCode::OK, StatusCode::PRECONDITION_FAILED] => &a,
            [StatusCode::PRECONDITION_FAILED, StatusCode::OK] => &b,
            other => panic!("round {round}: {other:?} {} {}", a.body, b.body),
        };
        let now = current(&app, &cook, id).await;
        assert_eq!(
            now.body["info"], winner.body["info"],
            "round {round}: the winner's recipe stands"
        );
        assert_eq!(etag(&now), etag(winner));
    }
}

#[apply(backends)]
#[tokio::test]
async fn a_vote_changes_the_tag_of_reads_but_not_the_version_a_change_needs(backend: Backend) {
    let app = test_app!(backend);
    let cook = app.new_user().await;
    let fan = app.new_user().await;
    let id = app.create_published(&cook, "Dakgalbi").await;
    let path = format!("/recipes/{id}");
    let anonymous = etag(&app.get(&path, None).await);
    let own = etag(&current(&app, &cook, id).await);
    let fans = etag(&current(&app, &fan, id).await);
    assert_ne!(
        anonymous, fans,
        "a signed-in answer carries is_favorite and my_rating"
    );

    app.request(
        Method::PUT,
        &format!("{path}/favorite"),
        Some(&fan.token),
        None,
    )
    .await
    .assert_success();
    // Every copy read before the vote is stale now: its count (and the fan's heart) changed.
    for (token, tag) in [(None, &anonymous), (Some(fan.token.as_str()), &fans)] {
        let reply = send(
            &app,
            Method::GET,
            &path,
            token,
            &[(header::IF_NONE_MATCH, tag)],
            None,
        )
        .await;
        assert_eq!(reply.status, StatusCode::OK, "{tag}");
        assert_eq!(reply.body["info"]["favorite_count"], 1);
        assert_ne!(&etag(&reply), tag);
    }
    // A comment moves it too.
    let before = etag(&app.get(&path, None).await);
    app.post(
        &format!("{path}/comments"),
        Some(&fan.token),
        &json!({"body": "yum"}),
    )
    .await;
    assert_ne!(etag(&app.get(&path, None).await), before);

    // The author's edit with the tag read before the vote goes through: votes are not edits.
    let reply = send(
        &app,
        Method::PATCH,
        &path,
        Some(&cook.token),
        &[(header::IF_MATCH, &own)],
        Some(&json!({"cook_time": 40})),
    )
    .await;
    reply.assert_success();
    // The answer's tag is the one the author's next read gets, and the short form of earlier
    // releases ("v<version>") still names the version.
    let tag = etag(&reply);
    assert_eq!(etag(&current(&app, &cook, id).await), tag);
    let short = format!("\"{}\"", tag.trim_matches('"').split('-').next().unwrap());
    let reply = send(
        &app,
        Method::PATCH,
        &path,
        Some(&cook.token),
        &[(header::IF_MATCH, &short)],
        Some(&json!({"cook_time": 45})),
    )
    .await;
    reply.assert_success();
}
