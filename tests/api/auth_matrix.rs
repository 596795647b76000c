//! Every protected route × every kind of bad credential, and another user's token.

use rstest::rstest;
use rstest_reuse::apply;

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use reqwest::{Method, StatusCode, header};
use serde_json::{Value, json};

use recipe_api::config::{AdminCommand, DisableArgs};

use crate::backends::{Backend, backends};
use crate::helpers::{JWT_SECRET, TestApp, claims, sign, test_app};

/// Every route that needs a token, with a body where it takes one.
fn protected_routes(id: i64) -> Vec<(Method, String, Option<Value>)> {
    let recipe = format!("/recipes/{id}");
    let publish = format!("/recipes/{id}/publish");
    vec![
        (Method::POST, "/users/logout".into(), None),
        (Method::POST, "/recipes".into(), Some(json!({"name": "x"}))),
        (Method::GET, "/recipes/me".into(), None),
        (Method::PUT, recipe.clone(), Some(json!({"name": "x"}))),
        (Method::PATCH, recipe.clone(), Some(json!({"name": "x"}))),
        (Method::DELETE, recipe, None),
        (Method::PUT, publish.clone(), None),
        (Method::DELETE, publish, None),
        (Method::GET, "/users/me/tokens".into(), None),
        (
            Method::POST,
            "/users/me/tokens".into(),
            Some(json!({"name": "x", "scope": "read"})),
        ),
        (Method::DELETE, "/users/me/tokens/1".into(), None),
        (Method::GET, "/users/me".into(), None),
        (
            Method::PATCH,
            "/users/me".into(),
            Some(json!({"username": "x"})),
        ),
        (
            Method::DELETE,
            "/users/me".into(),
            Some(json!({"password": "x"})),
        ),
        (
            Method::POST,
            "/users/me/password".into(),
            Some(json!({"current_password": "x", "new_password": "y"})),
        ),
        (Method::GET, "/users/me/sessions".into(), None),
        (Method::POST, "/users/me/verification".into(), None),
        (Method::DELETE, "/users/me/sessions/1".into(), None),
        (Method::PUT, format!("/recipes/{id}/cover"), None),
        (Method::DELETE, format!("/recipes/{id}/cover"), None),
        (Method::POST, format!("/recipes/{id}/images"), None),
        (
            Method::PATCH,
            format!("/recipes/{id}/images/1"),
            Some(json!({"alt": "x"})),
        ),
        (Method::DELETE, format!("/recipes/{id}/images/1"), None),
        (
            Method::PUT,
            format!("/recipes/{id}/images/order"),
            Some(json!({"order": [1]})),
        ),
        (Method::PUT, "/users/avatar".into(), None),
        (Method::DELETE, "/users/avatar".into(), None),
        (
            Method::POST,
            "/recipes/import".into(),
            Some(json!({"jsonld": {"@type": "Recipe", "name": "x"}})),
        ),
        (Method::GET, "/users/me/export".into(), None),
        (Method::POST, "/users/me/import".into(), None),
        (Method::PUT, format!("/recipes/{id}/favorite"), None),
        (Method::DELETE, format!("/recipes/{id}/favorite"), None),
        (Method::GET, "/users/me/favorites".into(), None),
        (
            Method::PUT,
            format!("/recipes/{id}/rating"),
            Some(json!({"stars": 4})),
        ),
        (Method::DELETE, format!("/recipes/{id}/rating"), None),
        (
            Method::POST,
            format!("/recipes/{id}/comments"),
            Some(json!({"body": "x"})),
        ),
        (
            Method::PATCH,
            "/comments/1".into(),
            Some(json!({"body": "x"})),
        ),
        (Method::DELETE, "/comments/1".into(), None),
        (Method::PUT, "/users/1/follow".into(), None),
        (Method::DELETE, "/users/1/follow".into(), None),
        (Method::GET, "/users/me/feed".into(), None),
        (
            Method::POST,
            "/collections".into(),
            Some(json!({"name": "x"})),
        ),
        (
            Method::PATCH,
            "/collections/1".into(),
            Some(json!({"name": "x"})),
        ),
        (Method::DELETE, "/collections/1".into(), None),
        (Method::PUT, format!("/collections/1/recipes/{id}"), None),
        (Method::DELETE, format!("/collections/1/recipes/{id}"), None),
        (Method::GET, "/users/me/collections".into(), None),
        (
            Method::POST,
            format!("/recipes/{id}/report"),
            Some(json!({"reason": "spam"})),
        ),
        (
            Method::POST,
            "/users/1/report".into(),
            Some(json!({"reason": "spam"})),
        ),
        (
            Method::POST,
            "/comments/1/report".into(),
            Some(json!({"reason": "spam"})),
        ),
        (Method::GET, "/admin/users".into(), None),
        (Method::POST, "/admin/users/1/disable".into(), None),
        (Method::POST, "/admin/users/1/enable".into(), None),
        (
            Method::POST,
            format!("/admin/recipes/{id}/hide"),
            Some(json!({"reason": "x"})),
        ),
        (Method::POST, format!("/admin/recipes/{id}/unhide"), None),
        (Method::POST, "/admin/invites".into(), None),
        (Method::GET, "/admin/invites".into(), None),
        (Method::DELETE, "/admin/invites/1".into(), None),
        (Method::GET, "/admin/reports".into(), None),
        (Method::POST, "/admin/reports/1/resolve".into(), None),
        (Method::GET, "/admin/audit".into(), None),
    ]
}

