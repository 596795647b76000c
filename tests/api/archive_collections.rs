//! Follows and collections in account archives: the export lists whom the account follows
//! (ids and usernames, oldest first) and its collections (recipes in their order, only those it
//! can see, never a share key); an import recreates the collections — or adds to one of the same
//! name — with their recipes found by uid (the archive's own restored recipes too), a new share
//! key for an unlisted one, and nothing more the second time; follows are never restored; a
//! broken collections file refuses the archive.

use reqwest::{Method, StatusCode};
use rstest::rstest;
use rstest_reuse::apply;
use serde_json::{Value, json};

use crate::archive::{
    another, export, files, json_file, mark, named_user, restore, uid_of, with_file, zip_of,
};
use crate::backends::{Backend, backends};
use crate::helpers::{TestApp, TestUser, test_app};
use crate::search::listed;

/// Creates `user`'s collection from `body`; its id and share key.
async fn create(app: &TestApp, user: &TestUser, body: Value) -> (i64, String) {
    let reply = app.post("/collections", Some(&user.token), &body).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let info = &reply.body["info"];
    (
        info["id"].as_i64().unwrap(),
        info["share_key"].as_str().unwrap().to_owned(),
    )
}

/// Adds `recipe` at the end of `user`'s `collection`.
async fn add(app: &TestApp, user: &TestUser, collection: i64, recipe: i64) {
    let path = format!("/collections/{collection}/recipes/{recipe}");
    mark(app, user, &path, None).await;
}

/// `user`'s collections (every one, newest first) as the API shows them to them.
async fn collections_of(app: &TestApp, user: &TestUser) -> Vec<Value> {
    let reply = app
        .get("/users/me/collections?limit=100", Some(&user.token))
        .await;
    reply.assert_success()["result_list"]
        .as_array()
        .unwrap()
        .clone()
}

/// `user`'s collection named `name` (the only one of that name).
async fn named(app: &TestApp, user: &TestUser, name: &str) -> Value {
    let found: Vec<Value> = collections_of(app, user)
        .await
        .into_iter()
        .filter(|collection| collection["name"] == name)
        .collect();
    assert_eq!(found.len(), 1, "one collection named {name}: {found:?}");
    found[0].clone()
}

/// The recipes of collection `id` as its owner `user` sees them, in its order.
async fn recipes_in(app: &TestApp, user: &TestUser, id: &Value) -> Vec<i64> {
    listed(
        app,
        &format!("/collections/{id}/recipes?limit=100"),
        Some(&user.token),
    )
    .await
}

