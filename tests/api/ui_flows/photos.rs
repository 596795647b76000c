//! Photos in the browser UI: a cover chosen in the editor (its local preview and progress, then
//! the served sizes on the recipe's page and its cards), a gallery built, captioned, reordered
//! and pruned, and a profile picture — each checked against what the API then holds.

use std::path::Path;

use serde_json::{Value, json};

use super::{
    assert_clean_console, assert_console_only, log_in, open, published, wait_card, wait_loaded,
};
use crate::browser::{
    Browser,
    pictures::{Dish, draw, jpeg, png, write_file},
};
use crate::helpers::TestApp;

/// How long a test waits for what the page shows: an upload is processed on threads scheduled
/// below everything else, which a busy machine (the whole suite in parallel) slows down.
const PROCESSING: std::time::Duration = std::time::Duration::from_secs(30);

/// Records, from now on, the `data-state` of every upload card the page shows
/// (`window.__uploadStates`) and whether a card showed a local preview (`blob:` image).
async fn watch_uploads(browser: &Browser) {
    let script = "
        window.__uploadStates = [];
        window.__sawLocalPreview = false;
        const note = (el) => {
            if (!(el instanceof Element) || !el.matches('.upload')) return;
            window.__uploadStates.push(el.dataset.state);
            if (el.querySelector('img')?.src.startsWith('blob:')) window.__sawLocalPreview = true;
        };
        new MutationObserver((changes) => {
            for (const change of changes) {
                if (change.type === 'attributes') note(change.target);
                else change.addedNodes.forEach((node) => {
                    note(node);
                    if (node instanceof Element) node.querySelectorAll('.upload').forEach(note);
                });
            }
        }).observe(document.body, {subtree: true, childList: true, attributes: true, attributeFilter: ['data-state']});";
    browser.eval(script, &[]).await;
}

/// The upload states recorded by [`watch_uploads`], and whether a local preview showed.
async fn upload_states(browser: &Browser) -> (Vec<String>, bool) {
    let seen = browser
        .eval(
            "return [window.__uploadStates, window.__sawLocalPreview]",
            &[],
        )
        .await;
    let states = serde_json::from_value(seen[0].clone()).unwrap();
    (states, seen[1] == true)
}

/// The recipe as the API has it (as its owner sees it).
async fn stored(app: &TestApp, id: i64, token: &str) -> Value {
    let reply = app.get(&format!("/recipes/{id}"), Some(token)).await;
    reply.assert_success()["info"].clone()
}

/// The ids of the recipe's gallery photos, in order.
fn gallery_ids(recipe: &Value) -> Vec<i64> {
    recipe["images"]
        .as_array()
        .unwrap()
        .iter()
        .map(|photo| photo["id"].as_i64().unwrap())
        .collect()
}

/// The photo ids of the editor's gallery list, in order.
async fn editor_gallery_ids(browser: &Browser) -> Vec<i64> {
    let ids = browser
        .eval(
            "return [...document.querySelectorAll('.gallery-editor li')].map(li => Number(li.dataset.imageId))",
            &[],
        )
        .await;
    serde_json::from_value(ids).unwrap()
}

