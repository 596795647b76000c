//! Following authors in the browser UI: Follow on an author's page toggles (the follower count
//! moves, and it holds across a reload), the followers and following lists open under the
//! author's name a page at a time, the Following page (`/feed`) shows the published recipes of
//! the authors one follows and nobody else's, and says how to follow someone when it is empty;
//! signed out, Follow leads to the login page and back; one's own page has no Follow.

use std::time::{Duration, Instant};

use reqwest::Method;
use serde_json::{Value, json};

use super::log_out;
use super::{
    assert_console_only, assert_fits, assert_labelled, card_ids, has_card, log_in, open, published,
    screenshots, wait_card, wait_covers,
};
use crate::browser::Browser;
use crate::browser::pictures::{Dish, draw, give_cover, jpeg, sample, upload};
use crate::helpers::{PASSWORD, TestApp, TestUser};

/// The toggle on an author's page.
const TOGGLE: &str = "button.follow-toggle";

/// `who` follows user `whom` through the API.
async fn follow(app: &TestApp, who: &TestUser, whom: i64) {
    let path = format!("/users/{whom}/follow");
    app.request(Method::PUT, &path, Some(&who.token), None)
        .await
        .assert_success();
}

/// User `id`'s public profile as `token`'s user reads it.
async fn profile(app: &TestApp, id: i64, token: Option<&str>) -> Value {
    let reply = app.get(&format!("/users/{id}"), token).await;
    reply.assert_success()["user"].clone()
}

/// The names in the open list of `kind` (`followers`, `following`), in order.
async fn listed(browser: &Browser, kind: &str) -> Vec<String> {
    let script =
        "return [...document.querySelectorAll(`#${arguments[0]} .follow-person .follow-name`)]
        .filter(el => el.checkVisibility()).map(el => el.textContent.trim())";
    serde_json::from_value(browser.eval(script, &[json!(kind)]).await).unwrap()
}

