//! Photos for the browser tests: pictures of dishes drawn here (so the screenshots show food,
//! not noise), encoded as PNG or JPEG, written to files a page's `<input type=file>` can be
//! given, or sent to the API as a `multipart/form-data` upload (sample data).

use std::{
    f32::consts::PI,
    path::{Path, PathBuf},
};

use image::{ImageEncoder, Rgb, RgbImage, codecs::jpeg::JpegEncoder, codecs::png::PngEncoder};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use super::Browser;
use crate::helpers::{Reply, TestApp};

/// What a drawn picture shows.
#[derive(Debug, Clone, Copy)]
pub enum Dish {
    /// A red stew with tofu and spring onion (kimchi-jjigae).
    Stew,
    /// A tomato soup with a swirl of cream and basil.
    Soup,
    /// Rice with vegetables in wedges and an egg yolk (bibimbap).
    Bibimbap,
    /// Vegetables on a chopping board.
    Board,
    /// Pancakes with berries.
    Pancakes,
}

/// A `width` × `height` picture of `dish` on a wooden table (`seed` moves the toppings).
pub fn draw(dish: Dish, width: u32, height: u32, seed: u32) -> RgbImage {
    let (w, h) = (width as f32, height as f32);
    let (cx, cy) = (w / 2.0, h / 2.0);
    let r = w.min(h) * 0.42;
    let mut random = Lcg(seed.wrapping_mul(2_654_435_761).wrapping_add(12_345));
    let toppings: Vec<(f32, f32, f32, [u8; 3], bool)> = (0..28)
        .map(|i| {
            let angle = random.next() * 2.0 * PI;
            let distance = random.next().sqrt() * r * 0.62;
            let size = r * (0.05 + random.next() * 0.05);
            let (color, square) = match (dish, i % 3) {
                (Dish::Stew, 0) => ([245, 240, 225], true),
                (Dish::Stew, 1) => ([70, 150, 60], false),
                (Dish::Stew, _) => ([200, 60, 40], false),
                (Dish::Soup, 0) => ([60, 130, 50], false),
                (Dish::Soup, _) => ([250, 235, 215], false),
                (Dish::Pancakes, 0) => ([70, 60, 150], false),
                (Dish::Pancakes, _) => ([190, 30, 60], false),
                (Dish::Board, 0) => ([230, 120, 30], false),
                (Dish::Board, 1) => ([90, 160, 60], true),
                (Dish::Board, _) => ([200, 40, 40], false),
                (Dish::Bibimbap, _) => ([0, 0, 0], false),
            };
            (
                cx + angle.cos() * distance,
                cy + angle.sin() * distance,
                size,
                color,
                square,
            )
        })
        .collect();
    let light = |x: f32, y: f32| 1.08 - 0.25 * ((x / w) + (y / h)) / 2.0; // from the top left
    let mut picture = RgbImage::from_fn(width, height, |x, y| {
        let (x, y) = (x as f32, y as f32);
        let (dx, dy) = (x - cx, y - cy);
        let d = (dx * dx + dy * dy).sqrt();
        let light = light(x, y);
        let grain = 0.9 + 0.1 * (y * 0.045 + (x * 0.004).sin() * 6.0).sin();
        let table = shade([150, 105, 70], grain * light);
        let shadow = ((d - r) / (r * 0.12)).clamp(0.0, 1.0);
        let color = mix(shade(table, 0.6), table, 0.4 + 0.6 * shadow);
        if matches!(dish, Dish::Board) {
            if dx.abs() < r * 1.35 && dy.abs() < r * 0.95 {
                return Rgb(shade(
                    [225, 190, 140],
                    light * (0.95 + 0.05 * (x * 0.08).sin()),
                ));
            }
            return Rgb(color);
        }
        let rim = r * 0.82;
        if d < rim {
            Rgb(shade(food(dish, dx, dy, rim), light))
        } else if d < r {
            Rgb(shade(
                [240, 238, 232],
                light * (1.0 - 0.15 * (d - rim) / (r - rim)),
            ))
        } else {
            Rgb(color)
        }
    });
    if matches!(dish, Dish::Bibimbap) {
        return picture;
    }
    // Toppings, each over its own bounding box only (this runs unoptimised in the tests).
    for (tx, ty, size, topping, square) in toppings {
        let (x0, x1) = (
            (tx - size).max(0.0) as u32,
            ((tx + size) as u32).min(width - 1),
        );
        let (y0, y1) = (
            (ty - size).max(0.0) as u32,
            ((ty + size) as u32).min(height - 1),
        );
        for y in y0..=y1 {
            for x in x0..=x1 {
                let (fx, fy) = (x as f32, y as f32);
                if square || (fx - tx).hypot(fy - ty) < size {
                    picture.put_pixel(x, y, Rgb(shade(topping, light(fx, fy))));
                }
            }
        }
    }
    picture
}

/// The dish's colour at (`dx`, `dy`) from the bowl's centre, `rim` its inner radius.
fn food(dish: Dish, dx: f32, dy: f32, rim: f32) -> [u8; 3] {
    let d = dx.hypot(dy);
    match dish {
        Dish::Stew => mix([190, 50, 25], [225, 95, 40], d / rim),
        Dish::Soup => {
            let swirl = ((d / rim) * 9.0 + dy.atan2(dx) * 2.0).sin() > 0.85 && d < rim * 0.6;
            if swirl {
                [250, 240, 225]
            } else {
                mix([215, 60, 35], [235, 100, 50], d / rim)
            }
        }
        Dish::Pancakes => {
            let ring = ((d / rim) * 5.0).fract();
            mix([215, 150, 70], [180, 110, 40], ring * 0.6)
        }
        Dish::Bibimbap => {
            if d < rim * 0.2 {
                return [250, 180, 20];
            }
            if d < rim * 0.3 {
                return [252, 250, 245];
            }
            let sector = ((dy.atan2(dx) + PI) / (2.0 * PI) * 6.0) as usize % 6;
            [
                [235, 130, 40],
                [70, 140, 50],
                [120, 70, 50],
                [240, 235, 220],
                [200, 50, 60],
                [150, 190, 70],
            ][sector]
        }
        Dish::Board => [225, 190, 140],
    }
}

