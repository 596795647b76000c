//! `recipe-api copy`: SQLite → PostgreSQL → MariaDB → SQLite with identical API output,
//! photos included.

use recipe_api::{cli::copy, config::CopyArgs, store::COPIED_TABLES, store::TableCopy};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::backends::{Backend, TestDatabase};
use crate::helpers::{PASSWORD, TestApp, TestUser};
use crate::photos::{Part, add_image, fixtures, form, put_cover};

/// What clients see: the public list, each user's list, and every recipe as each user sees it.
async fn snapshot(app: &TestApp, users: &[TestUser], ids: &[i64]) -> Value {
    let mut views = Vec::new();
    for user in users {
        views.push(
            app.get("/recipes/me?limit=100", Some(&user.token))
                .await
                .body,
        );
        for id in ids {
            let reply = app.get(&format!("/recipes/{id}"), Some(&user.token)).await;
            views.push(json!([reply.status.as_u16(), reply.body]));
        }
        views.push(archived_recipes(app, user).await);
    }
    json!({
        "public": app.get("/recipes?limit=100", None).await.body,
        "views": views,
        "tags": app.get("/tags", None).await.body,
        "tagged": app.get("/recipes?tag=copied&tag=t1", None).await.body,
        "search": app.get("/recipes?q=레시피%20김치&sort=newest", None).await.body,
        "by_ingredient": app.get("/recipes?ingredient=두부&ingredient=김치", None).await.body,
        "converted": app.get(&format!("/recipes/{}?units=metric", ids[1]), None).await.body,
        "popular": app.get("/recipes?sort=popular", None).await.body["result_list"]
            .as_array().unwrap().iter().map(|r| r["id"].clone()).collect::<Vec<_>>(),
        "rated": app.get("/recipes?sort=rating", None).await.body["result_list"]
            .as_array().unwrap().iter().map(|r| r["id"].clone()).collect::<Vec<_>>(),
        "comments": app.get(&format!("/recipes/{}/comments", ids[1]), None).await.body,
        "favorites": app.get("/users/me/favorites", Some(&users[0].token)).await.body,
        "feed": app.get("/users/me/feed", Some(&users[1].token)).await.body,
        "followers": app.get(&format!("/users/{}/followers", users[0].id), None).await.body,
        "collections": app.get("/users/me/collections", Some(&users[0].token)).await.body,
        "collected": app.get("/collections/1/recipes", Some(&users[0].token)).await.body,
    })
}

/// The recipe documents named by `user`'s archive (by their archive identities).
async fn archived_recipes(app: &TestApp, user: &TestUser) -> Value {
    let archive = app
        .client
        .get(format!("{}/users/me/export", app.address))
        .bearer_auth(&user.token)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(archive)).unwrap();
    let manifest: Value = serde_json::from_reader(zip.by_name("manifest.json").unwrap()).unwrap();
    manifest["recipes"].clone()
}

async fn copy_between(from: &str, to: &str, replace: bool) -> anyhow::Result<Vec<TableCopy>> {
    let args = CopyArgs {
        from: from.to_owned(),
        to: to.to_owned(),
        replace,
        batch_size: 3,
    };
    copy::run(&args, &|_, _, _| {}).await
}

fn rows(report: &[TableCopy], table: &str) -> u64 {
    report
        .iter()
        .find(|t| t.table == table)
        .map_or(0, |t| t.rows)
}

