//! `POST /recipes/import`: recipes read from pages served by a local fixture server (every
//! shape real pages use, English and Korean), pasted pages and JSON-LD documents; dry runs that
//! save nothing; private drafts; a URL imported twice; and the fetch policy — every refused
//! address form, with and without `IMPORT_ALLOWED_HOSTS`, redirects, size and time caps.

mod fixture_server;
mod policy;
mod saving;
mod shapes;

use reqwest::Method;
use serde_json::Value;

use crate::helpers::{Reply, TestApp, TestUser};
pub use fixture_server::FixtureServer;

/// A server allowed to import from 127.0.0.1 (where the fixture server runs).
macro_rules! import_app {
    ($backend:expr) => {
        $crate::helpers::test_app!($backend, |settings| {
            settings.fetch.allowed = vec!["127.0.0.1/32".parse().unwrap()];
        })
    };
    ($backend:expr, $configure:expr) => {
        $crate::helpers::test_app!($backend, |settings| {
            settings.fetch.allowed = vec!["127.0.0.1/32".parse().unwrap()];
            let configure: fn(&mut recipe_api::config::Settings) = $configure;
            configure(settings);
        })
    };
}
pub(crate) use import_app;

/// `POST /recipes/import` (with `?dry_run=true` when `dry_run`).
pub async fn import(app: &TestApp, user: &TestUser, body: &Value, dry_run: bool) -> Reply {
    let path = if dry_run {
        "/recipes/import?dry_run=true"
    } else {
        "/recipes/import"
    };
    app.request(Method::POST, path, Some(&user.token), Some(body))
        .await
}

/// The ids of `user`'s recipes, drafts included.
pub async fn my_recipe_ids(app: &TestApp, user: &TestUser) -> Vec<i64> {
    let reply = app.get("/recipes/me?limit=100", Some(&user.token)).await;
    reply.assert_success()["result_list"]
        .as_array()
        .unwrap()
        .iter()
        .map(|recipe| recipe["id"].as_i64().unwrap())
        .collect()
}