#[tokio::test]
async fn a_cover_chosen_in_the_editor_uploads_with_a_preview_and_shows_on_cards_and_the_recipe_page()
 {
    let Some((app, mut browser)) = open(|_| {}).await else {
        return;
    };
    browser.timeout = PROCESSING;
    let cook = app.new_user().await;
    let id = published(
        &app,
        &cook,
        json!({"name": "Bibimbap", "num_of_servings": 2}),
    )
    .await;
    let files = tempfile::tempdir().unwrap();
    let photo = write_file(
        files.path(),
        "bibimbap.png",
        &png(&draw(Dish::Bibimbap, 1200, 800, 1)),
    );

    log_in(&browser, &cook.email).await;
    browser.goto(&format!("/r/{id}/edit")).await;
    browser.wait_for_text("#photos", "No cover photo yet").await;
    watch_uploads(&browser).await;
    browser
        .fill_labelled("Cover description (alt text)", "Bibimbap in a stone bowl")
        .await;
    browser
        .choose_files(".cover-editor input[type=file]", &[&photo])
        .await;
    let shown = wait_loaded(&browser, ".cover-current img[src^='/media/']").await;
    browser.wait_for_text(".notice", "Cover photo saved").await;
    browser
        .wait_for_text(".cover-current", "Bibimbap in a stone bowl")
        .await;
    let (states, previewed) = upload_states(&browser).await;
    assert_eq!(
        states.first().map(String::as_str),
        Some("uploading"),
        "{states:?}"
    );
    assert!(states.iter().any(|s| s == "processing"), "{states:?}");
    assert_eq!(
        states.last().map(String::as_str),
        Some("done"),
        "{states:?}"
    );
    assert!(previewed, "no local preview while uploading");

    // The API holds the cover, in the sizes the page offers.
    let recipe = stored(&app, id, &cook.token).await;
    let cover = &recipe["cover"];
    assert_eq!(cover["alt"], "Bibimbap in a stone bowl");
    assert_eq!(recipe["cover_url"], cover["url"]);
    assert_eq!(shown["src"], cover["url"]);
    let webp: Vec<(String, u64)> = cover["variants"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| v["type"] == "image/webp")
        .map(|v| {
            (
                v["url"].as_str().unwrap().to_owned(),
                v["width"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        webp.iter().map(|v| v.1).collect::<Vec<_>>(),
        [320, 800, 1200]
    );

    // The text form still saves: the photo's new version was taken on.
    browser.fill_labelled("Servings", "3").await;
    browser.click_text("form button", "Save changes").await;
    browser.wait_for_text(".facts-list", "3").await;
    assert_eq!(stored(&app, id, &cook.token).await["num_of_servings"], 3);

    // The recipe's page: the cover on top, a WebP size chosen from the variants.
    let top = wait_loaded(&browser, ".recipe-cover img").await;
    assert_eq!(top["src"], cover["url"]);
    let current = top["current"].as_str().unwrap();
    assert!(
        webp.iter().any(|(url, _)| url == current),
        "{current} is not a WebP variant"
    );
    let srcset = top["srcset"].as_str().unwrap();
    for (url, width) in &webp {
        assert!(srcset.contains(&format!("{url} {width}w")), "{srcset}");
    }

    // Its card, on the home page, the cook's list and the author's page: lazy, sized, with a
    // placeholder painted from the BlurHash.
    for page in ["/".to_owned(), "/my".to_owned(), format!("/u/{}", cook.id)] {
        browser.goto(&page).await;
        wait_card(&browser, "Bibimbap").await;
        let card = wait_loaded(&browser, ".card-cover img").await;
        assert_eq!(card["loading"], "lazy", "{page}");
        assert_eq!(card["width"], "1200", "{page}");
        assert_eq!(card["height"], "800", "{page}");
        assert!(card["srcset"].as_str().unwrap().contains("320w"), "{page}");
    }
    let painted = browser
        .eval(
            "const c = document.querySelector('.card-cover canvas'); \
             const px = c.getContext('2d').getImageData(c.width / 2, c.height / 2, 1, 1).data; \
             return px[3] === 255 && px[0] + px[1] + px[2] > 0",
            &[],
        )
        .await;
    assert_eq!(painted, true, "the BlurHash placeholder is not painted");
    browser.click(".card-cover").await;
    browser.wait_for_text("h1", "Bibimbap").await;
    assert_eq!(browser.url_path().await, format!("/r/{id}"));

    // A file that is not a photo is refused, and said so; the cover stays.
    let text = write_file(files.path(), "notes.png", b"not a picture at all");
    browser.goto(&format!("/r/{id}/edit")).await;
    browser.wait_for(".cover-current img").await;
    browser
        .choose_files(".cover-editor input[type=file]", &[&text])
        .await;
    browser
        .wait_for_text(".upload .form-error", "not a photo the server can take")
        .await;
    browser.wait_for(".cover-current img").await;
    assert_eq!(stored(&app, id, &cook.token).await["cover"], *cover);

    // Removing the cover, after confirming.
    browser.click_text("#photos button", "Remove cover").await;
    browser.click_text("dialog button", "Remove").await;
    browser
        .wait_for_text(".notice", "Cover photo removed")
        .await;
    browser
        .wait_for_text(".cover-current", "No cover photo yet")
        .await;
    let recipe = stored(&app, id, &cook.token).await;
    assert!(recipe["cover"].is_null() && recipe["cover_url"].is_null());
    browser.goto(&format!("/r/{id}")).await;
    browser.wait_for_text("h1", "Bibimbap").await;
    assert!(!browser.exists(".recipe-cover").await);
    assert_console_only(&browser, &["status of 415"]).await;
}

#[tokio::test]
async fn a_gallery_is_built_captioned_reordered_and_pruned_in_the_editor() {
    let Some((app, mut browser)) = open(|_| {}).await else {
        return;
    };
    browser.timeout = PROCESSING;
    let cook = app.new_user().await;
    let id = app.create_draft(&cook, "Tomato soup").await;
    let files = tempfile::tempdir().unwrap();
    let first = write_file(
        files.path(),
        "soup.jpg",
        &jpeg(&draw(Dish::Soup, 900, 600, 2)),
    );
    let second = write_file(
        files.path(),
        "board.png",
        &png(&draw(Dish::Board, 800, 600, 3)),
    );

    log_in(&browser, &cook.email).await;
    // A draft without photos points its owner to them.
    browser.goto(&format!("/r/{id}")).await;
    browser
        .click_text(".add-photos a", "Add a cover and a gallery")
        .await;
    browser
        .wait_for_text("#photos", "No gallery photos yet")
        .await;
    assert_eq!(browser.url_path().await, format!("/r/{id}/edit"));

    // Two photos chosen at once upload one after the other, in the order chosen.
    let paths: [&Path; 2] = [&first, &second];
    browser
        .choose_files(".gallery-editor-wrap input[type=file]", &paths)
        .await;
    browser
        .wait_for_text(".gallery-editor-wrap", "2 of 20 photos")
        .await;
    wait_loaded(
        &browser,
        ".gallery-editor li:nth-child(2) img[src^='/media/']",
    )
    .await;
    let ids = gallery_ids(&stored(&app, id, &cook.token).await);
    assert_eq!(ids.len(), 2);
    assert_eq!(editor_gallery_ids(&browser).await, ids);
    let (soup, board) = (ids[0], ids[1]);

    // A caption.
    browser
        .fill_labelled("Caption of photo 2", "Vegetables, chopped")
        .await;
    browser
        .click(".gallery-editor li:nth-child(2) .caption-form button")
        .await;
    browser.wait_for_text(".notice", "Caption saved").await;
    let recipe = stored(&app, id, &cook.token).await;
    assert_eq!(recipe["images"][1]["alt"], "Vegetables, chopped");
    assert!(recipe["images"][0]["alt"].is_null());

    // Reordered with the buttons.
    browser.click("button[aria-label='Move up, photo 2']").await;
    for _ in 0..100 {
        if editor_gallery_ids(&browser).await == [board, soup] {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(editor_gallery_ids(&browser).await, [board, soup]);
    assert_eq!(
        gallery_ids(&stored(&app, id, &cook.token).await),
        [board, soup]
    );

    // A third, dropped on the gallery from the desktop.
    let stew = jpeg(&draw(Dish::Stew, 640, 480, 4));
    browser
        .drop_file(".gallery-editor-wrap .dropzone", "stew.jpg", &stew)
        .await;
    browser
        .wait_for_text(".gallery-editor-wrap", "3 of 20 photos")
        .await;
    let ids = gallery_ids(&stored(&app, id, &cook.token).await);
    assert_eq!(ids[..2], [board, soup]);
    let dropped = ids[2];

    // The soup deleted, after confirming.
    browser.click("button[aria-label='Delete, photo 2']").await;
    browser.wait_for_text("dialog", "Delete this photo?").await;
    browser.click_text("dialog button", "Delete").await;
    browser.wait_for_text(".notice", "Photo deleted").await;
    browser
        .wait_for_text(".gallery-editor-wrap", "2 of 20 photos")
        .await;
    let recipe = stored(&app, id, &cook.token).await;
    assert_eq!(gallery_ids(&recipe), [board, dropped]);
    assert_eq!(recipe["images"][0]["alt"], "Vegetables, chopped");
    assert_eq!(editor_gallery_ids(&browser).await, [board, dropped]);

    // The form still saves after all that.
    browser
        .fill_labelled("Name", "Tomato soup with a side")
        .await;
    browser.click_text("form button", "Save changes").await;
    browser.wait_for_text("h1", "Tomato soup with a side").await;

    // The recipe's page shows the gallery in order, captions under the photos.
    wait_loaded(&browser, ".gallery li:nth-child(2) img").await;
    browser
        .wait_for_text(".gallery li:first-child figcaption", "Vegetables, chopped")
        .await;
    let shown = browser
        .eval(
            "return [...document.querySelectorAll('.gallery img')].map(i => i.getAttribute('src'))",
            &[],
        )
        .await;
    let urls: Vec<Value> = recipe["images"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["url"].clone())
        .collect();
    assert_eq!(shown, json!(urls));
    assert_clean_console(&browser).await;
}

#[tokio::test]
async fn a_profile_picture_shows_beside_the_name_until_it_is_removed() {
    let Some((app, mut browser)) = open(|_| {}).await else {
        return;
    };
    browser.timeout = PROCESSING;
    let cook = app.new_user().await;
    published(&app, &cook, json!({"name": "Pancakes"})).await;
    let files = tempfile::tempdir().unwrap();
    let picture = write_file(
        files.path(),
        "me.jpg",
        &jpeg(&draw(Dish::Pancakes, 700, 500, 5)),
    );

    log_in(&browser, &cook.email).await;
    browser.goto("/profile").await;
    browser.wait_for_text("h2", "Picture").await;
    assert!(!browser.exists("#nav img").await);
    browser
        .choose_files(".avatar-editor input[type=file]", &[&picture])
        .await;
    wait_loaded(&browser, ".avatar-current img[src^='/media/']").await;
    browser.wait_for_text(".notice", "Picture saved").await;
    let me = app.get("/users/me", Some(&cook.token)).await;
    let url = me.assert_success()["user"]["avatar_url"].clone();
    assert!(url.as_str().unwrap().starts_with("/media/"), "{url}");
    let nav = wait_loaded(&browser, "#nav .user-name img").await;
    assert_eq!(nav["src"], url);

    // On the author's page and beside the name on their cards.
    browser.goto(&format!("/u/{}", cook.id)).await;
    let head = wait_loaded(&browser, ".author-head img.avatar").await;
    assert_eq!(head["src"], url);
    wait_card(&browser, "Pancakes").await;
    let byline = wait_loaded(&browser, ".card .author img").await;
    assert_eq!(byline["src"], url);

    browser.goto("/profile").await;
    browser.click_text("button", "Remove picture").await;
    browser.wait_for_text(".notice", "Picture removed").await;
    browser.wait_for(".avatar-current .avatar-letter").await;
    browser.wait_gone("#nav img").await;
    let me = app.get("/users/me", Some(&cook.token)).await;
    assert!(me.assert_success()["user"]["avatar_url"].is_null());
    assert_clean_console(&browser).await;
}

#[tokio::test]
async fn a_photo_over_the_size_limit_is_refused_with_the_limit_named() {
    let Some((app, mut browser)) = open(|s| s.media.max_bytes = 200 * 1024).await else {
        return;
    };
    browser.timeout = PROCESSING;
    let cook = app.new_user().await;
    let id = app.create_draft(&cook, "Noodles").await;
    let files = tempfile::tempdir().unwrap();
    // Noise does not compress: about 1.4 MB of PNG.
    let mut state = 7u32;
    let noise = image::RgbImage::from_fn(700, 700, |_, _| {
        state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        let [r, g, b, _] = state.to_le_bytes();
        image::Rgb([r, g, b])
    });
    let big = write_file(files.path(), "big.png", &png(&noise));

    log_in(&browser, &cook.email).await;
    browser.goto(&format!("/r/{id}/edit")).await;
    browser
        .choose_files(".cover-editor input[type=file]", &[&big])
        .await;
    browser
        .wait_for_text(".upload .form-error", "too large (at most 200 KB)")
        .await;
    browser
        .wait_for_text(".cover-current", "No cover photo yet")
        .await;
    assert!(stored(&app, id, &cook.token).await["cover"].is_null());
    assert_console_only(&browser, &["status of 413"]).await;
}
