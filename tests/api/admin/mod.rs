//! Running a public site: the `recipe-api admin` commands (`cli`), the `/admin/…` routes on
//! accounts (`accounts`), hidden recipes (`hidden`), signup control and invitations
//! (`signup`), reports (`reports`) and the audit log (`audit`).

mod accounts;
mod audit;
mod cli;
mod hidden;
mod reports;
mod signup;

use recipe_api::{
    cli::admin,
    config::{AccountArgs, AdminCommand, AdminDatabase},
};

use crate::helpers::{TestApp, TestUser};

/// `recipe-api admin <command>` on `app`'s database, in this process.
pub async fn run_admin(
    app: &TestApp,
    command: impl FnOnce(AccountArgs) -> AdminCommand,
    email: &str,
) {
    let args = AccountArgs {
        database: AdminDatabase {
            database_url: app.settings.database.url.clone(),
        },
        email: email.to_owned(),
    };
    admin::run(command(args)).await.expect("admin command");
}

/// A new user made an administrator with `recipe-api admin promote`.
pub async fn new_admin(app: &TestApp) -> TestUser {
    let user = app.new_user_named("admin").await;
    run_admin(app, AdminCommand::Promote, &user.email).await;
    user
}
