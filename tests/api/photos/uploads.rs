//! What uploads are accepted and what becomes of them: content sniffing, size and pixel
//! limits, corrupt files, orientation, metadata, variants, and the gallery's routes.

use std::time::{Duration, Instant};

use image::ImageFormat;
use reqwest::{Method, StatusCode};
use rstest::rstest;
use rstest_reuse::apply;
use serde_json::json;

use super::{Part, add_image, fetch, fixtures, put_cover, send_form, urls};
use crate::backends::{Backend, backends};
use crate::helpers::test_app;

#[apply(backends)]
#[tokio::test]
async fn a_phone_photo_comes_out_upright_in_bounded_variants_without_its_metadata(
    backend: Backend,
) {
    let app = test_app!(backend);
    let user = app.new_user().await;
    let id = app.create_draft(&user, "비빔밥").await;
    // Landscape pixels that the camera says to turn 90° clockwise (EXIF orientation 6).
    let upload = fixtures::phone_jpeg(1200, 900, 6);
    let reply = put_cover(&app, &user, id, &upload).await;
    let recipe = &reply.assert_success()["info"];
    let cover = &recipe["cover"];
    assert_eq!(
        (cover["width"].as_u64(), cover["height"].as_u64()),
        (Some(900), Some(1200))
    );
    assert_eq!(recipe["cover_url"], cover["url"]);
    assert!(
        cover["blurhash"].as_str().is_some_and(|h| h.len() >= 6),
        "{cover}"
    );
    assert_eq!(cover["alt"], json!(null));
    let sizes: Vec<(u64, u64, &str)> = cover["variants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["width"].as_u64().unwrap(),
                v["height"].as_u64().unwrap(),
                v["type"].as_str().unwrap(),
            )
        })
        .collect();
    // Never wider than the (turned) upload: 320 and 800, then its own 900.
    assert_eq!(
        sizes,
        [
            (320, 427, "image/webp"),
            (800, 1067, "image/webp"),
            (900, 1200, "image/webp"),
            (900, 1200, "image/jpeg")
        ]
    );
    for url in urls(cover) {
        let served = fetch(&app, &url, &[]).await;
        assert_eq!(served.status, StatusCode::OK, "{url}");
        let bytes = &served.bytes;
        for secret in [fixtures::CAMERA.as_bytes(), b"Exif", b"MM\0\x2A"] {
            assert!(
                !bytes.windows(secret.len()).any(|w| w == secret),
                "{url} carries metadata"
            );
        }
        let picture = image::load_from_memory(bytes).expect("a served variant decodes");
        // Turned clockwise: the left (red) half is now on top.
        let (w, h) = (picture.width(), picture.height());
        assert!(h > w, "{url} is {w}×{h}");
        let top = picture.to_rgb8().get_pixel(w / 2, h / 4).0;
        let bottom = picture.to_rgb8().get_pixel(w / 2, h * 3 / 4).0;
        assert!(top[0] > 150 && top[2] < 100, "{url}: top is {top:?}");
        assert!(
            bottom[2] > 150 && bottom[0] < 100,
            "{url}: bottom is {bottom:?}"
        );
    }
    // The original's own pixels are never served and not kept by default.
    assert!(
        super::stored_files(&app)
            .iter()
            .all(|name| !name.ends_with(".original"))
    );
}

