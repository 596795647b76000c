//! Ingredients understood, in the browser UI: the editor shows how each typed line is read
//! (amount, unit, food, note; Korean and English) a moment after typing stops, and saves the
//! measure system chosen; a recipe's page scales its amounts with a servings stepper and
//! converts them (as written, metric, US) in an address that can be shared, keeping the list
//! and saying why when an answer fails; the home page filters by ingredients, with tags.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::{
    assert_console_only, assert_fits, has_card, log_in, open, published, screenshots, wait_card,
};
use crate::browser::Browser;
use crate::helpers::TestApp;

/// The texts of the visible elements matching `css`.
async fn texts(browser: &Browser, css: &str) -> Vec<String> {
    let script = "return [...document.querySelectorAll(arguments[0])]
        .filter(el => el.checkVisibility()).map(el => el.textContent.trim())";
    serde_json::from_value(browser.eval(script, &[json!(css)]).await).unwrap()
}

/// Waits until `read` answers `expected` (what the page shows settles after an answer), up to
/// the browser's timeout; fails with what was shown last.
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

/// Waits until the editor's preview shows `rows` (line, amount, unit, food, note), read from
/// the text as it is now (no request pending).
async fn wait_preview(browser: &Browser, rows: &[&[&str]]) {
    let expected: Vec<Vec<String>> = rows
        .iter()
        .map(|row| row.iter().map(|cell| (*cell).to_owned()).collect())
        .collect();
    let script = "
        const table = document.querySelector('.parsed-lines');
        if (!table || !table.checkVisibility() || table.hasAttribute('aria-busy')) return null;
        return [...table.querySelectorAll('tbody tr')]
            .map(tr => [...tr.cells].map(td => td.textContent.trim()));";
    wait_until(
        browser,
        "the preview of the lines",
        Some(expected),
        async || serde_json::from_value(browser.eval(script, &[]).await).unwrap(),
    )
    .await;
}

/// Waits until the recipe page's ingredient list shows `lines`.
async fn wait_lines(browser: &Browser, lines: &[&str]) {
    let lines: Vec<String> = lines.iter().map(|line| (*line).to_owned()).collect();
    wait_until(browser, "the ingredient list", lines, async || {
        texts(browser, "ul.ingredients li").await
    })
    .await;
}

/// The page address's query (`?servings=4&units=metric`), or "".
async fn address_query(browser: &Browser) -> Value {
    browser.eval("return decodeURI(location.search)", &[]).await
}

/// How many answers of `POST /ingredients/parse` the page has had.
async fn parse_requests(browser: &Browser) -> usize {
    let script = "return performance.getEntriesByType('resource')
        .filter(e => new URL(e.name).pathname === '/ingredients/parse').length";
    serde_json::from_value(browser.eval(script, &[]).await).unwrap()
}

/// The value of the control matching `css`.
async fn value_of(browser: &Browser, css: &str) -> Value {
    let script = "return document.querySelector(arguments[0]).value";
    browser.eval(script, &[json!(css)]).await
}

/// The stored recipe `id`, as its owner reads it.
async fn stored(app: &TestApp, token: &str, id: &str) -> Value {
    let reply = app.get(&format!("/recipes/{id}"), Some(token)).await;
    reply.assert_success()["info"].clone()
}

