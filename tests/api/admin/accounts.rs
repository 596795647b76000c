//! `GET /admin/users`, `POST /admin/users/{id}/disable|enable`: a disabled account is refused on
//! every route of every instance at once, and its login, refresh and personal tokens with it.

use reqwest::{Method, StatusCode};
use rstest::rstest;
use rstest_reuse::apply;
use serde_json::json;

use super::new_admin;
use crate::backends::{Backend, backends};
use crate::helpers::{PASSWORD, test_app};

#[apply(backends)]
#[tokio::test]
async fn a_disabled_account_is_refused_on_every_route_of_a_second_instance_at_once(
    backend: Backend,
) {
    let a = test_app!(backend);
    let b = a.spawn_sibling().await;
    let admin = new_admin(&a).await;
    // The user works on instance B: a login session, a refresh token, a personal token.
    let user = b.new_user_named("troll").await;
    let login = b.login(&user.email, PASSWORD).await;
    let refresh = login.assert_success()["refresh_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let pat = b
        .post(
            "/users/me/tokens",
            Some(&user.token),
            &json!({"name": "cli", "scope": "write"}),
        )
        .await;
    let pat = pat.body["token"]
        .as_str()
        .expect("personal token")
        .to_owned();
    let recipe = b.create_published(&user, "spam").await;
    b.get("/users/me", Some(&pat)).await.assert_success();

    // Disabled on instance A.
    let reply = a
        .post(
            &format!("/admin/users/{}/disable", user.id),
            Some(&admin.token),
            &json!({"reason": "posting spam"}),
        )
        .await;
    assert_eq!(reply.assert_success()["user"]["disabled"], true);

    // Instance B refuses it on its very next request, on every kind of route.
    for (method, path, body) in [
        (Method::GET, "/users/me".to_owned(), None),
        (Method::GET, "/recipes/me".to_owned(), None),
        (
            Method::POST,
            "/recipes".to_owned(),
            Some(json!({"name": "more spam"})),
        ),
        (
            Method::PATCH,
            format!("/recipes/{recipe}"),
            Some(json!({"name": "x"})),
        ),
        (Method::DELETE, format!("/recipes/{recipe}/publish"), None),
        (Method::PUT, format!("/recipes/{recipe}/favorite"), None),
        (Method::GET, "/users/me/feed".to_owned(), None),
        (Method::POST, "/users/logout".to_owned(), None),
    ] {
        for token in [&user.token, &pat] {
            let reply = b
                .request(method.clone(), &path, Some(token), body.as_ref())
                .await;
            assert_eq!(
                reply.status,
                StatusCode::UNAUTHORIZED,
                "{method} {path}: {}",
                reply.body
            );
        }
    }
    b.get("/users/me", Some(&user.token))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "account_disabled");
    b.post("/users/refresh", None, &json!({"refresh_token": refresh}))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "invalid_refresh_token");
    b.login(&user.email, PASSWORD)
        .await
        .assert_error(StatusCode::FORBIDDEN, "account_disabled");
    // Its published recipe stays (hiding is a separate decision).
    b.get(&format!("/recipes/{recipe}"), None)
        .await
        .assert_success();

    // Enabled again: it may sign in; the old sessions stay ended.
    a.post(
        &format!("/admin/users/{}/enable", user.id),
        Some(&admin.token),
        &json!({}),
    )
    .await
    .assert_success();
    b.get("/users/me", Some(&user.token))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "session_ended");
    b.get("/users/me", Some(&pat)).await.assert_success();
    b.login(&user.email, PASSWORD).await.assert_success();

    // An administrator cannot disable their own account; unknown ids are 404.
    a.post(
        &format!("/admin/users/{}/disable", admin.id),
        Some(&admin.token),
        &json!({}),
    )
    .await
    .assert_error(StatusCode::FORBIDDEN, "own_account");
    a.post(
        "/admin/users/987654/disable",
        Some(&admin.token),
        &json!({}),
    )
    .await
    .assert_error(StatusCode::NOT_FOUND, "not_found");
    let long = "x".repeat(501);
    a.post(
        &format!("/admin/users/{}/disable", user.id),
        Some(&admin.token),
        &json!({"reason": long}),
    )
    .await
    .assert_error(StatusCode::BAD_REQUEST, "validation_error");
}

