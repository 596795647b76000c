//! The UI in Korean: "한국어" in the header turns the page Korean at once and stays chosen after a
//! reload; an account registered meanwhile keeps the language (`GET /users/me` → "ko"), and
//! signing in to it in another browser (a fresh profile set to English) brings the UI up in
//! Korean; the server's messages come in Korean too. The pages a cook uses show no English word
//! of the UI's own.

use std::time::Duration;

use reqwest::Method;
use serde_json::{Value, json};

use super::{assert_console_only, open, published, screenshots, wait_card, wait_covers};
use crate::browser::Browser;
use crate::browser::pictures::{Dish, draw, give_cover, jpeg, sample, upload};
use crate::helpers::{PASSWORD, TestApp, TestUser};

/// Latin words the Korean UI may show: the site's name, file types, units, keys of the
/// keyboard, a browser and system named in the sessions list.
const LATIN_ALLOWED: &[&str] = &[
    "recipe", "api", "API", "JPEG", "PNG", "WebP", "GIF", "zip", "HTML", "ml", "Enter", "Chrome",
    "Linux",
];

/// The Latin words of the UI's own visible text (and labels, titles and placeholders) on the
/// page, leaving out `data` (what users wrote), code samples and anything marked `lang="en"`.
async fn latin_words(browser: &Browser, data: &[&str]) -> Vec<String> {
    let script = "
        const [data, allowed] = arguments;
        const skipped = el => el.closest('code, output, noscript, script, style, [lang=\"en\"]');
        const texts = [];
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const el = node.parentElement;
            if (!el || skipped(el) || !el.checkVisibility()) continue;
            texts.push(node.textContent);
        }
        for (const el of document.querySelectorAll('[aria-label], [title], [placeholder]')) {
            if (skipped(el) || !el.checkVisibility()) continue;
            for (const name of ['aria-label', 'title', 'placeholder']) {
                if (el.hasAttribute(name)) texts.push(el.getAttribute(name));
            }
        }
        texts.push(document.title);
        let all = texts.join(' \\n ').replaceAll(navigator.userAgent, ' ');
        for (const text of data) all = all.replaceAll(text, ' ');
        const words = all.match(/[A-Za-z]{2,}/g) || [];
        return [...new Set(words.filter(w => !allowed.includes(w)))];";
    let found = browser
        .eval(script, &[json!(data), json!(LATIN_ALLOWED)])
        .await;
    serde_json::from_value(found).expect("a list of words")
}

/// Asserts `page` (loaded, `ready` visible) shows no English word of the UI's own.
async fn assert_korean(browser: &Browser, page: &str, ready: &str, data: &[&str]) {
    browser.goto(page).await;
    browser.wait_for(ready).await;
    browser.wait_gone("[aria-busy=\"true\"]").await;
    assert_eq!(
        browser
            .eval("return document.documentElement.lang", &[])
            .await,
        "ko"
    );
    let words = latin_words(browser, data).await;
    assert!(words.is_empty(), "{page} shows English: {words:?}");
}

/// Korean recipes with covers, by an author with a picture (for the screenshot).
async fn korean_recipes(app: &TestApp, author: &TestUser) -> i64 {
    let recipes = [
        (
            json!({"name": "김치찌개", "description": "잘 익은 김치와 돼지고기로 끓인 얼큰한 찌개.", "cook_time": 35, "num_of_servings": 2, "ingredients": ["김치 200g", "돼지고기 150g", "두부 1모"], "directions": "김치와 돼지고기를 볶는다.\n물을 붓고 20분 끓인다.", "tags": ["한식", "찌개"]}),
            Dish::Stew,
            "김치찌개 한 냄비",
        ),
        (
            json!({"name": "비빔밥", "description": "밥 위에 나물과 고추장, 달걀노른자.", "cook_time": 30, "num_of_servings": 1, "tags": ["한식", "밥"]}),
            Dish::Bibimbap,
            "돌솥 비빔밥",
        ),
        (
            json!({"name": "토마토 수프", "description": "잘 익은 토마토를 뭉근히 끓였다.", "cook_time": 25, "num_of_servings": 4, "tags": ["수프"]}),
            Dish::Soup,
            "크림을 두른 토마토 수프",
        ),
    ];
    let mut first = 0;
    for (i, (body, dish, alt)) in recipes.into_iter().enumerate() {
        let id = published(app, author, body).await;
        give_cover(app, &author.token, id, &sample(dish, 11), alt).await;
        if i == 0 {
            first = id;
        }
    }
    let picture = jpeg(&draw(Dish::Board, 400, 400, 12));
    upload(
        app,
        &author.token,
        Method::PUT,
        "/users/avatar",
        "avatar",
        &picture,
        None,
    )
    .await
    .assert_success();
    first
}

