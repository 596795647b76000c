//! The account's archive on the profile page: "Export my recipes" downloads a .zip of every
//! recipe (drafts too) with its photos, named as the server names it; "Import an archive" sends
//! that file to another account and says how many recipes it imported and skipped; a file that
//! is not an archive is refused in words.

use serde_json::json;

use super::{assert_console_only, log_in, open, screenshots};
use crate::browser::pictures::{Dish, give_cover, sample, write_file};
use crate::helpers::{TestApp, TestUser};

/// The names of `user`'s recipes (drafts included), sorted.
async fn recipe_names(app: &TestApp, user: &TestUser) -> Vec<String> {
    let reply = app.get("/recipes/me?limit=100", Some(&user.token)).await;
    let mut names: Vec<String> = reply.assert_success()["result_list"]
        .as_array()
        .unwrap()
        .iter()
        .map(|recipe| recipe["name"].as_str().unwrap().to_owned())
        .collect();
    names.sort();
    names
}

/// Whether `name` is `recipe-api-export-YYYY-MM-DD.zip`.
fn is_export_name(name: &str) -> bool {
    let Some(date) = name
        .strip_prefix("recipe-api-export-")
        .and_then(|rest| rest.strip_suffix(".zip"))
    else {
        return false;
    };
    date.len() == 10
        && date.char_indices().all(|(i, c)| match i {
            4 | 7 => c == '-',
            _ => c.is_ascii_digit(),
        })
}

#[tokio::test]
async fn the_profile_exports_the_recipes_as_a_zip_that_another_account_imports() {
    let Some((app, mut browser)) = open(|_| {}).await else {
        return;
    };
    // Restoring processes the photos like uploads, on threads a busy machine slows down.
    browser.timeout = std::time::Duration::from_secs(30);
    let (shots, _guard) = screenshots();
    let cook = app.new_user().await;
    let picture = sample(Dish::Soup, 3);
    let soup = app
        .publish_new(&cook, &json!({"name": "Tomato soup", "cook_time": 25}))
        .await;
    give_cover(&app, &cook.token, soup, &picture, "A bowl of tomato soup").await;
    app.create_draft(&cook, "Secret stew").await;

    // Export: the browser downloads the server's archive under the server's name.
    log_in(&browser, &cook.email).await;
    browser.click_text("#nav a", "cook").await;
    browser.wait_for_text("h1", "Profile").await;
    browser
        .click_text(".archive button", "Export my recipes")
        .await;
    let status = browser
        .wait_for_text(".archive-status", "Downloaded recipe-api-export-")
        .await;
    let file = browser.wait_download("recipe-api-export-").await;
    let name = file.file_name().unwrap().to_str().unwrap().to_owned();
    assert!(is_export_name(&name), "{name}");
    assert!(status.text().await.unwrap().contains(&name));
    let bytes = std::fs::read(&file).unwrap();
    assert!(bytes.starts_with(b"PK\x03\x04"), "not a zip archive");
    let shown_size = status.attr("data-bytes").await.unwrap();
    assert_eq!(shown_size, Some(bytes.len().to_string()));
    assert_eq!(
        std::fs::read_dir(browser.downloads()).unwrap().count(),
        1,
        "one download"
    );
    browser
        .eval(
            "document.getElementById('section-your-recipes').scrollIntoView()",
            &[],
        )
        .await;
    browser.screenshot(shots.join("profile-archive.png")).await;

    // Import it as another cook: both recipes arrive; a second time, both are skipped.
    let other = app.new_user().await;
    browser.click_text("#nav button", "Log out").await;
    browser.wait_for_text("#nav a", "Log in").await;
    log_in(&browser, &other.email).await;
    browser.goto("/profile").await;
    browser.wait_for_text("h1", "Profile").await;
    browser
        .choose_files(".archive input[type=file]", &[&file])
        .await;
    browser
        .click_text(".archive form button", "Import archive")
        .await;
    browser
        .wait_for_text(".archive-counts", "2 imported, 0 skipped")
        .await;
    browser
        .wait_for_text(".archive-result a", "See them in My recipes")
        .await;
    assert_eq!(
        recipe_names(&app, &other).await,
        ["Secret stew", "Tomato soup"]
    );
    browser
        .eval(
            "document.querySelector('.archive-result').scrollIntoView({block: 'center'})",
            &[],
        )
        .await;
    browser
        .screenshot(shots.join("profile-archive-imported.png"))
        .await;
    browser
        .choose_files(".archive input[type=file]", &[&file])
        .await;
    browser
        .click_text(".archive form button", "Import archive")
        .await;
    browser
        .wait_for_text(".archive-counts", "0 imported, 2 skipped")
        .await;
    assert_eq!(recipe_names(&app, &other).await.len(), 2);

    // A file that is not an archive: the server's reason, in words.
    let files = tempfile::tempdir().unwrap();
    let fake = write_file(files.path(), "notes.zip", b"these are not recipes");
    browser
        .choose_files(".archive input[type=file]", &[&fake])
        .await;
    browser
        .click_text(".archive form button", "Import archive")
        .await;
    let error = browser.wait_for(".archive .form-error").await;
    let message = error.text().await.unwrap();
    assert!(
        !message.trim().is_empty() && !message.contains('{'),
        "{message}"
    );
    assert!(!browser.exists(".archive-counts").await);
    assert_eq!(recipe_names(&app, &other).await.len(), 2);
    assert_console_only(&browser, &["status of 4"]).await;
}
