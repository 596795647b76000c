//! `GET /metrics`: what the server has served, by route template and status, and its
//! resources, in Prometheus's text format.

use reqwest::{StatusCode, header};
use rstest::rstest;
use rstest_reuse::apply;

use crate::backends::{Backend, backends};
use crate::helpers::test_app;

/// The value of the sample `line_start` (name and labels) in `text`.
fn sample(text: &str, line_start: &str) -> f64 {
    text.lines()
        .find_map(|line| line.strip_prefix(line_start)?.trim().parse().ok())
        .unwrap_or_else(|| panic!("no sample {line_start} in\n{text}"))
}

#[apply(backends)]
#[tokio::test]
async fn metrics_count_requests_by_route_and_status_and_show_resources(backend: Backend) {
    let app = test_app!(backend);
    let cook = app.new_user().await;
    let id = app.create_published(&cook, "Galbi").await;
    for _ in 0..3 {
        app.get(&format!("/recipes/{id}"), None)
            .await
            .assert_success();
    }
    app.get("/recipes/999999", None).await;
    app.get("/no/such/route", None).await;
    app.login(&cook.email, "wrong password").await;

    let response = app
        .client
        .get(format!("{}/metrics", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let content_type = response.headers()[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        content_type.starts_with("text/plain; version=0.0.4"),
        "{content_type}"
    );
    let text = response.text().await.unwrap();
    let requests = |method: &str, route: &str, status: u16| {
        sample(
            &text,
            &format!(
                r#"http_requests_total{{method="{method}",route="{route}",status="{status}"}}"#
            ),
        )
    };
    assert_eq!(requests("GET", "/recipes/{id}", 200), 3.0);
    assert_eq!(requests("GET", "/recipes/{id}", 404), 1.0);
    assert_eq!(requests("GET", "<unmatched>", 404), 1.0);
    assert_eq!(requests("POST", "/users/login", 401), 1.0);
    assert_eq!(requests("POST", "/users/register", 200), 1.0);
    let count = sample(
        &text,
        r#"http_request_duration_seconds_count{method="GET",route="/recipes/{id}"}"#,
    );
    assert_eq!(count, 4.0);
    let within_10s = sample(
        &text,
        r#"http_request_duration_seconds_bucket{method="GET",route="/recipes/{id}",le="10"}"#,
    );
    assert_eq!(within_10s, 4.0);
    let max = f64::from(app.settings.database.max_connections);
    assert_eq!(sample(&text, "db_pool_max_connections"), max);
    let open = sample(&text, r#"db_pool_connections{state="open"}"#);
    assert!((1.0..=max).contains(&open), "{open}");
    assert_eq!(sample(&text, "password_hash_running"), 0.0);
    assert_eq!(sample(&text, "password_hash_waiting"), 0.0);
    assert!(sample(&text, "process_resident_memory_bytes") > 1_000_000.0);
    // No user data: ids appear only as the `{id}` of route templates.
    assert!(!text.contains(&cook.email) && !text.contains("Galbi"));
    assert!(!text.contains(&format!("/recipes/{id}\"")));
}