/// The account's language, as `GET /users/me` says it, once it is `wanted` (waits a little:
/// the page saves it after signing in).
async fn wait_account_language(app: &TestApp, email: &str, wanted: &str) {
    let token = app.login(email, PASSWORD).await.assert_success()["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut language = Value::Null;
    for _ in 0..100 {
        language =
            app.get("/users/me", Some(&token)).await.assert_success()["user"]["language"].clone();
        if language == wanted {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the account's language is {language}, not {wanted:?}");
}

#[tokio::test]
async fn a_visitor_switches_to_korean_registers_and_the_account_keeps_the_language() {
    let Some((app, browser)) = open(|_| {}).await else {
        return;
    };
    let (shots, _guard) = screenshots();
    let author = app.new_user_named("한식당").await;
    let stew = korean_recipes(&app, &author).await;
    let data = [
        "김치찌개",
        "비빔밥",
        "토마토 수프",
        "한식당",
        "김민지",
        "minji@example.com",
    ];

    // The browser prefers English: so does the page, until 한국어 is chosen.
    browser.goto("/").await;
    wait_card(&browser, "김치찌개").await;
    browser.wait_for_text("#nav a", "Log in").await;
    browser.wait_for_text("h1", "Latest recipes").await;
    assert_eq!(
        browser
            .eval("return document.documentElement.lang", &[])
            .await,
        "en"
    );
    browser
        .wait_for_text("#languages", "English | 한국어")
        .await;
    browser.click_text("#languages button", "한국어").await;

    // The page is drawn again in Korean, in place.
    browser.wait_for_text("h1", "최신 레시피").await;
    browser.wait_for_text("#nav a", "로그인").await;
    browser.wait_for_text("#nav a", "회원가입").await;
    browser.wait_for_text(".search button", "검색").await;
    browser.wait_for_text(".card .facts", "35분").await;
    browser.wait_for_text(".card .facts", "2인분").await;
    browser.wait_for_text(".card .byline", "작성자").await;
    browser
        .wait_for_text(".card .byline .author", "한식당")
        .await;
    browser
        .wait_for("#languages button[lang=\"ko\"][aria-pressed=\"true\"]")
        .await;
    assert_eq!(browser.url_path().await, "/");
    assert_eq!(
        browser
            .eval("return document.documentElement.lang", &[])
            .await,
        "ko"
    );
    let placeholder = browser
        .eval(
            "return document.getElementById('search-q').placeholder",
            &[],
        )
        .await;
    assert_eq!(placeholder, "레시피 검색");
    wait_covers(&browser).await;
    browser.screenshot(shots.join("korean-ui.png")).await;

    // The choice lasts: a reload, and a recipe's page.
    browser.reload().await;
    browser.wait_for_text("h1", "최신 레시피").await;
    browser.goto(&format!("/r/{stew}")).await;
    browser
        .wait_for_text(".recipe-ingredients h2", "재료")
        .await;
    browser.wait_for_text(".facts-list", "조리 시간").await;
    browser.wait_for_text(".facts-list", "35분").await;
    browser
        .wait_for_text("#directions-title", "조리 방법")
        .await;
    browser
        .wait_for_text(".comments .muted", "로그인하면 댓글을 달 수 있습니다.")
        .await;

    // Register: the account keeps the language chosen before.
    browser.click_text("#nav a", "회원가입").await;
    browser.wait_for_text("h1", "계정 만들기").await;
    browser.fill_labelled("이름", "김민지").await;
    browser.fill_labelled("이메일", "minji@example.com").await;
    browser.fill_labelled("비밀번호", PASSWORD).await;
    browser.click_text("form button", "회원가입").await;
    browser.wait_for_text("h1", "내 레시피").await;
    browser
        .wait_for_text(".empty", "아직 레시피가 없습니다")
        .await;
    wait_account_language(&app, "minji@example.com", "ko").await;

    // The pages a cook uses show no English of the UI's own.
    let id = published(
        &app,
        &author,
        json!({"name": "김치찌개", "num_of_servings": 2, "ingredients": ["김치 1컵"]}),
    )
    .await;
    for (page, ready) in [
        ("/", ".card"),
        (&format!("/r/{stew}"), ".comment-form"),
        (&format!("/r/{id}"), ".measure-note"),
        (&format!("/u/{}", author.id), ".card"),
        ("/my", ".empty"),
        ("/favorites", ".empty"),
        ("/feed", ".feed-empty"),
        ("/c", ".empty"),
        ("/new", "form"),
        ("/profile", ".rows"),
        ("/r/not-a-number", "h1"),
    ] {
        assert_korean(&browser, page, ready, &data).await;
    }

    // The server's messages come in Korean: a wrong password at the login page.
    browser.click_text("#nav button", "로그아웃").await;
    browser.wait_for_text("#nav a", "로그인").await;
    assert_korean(&browser, "/login", "form", &data).await;
    browser.fill_labelled("이메일", "minji@example.com").await;
    browser
        .fill_labelled("비밀번호", "not the password at all")
        .await;
    browser.click_text("form button", "로그인").await;
    browser
        .wait_for_text(".form-error", "이메일 또는 비밀번호가 올바르지 않습니다.")
        .await;
    assert_korean(&browser, "/register", "form", &data).await;
    // The wrong password's 401, and the 404 of the page address no page has.
    assert_console_only(
        &browser,
        &["status of 401", "/r/not-a-number - Failed to load"],
    )
    .await;
    drop(browser);

    // Another browser, set to English, with nothing chosen: signing in brings Korean.
    let other = Browser::open(&app).await.expect("a second browser");
    other.goto("/login").await;
    other.wait_for_text("h1", "Log in").await;
    other.fill_labelled("Email", "minji@example.com").await;
    other.fill_labelled("Password", PASSWORD).await;
    other.click_text("form button", "Log in").await;
    other.wait_for_text("h1", "내 레시피").await;
    other.wait_for_text("#nav button", "로그아웃").await;
    assert_eq!(
        other
            .eval("return document.documentElement.lang", &[])
            .await,
        "ko"
    );

    // Choosing English there, signed in, is saved to the account.
    other.click_text("#languages button", "English").await;
    other.wait_for_text("h1", "My recipes").await;
    other.wait_for_text("#nav button", "Log out").await;
    wait_account_language(&app, "minji@example.com", "en").await;
    assert_console_only(&other, &[]).await;
}