#[apply(backends)]
#[tokio::test]
async fn administrators_list_and_search_accounts_by_page(backend: Backend) {
    let app = test_app!(backend);
    let admin = new_admin(&app).await;
    for name in ["Kimchi_Lover", "kimchi%fan", "baker"] {
        app.new_user_named(name).await;
    }
    let all = app.get("/admin/users?limit=2", Some(&admin.token)).await;
    let body = all.assert_success();
    assert_eq!(body["count"], 2);
    let cursor = body["next_cursor"]
        .as_str()
        .expect("a next page")
        .to_owned();
    assert!(all.headers["link"].to_str().unwrap().contains("cursor="));
    let rest = app
        .get(
            &format!("/admin/users?limit=2&cursor={cursor}"),
            Some(&admin.token),
        )
        .await;
    let rest = rest.assert_success();
    assert_eq!(rest["count"], 2);
    assert!(rest["next_cursor"].is_null());
    let first_ids: Vec<i64> = body["result_list"]
        .as_array()
        .unwrap()
        .iter()
        .chain(rest["result_list"].as_array().unwrap())
        .map(|u| u["id"].as_i64().unwrap())
        .collect();
    assert!(first_ids.windows(2).all(|w| w[0] < w[1]), "{first_ids:?}");

    // Case-insensitive, and `%` / `_` are literal characters.
    let found = app.get("/admin/users?q=KIMCHI", Some(&admin.token)).await;
    assert_eq!(found.assert_success()["count"], 2);
    let literal = app.get("/admin/users?q=%25fan", Some(&admin.token)).await;
    let literal = literal.assert_success();
    assert_eq!(literal["count"], 1);
    assert_eq!(literal["result_list"][0]["username"], "kimchi%fan");
    let row = &literal["result_list"][0];
    for key in [
        "id",
        "username",
        "email",
        "role",
        "email_verified",
        "disabled",
        "created_at",
    ] {
        assert!(row.get(key).is_some(), "{key} in {row}");
    }
    app.get("/admin/users?cursor=forged", Some(&admin.token))
        .await
        .assert_error(StatusCode::BAD_REQUEST, "validation_error");
    let long = "q".repeat(101);
    app.get(&format!("/admin/users?q={long}"), Some(&admin.token))
        .await
        .assert_error(StatusCode::BAD_REQUEST, "validation_error");
}

#[apply(backends)]
#[tokio::test]
async fn admin_routes_refuse_every_credential_but_an_administrators_login(backend: Backend) {
    let app = test_app!(backend);
    let admin = new_admin(&app).await;
    let user = app.new_user().await;
    let user_pat = app
        .post(
            "/users/me/tokens",
            Some(&user.token),
            &json!({"name": "x", "scope": "write"}),
        )
        .await
        .body["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let admin_pat = app
        .post(
            "/users/me/tokens",
            Some(&admin.token),
            &json!({"name": "x", "scope": "write"}),
        )
        .await
        .body["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let recipe = app.create_published(&user, "fine").await;
    let routes = [
        (Method::GET, "/admin/users".to_owned(), None),
        (
            Method::POST,
            format!("/admin/users/{}/disable", user.id),
            Some(json!({})),
        ),
        (
            Method::POST,
            format!("/admin/users/{}/enable", user.id),
            Some(json!({})),
        ),
        (
            Method::POST,
            format!("/admin/recipes/{recipe}/hide"),
            Some(json!({"reason": "x"})),
        ),
        (
            Method::POST,
            format!("/admin/recipes/{recipe}/unhide"),
            None,
        ),
        (Method::POST, "/admin/invites".to_owned(), Some(json!({}))),
        (Method::GET, "/admin/invites".to_owned(), None),
        (Method::DELETE, "/admin/invites/1".to_owned(), None),
        (Method::GET, "/admin/reports".to_owned(), None),
        (
            Method::POST,
            "/admin/reports/1/resolve".to_owned(),
            Some(json!({})),
        ),
        (Method::GET, "/admin/audit".to_owned(), None),
    ];
    for (method, path, body) in &routes {
        let cases: [(Option<&str>, StatusCode, &str); 4] = [
            (None, StatusCode::UNAUTHORIZED, "missing_token"),
            (Some(&user.token), StatusCode::FORBIDDEN, "admin_required"),
            (Some(&user_pat), StatusCode::FORBIDDEN, "session_required"),
            (Some(&admin_pat), StatusCode::FORBIDDEN, "session_required"),
        ];
        for (token, status, code) in cases {
            let reply = app
                .request(method.clone(), path, token, body.as_ref())
                .await;
            reply.assert_error(status, code);
        }
    }
    // Nothing changed: the user is enabled, the recipe visible, no invitation exists.
    app.get("/users/me", Some(&user.token))
        .await
        .assert_success();
    app.get(&format!("/recipes/{recipe}"), None)
        .await
        .assert_success();
    let invites = app.get("/admin/invites", Some(&admin.token)).await;
    assert_eq!(invites.assert_success()["count"], 0);
}