/// Routes where any signed-in user may act on someone else's published recipe (voting,
/// commenting and reporting), so only drafts are refused.
fn is_community(path: &str) -> bool {
    ["/favorite", "/rating", "/comments"]
        .iter()
        .any(|end| path.ends_with(end))
        || (path.starts_with("/recipes/") && path.ends_with("/report"))
}

/// (label, Authorization header value or None, expected code).
async fn bad_credentials(
    app: &TestApp,
    user_id: i64,
) -> Vec<(&'static str, Option<String>, &'static str)> {
    let now = chrono::Utc::now().timestamp();
    let alg_none = format!(
        "{}.{}.",
        URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#),
        URL_SAFE_NO_PAD.encode(claims(user_id, 600).to_string())
    );
    let hs512 = jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS512),
        &claims(user_id, 600),
        &jsonwebtoken::EncodingKey::from_secret(JWT_SECRET.as_bytes()),
    )
    .unwrap();
    let revoked = {
        let email = format!("revoked-{}@example.com", uuid::Uuid::new_v4().simple());
        let token = app
            .register("r", &email, crate::helpers::PASSWORD)
            .await
            .body["access_token"]
            .as_str()
            .unwrap()
            .to_owned();
        app.post("/users/logout", Some(&token), &json!({}))
            .await
            .assert_success();
        token
    };
    let wrong_type = sign(
        &json!({"sub": user_id.to_string(), "iat": now, "exp": now + 600, "jti": "x", "type": "refresh"}),
        JWT_SECRET.as_bytes(),
    );
    let ghost_user = sign(&claims(987_654, 600), JWT_SECRET.as_bytes());
    let disabled = {
        let email = format!("disabled-{}@example.com", uuid::Uuid::new_v4().simple());
        let token = app
            .register("d", &email, crate::helpers::PASSWORD)
            .await
            .body["access_token"]
            .as_str()
            .unwrap()
            .to_owned();
        crate::admin::run_admin(
            app,
            |account| {
                AdminCommand::Disable(DisableArgs {
                    account,
                    reason: None,
                })
            },
            &email,
        )
        .await;
        token
    };
    vec![
        ("no header", None, "missing_token"),
        ("garbage", Some("Bearer garbage".into()), "invalid_token"),
        (
            "wrong scheme",
            Some("Basic dXNlcjpwYXNz".into()),
            "invalid_token",
        ),
        ("empty bearer", Some("Bearer ".into()), "invalid_token"),
        (
            "expired",
            Some(format!(
                "Bearer {}",
                sign(&claims(user_id, -3600), JWT_SECRET.as_bytes())
            )),
            "token_expired",
        ),
        (
            "wrong signature",
            Some(format!(
                "Bearer {}",
                sign(&claims(user_id, 600), b"some-other-key-some-other-key-1234")
            )),
            "invalid_token",
        ),
        (
            "alg none",
            Some(format!("Bearer {alg_none}")),
            "invalid_token",
        ),
        ("hs512", Some(format!("Bearer {hs512}")), "invalid_token"),
        (
            "wrong type",
            Some(format!("Bearer {wrong_type}")),
            "invalid_token",
        ),
        (
            "deleted user",
            Some(format!("Bearer {ghost_user}")),
            "invalid_token",
        ),
        (
            "revoked",
            Some(format!("Bearer {revoked}")),
            "token_revoked",
        ),
        (
            "disabled account",
            Some(format!("Bearer {disabled}")),
            "account_disabled",
        ),
    ]
}

