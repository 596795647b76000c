//! The browser UI in headless Chromium (see `browser`): what a person does with it, end to end,
//! on a real server. Screenshots go to `$RECIPE_API_SCREENSHOTS` when set (the README's come
//! from `scripts/screenshots`), otherwise to a temporary directory.

use std::path::PathBuf;

use recipe_api::config::Settings;
use reqwest::Method;
use serde_json::{Value, json};

use crate::backends::Backend;
use crate::browser::Browser;
use crate::browser::pictures::{Dish, add_to_gallery, draw, give_cover, jpeg, sample, upload};
use crate::helpers::{PASSWORD, TestApp, TestUser};

mod admin;
mod archive;
mod collections;
mod community;
mod follows;
mod import;
mod ingredients;
mod language;
mod password_reset;
mod photos;
mod suggestions;
mod verify_email;

/// A failed request that a signed-out visitor's page makes on purpose: asking the session
/// cookie for an access token when there is no cookie (401).
const SIGNED_OUT_PROBE: &str =
    "/users/cookie/refresh - Failed to load resource: the server responded with a status of 401";

/// Whether `message` is the 404 status of a draft's own page (`/r/{id}`): the server answers
/// the app's page with 404 for a recipe that is not public, and the app still draws it for its
/// owner, so the browser's note about that status is expected.
fn is_draft_page_status(message: &str) -> bool {
    let Some((url, rest)) = message.split_once(" - ") else {
        return false;
    };
    let page = url.rsplit_once("/r/").map(|(_, id)| id);
    page.is_some_and(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()))
        && rest.starts_with("Failed to load resource: the server responded with a status of 404")
}

/// A server on SQLite with `configure` applied, and a browser on it; `None` when browser tests
/// are skipped.
async fn open(configure: impl FnOnce(&mut Settings)) -> Option<(TestApp, Browser)> {
    let app = TestApp::spawn_with(Backend::Sqlite, configure).await?;
    let browser = Browser::open(&app).await?;
    Some((app, browser))
}

/// Where screenshots go, and the guard that removes a temporary directory.
fn screenshots() -> (PathBuf, Option<tempfile::TempDir>) {
    match std::env::var_os("RECIPE_API_SCREENSHOTS") {
        Some(dir) => (PathBuf::from(dir), None),
        None => {
            let dir = tempfile::tempdir().expect("temp dir");
            (dir.path().to_owned(), Some(dir))
        }
    }
}

/// Asserts the console shows no error other than the signed-out probe and a draft page's 404.
/// Logs out with the navigation's button.
async fn log_out(browser: &Browser) {
    browser.click_text("#nav button", "Log out").await;
    browser.wait_for_text("#nav a", "Log in").await;
}

async fn assert_clean_console(browser: &Browser) {
    assert_console_only(browser, &[]).await;
}

/// Asserts the console shows no error other than the signed-out probe, a draft page's 404
/// (see [`is_draft_page_status`]) and those containing one of `provoked` (failures a test
/// caused on purpose, e.g. `"status of 412"`).
async fn assert_console_only(browser: &Browser, provoked: &[&str]) {
    let errors: Vec<String> = browser
        .console_errors()
        .await
        .into_iter()
        .filter(|e| {
            !e.contains(SIGNED_OUT_PROBE)
                && !is_draft_page_status(e)
                && !provoked.iter().any(|p| e.contains(p))
        })
        .collect();
    assert!(errors.is_empty(), "console errors: {errors:#?}");
}

/// A published recipe by `user`, created through the API.
async fn published(app: &TestApp, user: &TestUser, body: Value) -> i64 {
    app.publish_new(user, &body).await
}

/// Waits until the page shows a recipe card named `name`.
async fn wait_card(browser: &Browser, name: &str) {
    browser.wait_for_text(".card h3 a", name).await;
}

/// Whether the page shows a recipe card whose name contains `name` (after the list loaded).
async fn has_card(browser: &Browser, name: &str) -> bool {
    browser.wait_gone(".recipe-list[aria-busy]").await;
    let script = "return [...document.querySelectorAll('.card h3 a')].some(a => a.textContent.includes(arguments[0]))";
    browser.eval(script, &[json!(name)]).await == true
}

