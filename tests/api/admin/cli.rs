//! `recipe-api admin create-user | promote | demote | reset-password | disable | enable`, as the
//! binary, on the database a running server uses.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use reqwest::StatusCode;
use rstest::rstest;
use rstest_reuse::apply;

use crate::backends::{Backend, backends};
use crate::helpers::{PASSWORD, TestApp, test_app};

/// Runs the binary's `admin` subcommand with `args` on `app`'s database, `stdin` as input.
/// The in-process server keeps running meanwhile (`block_in_place` hands this worker's tasks
/// to another thread): a server task frozen mid-transaction would hold SQLite's write lock.
fn admin(app: &TestApp, args: &[&str], stdin: Option<&str>) -> Output {
    tokio::task::block_in_place(|| run_admin(app, args, stdin))
}

fn run_admin(app: &TestApp, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_recipe-api"))
        .arg("admin")
        .args(args)
        .env("DATABASE_URL", &app.settings.database.url)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let mut input = child.stdin.take().unwrap();
    if let Some(text) = stdin {
        input.write_all(text.as_bytes()).unwrap();
    }
    drop(input);
    child.wait_with_output().unwrap()
}

fn stdout(output: &Output) -> String {
    assert!(
        output.status.success(),
        "stdout: {}\nstderr: {}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).unwrap()
}

#[apply(backends)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn accounts_are_administered_from_the_command_line_while_the_server_runs(backend: Backend) {
    let app = test_app!(backend);
    // create-user with a generated password, printed once.
    let out = stdout(&admin(
        &app,
        &[
            "create-user",
            "--email",
            "Chef@Example.com",
            "--username",
            "chef",
            "--admin",
        ],
        None,
    ));
    let password = out
        .lines()
        .find_map(|line| line.strip_prefix("password (shown only now): "))
        .expect("the generated password is printed")
        .to_owned();
    assert!(password.len() >= 20, "{out}");
    let login = app.login("chef@example.com", &password).await;
    let token = login.assert_success()["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let me = app.get("/users/me", Some(&token)).await;
    assert_eq!(me.body["user"]["role"], "admin");
    assert_eq!(me.body["user"]["email_verified"], true);
    // The same address again is refused.
    let again = admin(
        &app,
        &[
            "create-user",
            "--email",
            "chef@example.com",
            "--username",
            "x",
        ],
        None,
    );
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("exists"));

    // create-user with the password on standard input; demote / promote.
    stdout(&admin(
        &app,
        &[
            "create-user",
            "--email",
            "cook@example.com",
            "--username",
            "cook",
            "--password-stdin",
        ],
        Some(&format!("{PASSWORD}\n")),
    ));
    let cook = app.login("cook@example.com", PASSWORD).await;
    let cook_token = cook.assert_success()["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        app.get("/users/me", Some(&cook_token)).await.body["user"]["role"],
        "user"
    );
    app.get("/admin/users", Some(&cook_token))
        .await
        .assert_error(StatusCode::FORBIDDEN, "admin_required");
    assert!(stdout(&admin(&app, &["promote", "cook@example.com"], None)).contains("now admin"));
    // The role is read on every request: the same token is an administrator's now.
    app.get("/admin/users", Some(&cook_token))
        .await
        .assert_success();
    assert!(stdout(&admin(&app, &["promote", "cook@example.com"], None)).contains("already"));
    stdout(&admin(&app, &["demote", "cook@example.com"], None));
    app.get("/admin/users", Some(&cook_token))
        .await
        .assert_error(StatusCode::FORBIDDEN, "admin_required");

    // disable: the running server refuses the account's token and its login at once.
    stdout(&admin(
        &app,
        &["disable", "cook@example.com", "--reason", "spam"],
        None,
    ));
    app.get("/users/me", Some(&cook_token))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "account_disabled");
    app.login("cook@example.com", PASSWORD)
        .await
        .assert_error(StatusCode::FORBIDDEN, "account_disabled");
    // A wrong password still gets the one answer for wrong credentials.
    app.login("cook@example.com", "not the password")
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "invalid_credentials");
    stdout(&admin(&app, &["enable", "cook@example.com"], None));
    let cook = app.login("cook@example.com", PASSWORD).await;
    let cook_token = cook.assert_success()["access_token"]
        .as_str()
        .unwrap()
        .to_owned();

    // reset-password: a new generated password; the old one and every session stop working.
    let out = stdout(&admin(&app, &["reset-password", "cook@example.com"], None));
    let new_password = out
        .lines()
        .find_map(|line| line.strip_prefix("password (shown only now): "))
        .expect("the new password is printed")
        .to_owned();
    app.get("/users/me", Some(&cook_token))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "session_ended");
    app.login("cook@example.com", PASSWORD)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "invalid_credentials");
    app.login("cook@example.com", &new_password)
        .await
        .assert_success();

    // Unknown accounts and bad input are reported, not panicked on.
    let missing = admin(&app, &["promote", "nobody@example.com"], None);
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no account"));
    let short = admin(
        &app,
        &["reset-password", "cook@example.com", "--password-stdin"],
        Some("short\n"),
    );
    assert!(!short.status.success());
    // Nothing secret reached the output but the password asked for.
    let all = format!("{out}{}", String::from_utf8_lossy(&short.stderr));
    assert!(!all.contains("$argon2"), "{all}");
}