#[apply(backends)]
#[tokio::test]
async fn every_protected_route_refuses_every_bad_credential_with_401(backend: Backend) {
    let app = test_app!(backend);
    let owner = app.new_user().await;
    let id = app.create_published(&owner, "guarded").await;
    let credentials = bad_credentials(&app, owner.id).await;
    for (method, path, body) in protected_routes(id) {
        for (label, auth, code) in &credentials {
            let mut request = app
                .client
                .request(method.clone(), format!("{}{}", app.address, path));
            if let Some(auth) = auth {
                request = request.header(header::AUTHORIZATION, auth);
            }
            if let Some(body) = &body {
                request = request.json(body);
            }
            let response = request.send().await.unwrap();
            assert_eq!(
                response.status(),
                StatusCode::UNAUTHORIZED,
                "{method} {path} with {label}"
            );
            assert_eq!(
                response.headers()[header::WWW_AUTHENTICATE],
                "Bearer",
                "{method} {path} with {label}"
            );
            let body: Value = response.json().await.unwrap();
            assert_eq!(body["code"], *code, "{method} {path} with {label}: {body}");
        }
    }
    // Nothing changed.
    let reply = app.get(&format!("/recipes/{id}"), None).await;
    assert_eq!(reply.assert_success()["info"]["name"], "guarded");
}

#[apply(backends)]
#[tokio::test]
async fn a_present_but_invalid_token_is_refused_on_public_reads_too(backend: Backend) {
    let app = test_app!(backend);
    let owner = app.new_user().await;
    let id = app.create_published(&owner, "public").await;
    app.get(&format!("/recipes/{id}"), Some("garbage"))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "invalid_token");
    app.get(&format!("/recipes/{id}"), None)
        .await
        .assert_success();
}

#[apply(backends)]
#[tokio::test]
async fn ingredient_routes_need_no_credential_but_refuse_a_bad_one_and_hide_drafts(
    backend: Backend,
) {
    let app = test_app!(backend);
    let owner = app.new_user().await;
    let intruder = app.new_user().await;
    let lines = json!({"lines": ["두부 1모"]});
    app.post("/ingredients/parse", None, &lines)
        .await
        .assert_success();
    app.post("/ingredients/parse", Some(&intruder.token), &lines)
        .await
        .assert_success();
    app.post("/ingredients/parse", Some("garbage"), &lines)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "invalid_token");
    let draft = app
        .create_recipe(
            &owner,
            &json!({"name": "draft", "num_of_servings": 2, "ingredients": ["두부 1모"]}),
        )
        .await["id"]
        .as_i64()
        .unwrap();
    let scaled = format!("/recipes/{draft}?servings=4&units=metric");
    for token in [None, Some(intruder.token.as_str())] {
        app.get(&scaled, token)
            .await
            .assert_error(StatusCode::NOT_FOUND, "not_found");
        assert!(
            crate::search::listed(&app, "/recipes?ingredient=두부", token)
                .await
                .is_empty()
        );
        if let Some(token) = token {
            assert!(
                crate::search::listed(&app, "/recipes/me?ingredient=두부", Some(token))
                    .await
                    .is_empty()
            );
        }
    }
    app.get("/recipes/me?ingredient=두부", None)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "missing_token");
    let own = app.get(&scaled, Some(&owner.token)).await;
    assert_eq!(own.assert_success()["info"]["num_of_servings"], 4);
}

