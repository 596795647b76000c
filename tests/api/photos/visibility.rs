//! Who may change photos (the owner only: another user's draft is 404, their published recipe
//! 403), and that a draft's photos appear in no answer anyone else gets.

use reqwest::{Method, StatusCode};
use rstest::rstest;
use rstest_reuse::apply;
use serde_json::json;

use super::{Part, add_image, fixtures, put_cover, send_form};
use crate::backends::{Backend, backends};
use crate::helpers::test_app;

#[apply(backends)]
#[tokio::test]
async fn only_the_owner_changes_photos(backend: Backend) {
    let app = test_app!(backend);
    let owner = app.new_user().await;
    let stranger = app.new_user().await;
    let draft = app.create_draft(&owner, "Draft").await;
    let published = app.create_published(&owner, "Published").await;
    let png = fixtures::png(50, 40);
    let photo = add_image(&app, &owner, published, &png).await;
    let photo = photo.body["info"]["id"].as_i64().unwrap();
    for (recipe, status, code) in [
        (draft, StatusCode::NOT_FOUND, "not_found"),
        (published, StatusCode::FORBIDDEN, "forbidden"),
        (999_999, StatusCode::NOT_FOUND, "not_found"),
    ] {
        put_cover(&app, &stranger, recipe, &png)
            .await
            .assert_error(status, code);
        add_image(&app, &stranger, recipe, &png)
            .await
            .assert_error(status, code);
        app.delete(&format!("/recipes/{recipe}/cover"), Some(&stranger.token))
            .await
            .assert_error(status, code);
        let path = format!("/recipes/{recipe}/images/{photo}");
        app.patch(&path, Some(&stranger.token), &json!({"alt": "mine now"}))
            .await
            .assert_error(status, code);
        app.delete(&path, Some(&stranger.token))
            .await
            .assert_error(status, code);
        app.put(
            &format!("/recipes/{recipe}/images/order"),
            Some(&stranger.token),
            &json!({"order": [photo]}),
        )
        .await
        .assert_error(status, code);
    }
    // Without a credential.
    let reply = send_form(
        &app,
        Method::PUT,
        &format!("/recipes/{published}/cover"),
        None,
        &[Part::file("cover", &png)],
    )
    .await;
    reply.assert_error(StatusCode::UNAUTHORIZED, "missing_token");
    // Nothing changed.
    let recipe = app.get(&format!("/recipes/{published}"), None).await;
    let info = &recipe.assert_success()["info"];
    assert_eq!(info["cover"], json!(null));
    assert_eq!(info["images"].as_array().unwrap().len(), 1);
    assert_eq!(info["images"][0]["alt"], json!(null));
}

#[apply(backends)]
#[tokio::test]
async fn a_drafts_photos_appear_in_no_public_answer(backend: Backend) {
    let app = test_app!(backend);
    let owner = app.new_user().await;
    let stranger = app.new_user().await;
    let id = app.create_draft(&owner, "Secret stew").await;
    let cover = put_cover(&app, &owner, id, &fixtures::png(120, 90)).await;
    let cover_url = cover.assert_success()["info"]["cover_url"]
        .as_str()
        .unwrap()
        .to_owned();
    let hash = &cover_url["/media/".len().."/media/".len() + 40];
    let answers = [
        app.get("/recipes", None).await,
        app.get("/recipes?q=secret", None).await,
        app.get(&format!("/users/{}/recipes", owner.id), None).await,
        app.get("/recipes", Some(&stranger.token)).await,
        app.get(&format!("/recipes/{id}"), None).await,
        app.get(&format!("/recipes/{id}"), Some(&stranger.token))
            .await,
    ];
    for reply in &answers {
        assert!(!reply.body.to_string().contains(hash), "{}", reply.body);
    }
    // The owner sees it; once published, everyone does.
    let mine = app.get("/recipes/me", Some(&owner.token)).await;
    assert_eq!(
        mine.assert_success()["result_list"][0]["cover_url"],
        cover_url.as_str()
    );
    app.request(
        Method::PUT,
        &format!("/recipes/{id}/publish"),
        Some(&owner.token),
        None,
    )
    .await
    .assert_success();
    let public = app.get("/recipes", None).await;
    let card = &public.assert_success()["result_list"][0];
    assert_eq!(card["cover_url"], cover_url.as_str());
    assert_eq!(card["cover"]["url"], cover_url.as_str());
    assert_eq!(card["images"], json!([]));
}
