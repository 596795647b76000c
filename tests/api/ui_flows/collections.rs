//! Collections in the browser UI: the Collections page (from the navigation) creates one,
//! "Add to collection" on a recipe's page puts recipes in it, its page shows them in its order
//! and its owner removes one; an unlisted collection opens signed out with its share link, and
//! after "New link" the old link shows "Not found"; made public it is listed on its author's
//! page (a private one never is).

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::json;

use super::log_out;
use super::{
    assert_console_only, assert_labelled, card_ids, log_in, open, published, screenshots,
    wait_card, wait_covers,
};
use crate::browser::Browser;
use crate::browser::pictures::{Dish, give_cover, sample};

/// The share link shown on the owner's page of a collection (path and query, no origin).
async fn share_link(browser: &Browser) -> String {
    browser.wait_for(".share-link").await;
    let script = "const url = new URL(document.querySelector('.share-link').value);
        return url.origin === location.origin ? url.pathname + url.search : url.href";
    browser.eval(script, &[]).await.as_str().unwrap().to_owned()
}

/// Waits until the share link differs from `old`; answers it.
async fn wait_new_link(browser: &Browser, old: &str) -> String {
    let deadline = Instant::now() + browser.timeout;
    loop {
        let shown = share_link(browser).await;
        if shown != old {
            return shown;
        }
        assert!(Instant::now() < deadline, "the share link stayed {old}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Adds the open recipe page's recipe to collection `name` with "Add to collection".
async fn add_from_recipe_page(browser: &Browser, name: &str) {
    browser.wait_for(".add-to-collection select").await;
    browser.fill_labelled("Add to collection", name).await;
    browser.click_text(".add-to-collection button", "Add").await;
    browser.wait_for_text(".collection-added a", name).await;
}

#[tokio::test]
async fn a_collection_is_filled_from_recipe_pages_shared_by_its_link_and_made_public() {
    let Some((app, browser)) = open(|_| {}).await else {
        return;
    };
    let (shots, _guard) = screenshots();
    let cook = app.new_user_named("민지").await;
    let neighbour = app.new_user_named("Sam").await;
    let samples = [
        (
            &cook,
            json!({"name": "Tomato soup", "description": "Ripe tomatoes, simmered.", "cook_time": 25}),
            Dish::Soup,
        ),
        (
            &neighbour,
            json!({"name": "비빔밥", "description": "Rice, vegetables, gochujang and an egg yolk.", "cook_time": 35}),
            Dish::Bibimbap,
        ),
        (
            &cook,
            json!({"name": "Blueberry pancakes", "num_of_servings": 4}),
            Dish::Pancakes,
        ),
    ];
    let mut ids = Vec::new();
    for (owner, body, dish) in samples {
        let id = published(&app, owner, body).await;
        give_cover(&app, &owner.token, id, &sample(dish, 1), "A dish").await;
        ids.push(id);
    }
    let [soup, bibimbap, pancakes] = ids[..] else {
        unreachable!()
    };
    // A private collection: never on the author's page.
    let secret = app
        .post(
            "/collections",
            Some(&cook.token),
            &json!({"name": "Secret stash"}),
        )
        .await;
    assert_eq!(secret.status, StatusCode::CREATED, "{}", secret.body);

    // The Collections page, from the navigation: create an unlisted collection.
    log_in(&browser, &cook.email).await;
    browser.click_text("#nav a", "Collections").await;
    browser.wait_for_text("h1", "Collections").await;
    browser
        .wait_for_text(".collection-list li", "Secret stash")
        .await;
    assert_labelled(&browser, "/c").await;
    browser.fill_labelled("Name", "Weeknight dinners").await;
    browser
        .fill_labelled("Description", "Quick, warm and filling.")
        .await;
    browser
        .fill_labelled("Visibility", "Unlisted (anyone with the link)")
        .await;
    browser.click_text("form button", "Create collection").await;
    browser.wait_for_text("h1", "Weeknight dinners").await;
    let path = browser.url_path().await;
    let id: i64 = path
        .strip_prefix("/c/")
        .expect("on the collection's page")
        .parse()
        .unwrap();
    browser.wait_for_text(".empty", "No recipes here yet").await;

    // Add to collection, from two recipe pages (one of them someone else's); a third through
    // the API. The page lists them in the collection's order.
    for recipe in [soup, bibimbap] {
        browser.goto(&format!("/r/{recipe}")).await;
        add_from_recipe_page(&browser, "Weeknight dinners").await;
    }
    assert_labelled(&browser, "a recipe's page, signed in").await;
    let added = format!("/collections/{id}/recipes/{pancakes}");
    app.put(&added, Some(&cook.token), &json!({}))
        .await
        .assert_success();
    browser
        .click_text(".collection-added a", "Weeknight dinners")
        .await;
    wait_card(&browser, "Blueberry pancakes").await;
    browser.wait_gone(".recipe-list[aria-busy]").await;
    assert_eq!(card_ids(&browser).await, vec![soup, bibimbap, pancakes]);
    browser
        .wait_for_text(".collection-count", "3 recipes")
        .await;
    browser
        .wait_for_text(".description", "Quick, warm and filling.")
        .await;
    assert_labelled(&browser, "a collection's page, its owner").await;
    wait_covers(&browser).await;
    browser
        .eval("document.activeElement.blur(); window.scrollTo(0, 0)", &[])
        .await;
    browser.screenshot(shots.join("collection.png")).await;

    // Its owner removes one.
    browser
        .click("button[aria-label='Remove Blueberry pancakes from this collection']")
        .await;
    browser
        .wait_for_text(".collection-count", "2 recipes")
        .await;
    assert_eq!(card_ids(&browser).await, vec![soup, bibimbap]);
    let listed = app
        .get(&format!("/collections/{id}/recipes"), Some(&cook.token))
        .await;
    assert_eq!(listed.assert_success()["count"], 2);

    // The share link, then a new one: the first stops working.
    let first = share_link(&browser).await;
    assert!(first.starts_with(&format!("/c/{id}?key=")), "{first}");
    browser.click_text(".share-row button", "New link").await;
    browser.click_text("dialog button", "New link").await;
    browser.wait_gone("dialog").await;
    let second = wait_new_link(&browser, &first).await;
    assert!(second.starts_with(&format!("/c/{id}?key=")), "{second}");

    // Signed out: the new link shows the recipes (no owner's controls); the old one and none
    // say "Not found".
    log_out(&browser).await;
    browser.goto(&second).await;
    browser.wait_for_text("h1", "Weeknight dinners").await;
    wait_card(&browser, "비빔밥").await;
    assert_eq!(card_ids(&browser).await, vec![soup, bibimbap]);
    assert!(!browser.exists(".collection-owner").await);
    assert!(!browser.exists(".collection-remove").await);
    for gone in [first.as_str(), &format!("/c/{id}")] {
        browser.goto(gone).await;
        browser.wait_for_text("h1", "Not found").await;
        browser.wait_for_text("main p", "no such collection").await;
    }

    // Made public: listed on the author's page (the private one is not), and it opens from
    // there.
    log_in(&browser, &cook.email).await;
    browser.goto(&format!("/c/{id}")).await;
    browser
        .click_text(".collection-edit summary", "Edit name")
        .await;
    browser
        .fill_labelled("Visibility", "Public (on your page)")
        .await;
    browser.click_text("form button", "Save changes").await;
    browser.wait_for_text(".notice", "Collection saved").await;
    browser.wait_for_text("h1 .badge", "Public").await;
    browser.wait_gone(".share-link").await;
    log_out(&browser).await;
    browser.goto(&format!("/u/{}", cook.id)).await;
    browser.wait_for_text("h1", "민지").await;
    browser
        .wait_for_text(".author-collections a", "Weeknight dinners")
        .await;
    assert!(
        !browser
            .text(".author-collections")
            .await
            .contains("Secret stash")
    );
    browser
        .click_text(".author-collections a", "Weeknight dinners")
        .await;
    wait_card(&browser, "Tomato soup").await;
    assert_eq!(browser.url_path().await, format!("/c/{id}"));
    assert_console_only(&browser, &["status of 404"]).await;
}