/// Waits until the open list of `kind` names `expected`, in order.
async fn wait_listed(browser: &Browser, kind: &str, expected: &[&str]) {
    let deadline = Instant::now() + browser.timeout;
    loop {
        let shown = listed(browser, kind).await;
        if shown == expected {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{kind}: expected {expected:?}, the page shows {shown:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Waits until the author's page shows the toggle pressed (`on`) or not, reading
/// Following / Follow.
async fn wait_toggle(browser: &Browser, on: bool) {
    let pressed = format!("{TOGGLE}[aria-pressed={on}]");
    let text = if on { "Following" } else { "Follow" };
    browser.wait_for_text(&pressed, text).await;
}

#[tokio::test]
async fn following_an_author_brings_their_recipes_to_the_feed_and_unfollowing_empties_it() {
    let Some((app, browser)) = open(|_| {}).await else {
        return;
    };
    let (shots, _guard) = screenshots();
    let cook = app.new_user_named("민지").await;
    let other = app.new_user_named("Sam").await;
    let reader = app.new_user_named("Alex").await;
    let fan = app.new_user_named("Jun").await;
    let avatar = jpeg(&draw(Dish::Board, 400, 400, 9));
    upload(
        &app,
        &cook.token,
        Method::PUT,
        "/users/avatar",
        "avatar",
        &avatar,
        None,
    )
    .await
    .assert_success();
    let samples = [
        (
            json!({"name": "Tomato soup", "description": "Ripe tomatoes, simmered.", "cook_time": 25, "tags": ["soup"]}),
            Dish::Soup,
            "A bowl of tomato soup",
        ),
        (
            json!({"name": "Blueberry pancakes", "description": "Fluffy, with berries.", "num_of_servings": 4, "tags": ["breakfast"]}),
            Dish::Pancakes,
            "A stack of pancakes",
        ),
        (
            json!({"name": "비빔밥", "description": "Rice, vegetables, gochujang and an egg yolk.", "cook_time": 35}),
            Dish::Bibimbap,
            "Bibimbap in a stone bowl",
        ),
    ];
    let mut cooks = Vec::new();
    for (body, dish, alt) in samples {
        let id = published(&app, &cook, body).await;
        give_cover(&app, &cook.token, id, &sample(dish, 1), alt).await;
        cooks.push(id);
    }
    app.create_draft(&cook, "Secret draft").await;
    published(&app, &other, json!({"name": "Sam's stew"})).await;
    follow(&app, &fan, cook.id).await;
    follow(&app, &cook, other.id).await;

    // Nobody followed yet: the Following page, from the navigation, says how to follow.
    log_in(&browser, &reader.email).await;
    browser.click_text("#nav a", "Following").await;
    browser.wait_for_text("h1", "Following").await;
    assert_eq!(browser.url_path().await, "/feed");
    browser
        .wait_for_text(".empty", "You do not follow anyone yet")
        .await;
    browser.wait_for_text(".empty", "and press Follow").await;
    browser
        .wait_for_text(".feed-intro a", "You follow nobody yet")
        .await;

    // The author's page: Follow, one follower; pressed, two, and it holds across a reload.
    browser.goto(&format!("/u/{}", cook.id)).await;
    browser.wait_for_text("h1", "민지").await;
    wait_toggle(&browser, false).await;
    browser
        .wait_for_text(".follow-counts", "1 follower · 1 following")
        .await;
    browser.click(TOGGLE).await;
    wait_toggle(&browser, true).await;
    browser.wait_for_text(".notice", "You follow 민지").await;
    browser
        .wait_for_text(".follow-counts", "2 followers · 1 following")
        .await;
    let seen = profile(&app, cook.id, Some(&reader.token)).await;
    assert_eq!(
        (seen["is_following"].clone(), seen["follower_count"].clone()),
        (json!(true), json!(2))
    );
    browser.reload().await;
    wait_toggle(&browser, true).await;
    browser.wait_for_text(".follow-counts", "2 followers").await;

    // Who follows them (most recent first), and whom they follow: a link to that author.
    browser
        .click_text(".follow-counts button", "followers")
        .await;
    browser
        .wait_for(".follow-counts button[aria-expanded=true]")
        .await;
    wait_listed(&browser, "followers", &["Alex", "Jun"]).await;
    browser
        .click_text(".follow-counts button", "following")
        .await;
    wait_listed(&browser, "following", &["Sam"]).await;
    wait_card(&browser, "Tomato soup").await;
    wait_covers(&browser).await;
    assert_labelled(&browser, "an author's page").await;
    browser
        .eval("document.activeElement.blur(); window.scrollTo(0, 0)", &[])
        .await;
    browser.screenshot(shots.join("author-follow.png")).await;
    // Closed again with its button.
    browser
        .click_text(".follow-counts button", "following")
        .await;
    browser.wait_gone("#following").await;

    // The Following page: the author's published recipes, newest first; no one else's, no draft.
    browser.click_text("#nav a", "Following").await;
    wait_card(&browser, "Tomato soup").await;
    browser.wait_gone(".recipe-list[aria-busy]").await;
    let mut newest_first = cooks.clone();
    newest_first.reverse();
    assert_eq!(card_ids(&browser).await, newest_first);
    assert!(!has_card(&browser, "Sam's stew").await);
    assert!(!has_card(&browser, "Secret draft").await);
    browser
        .wait_for_text(".feed-intro a", "You follow 1 author")
        .await;
    wait_covers(&browser).await;
    browser.screenshot(shots.join("feed.png")).await;
    // Another order, kept in the address.
    browser.fill_labelled("Sort", "Name").await;
    browser
        .wait_for_text(".card:first-child h3 a", "Blueberry pancakes")
        .await;
    assert_eq!(
        browser.eval("return location.search", &[]).await,
        "?sort=name"
    );
    // A recipe the author publishes later comes first.
    let later = published(&app, &cook, json!({"name": "Kimchi pancake"})).await;
    browser.goto("/feed").await;
    wait_card(&browser, "Kimchi pancake").await;
    assert_eq!(card_ids(&browser).await.first(), Some(&later));

    // "You follow 1 author" opens the list of whom the reader follows, on their own page.
    browser
        .click_text(".feed-intro a", "You follow 1 author")
        .await;
    wait_listed(&browser, "following", &["민지"]).await;
    assert_eq!(browser.url_path().await, format!("/u/{}", reader.id));

    // Unfollowed from the author's page: the count goes back, the feed empties.
    browser
        .click_text("#following .follow-person", "민지")
        .await;
    wait_toggle(&browser, true).await;
    browser
        .click_text(".follow-counts button", "followers")
        .await;
    wait_listed(&browser, "followers", &["Alex", "Jun"]).await;
    browser.click(TOGGLE).await;
    wait_toggle(&browser, false).await;
    browser
        .wait_for_text(".follow-counts", "1 follower · 1 following")
        .await;
    // The open list follows along.
    wait_listed(&browser, "followers", &["Jun"]).await;
    assert_eq!(
        profile(&app, cook.id, Some(&reader.token)).await["is_following"],
        false
    );
    browser.click_text("#nav a", "Following").await;
    browser
        .wait_for_text(".empty", "You do not follow anyone yet")
        .await;
    assert!(!has_card(&browser, "Tomato soup").await);
    assert_console_only(&browser, &[]).await;
}

#[tokio::test]
async fn signed_out_follow_leads_to_login_and_your_own_page_has_no_follow() {
    let Some((app, browser)) = open(|_| {}).await else {
        return;
    };
    let cook = app.new_user_named("민지").await;
    let reader = app.new_user_named("Alex").await;
    published(&app, &cook, json!({"name": "Tomato soup"})).await;
    // Enough followers for a second page of the list.
    for _ in 0..21 {
        let fan = app.new_user().await;
        follow(&app, &fan, cook.id).await;
    }

    // Signed out: the counts and the lists show; Follow is a link to the login page, and back.
    browser.goto(&format!("/u/{}", cook.id)).await;
    browser.wait_for_text("h1", "민지").await;
    browser
        .wait_for_text(".follow-counts", "21 followers · 0 following")
        .await;
    assert!(!browser.exists(TOGGLE).await);
    browser
        .click_text(".follow-counts button", "following")
        .await;
    browser
        .wait_for_text("#following .empty", "민지 does not follow anyone yet")
        .await;
    assert_labelled(&browser, "an author's page, signed out").await;
    browser.click_text("a.follow-login", "Follow").await;
    browser.wait_for_text("h1", "Log in").await;
    browser.fill_labelled("Email", &reader.email).await;
    browser.fill_labelled("Password", PASSWORD).await;
    browser.click_text("form button", "Log in").await;
    browser.wait_for_text("h1", "민지").await;
    assert_eq!(browser.url_path().await, format!("/u/{}", cook.id));
    wait_toggle(&browser, false).await;
    browser.click(TOGGLE).await;
    wait_toggle(&browser, true).await;
    browser
        .wait_for_text(".follow-counts", "22 followers")
        .await;

    // The followers a page at a time: the reader first (most recent), the rest with "More".
    browser
        .click_text(".follow-counts button", "followers")
        .await;
    browser.wait_for_text("#followers .more", "More").await;
    assert_eq!(listed(&browser, "followers").await.len(), 20);
    assert_eq!(listed(&browser, "followers").await[0], "Alex");
    browser.click_text("#followers .more", "More").await;
    // The button gives way to "Loading…" at once, and that to the rest of the list.
    browser.wait_gone("#followers .more").await;
    browser.wait_gone("#followers .loading").await;
    assert_eq!(listed(&browser, "followers").await.len(), 22);

    // One's own page: the counts, no Follow.
    browser.goto(&format!("/u/{}", reader.id)).await;
    browser.wait_for_text("h1", "Alex").await;
    browser
        .wait_for_text(".follow-counts", "0 followers · 1 following")
        .await;
    assert!(!browser.exists(TOGGLE).await);
    assert!(!browser.exists(".follow-login").await);
    // The Following page and the author's page fit on a phone.
    browser.set_viewport(390, 844).await;
    browser.goto(&format!("/u/{}", cook.id)).await;
    wait_toggle(&browser, true).await;
    assert_fits(&browser, "an author's page").await;
    browser.goto("/feed").await;
    wait_card(&browser, "Tomato soup").await;
    assert_fits(&browser, "/feed").await;
    assert_labelled(&browser, "/feed").await;
    browser.set_viewport(1280, 900).await;

    // Signed out, the Following page asks to log in, and comes back.
    log_out(&browser).await;
    browser.goto("/feed").await;
    browser.wait_for_text("h1", "Log in").await;
    browser.fill_labelled("Email", &reader.email).await;
    browser.fill_labelled("Password", PASSWORD).await;
    browser.click_text("form button", "Log in").await;
    wait_card(&browser, "Tomato soup").await;
    assert_eq!(browser.url_path().await, "/feed");
    assert_console_only(&browser, &[]).await;
}