#[apply(backends)]
#[tokio::test]
async fn only_real_images_are_accepted_whatever_their_name_and_type(backend: Backend) {
    let app = test_app!(backend);
    let user = app.new_user().await;
    let id = app.create_draft(&user, "Text").await;
    let text = b"this is not a photo, whatever its name says\n".repeat(10);
    let reply = put_cover(&app, &user, id, &text).await;
    let body = reply.assert_error(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_image_type");
    assert!(
        body["error"]
            .as_str()
            .unwrap()
            .contains("JPEG, PNG, WebP or GIF")
    );
    let mut avif = b"\0\0\0\x1cftypavif\0\0\0\0mif1avif".to_vec();
    avif.extend_from_slice(&[0; 64]);
    let reply = put_cover(&app, &user, id, &avif).await;
    let body = reply.assert_error(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_image_type");
    assert!(body["error"].as_str().unwrap().contains("AVIF"), "{body}");
    // Every accepted type, whatever the part claims to be.
    let picture = fixtures::halves(64, 48);
    for format in [
        ImageFormat::Png,
        ImageFormat::Jpeg,
        ImageFormat::WebP,
        ImageFormat::Gif,
    ] {
        let bytes = fixtures::encoded(&picture, format);
        let reply = put_cover(&app, &user, id, &bytes).await;
        let cover = &reply.assert_success()["info"]["cover"];
        assert_eq!(cover["width"], 64, "{format:?}");
        assert_eq!(cover["height"], 48, "{format:?}");
    }
    // Not a form at all.
    app.put(
        &format!("/recipes/{id}/cover"),
        Some(&user.token),
        &json!({"cover": "x"}),
    )
    .await
    .assert_error(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type");
    // An empty file is no image.
    put_cover(&app, &user, id, b"")
        .await
        .assert_error(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_image_type");
    // A form without the file, the file twice.
    let path = format!("/recipes/{id}/cover");
    let png = fixtures::png(8, 8);
    for parts in [
        vec![Part::text("alt", "no file")],
        vec![Part::file("photo", &png)],
        vec![Part::file("cover", &png), Part::file("cover", &png)],
    ] {
        let reply = send_form(&app, Method::PUT, &path, Some(&user.token), &parts).await;
        let body = reply.assert_error(StatusCode::BAD_REQUEST, "validation_error");
        assert!(body["fields"]["cover"].is_string(), "{body}");
    }
    // A broken form.
    app.send_raw(
        Method::PUT,
        &path,
        Some(&user.token),
        "multipart/form-data; boundary=nope",
        b"--nope\r\nContent-Disposition: form-data; name=\"cover\"\r\n\r\nabc".to_vec(),
    )
    .await
    .assert_error(StatusCode::BAD_REQUEST, "invalid_body");
}

#[apply(backends)]
#[tokio::test]
async fn pixel_bombs_are_refused_from_their_header_and_corrupt_files_answer_422(backend: Backend) {
    let app = test_app!(backend);
    let user = app.new_user().await;
    let id = app.create_draft(&user, "Bomb").await;
    for bomb in [
        fixtures::png_claiming(100_000, 100_000),
        fixtures::png_claiming(10_000, 10_000),
        fixtures::jpeg_claiming(60_000, 60_000),
    ] {
        let started = Instant::now();
        let reply = put_cover(&app, &user, id, &bomb).await;
        reply.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "image_too_large");
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "{:?}",
            started.elapsed()
        );
    }
    let png = fixtures::png(300, 200);
    let jpeg = fixtures::encoded(&fixtures::halves(300, 200), ImageFormat::Jpeg);
    for truncated in [&png[..png.len() / 2], &jpeg[..jpeg.len() / 3], &png[..40]] {
        put_cover(&app, &user, id, truncated)
            .await
            .assert_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid_image");
    }
    let mut garbage = png.clone();
    for byte in garbage.iter_mut().skip(60) {
        *byte ^= 0x5A;
    }
    put_cover(&app, &user, id, &garbage)
        .await
        .assert_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid_image");
    // The recipe has no cover after all that, and the server still works.
    let recipe = app.get(&format!("/recipes/{id}"), Some(&user.token)).await;
    assert_eq!(recipe.assert_success()["info"]["cover"], json!(null));
    put_cover(&app, &user, id, &png).await.assert_success();
}

#[apply(backends)]
#[tokio::test]
async fn uploads_over_the_byte_limit_answer_413(backend: Backend) {
    let app = test_app!(backend, |s| s.media.max_bytes = 20_000);
    let user = app.new_user().await;
    let id = app.create_draft(&user, "Big").await;
    let big = fixtures::noisy_png(200, 200);
    assert!(big.len() > 20_000);
    let reply = put_cover(&app, &user, id, &big).await;
    let body = reply.assert_error(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");
    assert!(body["error"].as_str().unwrap().contains("20000"), "{body}");
    let small = fixtures::png(40, 40);
    put_cover(&app, &user, id, &small).await.assert_success();
    // Other fields are bounded too.
    let long = "x".repeat(100_000);
    let reply = send_form(
        &app,
        Method::PUT,
        &format!("/recipes/{id}/cover"),
        Some(&user.token),
        &[Part::text("note", &long), Part::file("cover", &small)],
    )
    .await;
    reply.assert_error(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");
}

#[apply(backends)]
#[tokio::test]
async fn a_gallery_is_added_to_captioned_reordered_and_trimmed_up_to_twenty(backend: Backend) {
    let app = test_app!(backend);
    let user = app.new_user().await;
    let id = app.create_draft(&user, "Gallery").await;
    let mut ids = Vec::new();
    for n in 0..3u32 {
        let reply = send_form(
            &app,
            Method::POST,
            &format!("/recipes/{id}/images"),
            Some(&user.token),
            &[
                Part::file("image", &fixtures::png(40 + n, 30)),
                Part::text("alt", &format!(" photo {n} ")),
                Part::text("unknown", "ignored"),
            ],
        )
        .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
        let photo = &reply.body["info"];
        assert_eq!(photo["alt"], format!("photo {n}"));
        assert_eq!(photo["width"], 40 + n);
        ids.push(photo["id"].as_i64().unwrap());
    }
    let gallery = |body: &serde_json::Value| -> Vec<i64> {
        body["info"]["images"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["id"].as_i64().unwrap())
            .collect()
    };
    let recipe = app.get(&format!("/recipes/{id}"), Some(&user.token)).await;
    assert_eq!(gallery(recipe.assert_success()), ids);
    let version = recipe.headers["etag"].clone();
    // Reorder: every photo once.
    let order = json!({"order": [ids[2], ids[0], ids[1]]});
    let reply = app
        .put(
            &format!("/recipes/{id}/images/order"),
            Some(&user.token),
            &order,
        )
        .await;
    assert_eq!(gallery(reply.assert_success()), [ids[2], ids[0], ids[1]]);
    assert_ne!(
        reply.headers["etag"], version,
        "a photo change is a new version"
    );
    for changed in [
        json!({"order": [ids[0], ids[1]]}),
        json!({"order": [ids[0], ids[1], 999_999]}),
        json!({"order": []}),
    ] {
        app.put(
            &format!("/recipes/{id}/images/order"),
            Some(&user.token),
            &changed,
        )
        .await
        .assert_error(StatusCode::CONFLICT, "gallery_changed");
    }
    for bad in [
        json!({"order": [ids[0], ids[1], ids[2], ids[2]]}),
        json!({"order": [-1]}),
        json!({"order": "1,2,3"}),
        json!({}),
    ] {
        app.put(
            &format!("/recipes/{id}/images/order"),
            Some(&user.token),
            &bad,
        )
        .await
        .assert_error(StatusCode::BAD_REQUEST, "validation_error");
    }
    // Caption, uncaption.
    let path = format!("/recipes/{id}/images/{}", ids[1]);
    let reply = app
        .patch(
            &path,
            Some(&user.token),
            &json!({"alt": "김치찌개 한 그릇"}),
        )
        .await;
    assert_eq!(reply.assert_success()["info"]["alt"], "김치찌개 한 그릇");
    let reply = app
        .patch(&path, Some(&user.token), &json!({"alt": null}))
        .await;
    assert_eq!(reply.assert_success()["info"]["alt"], json!(null));
    app.patch(&path, Some(&user.token), &json!({"alt": "a\nb"}))
        .await
        .assert_error(StatusCode::BAD_REQUEST, "validation_error");
    app.patch(&path, Some(&user.token), &json!({"alt": "x".repeat(501)}))
        .await
        .assert_error(StatusCode::BAD_REQUEST, "validation_error");
    // Delete one; a photo of another recipe is not found through this one.
    let reply = app.delete(&path, Some(&user.token)).await;
    assert_eq!(gallery(reply.assert_success()), [ids[2], ids[0]]);
    app.delete(&path, Some(&user.token))
        .await
        .assert_error(StatusCode::NOT_FOUND, "not_found");
    let other = app.create_draft(&user, "Other").await;
    app.delete(
        &format!("/recipes/{other}/images/{}", ids[0]),
        Some(&user.token),
    )
    .await
    .assert_error(StatusCode::NOT_FOUND, "not_found");
    app.delete(&format!("/recipes/{id}/images/abc"), Some(&user.token))
        .await
        .assert_error(StatusCode::BAD_REQUEST, "invalid_id");
    // Up to twenty.
    let png = fixtures::png(12, 12);
    for _ in 2..20 {
        assert_eq!(
            add_image(&app, &user, id, &png).await.status,
            StatusCode::CREATED
        );
    }
    add_image(&app, &user, id, &png)
        .await
        .assert_error(StatusCode::CONFLICT, "gallery_full");
    let recipe = app.get(&format!("/recipes/{id}"), Some(&user.token)).await;
    assert_eq!(
        recipe.assert_success()["info"]["images"]
            .as_array()
            .unwrap()
            .len(),
        20
    );
}

#[apply(backends)]
#[tokio::test]
async fn avatars_are_square_and_shown_on_the_account_and_the_profile(backend: Backend) {
    let app = test_app!(backend);
    let user = app.new_user().await;
    let me = app.get("/users/me", Some(&user.token)).await;
    assert_eq!(me.assert_success()["user"]["avatar_url"], json!(null));
    let reply = send_form(
        &app,
        Method::PUT,
        "/users/avatar",
        Some(&user.token),
        &[Part::file("avatar", &fixtures::png(700, 300))],
    )
    .await;
    let url = reply.assert_success()["user"]["avatar_url"]
        .as_str()
        .expect("avatar_url")
        .to_owned();
    let served = fetch(&app, &url, &[]).await;
    let picture = image::load_from_memory(&served.bytes).unwrap();
    assert_eq!((picture.width(), picture.height()), (300, 300));
    let profile = app.get(&format!("/users/{}", user.id), None).await;
    assert_eq!(profile.assert_success()["user"]["avatar_url"], url.as_str());
    let reply = app.delete("/users/avatar", Some(&user.token)).await;
    assert_eq!(reply.assert_success()["user"]["avatar_url"], json!(null));
    assert_eq!(fetch(&app, &url, &[]).await.status, StatusCode::NOT_FOUND);
    app.delete("/users/avatar", None)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "missing_token");
}
