//! Favourites, ratings and comments in the browser UI: the heart on a recipe's page adds it to
//! the reader's favourites (signed out it leads to the login page and back), which the
//! Favourites page lists; five stars rate someone else's recipe (never one's own) and the
//! average shows on the page and its card; the home page sorts by favourites and by rating; a
//! recipe's thread is read oldest first a page at a time, and comments are posted, changed
//! (marked "edited"), deleted by their author, and deleted by the recipe's owner.

use std::time::{Duration, Instant};

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use super::log_out;
use super::{
    assert_console_only, assert_fits, assert_labelled, card_ids, has_card, log_in, open, published,
    screenshots, wait_card, wait_covers,
};
use crate::browser::Browser;
use crate::browser::pictures::{Dish, draw, give_cover, jpeg, sample, upload};
use crate::helpers::{PASSWORD, TestApp, TestUser};

/// The texts of the visible elements matching `css`.
async fn texts(browser: &Browser, css: &str) -> Vec<String> {
    let script = "return [...document.querySelectorAll(arguments[0])]
        .filter(el => el.checkVisibility()).map(el => el.textContent.trim())";
    serde_json::from_value(browser.eval(script, &[json!(css)]).await).unwrap()
}

/// Waits until `read` answers `expected`, up to the browser's timeout; fails with what was shown
/// last.
async fn wait_until<T: PartialEq + std::fmt::Debug>(
    browser: &Browser,
    what: &str,
    expected: T,
    read: impl AsyncFn() -> T,
) {
    let deadline = Instant::now() + browser.timeout;
    loop {
        let shown = read().await;
        if shown == expected {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{what}: expected {expected:?}, the page shows {shown:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Waits until the visible elements matching `css` read `expected`.
async fn wait_texts(browser: &Browser, css: &str, expected: &[&str]) {
    let expected: Vec<String> = expected.iter().map(|t| (*t).to_owned()).collect();
    wait_until(browser, css, expected, async || texts(browser, css).await).await;
}

/// Recipe `id` as `token`'s user reads it.
async fn recipe(app: &TestApp, token: &str, id: i64) -> Value {
    let reply = app.get(&format!("/recipes/{id}"), Some(token)).await;
    reply.assert_success()["info"].clone()
}

/// The comments of recipe `id` (first page), as a signed-out reader reads them.
async fn comments(app: &TestApp, id: i64) -> Vec<Value> {
    let reply = app.get(&format!("/recipes/{id}/comments"), None).await;
    reply.assert_success()["result_list"]
        .as_array()
        .unwrap()
        .clone()
}

/// Posts `body` on recipe `id` as `author`; answers the comment's id.
async fn comment(app: &TestApp, author: &TestUser, id: i64, body: &str) -> i64 {
    let path = format!("/recipes/{id}/comments");
    let reply = app
        .post(&path, Some(&author.token), &json!({"body": body}))
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "body: {}", reply.body);
    reply.body["info"]["id"].as_i64().unwrap()
}

/// The classes of the recipe page's average stars ("full", "half", "empty").
async fn average_stars(browser: &Browser) -> Vec<String> {
    let script = "return [...document.querySelectorAll('.rating-average .star')]
        .map(s => s.className.replace('star star-', ''))";
    serde_json::from_value(browser.eval(script, &[]).await).unwrap()
}

/// The value shown in the card of recipe `id` for the statistic `kind` (`favorites`,
/// `rating`), or null when the card does not show it.
async fn card_stat(browser: &Browser, id: i64, kind: &str) -> Value {
    let script = "const el = document.querySelector(
            `.card[data-recipe-id='${arguments[0]}'] .stat-${arguments[1]} .stat-value`);
        return el ? el.textContent : null";
    browser.eval(script, &[json!(id), json!(kind)]).await
}

#[tokio::test]
async fn the_heart_keeps_a_recipe_among_the_reader_s_favourites_which_their_page_lists() {
    let Some((app, browser)) = open(|_| {}).await else {
        return;
    };
    let (shots, _guard) = screenshots();
    let cook = app.new_user_named("민지").await;
    let reader = app.new_user_named("Alex").await;
    let soup = published(
        &app,
        &cook,
        json!({"name": "Tomato soup", "description": "Ripe tomatoes, simmered.", "cook_time": 25}),
    )
    .await;
    let pancakes = published(&app, &cook, json!({"name": "Blueberry pancakes", "description": "Fluffy, with berries.", "num_of_servings": 4})).await;
    let rice = published(
        &app,
        &cook,
        json!({"name": "비빔밥", "description": "Rice, vegetables, gochujang."}),
    )
    .await;
    let covers = [
        (soup, Dish::Soup, "A bowl of tomato soup"),
        (pancakes, Dish::Pancakes, "A stack of pancakes"),
        (rice, Dish::Bibimbap, "Bibimbap in a stone bowl"),
    ];
    for (id, dish, alt) in covers {
        give_cover(&app, &cook.token, id, &sample(dish, 1), alt).await;
    }
    let critic = app.new_user().await;
    for (id, stars) in [(soup, 4), (rice, 5)] {
        let path = format!("/recipes/{id}/rating");
        app.put(&path, Some(&critic.token), &json!({"stars": stars}))
            .await
            .assert_success();
    }
    comment(&app, &critic, rice, "Crispy rice at the bottom: perfect.").await;
    for _ in 0..2 {
        let fan = app.new_user().await;
        let path = format!("/recipes/{pancakes}/favorite");
        app.put(&path, Some(&fan.token), &json!({}))
            .await
            .assert_success();
    }

    // Signed out, the heart shows the count and leads to the login page, and back.
    browser.goto(&format!("/r/{soup}")).await;
    browser.wait_for_text("h1", "Tomato soup").await;
    browser
        .wait_for_text("a.favorite-toggle .favorite-count", "0")
        .await;
    browser
        .wait_for_text(".community-hint", "to keep it among your favourites")
        .await;
    browser.click("a.favorite-toggle").await;
    browser.wait_for_text("h1", "Log in").await;
    browser.fill_labelled("Email", &reader.email).await;
    browser.fill_labelled("Password", PASSWORD).await;
    browser.click_text("form button", "Log in").await;
    browser.wait_for_text("h1", "Tomato soup").await;
    assert_eq!(browser.url_path().await, format!("/r/{soup}"));

    // Signed in, it toggles: pressed, one more, kept across a reload.
    let heart = "button.favorite-toggle";
    browser
        .wait_for(&format!("{heart}[aria-pressed=false]"))
        .await;
    browser.click(heart).await;
    browser
        .wait_for(&format!("{heart}[aria-pressed=true]"))
        .await;
    browser
        .wait_for_text(".notice", "Added to your favourites")
        .await;
    assert_eq!(browser.text(&format!("{heart} .favorite-count")).await, "1");
    let seen = recipe(&app, &reader.token, soup).await;
    assert_eq!(
        (seen["is_favorite"].clone(), seen["favorite_count"].clone()),
        (json!(true), json!(1))
    );
    browser.reload().await;
    browser
        .wait_for(&format!("{heart}[aria-pressed=true]"))
        .await;
    assert_eq!(browser.text(&format!("{heart} .favorite-count")).await, "1");

    // The cards show the counts, the reader's favourite marked; the most favourited first.
    browser.goto("/").await;
    wait_card(&browser, "Tomato soup").await;
    browser.wait_gone(".recipe-list[aria-busy]").await;
    assert_eq!(card_stat(&browser, soup, "favorites").await, "1");
    assert_eq!(card_stat(&browser, pancakes, "favorites").await, "2");
    assert_eq!(card_stat(&browser, rice, "favorites").await, "0");
    let mine = format!(".card[data-recipe-id='{soup}'] .stat-mine");
    assert!(
        browser.exists(&mine).await,
        "the reader's favourite is marked"
    );
    assert_eq!(card_ids(&browser).await, [rice, pancakes, soup]);
    browser.fill_labelled("Sort", "Most favourited").await;
    browser.wait_gone(".recipe-list[aria-busy]").await;
    wait_until(
        &browser,
        "the cards' order",
        vec![pancakes, soup, rice],
        async || card_ids(&browser).await,
    )
    .await;
    assert_eq!(
        browser.eval("return location.search", &[]).await,
        "?sort=popular"
    );

    // The Favourites page, from the navigation: the reader's favourites only.
    let favorite = format!("/recipes/{rice}/favorite");
    app.put(&favorite, Some(&reader.token), &json!({}))
        .await
        .assert_success();
    browser.click_text("#nav a", "Favourites").await;
    browser.wait_for_text("h1", "Favourites").await;
    wait_card(&browser, "Tomato soup").await;
    wait_card(&browser, "비빔밥").await;
    assert!(!has_card(&browser, "Blueberry pancakes").await);
    assert_eq!(browser.url_path().await, "/favorites");
    wait_covers(&browser).await;
    browser.screenshot(shots.join("favorites.png")).await;

    // Taken out from the recipe's page: gone from the page's list.
    browser.click_text(".card h3 a", "Tomato soup").await;
    browser
        .wait_for(&format!("{heart}[aria-pressed=true]"))
        .await;
    browser.click(heart).await;
    browser
        .wait_for(&format!("{heart}[aria-pressed=false]"))
        .await;
    assert_eq!(browser.text(&format!("{heart} .favorite-count")).await, "0");
    assert_eq!(
        recipe(&app, &reader.token, soup).await["is_favorite"],
        false
    );
    browser.click_text("#nav a", "Favourites").await;
    wait_card(&browser, "비빔밥").await;
    assert!(!has_card(&browser, "Tomato soup").await);
    app.delete(&favorite, Some(&reader.token))
        .await
        .assert_success();
    browser.reload().await;
    browser.wait_for_text(".empty", "No favourites yet").await;

    // Signed out, the Favourites page asks to log in.
    log_out(&browser).await;
    browser.goto("/favorites").await;
    browser.wait_for_text("h1", "Log in").await;
    assert_console_only(&browser, &[]).await;
}

#[tokio::test]
async fn readers_rate_with_five_stars_and_the_owner_sees_the_average_without_a_control() {
    let Some((app, browser)) = open(|_| {}).await else {
        return;
    };
    let cook = app.new_user_named("민지").await;
    let reader = app.new_user_named("Alex").await;
    let other = app.new_user().await;
    let soup = published(&app, &cook, json!({"name": "Tomato soup"})).await;
    let stew = published(&app, &cook, json!({"name": "Kimchi stew"})).await;
    let rice = published(&app, &cook, json!({"name": "비빔밥"})).await;
    let rate = async |who: &TestUser, id: i64, stars: i64| {
        let path = format!("/recipes/{id}/rating");
        app.put(&path, Some(&who.token), &json!({"stars": stars}))
            .await
            .assert_success();
    };
    rate(&other, soup, 5).await;
    rate(&other, stew, 5).await;
    rate(&reader, stew, 5).await;

    log_in(&browser, &reader.email).await;
    browser.goto(&format!("/r/{soup}")).await;
    browser
        .wait_for_text(".rating-summary", "5.0 · 1 rating")
        .await;
    assert_eq!(average_stars(&browser).await, ["full"; 5]);
    browser.wait_gone(".rate-remove").await;

    // Three stars: the average moves, the third star is pressed and the first three lit.
    browser.click(".rate button[aria-label='3 stars']").await;
    browser
        .wait_for_text(".rating-summary", "4.0 · 2 ratings")
        .await;
    browser
        .wait_for(".rate button[aria-label='3 stars'][aria-pressed=true]")
        .await;
    assert_eq!(
        browser
            .eval(
                "return document.querySelectorAll('.rate .star-on').length",
                &[]
            )
            .await,
        3
    );
    // Four instead: half a star shows.
    browser.click(".rate button[aria-label='4 stars']").await;
    browser
        .wait_for_text(".rating-summary", "4.5 · 2 ratings")
        .await;
    assert_eq!(
        average_stars(&browser).await,
        ["full", "full", "full", "full", "half"]
    );
    let seen = recipe(&app, &reader.token, soup).await;
    assert_eq!(seen["my_rating"], 4);
    assert_eq!(seen["rating"], json!({"average": 4.5, "count": 2}));
    browser.reload().await;
    browser
        .wait_for(".rate button[aria-label='4 stars'][aria-pressed=true]")
        .await;
    assert_labelled(&browser, "a recipe the reader rated").await;

    // Removed, then given again.
    browser.click_text(".rate button", "Remove my rating").await;
    browser
        .wait_for_text(".rating-summary", "5.0 · 1 rating")
        .await;
    browser.wait_gone(".rate-remove").await;
    assert_eq!(
        recipe(&app, &reader.token, soup).await["my_rating"],
        Value::Null
    );
    browser.click(".rate button[aria-label='2 stars']").await;
    browser
        .wait_for_text(".rating-summary", "3.5 · 2 ratings")
        .await;

    // On the cards, and the top rated first (by a weighted score: two fives beat a five and a
    // two, which beats no rating at all).
    browser.goto("/").await;
    wait_card(&browser, "Tomato soup").await;
    browser.wait_gone(".recipe-list[aria-busy]").await;
    assert_eq!(card_stat(&browser, soup, "rating").await, "3.5 (2)");
    assert_eq!(card_stat(&browser, stew, "rating").await, "5.0 (2)");
    assert_eq!(card_stat(&browser, rice, "rating").await, Value::Null);
    browser.fill_labelled("Sort", "Top rated").await;
    wait_until(
        &browser,
        "the cards' order",
        vec![stew, soup, rice],
        async || card_ids(&browser).await,
    )
    .await;

    // The owner sees the average, and no stars to give.
    log_out(&browser).await;
    log_in(&browser, &cook.email).await;
    browser.goto(&format!("/r/{soup}")).await;
    browser
        .wait_for_text(".rating-summary", "3.5 · 2 ratings")
        .await;
    browser.wait_for(".owner-actions").await;
    assert!(!browser.exists(".rate").await, "the owner can rate");
    assert!(!browser.exists(".star-button").await);
    // Signed out: the average only.
    log_out(&browser).await;
    browser.goto(&format!("/r/{soup}")).await;
    browser
        .wait_for_text(".rating-summary", "3.5 · 2 ratings")
        .await;
    assert!(!browser.exists(".rate").await);
    assert_console_only(&browser, &[]).await;
}

#[tokio::test]
async fn comments_are_posted_changed_and_deleted_and_the_owner_moderates_the_thread() {
    let Some((app, browser)) = open(|_| {}).await else {
        return;
    };
    let (shots, _guard) = screenshots();
    let cook = app.new_user_named("민지").await;
    let reader = app.new_user_named("Alex").await;
    let gone = app.new_user_named("Sam").await;
    let picture = jpeg(&draw(Dish::Board, 400, 400, 9));
    upload(
        &app,
        &reader.token,
        Method::PUT,
        "/users/avatar",
        "avatar",
        &picture,
        None,
    )
    .await
    .assert_success();
    let id = published(
        &app,
        &cook,
        json!({
            "name": "두부조림", "description": "Braised tofu in a sweet, spicy soy glaze.",
            "num_of_servings": 2, "cook_time": 20,
            "ingredients": ["두부 1모", "간장 2큰술", "고춧가루 1작은술"],
            "directions": "두부를 굽는다.\n양념을 붓고 조린다.",
            "tags": ["한식"],
        }),
    )
    .await;
    let other = app.new_user().await;
    app.put(
        &format!("/recipes/{id}/rating"),
        Some(&other.token),
        &json!({"stars": 5}),
    )
    .await
    .assert_success();
    app.put(
        &format!("/recipes/{id}/favorite"),
        Some(&other.token),
        &json!({}),
    )
    .await
    .assert_success();
    // A comment whose author deleted their account since.
    comment(&app, &gone, id, "Made it twice this week!").await;
    app.request(
        Method::DELETE,
        "/users/me",
        Some(&gone.token),
        Some(&json!({"password": PASSWORD})),
    )
    .await
    .assert_success();

    // Signed out: the thread, and a link to log in instead of the form.
    browser.goto(&format!("/r/{id}")).await;
    browser
        .wait_for_text(".comment .comment-author-gone", "deleted user")
        .await;
    browser
        .wait_for_text(".comment-body", "Made it twice")
        .await;
    browser
        .wait_for_text("#comments", "Log in to comment.")
        .await;
    assert!(!browser.exists(".comment-form").await);
    assert!(!browser.exists(".comment-actions button").await);

    // Signed in: post a comment of two lines (with what looks like HTML: shown as text).
    log_in(&browser, &reader.email).await;
    browser.goto(&format!("/r/{id}")).await;
    browser.wait_for_text(".comment-link", "1 comment").await;
    let text = "맛있어요! 두부를 더 넣었어요.\n<b>Next time</b> more 고춧가루.";
    browser.fill_labelled("Add a comment", text).await;
    browser
        .click_text(".comment-form button", "Post comment")
        .await;
    let mine = ".comments-list .comment:last-child";
    browser
        .wait_for_text(&format!("{mine} .comment-body"), "맛있어요!")
        .await;
    browser.wait_for_text(".comment-link", "2 comments").await;
    browser.wait_for_text("#comments-title", "(2)").await;
    let shown = browser
        .eval(
            "const body = document.querySelector(arguments[0]);
             return [body.textContent, getComputedStyle(body).whiteSpace,
                     document.querySelectorAll('main b').length]",
            &[json!(format!("{mine} .comment-body"))],
        )
        .await;
    assert_eq!(shown, json!([text, "pre-wrap", 0]));
    browser
        .wait_for_text(&format!("{mine} .comment-author"), "Alex")
        .await;
    assert_eq!(
        browser
            .eval(
                "return document.querySelector('.comment-form textarea').value",
                &[]
            )
            .await,
        ""
    );
    // Not someone else's: the deleted user's comment offers the reader only Report.
    let first = ".comments-list .comment:first-child";
    assert_eq!(
        browser.text(&format!("{first} .comment-actions")).await,
        "Report"
    );

    // Changed (within 15 minutes): marked "edited".
    browser
        .click_text(&format!("{mine} .comment-actions button"), "Edit")
        .await;
    browser
        .fill_labelled("Edit your comment", "맛있어요! 다음엔 김치도 넣을게요.")
        .await;
    browser.click_text(".comment-editor button", "Save").await;
    browser
        .wait_for_text(&format!("{mine} .comment-body"), "다음엔 김치도")
        .await;
    browser
        .wait_for_text(&format!("{mine} .comment-edited"), "edited")
        .await;
    let stored = comments(&app, id).await;
    assert_eq!(stored[1]["body"], "맛있어요! 다음엔 김치도 넣을게요.");
    assert_eq!(stored[1]["edited"], true);
    // An edit can be cancelled.
    browser
        .click_text(&format!("{mine} .comment-actions button"), "Edit")
        .await;
    browser
        .fill_labelled("Edit your comment", "never mind")
        .await;
    browser.click_text(".comment-editor button", "Cancel").await;
    browser.wait_gone(".comment-editor").await;
    browser
        .wait_for_text(&format!("{mine} .comment-body"), "다음엔 김치도")
        .await;

    // An empty comment is refused under the field (before asking the server).
    browser.fill_labelled("Add a comment", "  \n ").await;
    browser
        .click_text(".comment-form button", "Post comment")
        .await;
    browser
        .wait_for_text(".comment-form .field-error", "Write something first.")
        .await;

    // Deleted by its author, after confirming.
    browser
        .fill_labelled("Add a comment", "Oops, wrong recipe.")
        .await;
    browser
        .click_text(".comment-form button", "Post comment")
        .await;
    browser
        .wait_for_text(&format!("{mine} .comment-body"), "Oops")
        .await;
    browser.wait_for_text(".comment-link", "3 comments").await;
    browser
        .click_text(&format!("{mine} .comment-actions button"), "Delete")
        .await;
    browser
        .wait_for_text("dialog", "Delete this comment?")
        .await;
    browser.click_text("dialog button", "Delete").await;
    browser.wait_for_text(".comment-link", "2 comments").await;
    wait_texts(
        &browser,
        ".comment-body",
        &[
            "Made it twice this week!",
            "맛있어요! 다음엔 김치도 넣을게요.",
        ],
    )
    .await;
    assert_eq!(comments(&app, id).await.len(), 2);

    // The owner answers; the thread with the heart and the stars, as the reader sees it.
    comment(&app, &cook, id, "고마워요! 김치도 잘 어울려요.").await;
    browser.click("button.favorite-toggle").await;
    browser
        .wait_for("button.favorite-toggle[aria-pressed=true]")
        .await;
    browser.click(".rate button[aria-label='4 stars']").await;
    browser
        .wait_for_text(".rating-summary", "4.5 · 2 ratings")
        .await;
    browser.reload().await;
    browser
        .wait_for_text(&format!("{mine} .comment-body"), "고마워요")
        .await;
    browser
        .wait_for_text(&format!("{mine} .badge"), "Author")
        .await;
    browser.set_viewport(1280, 1330).await;
    browser
        .eval("document.activeElement.blur(); window.scrollTo(0, 0)", &[])
        .await;
    browser.screenshot(shots.join("recipe-community.png")).await;
    browser.set_viewport(1280, 900).await;
    assert_labelled(&browser, "a recipe with comments").await;

    // The owner deletes (or reports) the reader's comment (not theirs to change), and can change
    // their own.
    log_out(&browser).await;
    log_in(&browser, &cook.email).await;
    browser.goto(&format!("/r/{id}")).await;
    let readers = comments(&app, id).await[1]["id"].as_i64().unwrap();
    let theirs = format!("#comment-{readers}");
    browser
        .wait_for_text(&format!("{theirs} .comment-body"), "다음엔 김치도")
        .await;
    wait_texts(
        &browser,
        &format!("{theirs} .comment-actions button"),
        &["Delete", "Report"],
    )
    .await;
    wait_texts(
        &browser,
        &format!("{mine} .comment-actions button"),
        &["Edit", "Delete"],
    )
    .await;
    browser
        .click_text(&format!("{theirs} .comment-actions button"), "Delete")
        .await;
    browser
        .wait_for_text("dialog", "The comment by Alex will be deleted")
        .await;
    browser.click_text("dialog button", "Delete").await;
    browser.wait_gone(&theirs).await;
    browser.wait_for_text(".comment-link", "2 comments").await;
    let left: Vec<Value> = comments(&app, id)
        .await
        .iter()
        .map(|c| c["body"].clone())
        .collect();
    assert_eq!(
        left,
        [
            json!("Made it twice this week!"),
            json!("고마워요! 김치도 잘 어울려요.")
        ]
    );

    // On a phone the thread fits.
    browser.set_viewport(390, 844).await;
    assert_fits(&browser, "a recipe with comments").await;
    assert_console_only(&browser, &[]).await;
}

#[tokio::test]
async fn a_long_thread_is_read_oldest_first_a_page_at_a_time() {
    let Some((app, browser)) = open(|_| {}).await else {
        return;
    };
    let cook = app.new_user().await;
    let chatty = app.new_user_named("Chatty").await;
    let id = published(&app, &cook, json!({"name": "Popular stew"})).await;
    for n in 1..=23 {
        comment(&app, &chatty, id, &format!("Comment {n:02}")).await;
    }
    let expected: Vec<String> = (1..=23).map(|n| format!("Comment {n:02}")).collect();

    // A signed-in reader: the first page, then the rest; a comment posted meanwhile stays last.
    log_in(&browser, &cook.email).await;
    browser.goto(&format!("/r/{id}")).await;
    browser.wait_for_text(".comment-link", "23 comments").await;
    let first_page: Vec<&str> = expected[..20].iter().map(String::as_str).collect();
    wait_texts(&browser, ".comment-body", &first_page).await;
    browser
        .fill_labelled("Add a comment", "Comment 24, posted here")
        .await;
    browser
        .click_text(".comment-form button", "Post comment")
        .await;
    browser.wait_for_text(".comment-link", "24 comments").await;
    browser
        .click_text("#comments button", "More comments")
        .await;
    let mut all: Vec<&str> = expected.iter().map(String::as_str).collect();
    all.push("Comment 24, posted here");
    wait_texts(&browser, ".comment-body", &all).await;
    browser.wait_gone("#comments .more").await;
    assert_console_only(&browser, &[]).await;
}
