//! Search as you type in the browser UI: the header's search box offers tags and recipe names
//! while its user types, in English and Korean; the arrow keys and Enter open one, a click on a
//! tag filters by it, Escape closes the list, and Enter without a choice still searches.

use fantoccini::Locator;
use serde_json::{Value, json};

use super::{assert_clean_console, open, published, screenshots, wait_card};
use crate::browser::Browser;

/// WebDriver's codes of the keys pressed.
const ARROW_DOWN: &str = "\u{E015}";
const ENTER: &str = "\u{E007}";
const ESCAPE: &str = "\u{E00C}";

/// Types `keys` into the search box, after what it holds.
async fn type_in_search(browser: &Browser, keys: &str) {
    let input = browser
        .client()
        .find(Locator::Css("#search-q"))
        .await
        .expect("the search box");
    input.send_keys(keys).await.expect("typing");
}

/// The suggestions shown (`#tag` or a name), once they settle on `expected`.
async fn wait_suggestions(browser: &Browser, expected: &[&str]) {
    let script = "
        const list = document.getElementById('search-suggestions');
        if (!list || list.hidden) return [];
        return [...list.querySelectorAll('[role=option] .suggestion-text')].map(el => el.textContent);";
    let deadline = std::time::Instant::now() + browser.timeout;
    loop {
        let shown: Vec<String> =
            serde_json::from_value(browser.eval(script, &[]).await).unwrap_or_default();
        if shown == expected {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "suggestions: expected {expected:?}, shown {shown:?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

async fn combobox_state(browser: &Browser) -> Value {
    let script = "const input = document.getElementById('search-q');
        return {expanded: input.getAttribute('aria-expanded'),
                active: input.getAttribute('aria-activedescendant')};";
    browser.eval(script, &[]).await
}

#[tokio::test]
async fn the_search_box_suggests_tags_and_recipes_while_typing() {
    let Some((app, browser)) = open(|_| {}).await else {
        return;
    };
    let (shots, _guard) = screenshots();
    let cook = app.new_user().await;
    let tikka = published(
        &app,
        &cook,
        json!({"name": "Chicken tikka masala", "tags": ["tikka", "indian"]}),
    )
    .await;
    published(
        &app,
        &cook,
        json!({"name": "Chicken thighs with thyme", "tags": ["thai"]}),
    )
    .await;
    published(
        &app,
        &cook,
        json!({"name": "Tikka paneer", "tags": ["tikka"]}),
    )
    .await;
    let stew = published(&app, &cook, json!({"name": "돼지고기 김치찌개"})).await;

    browser.goto("/").await;
    wait_card(&browser, "Tikka paneer").await;

    // Letter by letter: the list follows what is typed.
    type_in_search(&browser, "ti").await;
    wait_suggestions(
        &browser,
        &["#tikka", "Tikka paneer", "Chicken tikka masala"],
    )
    .await;
    assert_eq!(
        browser
            .text("#search-suggestions .suggestion-tag .suggestion-note")
            .await,
        "2 recipes"
    );
    type_in_search(&browser, "k").await;
    wait_suggestions(
        &browser,
        &["#tikka", "Tikka paneer", "Chicken tikka masala"],
    )
    .await;
    browser
        .screenshot(shots.join("search-suggestions.png"))
        .await;
    browser.fill("#search-q", "").await;
    type_in_search(&browser, "chicken t").await;
    wait_suggestions(
        &browser,
        &["Chicken thighs with thyme", "Chicken tikka masala"],
    )
    .await;
    type_in_search(&browser, "i").await;
    wait_suggestions(&browser, &["Chicken tikka masala"]).await;

    // Arrow down chooses, Enter opens the recipe.
    type_in_search(&browser, ARROW_DOWN).await;
    assert_eq!(
        combobox_state(&browser).await,
        json!({"expanded": "true", "active": "search-suggestions-0"})
    );
    type_in_search(&browser, ENTER).await;
    browser.wait_for_text("h1", "Chicken tikka masala").await;
    assert_eq!(browser.url_path().await, format!("/r/{tikka}"));
    assert_eq!(
        combobox_state(&browser).await,
        json!({"expanded": "false", "active": null})
    );

    // Korean, as an input method composes it: a consonant alone waits for its syllable.
    browser.fill("#search-q", "").await;
    type_in_search(&browser, "돼지고기 김치ㅉ").await;
    wait_suggestions(&browser, &["돼지고기 김치찌개"]).await;
    // A click on a tag filters the home page by it.
    browser.fill("#search-q", "").await;
    type_in_search(&browser, "tik").await;
    wait_suggestions(
        &browser,
        &["#tikka", "Tikka paneer", "Chicken tikka masala"],
    )
    .await;
    browser
        .click_text("#search-suggestions .suggestion-tag", "#tikka")
        .await;
    browser.wait_for_text("h1", "#tikka").await;
    assert_eq!(
        browser.eval("return location.search", &[]).await,
        "?tag=tikka"
    );
    wait_card(&browser, "Tikka paneer").await;

    // Escape closes the list; Enter without a choice searches what was typed.
    type_in_search(&browser, "돼지").await;
    wait_suggestions(&browser, &["돼지고기 김치찌개"]).await;
    type_in_search(&browser, ESCAPE).await;
    wait_suggestions(&browser, &[]).await;
    type_in_search(&browser, ENTER).await;
    browser.wait_for_text("h1", "돼지").await;
    wait_card(&browser, "돼지고기 김치찌개").await;
    let _ = stew;
    assert_clean_console(&browser).await;
}
