//! Importing a recipe in the browser UI, from the new-recipe page: a link to a page of the
//! local fixture server (`import::FixtureServer`) or a pasted page is read by a dry run and
//! previewed with its warnings, nothing saved; "Save as draft" saves it and opens the draft; a
//! page imported before links to the recipe it gave; a refused link and a page without a recipe
//! say why, in words.

use recipe_api::config::Settings;
use serde_json::{Value, json};

use super::{assert_console_only, assert_fits, log_in, open, screenshots, wait_loaded};
use crate::browser::Browser;
use crate::helpers::{TestApp, TestUser};
use crate::import::FixtureServer;

/// How long a test waits for a saved import: its cover is fetched and processed first, on
/// threads a busy machine (the whole suite in parallel) slows down.
const SAVING: std::time::Duration = std::time::Duration::from_secs(30);

/// Lets the server import from 127.0.0.1, where the fixture server runs.
fn allow_fixtures(settings: &mut Settings) {
    settings.fetch.allowed = vec!["127.0.0.1/32".parse().unwrap()];
}

/// The recipes of `user` (drafts included), newest first.
async fn my_recipes(app: &TestApp, user: &TestUser) -> Vec<Value> {
    let reply = app.get("/recipes/me?limit=100", Some(&user.token)).await;
    reply.assert_success()["result_list"]
        .as_array()
        .unwrap()
        .clone()
}

/// The texts of the elements matching `css`.
async fn texts(browser: &Browser, css: &str) -> Vec<String> {
    let script =
        "return [...document.querySelectorAll(arguments[0])].map(el => el.textContent.trim())";
    serde_json::from_value(browser.eval(script, &[json!(css)]).await).unwrap()
}

/// The id of the focused element.
async fn focused_id(browser: &Browser) -> Value {
    browser
        .eval("return document.activeElement?.id ?? null", &[])
        .await
}

/// Asks for the preview of the page at `url` with the "Import from a link" field.
async fn preview_link(browser: &Browser, url: &str) {
    browser.fill_labelled("Import from a link", url).await;
    browser
        .click_text(".import-panel form button", "Preview")
        .await;
}

#[tokio::test]
async fn a_linked_page_is_previewed_with_its_warnings_then_saved_as_a_draft_and_opened() {
    let Some((app, mut browser)) = open(allow_fixtures).await else {
        return;
    };
    let (shots, _guard) = screenshots();
    let server = FixtureServer::start().await;
    let cook = app.new_user().await;
    log_in(&browser, &cook.email).await;
    browser.click_text("#nav a", "New recipe").await;
    browser
        .wait_for_text(".import-panel h2", "Import a recipe")
        .await;
    browser.screenshot(shots.join("new-recipe.png")).await;

    // A page with everything wrong: the preview shows what was read and every warning.
    preview_link(&browser, &server.url("/pages/jsonld-junk.html")).await;
    let title = browser
        .wait_for_text(
            ".import-preview h3",
            "Preview: The Absolutely Most Incredible",
        )
        .await;
    assert!(title.text().await.unwrap().ends_with('…'));
    assert_eq!(focused_id(&browser).await, "import-preview-title");
    browser
        .wait_for_text(".import-warnings h4", "12 warnings")
        .await;
    let warnings = texts(&browser, ".import-warnings li").await;
    assert_eq!(warnings.len(), 12, "{warnings:?}");
    assert_eq!(
        warnings[1],
        "recipeYield: \"a few\" has no number of servings; left empty"
    );
    assert!(warnings[10].contains("javascript:alert(1)"), "{warnings:?}");
    assert_eq!(
        texts(&browser, ".import-preview .ingredients li")
            .await
            .len(),
        100
    );
    browser
        .wait_for_text(".import-preview .directions", "Cool & cut.")
        .await;
    assert_eq!(
        texts(&browser, ".import-preview .tags li").await,
        ["#good", "#snack"]
    );
    browser
        .wait_for_text(".import-preview .facts-list", "—")
        .await;
    let image = browser.text(".import-image").await;
    assert_eq!(image, server.url("/images/junk.png"));
    // Nothing was saved, no image was loaded: the page alone was fetched.
    assert!(my_recipes(&app, &cook).await.is_empty());
    assert_eq!(server.hits(), 1);
    browser
        .eval(
            "document.querySelector('.import-preview').scrollIntoView()",
            &[],
        )
        .await;
    browser.screenshot(shots.join("import-preview.png")).await;

    // Cancel discards the preview and goes back to the link.
    browser.click_text(".import-preview button", "Cancel").await;
    browser.wait_gone(".import-preview").await;
    let focused = browser
        .eval("return document.activeElement.getAttribute('name')", &[])
        .await;
    assert_eq!(focused, "url");
    assert!(my_recipes(&app, &cook).await.is_empty());

    // A clean page: no warnings; saved, it opens as the cook's draft with the page's image as
    // its cover.
    let url = server.url("/pages/jsonld-basic.html");
    preview_link(&browser, &url).await;
    browser
        .wait_for_text(".import-preview h3", "Preview: Classic Pancakes")
        .await;
    assert!(!browser.exists(".import-warnings").await);
    browser
        .wait_for_text(".import-preview .facts-list", "25 min")
        .await;
    browser
        .wait_for_text(".import-preview .ingredients li", "2 large eggs")
        .await;
    browser.timeout = SAVING;
    browser
        .click_text(".import-preview button", "Save as draft")
        .await;
    browser.wait_for_text("h1", "Classic Pancakes").await;
    browser.wait_for_text(".badge", "Draft").await;
    browser
        .wait_for_text(".notice", "Imported “Classic Pancakes” as a draft")
        .await;
    wait_loaded(&browser, ".recipe-cover img").await;
    let saved = my_recipes(&app, &cook).await;
    assert_eq!(saved.len(), 1, "{saved:?}");
    let id = saved[0]["id"].as_i64().unwrap();
    assert_eq!(browser.url_path().await, format!("/r/{id}"));
    assert_eq!(saved[0]["is_publish"], 0);
    assert_eq!(saved[0]["source_url"], url.as_str());
    assert!(saved[0]["cover_url"].as_str().is_some(), "{saved:?}");
    // The draft's own page (404 for anyone else) still opens for its owner after a reload.
    browser.reload().await;
    browser.wait_for_text("h1", "Classic Pancakes").await;
    browser.wait_for_text(".badge", "Draft").await;

    // The same link again: the cook is told they have it, with a link to it.
    browser.goto("/new").await;
    preview_link(&browser, &url).await;
    browser
        .wait_for_text(".import-existing h3", "You already have this recipe")
        .await;
    let link = browser.wait_for(".import-existing-link").await;
    assert_eq!(link.text().await.unwrap(), "Classic Pancakes");
    assert_eq!(
        link.attr("href").await.unwrap().as_deref(),
        Some(format!("/r/{id}").as_str())
    );
    assert!(
        !browser
            .exists(".import-preview button:not(.secondary)")
            .await
    );
    browser.click(".import-existing-link").await;
    browser.wait_for_text("h1", "Classic Pancakes").await;
    assert_eq!(browser.url_path().await, format!("/r/{id}"));
    assert_eq!(my_recipes(&app, &cook).await.len(), 1);
    assert_console_only(&browser, &[]).await;
}