/// Scrolls the image matching `css` into view (it may load lazily) and waits until it has
/// loaded from the server (not a broken image) and, in a photo frame, replaced its placeholder;
/// answers its addresses and attributes.
async fn wait_loaded(browser: &Browser, css: &str) -> Value {
    browser.wait_for(css).await;
    let script = "
        const img = document.querySelector(arguments[0]);
        img.scrollIntoView({block: 'nearest'});
        if (!img.complete || img.naturalWidth === 0) return null;
        if (img.closest('.photo') && !img.closest('.photo-loaded')) return null;
        return {src: img.getAttribute('src'), current: new URL(img.currentSrc).pathname,
                srcset: img.closest('picture')?.querySelector('source')?.srcset ?? img.srcset,
                loading: img.loading, width: img.getAttribute('width'), height: img.getAttribute('height')};";
    for _ in 0..600 {
        let found = browser.eval(script, &[json!(css)]).await;
        if !found.is_null() {
            return found;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("{css} did not load");
}

/// Searches with the header's search box.
async fn search(browser: &Browser, words: &str) {
    browser.fill("#search-q", words).await;
    browser.click_text(".search button", "Search").await;
    browser.wait_for_text("h1", words).await;
}

/// A neighbour's published recipes, with covers, and their picture (sample data).
async fn sample_recipes(app: &TestApp, neighbour: &TestUser) {
    let samples = [
        (
            json!({"name": "Tomato soup", "description": "Ripe tomatoes, simmered.", "cook_time": 25, "tags": ["soup"]}),
            Dish::Soup,
            "A bowl of tomato soup with a swirl of cream",
        ),
        (
            json!({"name": "Blueberry pancakes", "description": "Fluffy pancakes with berries.", "cook_time": 20, "num_of_servings": 4, "tags": ["breakfast"]}),
            Dish::Pancakes,
            "A stack of pancakes with berries",
        ),
        (
            json!({"name": "비빔밥", "description": "Rice, vegetables, gochujang and an egg yolk.", "cook_time": 35, "num_of_servings": 2, "tags": ["rice"]}),
            Dish::Bibimbap,
            "Bibimbap in a stone bowl",
        ),
    ];
    let samples = samples.map(|(body, dish, alt)| (body, sample(dish, 1), alt));
    let picture = jpeg(&draw(Dish::Board, 400, 400, 9));
    for (body, cover, alt) in samples {
        let id = published(app, neighbour, body).await;
        give_cover(app, &neighbour.token, id, &cover, alt).await;
    }
    upload(
        app,
        &neighbour.token,
        Method::PUT,
        "/users/avatar",
        "avatar",
        &picture,
        None,
    )
    .await
    .assert_success();
}

/// Waits until every card's cover has loaded and is ready to paint (for screenshots).
async fn wait_covers(browser: &Browser) {
    let script = "return [...document.querySelectorAll('.card-cover')].every(f => f.matches('.photo-loaded'))";
    for _ in 0..600 {
        if browser.eval(script, &[]).await == true {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the cards' covers did not load");
}

#[tokio::test]
async fn a_cook_registers_writes_a_draft_publishes_edits_logs_out_and_back_in_and_deletes() {
    let Some((app, browser)) = open(|_| {}).await else {
        return;
    };
    let (shots, _guard) = screenshots();
    let neighbour = app.new_user().await;
    sample_recipes(&app, &neighbour).await;

    // Register.
    browser.goto("/").await;
    wait_card(&browser, "Tomato soup").await;
    browser.click_text("#nav a", "Register").await;
    browser.fill_labelled("Name", "홍길동").await;
    browser.fill_labelled("Email", "hong@example.com").await;
    browser.fill_labelled("Password", PASSWORD).await;
    browser.click_text("form button", "Register").await;
    browser.wait_for_text("h1", "My recipes").await;
    browser.wait_for_text("#nav", "홍길동").await;
    browser.wait_for_text(".empty", "no recipes yet").await;

    // Write a draft.
    browser.click_text("#nav a", "New recipe").await;
    browser.fill_labelled("Name", "김치찌개").await;
    browser
        .fill_labelled(
            "Description",
            "얼큰한 김치찌개: 돼지고기와 두부를 넣고 끓인다.",
        )
        .await;
    browser.fill_labelled("Servings", "2").await;
    browser.fill_labelled("Cook time (minutes)", "30").await;
    browser
        .fill_labelled("Ingredients", "김치 200g\n돼지고기 150g\n두부 1모")
        .await;
    browser
        .fill_labelled(
            "Directions",
            "김치와 돼지고기를 볶는다.\n물을 붓고 20분 끓인다.",
        )
        .await;
    browser.fill_labelled("Tags", "한식, stew").await;
    browser.click_text("form button", "Save draft").await;
    browser.wait_for_text("h1", "김치찌개").await;
    browser.wait_for_text(".badge", "Draft").await;
    browser.wait_for_text(".ingredients li", "두부 1모").await;
    let path = browser.url_path().await;
    let id = path
        .strip_prefix("/r/")
        .expect("on the recipe's page")
        .to_owned();

    // A draft is not public: not listed, not found.
    browser.goto("/").await;
    wait_card(&browser, "Tomato soup").await;
    assert!(
        !has_card(&browser, "김치찌개").await,
        "a draft is listed publicly"
    );
    search(&browser, "김치").await;
    browser
        .wait_for_text(".empty", "No published recipe matches")
        .await;
    assert_eq!(app.get(&format!("/recipes/{id}"), None).await.status, 404);

    // Reloading the draft's own page keeps the cook signed in (the session cookie).
    browser.goto(&format!("/r/{id}")).await;
    browser.wait_for_text(".badge", "Draft").await;
    browser.reload().await;
    browser.wait_for_text("#nav", "홍길동").await;
    browser.wait_for_text(".badge", "Draft").await;

    // Photos (through the API: the editor's own uploads are tested in `photos`), as the editor
    // shows them.
    let pictures = [(Dish::Stew, 6), (Dish::Board, 7), (Dish::Stew, 8)].map(|(d, n)| sample(d, n));
    let token = app.login("hong@example.com", PASSWORD).await;
    let token = token.assert_success()["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let recipe_id: i64 = id.parse().unwrap();
    give_cover(&app, &token, recipe_id, &pictures[0], "김치찌개 한 냄비").await;
    add_to_gallery(&app, &token, recipe_id, &pictures[1], "썰어 둔 김치와 두부").await;
    add_to_gallery(&app, &token, recipe_id, &pictures[2], "보글보글 끓는 찌개").await;
    browser.goto(&format!("/r/{id}/edit")).await;
    wait_loaded(&browser, ".cover-current img").await;
    wait_loaded(&browser, ".gallery-editor li:nth-child(2) img").await;
    browser
        .eval(
            "document.getElementById('photos-title').scrollIntoView()",
            &[],
        )
        .await;
    browser.screenshot(shots.join("editor.png")).await;
    browser.goto(&format!("/r/{id}")).await;
    browser.wait_for_text(".badge", "Draft").await;

    // Publish: listed, searchable, filterable by tag.
    browser.click_text(".owner-actions button", "Publish").await;
    browser.wait_for_text(".badge", "Published").await;
    browser
        .wait_for_text(".owner-actions button", "Unpublish")
        .await;
    wait_loaded(&browser, ".recipe-cover img").await;
    wait_loaded(&browser, ".gallery li:nth-child(2) img").await;
    // Tall enough to show the gallery under the recipe.
    browser.set_viewport(1280, 1500).await;
    browser.eval("window.scrollTo(0, 0)", &[]).await;
    browser.screenshot(shots.join("recipe.png")).await;
    browser.set_viewport(1280, 757).await;
    browser.goto("/").await;
    wait_card(&browser, "김치찌개").await;
    wait_covers(&browser).await;
    browser.screenshot(shots.join("home.png")).await;
    search(&browser, "찌개").await;
    wait_card(&browser, "김치찌개").await;
    assert!(!has_card(&browser, "Tomato soup").await);
    browser.goto("/").await;
    browser.click_text(".tag-filter .chip", "#한식").await;
    wait_card(&browser, "김치찌개").await;
    assert!(!has_card(&browser, "Tomato soup").await);

    // Edit.
    browser.click_text(".card h3 a", "김치찌개").await;
    browser.click_text(".owner-actions a", "Edit").await;
    browser.fill_labelled("Name", "김치찌개 (매운맛)").await;
    browser.click_text("form button", "Save changes").await;
    browser.wait_for_text("h1", "김치찌개 (매운맛)").await;
    assert_eq!(
        app.get(&format!("/recipes/{id}"), None).await.body["info"]["name"],
        "김치찌개 (매운맛)"
    );

    // An edit that crossed a change made elsewhere is refused, not silently lost.
    browser.click_text(".owner-actions a", "Edit").await;
    browser.fill_labelled("Servings", "3").await;
    let cook = app.login("hong@example.com", PASSWORD).await;
    let token = cook.assert_success()["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    app.patch(
        &format!("/recipes/{id}"),
        Some(&token),
        &json!({"cook_time": 35}),
    )
    .await
    .assert_success();
    browser.click_text("form button", "Save changes").await;
    browser
        .wait_for_text(".form-error", "changed elsewhere")
        .await;
    let stored = app.get(&format!("/recipes/{id}"), None).await;
    assert_eq!(stored.body["info"]["cook_time"], 35);
    assert_eq!(stored.body["info"]["num_of_servings"], 2);
    browser.goto(&format!("/r/{id}")).await;
    browser.wait_for_text(".facts-list", "35 min").await;

    // My recipes, with the published/draft filter.
    browser.click_text("#nav a", "My recipes").await;
    wait_card(&browser, "김치찌개 (매운맛)").await;
    browser.click_text(".segmented button", "Drafts").await;
    browser.wait_for_text(".empty", "no drafts").await;
    browser.click_text(".segmented button", "Published").await;
    wait_card(&browser, "김치찌개 (매운맛)").await;
    browser.screenshot(shots.join("my-recipes.png")).await;

    // Log out; a reload stays signed out; a page for cooks asks to log in.
    browser.click_text("#nav button", "Log out").await;
    browser.wait_for_text("#nav a", "Log in").await;
    browser.reload().await;
    browser.wait_for_text("#nav a", "Log in").await;
    assert!(!browser.text("#nav").await.contains("홍길동"));
    browser.goto("/my").await;
    browser.wait_for_text("h1", "Log in").await;

    // Log in again: back to where the cook was headed.
    browser.fill_labelled("Email", "hong@example.com").await;
    browser.fill_labelled("Password", PASSWORD).await;
    browser.click_text("form button", "Log in").await;
    browser.wait_for_text("h1", "My recipes").await;
    assert_eq!(browser.url_path().await, "/my");

    // Delete, after confirming.
    browser.click_text(".card h3 a", "김치찌개").await;
    browser.click_text(".owner-actions button", "Delete").await;
    browser.wait_for_text("dialog", "Delete this recipe?").await;
    browser.click_text("dialog button", "Cancel").await;
    browser.wait_gone("dialog").await;
    browser.click_text(".owner-actions button", "Delete").await;
    browser.click_text("dialog button", "Delete").await;
    browser.wait_for_text("h1", "My recipes").await;
    browser.wait_for_text(".empty", "no recipes yet").await;
    assert_eq!(app.get(&format!("/recipes/{id}"), None).await.status, 404);
    assert_console_only(&browser, &["status of 412"]).await;
}

/// Asserts that `main` holds none of the elements the hostile text spells, and that no
/// injected script ran (an open `alert()` would also make this script fail).
async fn assert_nothing_injected(browser: &Browser) {
    let script = "return [document.querySelectorAll('main img, main script, main iframe, main b').length, \
                  typeof window.__xss]";
    assert_eq!(browser.eval(script, &[]).await, json!([0, "undefined"]));
}

#[tokio::test]
async fn user_text_is_shown_as_text_and_never_runs() {
    let Some((app, browser)) = open(|_| {}).await else {
        return;
    };
    let username = "<b onmouseover=\"window.__xss=4\">Mallory</b>";
    let reply = app
        .register(username, "mallory@example.com", PASSWORD)
        .await;
    let body = reply.assert_success();
    let mallory = TestUser {
        id: body["user"]["id"].as_i64().unwrap(),
        email: "mallory@example.com".into(),
        token: body["access_token"].as_str().unwrap().to_owned(),
    };
    let name = "<img src=x onerror=alert(1)>";
    let id = published(
        &app,
        &mallory,
        json!({
            "name": name,
            "description": "<script>window.__xss = 2</script>",
            "ingredients": ["<img src=y onerror=\"window.__xss=3\">"],
            "directions": "</div><iframe src=/docs></iframe>",
            "tags": ["xss"],
        }),
    )
    .await;

    browser.goto("/").await;
    wait_card(&browser, name).await;
    assert_eq!(browser.text(".card h3 a").await, name);
    assert_eq!(browser.text(".card .author").await, username);
    assert_nothing_injected(&browser).await;

    browser.click_text(".card h3 a", name).await;
    browser.wait_for_text("h1", name).await;
    assert_eq!(browser.url_path().await, format!("/r/{id}"));
    assert_eq!(browser.text("h1").await, name);
    browser.wait_for_text(".description", "<script>").await;
    browser.wait_for_text(".ingredients li", "<img src=y").await;
    browser.wait_for_text(".directions", "<iframe").await;
    assert_nothing_injected(&browser).await;

    browser.goto(&format!("/u/{}", mallory.id)).await;
    browser.wait_for_text("h1", "Mallory").await;
    assert_eq!(browser.text("h1").await, username);
    search(&browser, "img").await;
    wait_card(&browser, name).await;
    assert_nothing_injected(&browser).await;
    assert_clean_console(&browser).await;

    // The browser itself refuses HTML strings (the CSP requires Trusted Types).
    let refused = browser
        .eval(
            "try { document.querySelector('h1').innerHTML = '<b>x</b>'; return 'written'; } \
             catch (e) { return e.name; }",
            &[],
        )
        .await;
    assert_eq!(refused, "TypeError");
}

/// Asserts the page is no wider than the window (nothing to scroll sideways).
async fn assert_fits(browser: &Browser, page: &str) {
    let widths = browser
        .eval(
            "return [document.documentElement.scrollWidth, innerWidth]",
            &[],
        )
        .await;
    let [content, window]: [i64; 2] = serde_json::from_value(widths).unwrap();
    assert!(
        content <= window,
        "{page} is {content}px wide in a {window}px window"
    );
}

/// Signs in through the login page.
async fn log_in(browser: &Browser, email: &str) {
    browser.goto("/login").await;
    browser.fill_labelled("Email", email).await;
    browser.fill_labelled("Password", PASSWORD).await;
    browser.click_text("form button", "Log in").await;
    browser.wait_for_text("h1", "My recipes").await;
}

#[tokio::test]
async fn on_a_phone_every_page_fits_the_screen() {
    let Some((app, browser)) = open(|_| {}).await else {
        return;
    };
    let (shots, _guard) = screenshots();
    let cook = app.new_user().await;
    let long_word = "가".repeat(80);
    let pictures =
        [(Dish::Stew, 1), (Dish::Board, 2), (Dish::Bibimbap, 3)].map(|(d, n)| sample(d, n));
    let id = published(&app, &cook, json!({
        "name": "된장찌개와 밥 한 그릇: 오래 끓일수록 맛있는 집밥",
        "description": format!("구수한 된장찌개. {long_word}"),
        "num_of_servings": 4, "cook_time": 40,
        "ingredients": ["된장 2큰술", "애호박 1/2개", "두부 1/2모", "https://example.com/a-very-long-address-without-any-spaces-at-all"],
        "directions": "멸치 육수를 낸다.\n된장을 풀고 채소를 넣는다.\n두부를 넣고 한소끔 끓인다.",
        "tags": ["한식", "찌개", "quick-dinner"],
    }))
    .await;
    give_cover(&app, &cook.token, id, &pictures[0], "된장찌개 한 그릇").await;
    let caption = format!("손질한 채소 {long_word}");
    add_to_gallery(&app, &cook.token, id, &pictures[1], &caption).await;
    let bibimbap = published(&app, &cook, json!({"name": "Bibimbap", "description": "Rice, vegetables, gochujang.", "cook_time": 20, "tags": ["한식"]})).await;
    give_cover(&app, &cook.token, bibimbap, &pictures[2], "Bibimbap").await;
    browser.set_viewport(390, 844).await;

    browser.goto("/").await;
    wait_card(&browser, "된장찌개").await;
    wait_covers(&browser).await;
    assert_fits(&browser, "/").await;
    browser.screenshot(shots.join("phone-home.png")).await;
    browser.goto(&format!("/r/{id}")).await;
    browser.wait_for_text(".ingredients li", "애호박").await;
    wait_loaded(&browser, ".gallery img").await;
    wait_loaded(&browser, ".recipe-cover img").await;
    assert_fits(&browser, "the recipe page").await;
    browser.eval("window.scrollTo(0, 0)", &[]).await;
    browser.screenshot(shots.join("phone-recipe.png")).await;
    for page in ["/login", "/register"] {
        browser.goto(page).await;
        browser.wait_for("form").await;
        assert_fits(&browser, page).await;
    }
    log_in(&browser, &cook.email).await;
    let edit = format!("/r/{id}/edit");
    for (page, ready) in [
        ("/my", ".card"),
        ("/new", "form"),
        ("/profile", ".rows"),
        (&edit, ".gallery-editor li"),
    ] {
        browser.goto(page).await;
        browser.wait_for(ready).await;
        assert_fits(&browser, page).await;
    }
    assert_clean_console(&browser).await;
}

/// Every visible form control has a label, every button and link a name, and nothing takes
/// a tab position of its own.
async fn assert_labelled(browser: &Browser, page: &str) {
    let script = "
        const visible = el => el.checkVisibility();
        const problems = [];
        for (const el of document.querySelectorAll('input, select, textarea')) {
            if (visible(el) && el.labels.length === 0 && !el.getAttribute('aria-label')) problems.push(`unlabelled ${el.name}`);
        }
        for (const el of document.querySelectorAll('button, a')) {
            if (visible(el) && !el.textContent.trim() && !el.getAttribute('aria-label')) problems.push(`nameless ${el.outerHTML}`);
        }
        for (const el of document.querySelectorAll('[tabindex]')) {
            if (el.tabIndex > 0) problems.push(`tabindex ${el.tabIndex}`);
        }
        return problems;";
    let problems = browser.eval(script, &[]).await;
    assert_eq!(problems, json!([]), "{page}");
}

#[tokio::test]
async fn forms_are_labelled_and_work_from_the_keyboard() {
    let Some((app, browser)) = open(|_| {}).await else {
        return;
    };
    let picture = sample(Dish::Stew, 12);
    let cook = app.new_user().await;
    let id = app.create_draft(&cook, "Keyboard kimchi").await;
    add_to_gallery(&app, &cook.token, id, &picture, "Kimchi in a bowl").await;
    for page in ["/", "/login", "/register"] {
        browser.goto(page).await;
        browser.wait_for("main h1").await;
        assert_labelled(&browser, page).await;
    }

    // Log in with the keyboard alone: type, Tab, type, Enter.
    browser.goto("/login").await;
    let email = browser.wait_for("input[name=email]").await;
    email.click().await.unwrap();
    email
        .send_keys(&format!("{}\u{E004}{PASSWORD}\u{E007}", cook.email))
        .await
        .unwrap();
    browser.wait_for_text("h1", "My recipes").await;
    let edit = format!("/r/{id}/edit");
    for (page, ready) in [
        ("/my", ".card"),
        ("/new", "form"),
        ("/profile", ".rows"),
        (&edit, ".gallery-editor li"),
        (&format!("/r/{id}"), ".gallery li"),
    ] {
        browser.goto(page).await;
        browser.wait_for(ready).await;
        assert_labelled(&browser, page).await;
    }

    // The delete dialog: Escape cancels and nothing is deleted.
    browser.goto(&format!("/r/{id}")).await;
    browser.click_text(".owner-actions button", "Delete").await;
    browser.wait_for("dialog").await;
    let focused = browser.client().active_element().await.unwrap();
    focused.send_keys("\u{E00C}").await.unwrap();
    browser.wait_gone("dialog").await;
    assert_eq!(
        app.get(&format!("/recipes/{id}"), Some(&cook.token))
            .await
            .status,
        200
    );
    assert_clean_console(&browser).await;
}

#[tokio::test]
async fn errors_are_shown_next_to_the_field_they_concern() {
    let Some((app, browser)) = open(|_| {}).await else {
        return;
    };
    let taken = app.new_user().await;

    // The server's password policy, under the password field.
    browser.goto("/register").await;
    browser.fill_labelled("Name", "Kim").await;
    browser.fill_labelled("Email", "kim@example.com").await;
    browser.fill_labelled("Password", "short").await;
    browser.click_text("form button", "Register").await;
    let message = browser.text("[data-field=password] .field-error").await;
    assert!(message.contains("between 8 and 128"), "{message}");
    assert_eq!(
        browser
            .eval(
                "return document.querySelector('[name=password]').getAttribute('aria-invalid')",
                &[]
            )
            .await,
        "true"
    );
    // An error about no single field, above the form.
    browser.fill_labelled("Email", &taken.email).await;
    browser.fill_labelled("Password", PASSWORD).await;
    browser.click_text("form button", "Register").await;
    browser.wait_for_text(".form-error", "already exists").await;
    browser
        .wait_gone("[data-field=password] .field-error")
        .await;

    // Wrong credentials.
    browser.goto("/login").await;
    browser.fill_labelled("Email", &taken.email).await;
    browser.fill_labelled("Password", "not the password").await;
    browser.click_text("form button", "Log in").await;
    browser
        .wait_for_text(".form-error", "invalid email or password")
        .await;

    // The browser's own checks and the server's, in the editor.
    log_in(&browser, &taken.email).await;
    browser.goto("/new").await;
    browser.fill_labelled("Name", "Tteokbokki").await;
    browser.fill_labelled("Servings", "0").await;
    browser.click_text("form button", "Save draft").await;
    browser
        .wait_for("[data-field=num_of_servings] .field-error")
        .await;
    browser.fill_labelled("Servings", "2").await;
    browser.fill_labelled("Tags", "spicy, a!b").await;
    browser.click_text("form button", "Save draft").await;
    let message = browser.text("[data-field=tags] .field-error").await;
    assert!(message.contains("punctuation"), "{message}");
    assert_eq!(browser.url_path().await, "/new", "nothing was saved");
    browser.fill_labelled("Tags", "spicy, street-food").await;
    browser.click_text("form button", "Save draft").await;
    browser.wait_for_text(".badge", "Draft").await;
    assert_console_only(&browser, &["status of 4"]).await;
}

/// The ids of the recipe cards on the page, in order.
async fn card_ids(browser: &Browser) -> Vec<i64> {
    let ids = browser
        .eval(
            "return [...document.querySelectorAll('.card')].map(c => Number(c.dataset.recipeId))",
            &[],
        )
        .await;
    serde_json::from_value(ids).unwrap()
}

#[tokio::test]
async fn the_list_loads_more_as_you_scroll_and_an_author_has_a_page() {
    let Some((app, browser)) = open(|_| {}).await else {
        return;
    };
    let cook = app.new_user().await;
    let mut published_ids = Vec::new();
    for n in 1..=45 {
        published_ids.push(published(&app, &cook, json!({"name": format!("Recipe {n:02}")})).await);
    }
    app.create_draft(&cook, "Secret draft").await;

    browser.goto("/").await;
    wait_card(&browser, "Recipe 45").await;
    browser.wait_for_text(".more", "More recipes").await;
    // Pages of 20 load while the end of the list is near the window, not all at once.
    let shown = card_ids(&browser).await.len();
    assert!(shown == 20 || shown == 40, "{shown} cards before scrolling");
    // Scrolling to the end loads the following pages, newest first, with no repeats.
    for _ in 0..10 {
        browser
            .eval("window.scrollTo(0, document.body.scrollHeight)", &[])
            .await;
        if card_ids(&browser).await.len() == 45 {
            break;
        }
        browser.wait_gone(".recipe-list[aria-busy]").await;
    }
    wait_card(&browser, "Recipe 01").await;
    browser.wait_gone(".more").await;
    let mut expected = published_ids.clone();
    expected.reverse();
    assert_eq!(card_ids(&browser).await, expected);

    // The author's page: name, count and their published recipes only.
    browser.click_text(".card .author", "cook").await;
    browser.wait_for_text("h1", "cook").await;
    assert_eq!(browser.url_path().await, format!("/u/{}", cook.id));
    browser
        .wait_for_text(".muted", "45 published recipes")
        .await;
    wait_card(&browser, "Recipe 45").await;
    assert!(!has_card(&browser, "Secret draft").await);

    // Addresses that name nothing.
    browser.goto("/r/999999").await;
    browser.wait_for_text("h1", "Not found").await;
    browser.goto("/u/999999").await;
    browser.wait_for_text("h1", "Not found").await;
    browser.goto("/r/not-a-number").await;
    browser.wait_for_text("h1", "Not found").await;
    assert_console_only(&browser, &["status of 404"]).await;
}

#[tokio::test]
async fn the_profile_changes_the_password_and_manages_sessions_and_tokens() {
    let Some((app, browser)) = open(|_| {}).await else {
        return;
    };
    let (shots, _guard) = screenshots();
    let cook = app.new_user().await;
    log_in(&browser, &cook.email).await;
    browser.click_text("#nav a", "cook").await;
    browser.wait_for_text("h1", "Profile").await;
    browser.wait_for_text(".rows li", "This browser").await;
    browser
        .wait_for_text(".rows li strong", "Chrome on Linux")
        .await;

    // Another device's session can be ended from here.
    let other = app.login(&cook.email, PASSWORD).await;
    let other_token = other.assert_success()["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    browser.reload().await;
    browser.wait_for_text("h1", "Profile").await;
    browser.click("button[aria-label^='Log out session']").await;
    browser.wait_for_text(".notice", "Session logged out").await;
    assert_eq!(app.get("/users/me", Some(&other_token)).await.status, 401);

    // A personal access token: shown once, works, then revoked.
    browser.fill_labelled("Token name", "backup script").await;
    browser.fill_labelled("Access", "Read and write").await;
    browser.fill_labelled("Expires in (days)", "30").await;
    browser.click_text("form button", "Create token").await;
    let token = browser.text(".token-value").await;
    assert!(token.starts_with("rpat_"), "{token}");
    app.get("/recipes/me", Some(&token)).await.assert_success();
    browser.wait_for_text(".rows li", "backup script").await;
    browser
        .eval(
            "document.getElementById('section-sessions').scrollIntoView()",
            &[],
        )
        .await;
    browser.screenshot(shots.join("profile.png")).await;
    browser
        .click("button[aria-label='Revoke token backup script']")
        .await;
    browser.wait_for_text(".notice", "Token revoked").await;
    browser
        .wait_for_text("#section-personal-access-tokens + p + div", "No tokens")
        .await;
    assert_eq!(app.get("/recipes/me", Some(&token)).await.status, 401);

    // Rename, then change the password (a wrong current one is refused under its field).
    browser.fill_labelled("Name", "김셰프").await;
    browser.click_text("form button", "Save name").await;
    browser.wait_for_text("#nav", "김셰프").await;
    browser
        .fill_labelled("Current password", "wrong password")
        .await;
    browser
        .fill_labelled("New password", "a brand new passphrase")
        .await;
    browser.click_text("form button", "Change password").await;
    browser.wait_for_text(".form-error", "incorrect").await;
    browser.fill_labelled("Current password", PASSWORD).await;
    browser
        .fill_labelled("New password", "a brand new passphrase")
        .await;
    browser.click_text("form button", "Change password").await;
    browser.wait_for_text(".notice", "Password changed").await;
    app.login(&cook.email, "a brand new passphrase")
        .await
        .assert_success();
    // This browser stays signed in across a reload.
    browser.reload().await;
    browser.wait_for_text("#nav", "김셰프").await;
    assert_console_only(&browser, &["status of 4"]).await;
}

#[tokio::test]
async fn an_expired_access_token_is_renewed_from_the_cookie_without_the_user_noticing() {
    let Some((app, browser)) = open(|s| {
        s.access_token_ttl = std::time::Duration::from_secs(1);
    })
    .await
    else {
        return;
    };
    let cook = app.new_user().await;
    log_in(&browser, &cook.email).await;
    // Past the token's lifetime and the server's 5 s clock-skew leeway.
    tokio::time::sleep(std::time::Duration::from_secs(7)).await;
    browser.click_text("#nav a", "New recipe").await;
    browser.fill_labelled("Name", "Overnight oats").await;
    browser.click_text("form button", "Save draft").await;
    browser.wait_for_text(".badge", "Draft").await;
    let login = app.login(&cook.email, PASSWORD).await;
    let token = login.assert_success()["access_token"].as_str().unwrap();
    let mine = app.get("/recipes/me", Some(token)).await;
    assert_eq!(
        mine.assert_success()["result_list"][0]["name"],
        "Overnight oats"
    );
    assert_clean_console(&browser).await;
}