#[tokio::test]
async fn the_editor_shows_how_each_line_is_read_and_saves_the_chosen_measure_system() {
    let Some((app, browser)) = open(|_| {}).await else {
        return;
    };
    let (shots, _guard) = screenshots();
    let cook = app.new_user().await;
    log_in(&browser, &cook.email).await;
    browser.click_text("#nav a", "New recipe").await;
    browser.fill_labelled("Name", "계란찜").await;
    browser.fill_labelled("Servings", "2").await;
    browser.fill_labelled("Cook time (minutes)", "15").await;
    assert!(!browser.exists(".ingredient-preview:not([hidden])").await);

    // A first text is read once typing stops (not at each key)…
    let typed = "두부 1모\n고춧가루 1~2큰술";
    browser.fill_labelled("Ingredients", typed).await;
    wait_preview(
        &browser,
        &[
            &["두부 1모", "1", "block", "두부", ""],
            &["고춧가루 1~2큰술", "1–2", "tablespoon", "고춧가루", ""],
        ],
    )
    .await;
    let reads = parse_requests(&browser).await;
    assert!(
        (1..typed.chars().count() / 2).contains(&reads),
        "{reads} requests for {} keys",
        typed.chars().count()
    );
    // …and a new one replaces it: Korean and English lines, amounts, units, foods and notes.
    browser
        .fill_labelled(
            "Ingredients",
            "간장 2큰술\n2 large eggs\n물 2컵\n\n3 cloves garlic, minced\n소금 약간",
        )
        .await;
    wait_preview(
        &browser,
        &[
            &["간장 2큰술", "2", "tablespoon", "간장", ""],
            &["2 large eggs", "2", "—", "large eggs", ""],
            &["물 2컵", "2", "cup", "물", ""],
            &["3 cloves garlic, minced", "3", "clove", "garlic", "minced"],
            &["소금 약간", "—", "—", "소금", "약간"],
        ],
    )
    .await;
    browser
        .wait_for_text(".ingredient-preview h3", "How the lines are read")
        .await;

    // Whose cups: Korean, chosen.
    browser
        .fill_labelled("Measures", "Korean (1 컵 = 200 ml)")
        .await;
    browser
        .eval(
            "document.activeElement.blur(); \
             document.querySelector('[data-field=ingredients]').scrollIntoView()",
            &[],
        )
        .await;
    browser
        .screenshot(shots.join("editor-ingredients.png"))
        .await;

    browser.click_text("form button", "Save draft").await;
    browser.wait_for_text("h1", "계란찜").await;
    browser.wait_for_text(".badge", "Draft").await;
    browser
        .wait_for_text(
            ".measure-note",
            "Korean measures: 1 컵 = 200 ml, 1 큰술 = 15 ml (chosen by the author)",
        )
        .await;
    let path = browser.url_path().await;
    let id = path.strip_prefix("/r/").expect("on the recipe's page");
    let recipe = stored(&app, &cook.token, id).await;
    assert_eq!(recipe["measure_system"], "korean");
    assert_eq!(recipe["measure_system_assumed"], false);
    assert_eq!(recipe["ingredients"].as_array().unwrap().len(), 5);
    assert_eq!(recipe["ingredient_items"][4]["food"], "소금");

    // Editing: the stored reading shows at once, the choice is selected; back to assuming it.
    browser.click_text(".owner-actions a", "Edit").await;
    browser
        .wait_for_text(".parsed-lines td", "large eggs")
        .await;
    assert_eq!(
        value_of(&browser, "select[name=measure_system]").await,
        "korean"
    );
    // A line too long to save is said so before saving; the others are still read.
    let long = format!("참기름 {}", "고소한 ".repeat(60));
    browser
        .fill_labelled("Ingredients", &format!("간장 2큰술\n{long}"))
        .await;
    let problem = "Longer than 200 characters: shorten it to save the recipe.";
    wait_preview(
        &browser,
        &[
            &["간장 2큰술", "2", "tablespoon", "간장", ""],
            &[long.trim(), problem],
        ],
    )
    .await;
    browser
        .fill_labelled("Ingredients", "간장 2큰술\n2 large eggs\n물 2컵")
        .await;
    wait_preview(
        &browser,
        &[
            &["간장 2큰술", "2", "tablespoon", "간장", ""],
            &["2 large eggs", "2", "—", "large eggs", ""],
            &["물 2컵", "2", "cup", "물", ""],
        ],
    )
    .await;
    browser
        .fill_labelled("Measures", "Assume from the lines")
        .await;
    browser.click_text("form button", "Save changes").await;
    browser
        .wait_for_text(".measure-note", "(assumed from the lines)")
        .await;
    let recipe = stored(&app, &cook.token, id).await;
    assert_eq!(recipe["measure_system"], "korean");
    assert_eq!(recipe["measure_system_assumed"], true);
    assert_eq!(
        recipe["ingredients"],
        json!(["간장 2큰술", "2 large eggs", "물 2컵"])
    );
    assert_console_only(&browser, &[]).await;
}

/// Clicks the stepper's button labelled `label` ("More servings", "Fewer servings").
async fn step(browser: &Browser, label: &str) {
    browser
        .click(&format!("button[aria-label='{label}']"))
        .await;
}