/// The ids a restore answered for the recipes it added, in the archive's order.
fn restored_ids(body: &Value) -> Vec<i64> {
    body["info"]["recipes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|id| id.as_i64().unwrap())
        .collect()
}

/// A chef with two published recipes and one that was published, put in a collection and then
/// withdrawn; a fan who follows the chef and then hong, and has a published pie, a draft and
/// three collections (public "Weeknight" holding stew, the fan's draft, soup, pie and the
/// withdrawn one; unlisted "Secret" holding soup; private "Empty").
struct Collector {
    chef: TestUser,
    hong: TestUser,
    fan: TestUser,
    /// soup, stew, withdrawn (the chef's); pie, notes (the fan's draft).
    recipes: [i64; 5],
    /// The share keys of Weeknight, Secret and Empty.
    keys: [String; 3],
}

async fn a_collector(app: &TestApp) -> Collector {
    let chef = named_user(app, "chef").await;
    let hong = named_user(app, "hong").await;
    let fan = named_user(app, "fan").await;
    let soup = app.create_published(&chef, "Doenjang soup").await;
    let stew = app.create_published(&chef, "Kimchi stew").await;
    let withdrawn = app.create_published(&chef, "Withdrawn").await;
    let pie = app.create_published(&fan, "Fan pie").await;
    let notes = app.create_draft(&fan, "Fan notes").await;
    for whom in [chef.id, hong.id] {
        mark(app, &fan, &format!("/users/{whom}/follow"), None).await;
    }
    let (weeknight, weeknight_key) = create(
        app,
        &fan,
        json!({"name": "Weeknight", "description": "Quick ones", "visibility": "public"}),
    )
    .await;
    for recipe in [stew, notes, soup, pie, withdrawn] {
        add(app, &fan, weeknight, recipe).await;
    }
    let (secret, secret_key) = create(
        app,
        &fan,
        json!({"name": "Secret", "visibility": "unlisted"}),
    )
    .await;
    add(app, &fan, secret, soup).await;
    let (_, empty_key) = create(app, &fan, json!({"name": "Empty"})).await;
    app.request(
        Method::DELETE,
        &format!("/recipes/{withdrawn}/publish"),
        Some(&chef.token),
        None,
    )
    .await
    .assert_success_status();
    Collector {
        chef,
        hong,
        fan,
        recipes: [soup, stew, withdrawn, pie, notes],
        keys: [weeknight_key, secret_key, empty_key],
    }
}

#[apply(backends)]
#[tokio::test]
async fn the_archive_holds_whom_the_account_follows_and_its_collections_without_keys(
    backend: Backend,
) {
    let app = test_app!(backend);
    let collector = a_collector(&app).await;
    let [soup, stew, _, pie, notes] = collector.recipes;
    let chef_files = files(&export(&app, &collector.chef).await);
    let archive = export(&app, &collector.fan).await;
    let fan_files = files(&archive);
    let manifest = json_file(&fan_files, "manifest.json");
    assert_eq!(manifest["version"], 3);
    assert_eq!(
        manifest["community"]["following"],
        "community/following.json"
    );
    assert_eq!(
        manifest["community"]["collections"],
        "community/collections.json"
    );

    // Whom the fan follows, oldest first, by id and username here.
    let following = json_file(&fan_files, "community/following.json")["following"].clone();
    let following = following.as_array().unwrap();
    let people: Vec<&Value> = following.iter().map(|follow| &follow["user"]).collect();
    assert_eq!(
        people,
        [
            &json!({"id": collector.chef.id, "username": "chef"}),
            &json!({"id": collector.hong.id, "username": "hong"})
        ]
    );
    assert!(following.iter().all(|follow| {
        let at = follow["created_at"].as_str().unwrap();
        chrono::DateTime::parse_from_rfc3339(at).is_ok() && at.ends_with('Z')
    }));

    // The collections, oldest first, their recipes in their order; the withdrawn recipe is
    // another user's draft now, so it is not listed.
    let reference = |uid: String, id: i64, name: &str, author: &str| json!({"uid": uid, "id": id, "name": name, "author": author});
    let soup_ref = reference(
        uid_of(&chef_files, "Doenjang soup"),
        soup,
        "Doenjang soup",
        "chef",
    );
    let stew_ref = reference(
        uid_of(&chef_files, "Kimchi stew"),
        stew,
        "Kimchi stew",
        "chef",
    );
    let pie_ref = reference(uid_of(&fan_files, "Fan pie"), pie, "Fan pie", "fan");
    let notes_ref = reference(uid_of(&fan_files, "Fan notes"), notes, "Fan notes", "fan");
    let collections = json_file(&fan_files, "community/collections.json")["collections"].clone();
    let collections = collections.as_array().unwrap();
    let seen: Vec<Value> = collections
        .iter()
        .map(|collection| {
            for at in ["created_at", "updated_at"] {
                assert!(
                    collection[at].as_str().unwrap().ends_with('Z'),
                    "{collection}"
                );
            }
            json!([
                collection["name"],
                collection["description"],
                collection["visibility"],
                collection["recipes"]
            ])
        })
        .collect();
    assert_eq!(
        seen,
        [
            json!([
                "Weeknight",
                "Quick ones",
                "public",
                [stew_ref, notes_ref, soup_ref, pie_ref]
            ]),
            json!(["Secret", null, "unlisted", [soup_ref]]),
            json!(["Empty", null, "private", []]),
        ]
    );

    // No share key anywhere in the zip: not in any file, not even the word.
    for (name, bytes) in files(&archive) {
        let text = String::from_utf8_lossy(&bytes);
        for key in &collector.keys {
            assert!(!text.contains(key.as_str()), "{name} holds a share key");
        }
        assert!(!text.contains("share_key"), "{name} names share_key");
    }
}

#[apply(backends)]
#[tokio::test]
async fn collections_move_to_another_server_in_order_and_restoring_twice_changes_nothing(
    backend: Backend,
) {
    let source = test_app!(backend);
    let collector = a_collector(&source).await;
    let chef_archive = export(&source, &collector.chef).await;
    let fan_archive = export(&source, &collector.fan).await;
    let target = another(backend).await;
    // The chef moves first (soup, stew, and the withdrawn recipe as a draft of theirs).
    let chef_there = target.new_user().await;
    let moved = restore(&target, &chef_there, chef_archive).await;
    let [soup, stew, withdrawn] = restored_ids(moved.assert_success())[..] else {
        panic!("three recipes: {}", moved.body);
    };
    // Somebody named like the followed accounts is there: nobody follows them all the same.
    let hong_there = named_user(&target, "hong").await;

    let fan_there = target.new_user().await;
    let reply = restore(&target, &fan_there, fan_archive.clone()).await;
    let body = reply.assert_success();
    assert_eq!(body["warnings"], json!([]), "{body}");
    assert_eq!(
        body["info"]["collections"],
        json!({"created": 3, "existing": 0, "not_restored": 0, "recipes_added": 5,
               "recipes_skipped": 0, "recipes_not_added": 0})
    );
    // The fan's own recipes came from the same archive: the pie, then the draft.
    let [pie, notes] = restored_ids(body)[..] else {
        panic!("two recipes: {body}");
    };

    let weeknight = named(&target, &fan_there, "Weeknight").await;
    assert_eq!(weeknight["description"], "Quick ones");
    assert_eq!(weeknight["visibility"], "public");
    assert_eq!(
        recipes_in(&target, &fan_there, &weeknight["id"]).await,
        [stew, notes, soup, pie]
    );
    assert!(
        !recipes_in(&target, &fan_there, &weeknight["id"])
            .await
            .contains(&withdrawn)
    );
    let empty = named(&target, &fan_there, "Empty").await;
    assert_eq!(empty["visibility"], "private");
    assert_eq!(
        recipes_in(&target, &fan_there, &empty["id"]).await,
        [] as [i64; 0]
    );

    // The unlisted collection has a new share key of its own, which opens it to anyone; the
    // source's key does not.
    let secret = named(&target, &fan_there, "Secret").await;
    assert_eq!(secret["visibility"], "unlisted");
    let key = secret["share_key"].as_str().unwrap();
    assert_eq!(key.len(), 43);
    assert_ne!(key, collector.keys[1]);
    let id = &secret["id"];
    target
        .get(&format!("/collections/{id}?key={key}"), None)
        .await
        .assert_success();
    assert_eq!(
        listed(
            &target,
            &format!("/collections/{id}/recipes?key={key}"),
            None
        )
        .await,
        [soup]
    );
    target
        .get(
            &format!("/collections/{id}?key={}", collector.keys[1]),
            None,
        )
        .await
        .assert_error(StatusCode::NOT_FOUND, "not_found");

    // Follows are not restored.
    let following = target
        .get(&format!("/users/{}/following", fan_there.id), None)
        .await;
    assert_eq!(following.assert_success()["result_list"], json!([]));
    let hong = target.get(&format!("/users/{}", hong_there.id), None).await;
    assert_eq!(hong.assert_success()["user"]["follower_count"], 0);

    // Twice changes nothing: the same collections, recipes, order and times.
    let before = collections_of(&target, &fan_there).await;
    let again = restore(&target, &fan_there, fan_archive).await;
    let body = again.assert_success();
    assert_eq!(
        body["info"]["collections"],
        json!({"created": 0, "existing": 3, "not_restored": 0, "recipes_added": 0,
               "recipes_skipped": 5, "recipes_not_added": 0})
    );
    assert_eq!(body["warnings"], json!([]), "{body}");
    assert_eq!(collections_of(&target, &fan_there).await, before);
    assert_eq!(
        recipes_in(&target, &fan_there, &weeknight["id"]).await,
        [stew, notes, soup, pie]
    );
}

/// A collection of an archive: `name`, `visibility` and the recipes of `uids`.
fn collection(name: &str, visibility: &str, uids: &[&str]) -> Value {
    let recipes: Vec<Value> = uids.iter().map(|uid| json!({"uid": uid})).collect();
    json!({"name": name, "visibility": visibility, "recipes": recipes})
}

/// An archive holding the recipe documents `recipes` (uid, name) and the collections
/// `collections`.
fn archive_of(recipes: &[(&str, &str)], collections: Vec<Value>) -> Vec<u8> {
    let paths: Vec<String> = recipes
        .iter()
        .map(|(uid, _)| format!("recipes/{uid}.json"))
        .collect();
    let manifest = json!({"format": "recipe-api-archive", "version": 3, "recipes": paths,
        "community": {"collections": "community/collections.json"}})
    .to_string();
    let documents: Vec<String> = recipes
        .iter()
        .map(|(uid, name)| {
            json!({"recipe_api": {"uid": uid, "name": name, "published": true}}).to_string()
        })
        .collect();
    let collections = json!({"collections": collections}).to_string();
    let mut entries: Vec<(&str, &[u8])> = vec![
        ("manifest.json", manifest.as_bytes()),
        ("community/collections.json", collections.as_bytes()),
    ];
    for (path, document) in paths.iter().zip(&documents) {
        entries.push((path, document.as_bytes()));
    }
    zip_of(&entries)
}

#[apply(backends)]
#[tokio::test]
async fn a_collection_of_the_same_name_is_added_to_and_what_is_missing_is_a_warning(
    backend: Backend,
) {
    let app = test_app!(backend);
    let chef = named_user(&app, "chef").await;
    let soup = app.create_published(&chef, "Soup").await;
    let stew = app.create_published(&chef, "Stew").await;
    let cake = app.create_published(&chef, "Cake").await;
    let chef_files = files(&export(&app, &chef).await);
    let [soup_uid, stew_uid, cake_uid] =
        ["Soup", "Stew", "Cake"].map(|name| uid_of(&chef_files, name));
    let nowhere = "00000000000000000000000000000002";

    let fan = app.new_user().await;
    let (mine, _) = create(
        &app,
        &fan,
        json!({"name": "Weeknight", "description": "mine", "visibility": "private"}),
    )
    .await;
    add(&app, &fan, mine, cake).await;
    let (lower, _) = create(&app, &fan, json!({"name": "weeknight"})).await;
    // The archive holds the fan's own copy of the stew (the same uid as the chef's): a
    // collection's stew is that copy.
    let archive = archive_of(
        &[(&stew_uid, "My stew")],
        vec![
            collection("Weeknight", "public", &[&soup_uid, &cake_uid, nowhere]),
            collection("Weeknight", "unlisted", &[&stew_uid]),
            collection(" ", "public", &[&soup_uid]),
            collection("Later", "followers", &[&cake_uid, &cake_uid]),
        ],
    );
    let reply = restore(&app, &fan, archive.clone()).await;
    let body = reply.assert_success();
    assert_eq!(
        body["info"]["collections"],
        json!({"created": 2, "existing": 1, "not_restored": 1, "recipes_added": 3,
               "recipes_skipped": 2, "recipes_not_added": 2}),
        "{body}"
    );
    let [my_stew] = restored_ids(body)[..] else {
        panic!("one recipe: {body}");
    };
    let warnings: Vec<&str> = body["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|warning| warning.as_str().unwrap())
        .collect();
    assert_eq!(
        warnings,
        [
            format!(
                "community/collections.json: collections[0] \"Weeknight\": ({nowhere}): not \
                 added: no recipe here with this uid that you can see"
            ),
            "community/collections.json: collections[2] \" \": not restored: \
             {\"name\":\"must not be empty\"}"
                .to_owned(),
        ]
    );

    // The fan's Weeknight (the oldest of the name) got what it lacked, at its end, and kept
    // its description and visibility; the one named otherwise was not touched.
    let all = collections_of(&app, &fan).await;
    let weeknights: Vec<&Value> = all
        .iter()
        .filter(|collection| collection["name"] == "Weeknight")
        .collect();
    assert_eq!(weeknights.len(), 2, "{all:?}");
    let (created, existing) = (weeknights[0], weeknights[1]);
    assert_eq!(existing["id"], mine);
    assert_eq!(existing["description"], "mine");
    assert_eq!(existing["visibility"], "private");
    assert_eq!(recipes_in(&app, &fan, &existing["id"]).await, [cake, soup]);
    assert_eq!(created["visibility"], "unlisted");
    assert_eq!(recipes_in(&app, &fan, &created["id"]).await, [my_stew]);
    assert_ne!(my_stew, stew);
    assert_eq!(recipes_in(&app, &fan, &json!(lower)).await, [] as [i64; 0]);
    // A visibility this server does not know is private; a recipe named twice is added once.
    let later = named(&app, &fan, "Later").await;
    assert_eq!(later["visibility"], "private");
    assert_eq!(recipes_in(&app, &fan, &later["id"]).await, [cake]);

    // Again: the second Weeknight of the archive meets the one made the first time.
    let before = collections_of(&app, &fan).await;
    let again = restore(&app, &fan, archive).await;
    let body = again.assert_success();
    assert_eq!(
        body["info"]["collections"],
        json!({"created": 0, "existing": 3, "not_restored": 1, "recipes_added": 0,
               "recipes_skipped": 5, "recipes_not_added": 2}),
        "{body}"
    );
    assert_eq!(collections_of(&app, &fan).await, before);
}

#[apply(backends)]
#[tokio::test]
async fn past_the_most_collections_an_account_may_have_a_collection_is_a_warning(backend: Backend) {
    let app = test_app!(backend);
    let cook = app.new_user().await;
    let uid = "0123456789abcdef0123456789abcdef";
    let collections: Vec<Value> = (0..=500)
        .map(|n| {
            let uids: &[&str] = if n % 500 == 0 { &[uid] } else { &[] };
            collection(&format!("c{n}"), "private", uids)
        })
        .collect();
    let reply = restore(&app, &cook, archive_of(&[(uid, "Soup")], collections)).await;
    let body = reply.assert_success();
    assert_eq!(
        body["info"]["collections"],
        json!({"created": 500, "existing": 0, "not_restored": 1, "recipes_added": 1,
               "recipes_skipped": 0, "recipes_not_added": 1}),
        "{body}"
    );
    assert_eq!(
        body["warnings"],
        json!([
            "community/collections.json: collections[500] \"c500\": not restored: you have \
                the most collections allowed (500)"
        ])
    );
}

#[apply(backends)]
#[tokio::test]
async fn a_broken_collections_file_refuses_the_whole_archive_and_following_is_never_read(
    backend: Backend,
) {
    let app = test_app!(backend);
    let collector = a_collector(&app).await;
    let archive = export(&app, &collector.fan).await;
    let newcomer = app.new_user().await;
    let file = "community/collections.json";
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (
            b"{not json".to_vec(),
            "community/collections.json is not a file of collections",
        ),
        (
            br#"{"collections": [{"name": 5}]}"#.to_vec(),
            "community/collections.json is not a file of collections",
        ),
        (
            br#"{"collections": [{"name": "A", "recipes": []},
                {"name": "B", "recipes": [{"uid": "DROP TABLE recipe"}]}]}"#
                .to_vec(),
            "community/collections.json: collections[1].recipes[0].uid is not 32 lower-case hex",
        ),
    ];
    for (bytes, expected) in cases {
        let tampered = with_file(&archive, file, &bytes);
        let reply = restore(&app, &newcomer, tampered).await;
        let body = reply.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid_archive");
        assert!(body.to_string().contains(expected), "{expected}: {body}");
    }
    // A collections file the manifest names but the zip lacks.
    let mut manifest = json_file(&files(&archive), "manifest.json");
    manifest["community"]["collections"] = json!("community/elsewhere.json");
    let lacking = with_file(&archive, "manifest.json", manifest.to_string().as_bytes());
    let reply = restore(&app, &newcomer, lacking).await;
    let body = reply.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid_archive");
    assert!(
        body.to_string()
            .contains("community/elsewhere.json: missing"),
        "{body}"
    );
    // Nothing of a refused archive was restored.
    assert_eq!(collections_of(&app, &newcomer).await, [] as [Value; 0]);
    let mine = app.get("/recipes/me", Some(&newcomer.token)).await;
    assert_eq!(mine.assert_success()["result_list"], json!([]));

    // The following file is for the account's records: a broken one changes nothing.
    let broken_following = with_file(&archive, "community/following.json", b"{broken");
    let reply = restore(&app, &newcomer, broken_following).await;
    let body = reply.assert_success();
    assert_eq!(body["info"]["collections"]["created"], 3, "{body}");
}
