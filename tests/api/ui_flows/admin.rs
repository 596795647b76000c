//! Moderation in the browser UI: a reader reports a recipe and its author; an administrator
//! finds both in the queue, hides the recipe (its owner then sees why and cannot publish it),
//! resolves the report, disables and enables an account, creates an invitation, and shows the
//! recipe again from the audit log. Registration follows the signup policy: an invitation link
//! fills in its code, and a closed site says so.

use recipe_api::domain::SignupMode;
use reqwest::StatusCode;
use serde_json::json;

use super::{assert_clean_console, assert_console_only, log_in, log_out, open, screenshots};
use crate::admin::new_admin;
use crate::helpers::PASSWORD;

#[tokio::test]
async fn an_administrator_handles_reports_accounts_invitations_and_the_audit_log() {
    let Some((app, browser)) = open(|_| {}).await else {
        return;
    };
    let (shots, _guard) = screenshots();
    let admin = new_admin(&app).await;
    let cook = app.new_user_named("cook").await;
    let reader = app.new_user_named("reader").await;
    let id = app
        .publish_new(
            &cook,
            &json!({"name": "Miracle cure soup", "ingredients": ["water"]}),
        )
        .await;

    // A reader reports the recipe and its author.
    log_in(&browser, &reader.email).await;
    browser.goto(&format!("/r/{id}")).await;
    browser.click_text(".reader-actions button", "Report").await;
    browser
        .fill_labelled("What is wrong?", "Dangerous or harmful")
        .await;
    browser
        .fill_labelled("Details", "It claims to cure illnesses.")
        .await;
    browser.click_text("dialog button", "Send report").await;
    browser.wait_for_text(".notice", "Thank you").await;
    browser.wait_gone("dialog").await;
    browser.goto(&format!("/u/{}", cook.id)).await;
    browser.click_text(".author-actions button", "Report").await;
    browser
        .fill_labelled("What is wrong?", "Spam or advertising")
        .await;
    browser.click_text("dialog button", "Send report").await;
    browser.wait_for_text(".notice", "Thank you").await;
    assert!(!browser.text("#nav").await.contains("Administration"));
    log_out(&browser).await;

    // The administrator sees both in the queue, with who reported them.
    log_in(&browser, &admin.email).await;
    browser.click_text("#nav a", "Administration").await;
    browser
        .wait_for_text(".admin-report", "Dangerous or harmful")
        .await;
    browser
        .wait_for_text(".admin-report", "It claims to cure illnesses.")
        .await;
    browser.wait_for_text(".admin-report a", "reader").await;
    browser.wait_for_text(".admin-report a", "cook").await;
    browser.screenshot(shots.join("admin-reports.png")).await;

    // Hiding the recipe: nobody but its owner sees it any more.
    let recipe_report = format!(".admin-report[data-report-id] a[href=\"/r/{id}\"]");
    browser.wait_for(&recipe_report).await;
    browser
        .eval(
            "document.querySelector(arguments[0]).closest('li').querySelector('.row-actions button.danger').click()",
            &[json!(recipe_report)],
        )
        .await;
    browser
        .fill_labelled("Reason", "Health claims without evidence")
        .await;
    browser.click_text("dialog button", "Hide").await;
    browser.wait_for_text(".notice", "is hidden").await;
    app.get(&format!("/recipes/{id}"), None)
        .await
        .assert_error(StatusCode::NOT_FOUND, "not_found");

    // Resolving it with a note: the row says so.
    browser
        .eval(
            "document.querySelector(arguments[0]).closest('li').querySelector('.row-actions button.secondary').click()",
            &[json!(recipe_report)],
        )
        .await;
    browser.fill_labelled("Note", "Recipe hidden").await;
    browser.click_text("dialog button", "Resolve").await;
    browser.wait_for_text(".notice", "Report resolved").await;
    browser
        .wait_for_text(".admin-resolution", "— Recipe hidden")
        .await;
    let open_reports = app
        .get("/admin/reports?status=open", Some(&admin.token))
        .await;
    assert_eq!(open_reports.body["count"], 1, "{}", open_reports.body);

    // Accounts: find the reader, disable (their token stops working at once), enable.
    browser.click_text(".admin-tabs button", "Accounts").await;
    browser.fill_labelled("Find accounts", "reader").await;
    browser.click_text(".admin-search button", "Search").await;
    let row = format!(".admin-user[data-user-id=\"{}\"]", reader.id);
    browser.wait_for(&row).await;
    browser
        .click_text(&format!("{row} button"), "Disable")
        .await;
    browser.fill_labelled("Reason", "Testing").await;
    browser.click_text("dialog button", "Disable").await;
    browser
        .wait_for_text(&format!("{row} .badge"), "Disabled")
        .await;
    app.get("/users/me", Some(&reader.token))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "account_disabled");
    browser.click_text(&format!("{row} button"), "Enable").await;
    browser.wait_for_text(".notice", "can log in again").await;
    app.login(&reader.email, PASSWORD).await.assert_success();
    // Every account, without a search; the administrator's own row offers no Disable.
    browser.goto("/admin?tab=users").await;
    let own = format!(".admin-user[data-user-id=\"{}\"]", admin.id);
    browser.wait_for_text(&own, "Audit log").await;
    assert!(!browser.exists(&format!("{own} button")).await);
    assert!(browser.exists(&row).await);

    // An invitation: its code is shown once, with a link that registers with it.
    browser
        .click_text(".admin-tabs button", "Invitations")
        .await;
    browser.fill_labelled("Accounts it may create", "2").await;
    browser.fill_labelled("Note", "For the cooking club").await;
    browser.click_text("form button", "Create invitation").await;
    let code = browser.wait_for(".invite-code").await.text().await.unwrap();
    assert!(code.starts_with("inv_"), "{code}");
    assert!(
        browser
            .text(".invite-link")
            .await
            .ends_with(&format!("/register#invite={code}"))
    );
    browser
        .wait_for_text(".admin-invite", "For the cooking club")
        .await;
    browser.wait_for_text(".admin-invite", "used 0 of 2").await;
    browser
        .eval(
            "document.querySelector('.invite-code').scrollIntoView({block: 'center'})",
            &[],
        )
        .await;
    browser.screenshot(shots.join("admin-invites.png")).await;
    log_out(&browser).await;

    // The owner sees why the recipe is hidden and cannot publish it.
    log_in(&browser, &cook.email).await;
    browser.goto(&format!("/r/{id}")).await;
    browser
        .wait_for_text(".hidden-notice", "Health claims without evidence")
        .await;
    let publish_disabled = browser
        .eval(
            "return [...document.querySelectorAll('.owner-actions button')].find((b) => b.textContent === 'Publish').disabled",
            &[],
        )
        .await;
    assert_eq!(publish_disabled, json!(true));
    log_out(&browser).await;

    // The audit log holds it all; the recipe is shown again from its event.
    log_in(&browser, &admin.email).await;
    browser.goto("/admin?tab=audit").await;
    browser
        .wait_for_text(".admin-event", "Invitation created")
        .await;
    browser
        .wait_for_text(".admin-event", "Account disabled")
        .await;
    browser
        .wait_for_text(".admin-event", "reason: Health claims without evidence")
        .await;
    browser.screenshot(shots.join("admin-audit.png")).await;
    browser
        .click_text(
            ".admin-event[data-action=recipe_hidden] button",
            "Show again",
        )
        .await;
    browser.wait_for_text(".notice", "visible again").await;
    app.get(&format!("/recipes/{id}"), None)
        .await
        .assert_success();
    // One account's events, from its row.
    browser
        .goto(&format!("/admin?tab=audit&user_id={}", reader.id))
        .await;
    browser
        .wait_for_text(".admin-event", "Account enabled")
        .await;
    assert!(
        !browser
            .text(".admin-rows")
            .await
            .contains("Invitation created"),
        "only the reader's events"
    );
    // The owner's page would show a 404 for the hidden recipe to others; nothing else failed.
    assert_console_only(&browser, &["status of 404"]).await;
}