#[apply(backends)]
#[tokio::test]
async fn another_users_token_gets_403_on_published_and_404_on_drafts(backend: Backend) {
    let app = test_app!(backend);
    let owner = app.new_user().await;
    let intruder = app.new_user().await;
    let published = app.create_published(&owner, "published").await;
    let draft = app.create_draft(&owner, "draft").await;
    for (id, status, code) in [
        (published, StatusCode::FORBIDDEN, "forbidden"),
        (draft, StatusCode::NOT_FOUND, "not_found"),
    ] {
        for (method, path, body) in protected_routes(id)
            .into_iter()
            .filter(|(_, p, _)| p.starts_with(&format!("/recipes/{id}")) && !is_community(p))
        {
            let reply = app
                .request(method.clone(), &path, Some(&intruder.token), body.as_ref())
                .await;
            reply.assert_error(status, code);
            let _ = &method;
        }
    }
    // Both recipes are untouched.
    let reply = app.get(&format!("/recipes/{published}"), None).await;
    assert_eq!(reply.assert_success()["info"]["name"], "published");
    let reply = app
        .get(&format!("/recipes/{draft}"), Some(&owner.token))
        .await;
    assert_eq!(reply.assert_success()["info"]["is_publish"], 0);
}

#[apply(backends)]
#[tokio::test]
async fn another_user_reaches_nothing_of_a_draft_through_the_community_routes(backend: Backend) {
    let app = test_app!(backend);
    let owner = app.new_user().await;
    let intruder = app.new_user().await;
    let draft = app.create_draft(&owner, "draft").await;
    let comment = app
        .post(
            &format!("/recipes/{draft}/comments"),
            Some(&owner.token),
            &json!({"body": "note"}),
        )
        .await;
    assert_eq!(comment.status, StatusCode::CREATED, "{}", comment.body);
    let comment = comment.body["info"]["id"].as_i64().unwrap();
    let mut routes: Vec<(Method, String, Option<Value>)> = protected_routes(draft)
        .into_iter()
        .filter(|(_, p, _)| is_community(p))
        .collect();
    routes.push((
        Method::PATCH,
        format!("/comments/{comment}"),
        Some(json!({"body": "x"})),
    ));
    routes.push((Method::DELETE, format!("/comments/{comment}"), None));
    routes.push((Method::GET, format!("/recipes/{draft}/comments"), None));
    for (method, path, body) in routes {
        for token in [Some(intruder.token.as_str()), None] {
            if token.is_none() && method != Method::GET {
                continue;
            }
            let reply = app
                .request(method.clone(), &path, token, body.as_ref())
                .await;
            reply.assert_error(StatusCode::NOT_FOUND, "not_found");
        }
    }
    // The owner's own draft: theirs to read and write.
    app.get(&format!("/recipes/{draft}/comments"), Some(&owner.token))
        .await
        .assert_success();
    let seen = app
        .get(&format!("/recipes/{draft}"), Some(&owner.token))
        .await;
    assert_eq!(seen.assert_success()["info"]["comment_count"], 1);
}

#[apply(backends)]
#[tokio::test]
async fn a_token_of_a_user_removed_from_the_database_is_refused(backend: Backend) {
    let app = test_app!(backend);
    let user = app.new_user().await;
    app.get("/recipes/me", Some(&user.token))
        .await
        .assert_success();
    let db = sea_orm::Database::connect(&app.settings.database.url)
        .await
        .unwrap();
    let deleted =
        <recipe_api::store::entities::user::Entity as sea_orm::EntityTrait>::delete_by_id(user.id)
            .exec(&db)
            .await
            .unwrap();
    assert_eq!(deleted.rows_affected, 1);
    db.close().await.unwrap();
    app.get("/recipes/me", Some(&user.token))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "invalid_token");
}