#[tokio::test]
async fn the_recipe_page_scales_and_converts_the_amounts_in_an_address_that_can_be_shared() {
    let Some((app, browser)) = open(|_| {}).await else {
        return;
    };
    let (shots, _guard) = screenshots();
    let cook = app.new_user().await;
    let id = published(&app, &cook, json!({
        "name": "계란찜", "description": "부드러운 달걀찜.", "num_of_servings": 2, "cook_time": 15,
        "ingredients": ["간장 2큰술", "2 large eggs", "물 2컵", "다진 마늘 1작은술", "소금 약간"],
        "directions": "달걀을 풀고 물과 간장을 섞는다.\n약불에서 10분 찐다.",
        "tags": ["한식"],
    }))
    .await;
    let dip = published(&app, &cook, json!({
        "name": "Yogurt dip", "ingredients": ["1 cup yogurt", "2 tbsp olive oil", "salt to taste"],
    }))
    .await;

    // As written, with whose cups they are (assumed: mostly Korean lines).
    browser.goto(&format!("/r/{id}")).await;
    let written = [
        "간장 2큰술",
        "2 large eggs",
        "물 2컵",
        "다진 마늘 1작은술",
        "소금 약간",
    ];
    wait_lines(&browser, &written).await;
    browser
        .wait_for_text(
            ".measure-note",
            "Korean measures: 1 컵 = 200 ml, 1 큰술 = 15 ml (assumed from the lines)",
        )
        .await;
    assert_eq!(value_of(&browser, "input[name=servings]").await, "2");
    assert_eq!(value_of(&browser, "select[name=units]").await, "original");

    // Two more servings: every amount doubles; the address says so.
    step(&browser, "More servings").await;
    step(&browser, "More servings").await;
    wait_lines(
        &browser,
        &[
            "간장 4큰술",
            "4 large eggs",
            "물 4컵",
            "다진 마늘 2작은술",
            "소금 약간",
        ],
    )
    .await;
    browser
        .wait_for_text(
            ".amounts-status",
            "For 4 servings: the recipe is written for 2.",
        )
        .await;
    assert_eq!(value_of(&browser, "input[name=servings]").await, "4");
    assert_eq!(address_query(&browser).await, "?servings=4");

    // In metric units: a Korean cup is 200 ml.
    browser.fill_labelled("Units", "Metric (ml, g)").await;
    wait_lines(
        &browser,
        &[
            "간장 60ml",
            "4 large eggs",
            "물 800ml",
            "다진 마늘 10ml",
            "소금 약간",
        ],
    )
    .await;
    assert_eq!(address_query(&browser).await, "?servings=4&units=metric");
    browser
        .wait_for_text(".amounts-status", "In metric units.")
        .await;
    browser
        .eval("document.activeElement.blur(); window.scrollTo(0, 0)", &[])
        .await;
    browser.screenshot(shots.join("recipe-scaled.png")).await;
    step(&browser, "Fewer servings").await;
    step(&browser, "Fewer servings").await;
    wait_lines(
        &browser,
        &[
            "간장 30ml",
            "2 large eggs",
            "물 400ml",
            "다진 마늘 5ml",
            "소금 약간",
        ],
    )
    .await;
    assert_eq!(address_query(&browser).await, "?units=metric");

    // The address is the page: a reload, or the link opened elsewhere, shows the same amounts.
    browser.reload().await;
    wait_lines(
        &browser,
        &[
            "간장 30ml",
            "2 large eggs",
            "물 400ml",
            "다진 마늘 5ml",
            "소금 약간",
        ],
    )
    .await;
    assert_eq!(value_of(&browser, "select[name=units]").await, "metric");
    browser.goto(&format!("/r/{id}?servings=3&units=us")).await;
    wait_lines(
        &browser,
        &[
            "간장 3큰술",
            "3 large eggs",
            "물 2½컵",
            "다진 마늘 1½작은술",
            "소금 약간",
        ],
    )
    .await;
    assert_eq!(value_of(&browser, "input[name=servings]").await, "3");

    // A number typed in; one out of range is refused in words, the list kept.
    browser.fill_labelled("Servings", "6\u{E007}").await;
    wait_lines(
        &browser,
        &[
            "간장 ⅓컵",
            "6 large eggs",
            "물 5컵",
            "다진 마늘 1큰술",
            "소금 약간",
        ],
    )
    .await;
    browser.fill_labelled("Servings", "0\u{E007}").await;
    browser
        .wait_for_text(
            ".amounts-status .form-error",
            "Servings must be a whole number from 1 to 1000",
        )
        .await;
    assert_eq!(value_of(&browser, "input[name=servings]").await, "6");
    assert_eq!(
        texts(&browser, "ul.ingredients li").await[1],
        "6 large eggs"
    );

    // A recipe without servings: no stepper, units still convert; an address asking to scale
    // it says why it cannot and shows the recipe as written.
    browser.goto(&format!("/r/{dip}?servings=4")).await;
    wait_lines(
        &browser,
        &["1 cup yogurt", "2 tbsp olive oil", "salt to taste"],
    )
    .await;
    browser
        .wait_for_text(
            ".amounts-status .form-error",
            "does not say how many servings it makes",
        )
        .await;
    assert!(!browser.exists(".stepper").await);
    assert_eq!(address_query(&browser).await, "");
    browser
        .wait_for_text(".measure-note", "US measures: 1 cup = 240 ml")
        .await;
    browser.fill_labelled("Units", "Metric (ml, g)").await;
    wait_lines(
        &browser,
        &["240 ml yogurt", "30 ml olive oil", "salt to taste"],
    )
    .await;

    // When an answer fails (the recipe was deleted meanwhile), the list stays and says why.
    browser.goto(&format!("/r/{id}")).await;
    wait_lines(&browser, &written).await;
    app.delete(&format!("/recipes/{id}"), Some(&cook.token))
        .await
        .assert_success();
    step(&browser, "More servings").await;
    browser
        .wait_for_text(
            ".amounts-status .form-error",
            "The amounts could not be changed",
        )
        .await;
    browser
        .wait_for_text(
            ".amounts-status .form-error",
            "still shows the amounts for 2 servings",
        )
        .await;
    assert_eq!(texts(&browser, "ul.ingredients li").await, written);
    assert_eq!(value_of(&browser, "input[name=servings]").await, "2");

    // On a phone the controls fit.
    browser.goto(&format!("/r/{dip}")).await;
    wait_lines(
        &browser,
        &["1 cup yogurt", "2 tbsp olive oil", "salt to taste"],
    )
    .await;
    browser.set_viewport(390, 844).await;
    assert_fits(&browser, "a recipe with its amounts").await;
    assert_console_only(&browser, &["status of 422", "status of 404"]).await;
}

