//! The browser harness works: the real /docs page renders in headless Chromium (at phone size
//! too), and every helper does what it says on a small page of its own.

use serde_json::json;

use crate::backends::Backend;
use crate::browser::Browser;
use crate::helpers::TestApp;

#[tokio::test]
async fn the_docs_page_renders_in_a_browser_at_phone_size() {
    let app = TestApp::spawn(Backend::Sqlite)
        .await
        .expect("sqlite always runs");
    let Some(browser) = Browser::open(&app).await else {
        return;
    };
    browser.goto("/docs").await;
    browser.wait_for(".opblock").await;
    browser.wait_for_text(".opblock", "/users/register").await;
    assert!(browser.url_path().await.starts_with("/docs"));

    browser.set_viewport(390, 844).await;
    let viewport = browser.eval("return [innerWidth, innerHeight]", &[]).await;
    assert_eq!(viewport, json!([390, 844]));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("screenshots/docs-phone.png");
    browser.screenshot(&path).await;
    let png = std::fs::read(&path).unwrap();
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    assert!(png.len() > 10_000, "a {} byte screenshot", png.len());
    assert_eq!(browser.console_errors().await, Vec::<String>::new());
}

/// A page with a labelled form, a confirm() dialog and a console error, for the helpers.
const PAGE: &str = r#"<!doctype html><title>harness</title>
<form onsubmit="event.preventDefault(); out.textContent = `${name.value} / ${kind.value} / ${note.value}`">
  <label for="name">Recipe name</label> <input id="name" value="old">
  <label>Kind <select id="kind"><option value="s">Soup</option><option value="d">Dessert</option></select></label>
  <textarea id="note" class="note"></textarea>
  <button>Save</button>
</form>
<p id="out"></p>
<button id="delete" onclick="out.textContent = confirm('Delete it?') ? 'deleted' : 'kept'">Delete</button>
<p id="busy">Loading…</p>
<script>setTimeout(() => busy.hidden = true, 300); console.error('boom');</script>"#;

#[tokio::test]
async fn the_helpers_fill_click_wait_and_answer_dialogs() {
    let app = TestApp::spawn(Backend::Sqlite)
        .await
        .expect("sqlite always runs");
    let Some(browser) = Browser::open(&app).await else {
        return;
    };
    let encoded = PAGE
        .replace('%', "%25")
        .replace('#', "%23")
        .replace('\n', "%0A");
    let page = format!("data:text/html;charset=utf-8,{encoded}");
    browser.client().goto(&page).await.unwrap();

    browser.wait_gone("#busy").await;
    assert!(browser.exists("#busy").await, "hidden, still in the page");
    assert!(!browser.exists("#missing").await);
    browser.fill_labelled("Recipe name", "김치찌개").await;
    browser.fill_labelled("Kind", "Dessert").await;
    browser.fill(".note", "spicy").await;
    browser.click_text("button", "Save").await;
    browser.wait_for_text("#out", "김치찌개 / d / spicy").await;
    assert_eq!(browser.text("#out").await, "김치찌개 / d / spicy");

    browser.click("#delete").await;
    assert_eq!(browser.dismiss_alert().await, "Delete it?");
    browser.wait_for_text("#out", "kept").await;
    browser.click_text("button", "Delete").await;
    assert_eq!(browser.accept_alert().await, "Delete it?");
    browser.wait_for_text("#out", "deleted").await;

    let errors = browser.console_errors().await;
    assert!(errors.iter().any(|e| e.contains("boom")), "{errors:?}");

    browser.reload().await;
    browser.wait_for("#busy").await;
    browser.goto("/healthz").await;
    assert_eq!(browser.url_path().await, "/healthz");
    browser.back().await;
    browser.wait_for_text("button", "Delete").await;
}