#[tokio::test]
async fn registration_asks_for_an_invitation_and_a_closed_site_says_it_is_closed() {
    let Some((app, browser)) = open(|s| s.signup = SignupMode::Invite).await else {
        return;
    };
    // The administrator registers while the same database is served with open signup.
    let admin = new_admin(
        &app.spawn_sibling_with(|s| s.signup = SignupMode::Open)
            .await,
    )
    .await;
    let admin_token = app.login(&admin.email, PASSWORD).await.body["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let created = app
        .post(
            "/admin/invites",
            Some(&admin_token),
            &json!({"max_uses": 1}),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let code = created.body["invite"]["code"].as_str().unwrap().to_owned();

    // Without a code the form says what is missing; the link fills it in.
    browser.goto("/register").await;
    browser
        .wait_for_text("main p", "you need an invitation code")
        .await;
    browser.goto(&format!("/register#invite={code}")).await;
    browser.reload().await;
    browser.wait_for("input[name=invite_code]").await;
    let filled = browser
        .eval(
            "return document.querySelector('input[name=invite_code]').value",
            &[],
        )
        .await;
    assert_eq!(filled, json!(code));
    browser.fill_labelled("Name", "invited").await;
    browser.fill_labelled("Email", "invited@example.com").await;
    browser.fill_labelled("Password", PASSWORD).await;
    browser.click_text("form button", "Register").await;
    browser.wait_for_text("h1", "My recipes").await;
    app.login("invited@example.com", PASSWORD)
        .await
        .assert_success();
    assert_clean_console(&browser).await;

    // A closed site has no form.
    let closed = app
        .spawn_sibling_with(|s| s.signup = SignupMode::Closed)
        .await;
    let Some(other) = crate::browser::Browser::open(&closed).await else {
        return;
    };
    other.goto("/register").await;
    other
        .wait_for_text(".signup-closed", "not taking new accounts")
        .await;
    assert!(!other.exists("input[name=email]").await);
}