#[tokio::test]
async fn the_home_page_filters_by_ingredients_with_the_tags() {
    let Some((app, browser)) = open(|_| {}).await else {
        return;
    };
    let cook = app.new_user().await;
    for (name, ingredients, tag) in [
        (
            "두부조림",
            json!(["두부 1모", "간장 2큰술", "다진 마늘 1작은술"]),
            "한식",
        ),
        (
            "마파두부",
            json!(["두부 1모", "고춧가루 1큰술", "2 cloves garlic"]),
            "중식",
        ),
        (
            "Scrambled eggs",
            json!(["2 large eggs", "1 tbsp butter", "salt to taste"]),
            "breakfast",
        ),
        (
            "Garlic bread",
            json!(["1 baguette", "3 cloves garlic, minced"]),
            "bread",
        ),
    ] {
        published(
            &app,
            &cook,
            json!({"name": name, "ingredients": ingredients, "tags": [tag]}),
        )
        .await;
    }

    browser.goto("/").await;
    wait_card(&browser, "Garlic bread").await;
    // One food, with Enter.
    browser
        .fill_labelled("With ingredients", "두부\u{E007}")
        .await;
    browser.wait_for_text("h1", "Recipes with 두부").await;
    wait_card(&browser, "마파두부").await;
    assert!(has_card(&browser, "두부조림").await);
    assert!(!has_card(&browser, "Scrambled eggs").await);
    assert!(!has_card(&browser, "Garlic bread").await);
    // Another: every food must be there ("마늘" is a word of "다진 마늘").
    browser
        .fill_labelled("With ingredients", "마늘\u{E007}")
        .await;
    browser.wait_for_text("h1", "Recipes with 두부, 마늘").await;
    wait_card(&browser, "두부조림").await;
    assert!(!has_card(&browser, "마파두부").await);
    assert_eq!(
        address_query(&browser).await,
        "?ingredient=두부&ingredient=마늘"
    );
    // A chip removes its food.
    browser.click("button[aria-label='Remove 마늘']").await;
    browser.wait_gone("button[aria-label='Remove 마늘']").await;
    wait_card(&browser, "마파두부").await;
    assert!(has_card(&browser, "두부조림").await);

    // With a tag: both filters hold, and the ingredient stays in the address.
    browser.click_text(".tag-filter .chip", "#중식").await;
    browser.wait_for_text("h1", "#중식").await;
    wait_card(&browser, "마파두부").await;
    assert!(!has_card(&browser, "두부조림").await);
    assert_eq!(address_query(&browser).await, "?ingredient=두부&tag=중식");
    browser.click("button[aria-label='Remove 두부']").await;
    browser.wait_gone("button[aria-label='Remove 두부']").await;
    wait_card(&browser, "마파두부").await;
    assert_eq!(address_query(&browser).await, "?tag=중식");

    // Several foods at once, separated by commas; English plurals do not matter.
    browser.goto("/").await;
    browser
        .fill_labelled("With ingredients", "Eggs, butter\u{E007}")
        .await;
    browser
        .wait_for_text("h1", "Recipes with Eggs, butter")
        .await;
    wait_card(&browser, "Scrambled eggs").await;
    assert!(!has_card(&browser, "Garlic bread").await);
    // Nothing matches: said so.
    browser
        .fill_labelled("With ingredients", "두부\u{E007}")
        .await;
    browser
        .wait_for_text(".empty", "No published recipe matches")
        .await;
    // More foods than the API takes: refused under the field, the address unchanged.
    browser
        .click_text(".ingredient-chips button", "Clear all")
        .await;
    browser.wait_for_text("h1", "Latest recipes").await;
    browser
        .fill_labelled(
            "With ingredients",
            "a, b, c, d, e, f, g, h, i, j, k\u{E007}",
        )
        .await;
    browser
        .wait_for_text(".ingredient-filter .field-error", "At most 10 ingredients")
        .await;
    assert_eq!(address_query(&browser).await, "");
    assert_console_only(&browser, &[]).await;
}
