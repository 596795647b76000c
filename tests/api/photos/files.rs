//! The served files: caching headers, `HEAD`, ranges; and their removal once no photo uses
//! them — after a cover, a photo, a recipe or an account is deleted, never while another
//! record uses the same content, and by the sweep for what a crash left behind.

use std::time::{Duration, SystemTime};

use reqwest::{Method, StatusCode};
use rstest::rstest;
use rstest_reuse::apply;
use serde_json::json;

use super::{add_image, fetch, fetch_with, fixtures, put_cover, stored_files, stored_path, urls};
use crate::backends::{Backend, backends};
use crate::helpers::{PASSWORD, test_app};

#[apply(backends)]
#[tokio::test]
async fn files_are_served_with_long_lived_caching_ranges_and_their_own_type(backend: Backend) {
    let app = test_app!(backend);
    let user = app.new_user().await;
    let id = app.create_draft(&user, "Cached").await;
    let reply = put_cover(&app, &user, id, &fixtures::png(500, 300)).await;
    let cover = reply.assert_success()["info"]["cover"].clone();
    for variant in cover["variants"].as_array().unwrap() {
        let url = variant["url"].as_str().unwrap();
        let served = fetch(&app, url, &[]).await;
        assert_eq!(served.status, StatusCode::OK);
        let header = |name: &str| {
            served.headers[name]
                .to_str()
                .unwrap_or_else(|_| panic!("{name}"))
                .to_owned()
        };
        assert_eq!(header("content-type"), variant["type"].as_str().unwrap());
        assert_eq!(
            header("cache-control"),
            "public, max-age=31536000, immutable"
        );
        assert_eq!(header("x-content-type-options"), "nosniff");
        assert_eq!(header("accept-ranges"), "bytes");
        assert_eq!(header("content-length"), served.bytes.len().to_string());
        let etag = header("etag");
        let name = url.trim_start_matches("/media/");
        assert_eq!(etag, format!("\"{}\"", &name[..40]));
        // At least 128 bits of name.
        assert!(name.len() >= 32 + ".jpg".len());
        let picture = image::load_from_memory(&served.bytes).unwrap();
        assert_eq!(picture.width(), variant["width"].as_u64().unwrap() as u32);
        assert!(picture.width() <= 500);
        // HEAD: the same headers, no body.
        let head = fetch_with(&app, Method::HEAD, url, &[]).await;
        assert_eq!(head.status, StatusCode::OK);
        assert!(head.bytes.is_empty());
        assert_eq!(head.headers["etag"], etag.as_str());
        assert_eq!(
            head.headers["content-length"],
            served.bytes.len().to_string().as_str()
        );
        // Conditional.
        let again = fetch(&app, url, &[("if-none-match", &etag)]).await;
        assert_eq!(again.status, StatusCode::NOT_MODIFIED);
        assert!(again.bytes.is_empty());
        // Ranges.
        let part = fetch(&app, url, &[("range", "bytes=0-9")]).await;
        assert_eq!(part.status, StatusCode::PARTIAL_CONTENT);
        assert_eq!(part.bytes, served.bytes[..10]);
        let total = served.bytes.len();
        assert_eq!(
            part.headers["content-range"],
            format!("bytes 0-9/{total}").as_str()
        );
        let tail = fetch(&app, url, &[("range", "bytes=-5")]).await;
        assert_eq!(tail.bytes, served.bytes[total - 5..]);
        let outside = fetch(&app, url, &[("range", &format!("bytes={total}-"))]).await;
        assert_eq!(outside.status, StatusCode::RANGE_NOT_SATISFIABLE);
        assert_eq!(
            outside.headers["content-range"],
            format!("bytes */{total}").as_str()
        );
        let several = fetch(&app, url, &[("range", "bytes=0-1,4-5")]).await;
        assert_eq!(several.status, StatusCode::OK);
    }
    // Names that are not served.
    let real = cover["url"].as_str().unwrap();
    let hash = &real["/media/".len().."/media/".len() + 40];
    for missing in [
        format!("/media/{}.jpg", "0".repeat(40)),
        format!("/media/{hash}.original"),
        format!("/media/{hash}.png"),
        "/media/..%2F..%2Fdata%2Frecipe-api.db".to_owned(),
        "/media/".to_owned(),
    ] {
        let reply = app.get(&missing, None).await;
        reply.assert_error(StatusCode::NOT_FOUND, "not_found");
    }
    app.post("/media/x.jpg", None, &json!({}))
        .await
        .assert_error(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
}

#[apply(backends)]
#[tokio::test]
async fn files_go_when_nothing_uses_them_and_stay_while_something_does(backend: Backend) {
    let app = test_app!(backend);
    let user = app.new_user().await;
    let first = app.create_draft(&user, "First").await;
    let second = app.create_draft(&user, "Second").await;
    let png = fixtures::png(400, 250);
    // The same picture on two recipes: the same files.
    let a = put_cover(&app, &user, first, &png).await.assert_success()["info"]["cover"].clone();
    let b = put_cover(&app, &user, second, &png).await.assert_success()["info"]["cover"].clone();
    assert_eq!(urls(&a), urls(&b));
    let shared = urls(&a);
    let exists = |url: &String| stored_path(&app, url).exists();
    assert!(shared.iter().all(exists));
    // Replacing one cover keeps the files the other uses.
    let other = put_cover(&app, &user, first, &fixtures::png(300, 300)).await;
    let other = other.assert_success()["info"]["cover"].clone();
    assert!(shared.iter().all(exists));
    // Removing the last user of them removes them.
    app.delete(&format!("/recipes/{second}/cover"), Some(&user.token))
        .await
        .assert_success();
    assert!(!shared.iter().any(exists), "{shared:?}");
    for url in &shared {
        assert_eq!(fetch(&app, url, &[]).await.status, StatusCode::NOT_FOUND);
    }
    // A gallery photo and the cover share content: deleting the photo keeps the cover's files.
    let photo = add_image(&app, &user, first, &fixtures::png(300, 300)).await;
    let photo_id = photo.body["info"]["id"].as_i64().unwrap();
    assert_eq!(urls(&photo.body["info"]), urls(&other));
    app.delete(
        &format!("/recipes/{first}/images/{photo_id}"),
        Some(&user.token),
    )
    .await
    .assert_success();
    assert!(urls(&other).iter().all(exists));
    // Deleting the recipe removes its photos' files.
    let gallery = add_image(&app, &user, first, &fixtures::png(200, 120)).await;
    let gallery = urls(&gallery.body["info"]);
    app.delete(&format!("/recipes/{first}"), Some(&user.token))
        .await
        .assert_success();
    assert!(!urls(&other).iter().any(exists));
    assert!(!gallery.iter().any(exists));
    // Deleting the account removes its avatar's and recipes' files.
    let third = app.create_draft(&user, "Third").await;
    put_cover(&app, &user, third, &fixtures::png(90, 90))
        .await
        .assert_success();
    let (content_type, body) = super::form(&[super::Part::file("avatar", &fixtures::png(64, 64))]);
    app.send_raw(
        Method::PUT,
        "/users/avatar",
        Some(&user.token),
        &content_type,
        body,
    )
    .await
    .assert_success();
    assert!(!stored_files(&app).is_empty());
    app.request(
        Method::DELETE,
        "/users/me",
        Some(&user.token),
        Some(&json!({"password": PASSWORD})),
    )
    .await
    .assert_success();
    assert_eq!(stored_files(&app), Vec::<String>::new());
}

#[apply(backends)]
#[tokio::test]
async fn originals_are_kept_only_when_asked_and_never_served(backend: Backend) {
    let app = test_app!(backend, |s| s.media.keep_originals = true);
    let user = app.new_user().await;
    let id = app.create_draft(&user, "Original").await;
    let upload = fixtures::phone_jpeg(320, 200, 1);
    put_cover(&app, &user, id, &upload).await.assert_success();
    let originals: Vec<String> = stored_files(&app)
        .into_iter()
        .filter(|name| name.ends_with(".original"))
        .collect();
    assert_eq!(originals.len(), 1);
    let kept = std::fs::read(stored_path(&app, &format!("/media/{}", originals[0]))).unwrap();
    assert_eq!(kept, upload);
    app.get(&format!("/media/{}", originals[0]), None)
        .await
        .assert_error(StatusCode::NOT_FOUND, "not_found");
    app.delete(&format!("/recipes/{id}/cover"), Some(&user.token))
        .await
        .assert_success();
    assert_eq!(stored_files(&app), Vec::<String>::new());
}

#[apply(backends)]
#[tokio::test]
async fn the_sweep_at_start_removes_files_a_crash_left_behind(backend: Backend) {
    let app = test_app!(backend);
    let user = app.new_user().await;
    let id = app.create_draft(&user, "Kept").await;
    let cover = put_cover(&app, &user, id, &fixtures::png(100, 80)).await;
    let kept = urls(&cover.assert_success()["info"]["cover"]);
    // A file written by an upload that never recorded it, an hour and more ago; and one
    // written just now (an upload may be about to record it).
    let old = format!("/media/{}.webp", "ab".repeat(20));
    let fresh = format!("/media/{}.webp", "cd".repeat(20));
    for url in [&old, &fresh] {
        let path = stored_path(&app, url);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, b"left behind").unwrap();
    }
    let file = std::fs::File::options()
        .write(true)
        .open(stored_path(&app, &old))
        .unwrap();
    file.set_modified(SystemTime::now() - Duration::from_secs(7_200))
        .unwrap();
    drop(file);
    let app = app.restart().await;
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while stored_path(&app, &old).exists() && std::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        !stored_path(&app, &old).exists(),
        "the sweep removed the orphan"
    );
    assert!(
        stored_path(&app, &fresh).exists(),
        "a fresh file is left alone"
    );
    for url in &kept {
        assert!(stored_path(&app, url).exists(), "{url} is used");
        assert_eq!(fetch(&app, url, &[]).await.status, StatusCode::OK);
    }
}