#[tokio::test]
async fn a_pasted_page_is_previewed_and_saved_and_refusals_are_said_in_words() {
    let Some((app, mut browser)) = open(allow_fixtures).await else {
        return;
    };
    let (shots, _guard) = screenshots();
    let server = FixtureServer::start().await;
    let cook = app.new_user().await;
    log_in(&browser, &cook.email).await;

    // A refused address: the server's reason, under the field, and nothing fetched.
    browser.goto("/new").await;
    preview_link(&browser, "http://10.0.0.1/").await;
    let message = browser.text("[data-field=url] .field-error").await;
    assert!(message.contains("private"), "{message}");
    assert!(!message.contains('{'), "raw JSON shown: {message}");
    let invalid = browser
        .eval(
            "return document.querySelector('.import-panel input[name=url]').getAttribute('aria-invalid')",
            &[],
        )
        .await;
    assert_eq!(invalid, "true");
    assert!(!browser.exists(".import-preview:not([hidden])").await);

    // A page with no recipe on it.
    preview_link(&browser, &server.url("/pages/no-recipe.html")).await;
    let message = browser.text(".import-panel .form-error").await;
    assert!(!message.is_empty() && !message.contains('{'), "{message}");
    browser.wait_gone("[data-field=url] .field-error").await;

    // Paste a page (Korean), with the address it came from: its image address is resolved.
    let page = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/import/jsonld-korean.html"
    ))
    .unwrap();
    browser
        .click_text(".import-paste summary", "Paste a page")
        .await;
    browser.fill_labelled("Page source (HTML)", &page).await;
    let address = server.url("/pages/jsonld-korean.html");
    browser
        .fill_labelled("Address of the page (optional)", &address)
        .await;
    let hits = server.hits();
    browser
        .click_text(".import-paste form button", "Preview")
        .await;
    browser
        .wait_for_text(".import-preview h3", "Preview: 김치찌개")
        .await;
    assert_eq!(server.hits(), hits, "a pasted page is not fetched");
    browser
        .wait_for_text(".import-preview .facts-list", "40 min")
        .await;
    browser
        .wait_for_text(".import-preview .ingredients li", "김치 200g")
        .await;
    assert_eq!(
        browser.text(".import-image").await,
        server.url("/images/kimchi.png")
    );

    // At phone width the preview fits the screen.
    browser.set_viewport(390, 844).await;
    assert_fits(&browser, "/new with a preview").await;
    browser
        .eval(
            "document.querySelector('.import-preview').scrollIntoView()",
            &[],
        )
        .await;
    browser.screenshot(shots.join("import-phone.png")).await;
    browser.set_viewport(1280, 900).await;

    browser.timeout = SAVING;
    browser
        .click_text(".import-preview button", "Save as draft")
        .await;
    browser.wait_for_text("h1", "김치찌개").await;
    browser.wait_for_text(".badge", "Draft").await;
    wait_loaded(&browser, ".recipe-cover img").await;
    let saved = my_recipes(&app, &cook).await;
    assert_eq!(saved.len(), 1, "{saved:?}");
    assert_eq!(saved[0]["source_url"], address.as_str());
    assert_eq!(saved[0]["num_of_servings"], 2);
    assert_console_only(&browser, &["status of 400", "status of 422"]).await;
}