#[tokio::test]
async fn a_round_trip_through_every_backend_keeps_the_api_output() {
    let dir = tempfile::tempdir().unwrap();
    let Some(postgres) = TestDatabase::create(Backend::Postgres, dir.path()).await else {
        return;
    };
    let Some(mysql) = TestDatabase::create(Backend::Mysql, dir.path()).await else {
        return;
    };
    let origin = TestApp::spawn(Backend::Sqlite)
        .await
        .expect("sqlite always runs");

    // Drafts and published recipes of two users, a gap in the ids, a revoked token, and more
    // rows than one batch.
    let users = [origin.new_user().await, origin.new_user().await];
    let mut ids = Vec::new();
    for i in 0..8 {
        let owner = &users[i % 2];
        ids.push(match i % 3 {
            0 => origin.create_draft(owner, &format!("draft {i}")).await,
            _ => {
                let body = json!({"name": format!("레시피 {i}"),
                    "ingredients": ["김치 100g", "두부 1모"],
                    "measure_system": if i == 1 { json!("us") } else { Value::Null },
                    "tags": ["copied", format!("t{}", i % 2)]});
                origin.publish_new(owner, &body).await
            }
        });
    }
    // An imported recipe (it remembers its page).
    let imported = origin
        .post(
            "/recipes/import",
            Some(&users[0].token),
            &json!({"jsonld": {"@type": "Recipe", "name": "imported"}, "html": null,
                    "url": null}),
        )
        .await;
    assert_eq!(imported.status, StatusCode::CREATED, "{}", imported.body);
    let pasted = origin
        .post(
            "/recipes/import",
            Some(&users[1].token),
            &json!({"html": "<script type=\"application/ld+json\">{\"@type\":\"Recipe\",\"name\":\"pasted\"}</script>",
                    "url": "https://recipes.example/pasted"}),
        )
        .await;
    assert_eq!(pasted.status, StatusCode::CREATED, "{}", pasted.body);
    ids.push(imported.body["info"]["id"].as_i64().unwrap());
    ids.push(pasted.body["info"]["id"].as_i64().unwrap());
    // Photos: a cover and a gallery photo on a published recipe, a photo on a draft, an avatar.
    let png = fixtures::png(120, 80);
    put_cover(&origin, &users[1], ids[1], &png)
        .await
        .assert_success();
    let gallery = add_image(&origin, &users[1], ids[1], &fixtures::png(90, 60)).await;
    let last_photo = gallery.body["info"]["id"].as_i64().unwrap();
    add_image(&origin, &users[0], ids[0], &png).await;
    let (content_type, avatar) = form(&[Part::file("avatar", &png)]);
    origin
        .send_raw(
            Method::PUT,
            "/users/avatar",
            Some(&users[0].token),
            &content_type,
            avatar,
        )
        .await
        .assert_success();
    let deleted = ids.remove(4);
    origin
        .delete(&format!("/recipes/{deleted}"), Some(&users[0].token))
        .await
        .assert_success();
    let revoked = origin.login(&users[1].email, PASSWORD).await.body["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    origin
        .post("/users/logout", Some(&revoked), &json!({}))
        .await
        .assert_success();
    // Favourites, ratings and comments across the two users' recipes (and their score
    // changes).
    for (user, recipe, stars) in [
        (&users[0], ids[1], 5),
        (&users[1], ids[2], 2),
        (&users[0], ids[4], 4),
    ] {
        origin
            .request(
                Method::PUT,
                &format!("/recipes/{recipe}/favorite"),
                Some(&user.token),
                None,
            )
            .await
            .assert_success();
        origin
            .put(
                &format!("/recipes/{recipe}/rating"),
                Some(&user.token),
                &json!({"stars": stars}),
            )
            .await
            .assert_success();
    }
    for (user, body) in [(&users[0], "맛있어요"), (&users[1], "thanks!")] {
        let reply = origin
            .post(
                &format!("/recipes/{}/comments", ids[1]),
                Some(&user.token),
                &json!({"body": body}),
            )
            .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    }
    // A follow and a collection.
    origin
        .request(
            Method::PUT,
            &format!("/users/{}/follow", users[0].id),
            Some(&users[1].token),
            None,
        )
        .await
        .assert_success();
    let collection = origin
        .post(
            "/collections",
            Some(&users[0].token),
            &json!({"name": "Best", "visibility": "unlisted"}),
        )
        .await;
    assert_eq!(
        collection.status,
        StatusCode::CREATED,
        "{}",
        collection.body
    );
    for recipe in [ids[4], ids[1]] {
        origin
            .request(
                Method::PUT,
                &format!("/collections/1/recipes/{recipe}"),
                Some(&users[0].token),
                None,
            )
            .await
            .assert_success();
    }
    // A password reset: its token and its message in the outbox.
    let asked = origin
        .post(
            "/users/password/forgot",
            None,
            &json!({"email": users[1].email}),
        )
        .await;
    assert_eq!(asked.status, StatusCode::ACCEPTED, "{}", asked.body);
    let expected = snapshot(&origin, &users, &ids).await;

    let final_dir = tempfile::tempdir().unwrap();
    let back_to_sqlite = format!("sqlite://{}", final_dir.path().join("back.db").display());
    let hops = [
        (
            origin.settings.database.url.as_str(),
            Backend::Postgres,
            postgres.url.as_str(),
        ),
        (postgres.url.as_str(), Backend::Mysql, mysql.url.as_str()),
        (mysql.url.as_str(), Backend::Sqlite, back_to_sqlite.as_str()),
    ];
    for (from, backend, to) in hops {
        let report = copy_between(from, to, false)
            .await
            .unwrap_or_else(|e| panic!("copy to {backend:?}: {e:#}"));
        assert_eq!(rows(&report, "user"), 2);
        assert_eq!(rows(&report, "recipe"), ids.len() as u64);
        assert_eq!(rows(&report, "revoked_token"), 1);
        assert_eq!(rows(&report, "tag"), 3);
        // Two foods on each of the four published recipes left.
        assert_eq!(rows(&report, "recipe_ingredient"), 8);
        assert_eq!(rows(&report, "image"), 4);
        // Each photo has a WebP and a JPEG; the draft's photo is the cover's picture.
        assert_eq!(rows(&report, "image_file"), 8);
        assert_eq!(rows(&report, "media_object"), 6);
        assert_eq!(rows(&report, "favorite"), 3);
        assert_eq!(rows(&report, "rating"), 3);
        assert_eq!(rows(&report, "comment"), 2);
        assert_eq!(rows(&report, "recipe_score_change"), 6);
        assert_eq!(rows(&report, "follow"), 1);
        assert_eq!(rows(&report, "collection"), 1);
        assert_eq!(rows(&report, "collection_recipe"), 2);
        assert_eq!(rows(&report, "password_reset"), 1);
        // The reset's message and each account's address verification.
        assert_eq!(rows(&report, "outbox_message"), 3);
        assert_eq!(rows(&report, "email_verification"), 2);

        let app = TestApp::spawn_on_url(backend, to).await;
        assert_eq!(
            snapshot(&app, &users, &ids).await,
            expected,
            "API output after the copy to {backend:?}"
        );
        app.get("/recipes/me", Some(&revoked))
            .await
            .assert_error(StatusCode::UNAUTHORIZED, "token_revoked");
        app.login(&users[0].email, PASSWORD).await.assert_success();
        // Ids continue after the copied ones (PostgreSQL's sequences were moved).
        let recipe = app
            .create_recipe(&users[0], &json!({"name": "after the copy"}))
            .await;
        assert!(
            recipe["id"].as_i64().unwrap() > *ids.iter().max().unwrap(),
            "{backend:?}: {recipe}"
        );
        // So do comments' ids.
        let comment = app
            .post(
                &format!("/recipes/{}/comments", ids[1]),
                Some(&users[1].token),
                &json!({"body": "after"}),
            )
            .await;
        assert_eq!(comment.status, StatusCode::CREATED, "{}", comment.body);
        let comment_id = comment.body["info"]["id"].as_i64().unwrap();
        assert!(comment_id > 2, "{backend:?}: comment {comment_id}");
        app.delete(&format!("/comments/{comment_id}"), Some(&users[1].token))
            .await
            .assert_success();
        // So do photos' ids.
        let photo = add_image(&app, &users[0], recipe["id"].as_i64().unwrap(), &png).await;
        let photo = photo.body["info"]["id"].as_i64().unwrap();
        assert!(photo > last_photo + 1, "{backend:?}: photo {photo}");
        app.delete(&format!("/recipes/{}", recipe["id"]), Some(&users[0].token))
            .await
            .assert_success();
    }

    // A target with rows is refused, and replaced on request.
    let err = copy_between(&origin.settings.database.url, &postgres.url, false)
        .await
        .unwrap_err();
    assert!(format!("{err:#}").contains("not empty"), "{err:#}");
    let report = copy_between(&origin.settings.database.url, &postgres.url, true)
        .await
        .unwrap();
    assert_eq!(rows(&report, "recipe"), ids.len() as u64);
}

#[tokio::test]
async fn copying_a_database_onto_itself_is_refused() {
    let app = TestApp::spawn(Backend::Sqlite)
        .await
        .expect("sqlite always runs");
    let url = &app.settings.database.url;
    let err = copy_between(url, url, true).await.unwrap_err();
    assert!(err.to_string().contains("same database"), "{err:#}");
}

#[tokio::test]
async fn copy_covers_every_table_of_the_schema() {
    let app = TestApp::spawn(Backend::Sqlite)
        .await
        .expect("sqlite always runs");
    let store = recipe_api::store::Store::connect(&app.settings.database)
        .await
        .unwrap();
    let mut tables = store.table_names().await.unwrap();
    tables.retain(|t| t != "seaql_migrations");
    let mut copied: Vec<String> = COPIED_TABLES.iter().map(|t| t.to_string()).collect();
    copied.sort();
    assert_eq!(
        tables, copied,
        "a table was added without adding it to `recipe-api copy`"
    );
}