fn shade(color: [u8; 3], by: f32) -> [u8; 3] {
    color.map(|c| (f32::from(c) * by).clamp(0.0, 255.0) as u8)
}

fn mix(a: [u8; 3], b: [u8; 3], t: f32) -> [u8; 3] {
    let t = t.clamp(0.0, 1.0);
    [0, 1, 2].map(|i| (f32::from(a[i]) * (1.0 - t) + f32::from(b[i]) * t) as u8)
}

/// A tiny deterministic generator: the same seed draws the same picture.
struct Lcg(u32);

impl Lcg {
    fn next(&mut self) -> f32 {
        self.0 = self.0.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        (self.0 >> 8) as f32 / (1u32 << 24) as f32
    }
}

/// `picture` as a PNG file's bytes.
pub fn png(picture: &RgbImage) -> Vec<u8> {
    let mut bytes = Vec::new();
    PngEncoder::new(&mut bytes)
        .write_image(
            picture.as_raw(),
            picture.width(),
            picture.height(),
            image::ExtendedColorType::Rgb8,
        )
        .expect("PNG encoding");
    bytes
}

/// `picture` as a JPEG file's bytes.
pub fn jpeg(picture: &RgbImage) -> Vec<u8> {
    let mut bytes = Vec::new();
    JpegEncoder::new_with_quality(&mut bytes, 88)
        .write_image(
            picture.as_raw(),
            picture.width(),
            picture.height(),
            image::ExtendedColorType::Rgb8,
        )
        .expect("JPEG encoding");
    bytes
}

/// Writes `bytes` as `name` in `dir` and answers the file's path.
pub fn write_file(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    path
}

/// Sends `file` as the field `field` (with `alt` when given) of a `multipart/form-data` body to
/// `path` as `token`'s owner; e.g. `PUT /recipes/1/cover` with field `cover`.
pub async fn upload(
    app: &TestApp,
    token: &str,
    method: Method,
    path: &str,
    field: &str,
    file: &[u8],
    alt: Option<&str>,
) -> Reply {
    let boundary = format!("recipe-api-test-{}", uuid::Uuid::new_v4().simple());
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"photo\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(file);
    if let Some(alt) = alt {
        body.extend_from_slice(
            format!(
                "\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"alt\"\r\n\r\n{alt}"
            )
            .as_bytes(),
        );
    }
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let content_type = format!("multipart/form-data; boundary={boundary}");
    app.send_raw(method, path, Some(token), &content_type, body)
        .await
}

/// A JPEG of `dish` the size of a phone's photo scaled for the web (sample data). Drawn before
/// a run of requests, so the test's pooled connection is not left idle meanwhile.
pub fn sample(dish: Dish, seed: u32) -> Vec<u8> {
    jpeg(&draw(dish, 960, 640, seed))
}

/// Gives recipe `id` the cover `picture` (sample data); answers the recipe.
pub async fn give_cover(app: &TestApp, token: &str, id: i64, picture: &[u8], alt: &str) -> Value {
    let path = format!("/recipes/{id}/cover");
    let reply = upload(app, token, Method::PUT, &path, "cover", picture, Some(alt)).await;
    reply.assert_success()["info"].clone()
}

/// Adds `picture` to recipe `id`'s gallery (sample data); answers the photo.
pub async fn add_to_gallery(
    app: &TestApp,
    token: &str,
    id: i64,
    picture: &[u8],
    alt: &str,
) -> Value {
    let path = format!("/recipes/{id}/images");
    let reply = upload(app, token, Method::POST, &path, "image", picture, Some(alt)).await;
    assert_eq!(reply.status, StatusCode::CREATED, "body: {}", reply.body);
    reply.body["info"].clone()
}

impl Browser {
    /// Gives the file input matching `css` (waiting for it; it may be visually hidden) the
    /// files at `paths`, as a person choosing them in the file dialog.
    pub async fn choose_files(&self, css: &str, paths: &[&Path]) {
        let input = self.wait_in_page(css).await;
        let list: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        if let Err(e) = input.send_keys(&list.join("\n")).await {
            panic!(
                "{}",
                self.report(&format!("choosing files for {css:?}: {e}"))
                    .await
            );
        }
    }

    /// Drops a file named `name` holding `bytes` on the element matching `css`, as a person
    /// dragging it there from their desktop (the browser's own drag-and-drop events).
    pub async fn drop_file(&self, css: &str, name: &str, bytes: &[u8]) {
        self.wait_for(css).await;
        let script = "
            const [css, name, bytes] = arguments;
            const target = document.querySelector(css);
            const data = new DataTransfer();
            data.items.add(new File([new Uint8Array(bytes)], name, {type: 'image/jpeg'}));
            for (const type of ['dragenter', 'dragover', 'drop']) {
                target.dispatchEvent(new DragEvent(type, {dataTransfer: data, bubbles: true, cancelable: true}));
            }";
        self.eval(script, &[json!(css), json!(name), json!(bytes)])
            .await;
    }
}
