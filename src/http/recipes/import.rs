//! `POST /recipes/import`: a recipe from a web page — fetched from `url` under the strict fetch
//! policy (`outbound`), or pasted as `html` — or from a schema.org JSON-LD document (`jsonld`).
//! The recipe is saved as a **draft** of the caller (201), or only shown with `?dry_run=true`
//! (200, nothing saved). Both carry `warnings`: what could not be read, what was clamped.
//!
//! The page's URL is kept as the recipe's `source_url`. Importing a URL the caller already
//! imported saves nothing: the answer is 200 with their existing recipe and
//! `already_imported: true` (so a client retrying a lost answer gets its recipe, not a copy).
//! The recipe's first image that can be fetched becomes its cover, processed like an upload;
//! an image that cannot be fetched or read is a warning, never a failed import. Imports count
//! against `IMPORTS_PER_HOUR` per account.

use axum::{
    Json,
    extract::{Request, State},
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::http::layers::within_limit;
use crate::http::{
    contract::responses::ImportRefusals,
    extract::{DryRun, json_within},
    upload,
    views::{Outcome, RecipeView, SUCCESS},
};
use crate::{
    auth::AuthUser,
    error::ApiError,
    media::Purpose,
    recipe_import::{self, Imported},
    state::AppState,
    store::{RecipeOrigin, ViewerMarks},
};

use super::conditional;

/// Media types of a page to import.
const PAGE_TYPES: [&str; 4] = [
    "text/html",
    "application/xhtml+xml",
    "application/ld+json",
    "application/json",
];

/// Images tried, in the recipe's order, before the import goes on without a cover.
const IMAGE_TRIES: usize = 3;

/// The route (its body limit is the fetch limit, read by the handler).
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(import_recipe))
        .layer(axum::extract::DefaultBodyLimit::disable())
}

/// What to import: exactly one of `url`, `html` (optionally with the `url` it came from) or
/// `jsonld`. Unknown keys are ignored.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ImportInput {
    /// An http(s) page to fetch (or, with `html`, the address the page came from).
    #[schema(example = "https://recipes.example/kimchi-stew", max_length = 2048)]
    pub url: Option<String>,
    /// A pasted web page (at most `IMPORT_MAX_BYTES`).
    pub html: Option<String>,
    /// A schema.org JSON-LD document holding a `Recipe` (an object or an array).
    #[schema(value_type = Object)]
    pub jsonld: Option<serde_json::Value>,
}

/// A recipe as read from a page, before it is saved.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = ImportedRecipe)]
pub struct ImportedView {
    pub name: String,
    pub description: Option<String>,
    #[schema(minimum = 1, maximum = 1000)]
    pub num_of_servings: Option<i32>,
    /// Minutes.
    #[schema(minimum = 0, maximum = 10080)]
    pub cook_time: Option<i32>,
    pub directions: Option<String>,
    pub ingredients: Vec<String>,
    pub tags: Vec<String>,
    /// The page it would be imported from.
    pub source_url: Option<String>,
    /// The images found, in order (the first that can be fetched would be the cover).
    pub image_urls: Vec<String>,
}

/// `{"result": "success", "info": recipe, "warnings": [...]}` of a dry run.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportPreview {
    pub result: Outcome,
    pub info: ImportedView,
    /// What could not be read, or was changed to fit the limits.
    pub warnings: Vec<String>,
}

/// `{"result": "success", "info": recipe, "warnings": [...], "already_imported": false}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportEnvelope {
    pub result: Outcome,
    /// The new draft (or, when `already_imported`, the recipe imported before).
    pub info: RecipeView,
    /// What could not be read, or was changed to fit the limits (and images not fetched).
    pub warnings: Vec<String>,
    /// True when you had imported this URL before: nothing new was saved.
    pub already_imported: bool,
}

/// Import a recipe from a web page or a JSON-LD document.
///
/// Send exactly one of `{"url": …}` (a page to fetch), `{"html": …, "url"?: …}` (a pasted page;
/// `url` resolves its relative links and becomes `source_url`) or `{"jsonld": …}`. The page's
/// schema.org `Recipe` is read from JSON-LD (one or several scripts, `@graph`, `@type` lists)
/// or else microdata; instructions, yields, durations, images and keywords are read in every
/// common shape, HTML in text is stripped, and values are clamped to the limits — each such
/// change is listed in `warnings`.
///
/// Fetches follow a strict policy: http(s) only; every address the host resolves to must be
/// public (no loopback, private, link-local, unique-local, carrier-grade NAT, multicast or
/// reserved addresses, in any spelling) unless `IMPORT_ALLOWED_HOSTS` allows it; the checked
/// address is the one connected to; each of at most 5 redirects is checked the same way; at
/// most `IMPORT_MAX_BYTES` and `IMPORT_TIMEOUT`.
///
/// The recipe is saved as your draft (201), or with `dry_run=true` only shown (200, nothing
/// saved, no image fetched). A URL you imported before answers 200 with that recipe and
/// `already_imported: true`, saving nothing.
#[utoipa::path(post, path = "/recipes/import", tag = "import",
    params(("dry_run" = Option<bool>, Query,
        description = "`true`: read and show the recipe without saving anything")),
    request_body = ImportInput,
    security(("bearer" = ["write"])),
    responses(
        (status = 201, description = "The new draft", body = ImportEnvelope,
            headers(
                ("Location" = String, description = "The recipe's address"),
                ("ETag" = String, description = "Its version"),
            )),
        (status = 200, description = "A dry run's recipe (`ImportPreview`), or the recipe you \
            had already imported from this URL (`ImportEnvelope`, `already_imported: true`)",
            body = ImportPreview),
        (status = 403, description = "`insufficient_scope`: a read-only personal access token",
            body = crate::error::ErrorBody),
        ImportRefusals,
    ))]
async fn import_recipe(
    State(state): State<AppState>,
    user: AuthUser,
    DryRun(dry_run): DryRun,
    request: Request,
) -> Result<Response, ApiError> {
    let max_bytes = usize::try_from(state.fetcher.policy().max_bytes).unwrap_or(usize::MAX);
    // A pasted page may be escaped in JSON to several times its size.
    let input: ImportInput = json_within(request, max_bytes.saturating_mul(2)).await?;
    let source = Source::of(input, max_bytes)?;
    within_limit(&state.limits.imports_per_account, &user.user_id.get()).await?;
    let source_url = source.url().map(canonical_url).transpose()?;
    if let Some(url) = &source_url
        && let Some(existing) = state.store.find_imported(user.user_id, url).await?
    {
        let envelope = ImportEnvelope {
            result: SUCCESS,
            info: existing.into(),
            warnings: vec![format!(
                "you imported {url} before: this is that recipe, nothing new was saved"
            )],
            already_imported: true,
        };
        return Ok((StatusCode::OK, Json(envelope)).into_response());
    }
    let imported = read(&state, source, source_url.as_deref()).await?;
    if dry_run {
        return Ok(Json(preview(imported, source_url)).into_response());
    }
    save(&state, &user, imported, source_url).await
}

/// Where the recipe comes from.
enum Source {
    Fetch(String),
    Page { html: String, url: Option<String> },
    JsonLd(serde_json::Value),
}

impl Source {
    /// The one source `input` names.
    fn of(input: ImportInput, max_bytes: usize) -> Result<Self, ApiError> {
        match (input.url, input.html, input.jsonld) {
            (Some(url), None, None) => Ok(Source::Fetch(url)),
            (url, Some(html), None) => {
                if html.len() > max_bytes {
                    return Err(ApiError::PayloadTooLarge);
                }
                Ok(Source::Page { html, url })
            }
            (None, None, Some(jsonld)) => Ok(Source::JsonLd(jsonld)),
            (None, None, None) => Err(ApiError::field(
                "url",
                "send one of `url`, `html` or `jsonld`",
            )),
            _ => Err(ApiError::field(
                "jsonld",
                "send only one of `url`, `html` or `jsonld` (`html` may come with `url`)",
            )),
        }
    }

    fn url(&self) -> Option<&str> {
        match self {
            Source::Fetch(url) | Source::Page { url: Some(url), .. } => Some(url),
            _ => None,
        }
    }
}

/// `url` parsed and written canonically (lower-case host, no fragment), as it is remembered.
fn canonical_url(url: &str) -> Result<String, ApiError> {
    let mut parsed = url::Url::parse(url.trim())
        .map_err(|err| ApiError::field("url", format!("is not a valid URL: {err}")))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(ApiError::UrlNotAllowed(format!(
            "only http and https URLs can be imported, not {}",
            parsed.scheme()
        )));
    }
    if parsed.as_str().len() > 2048 {
        return Err(ApiError::field("url", "must be at most 2048 characters"));
    }
    parsed.set_fragment(None);
    Ok(parsed.into())
}

/// The recipe `source` holds.
async fn read(
    state: &AppState,
    source: Source,
    source_url: Option<&str>,
) -> Result<Imported, ApiError> {
    let base = source_url.and_then(|url| url::Url::parse(url).ok());
    let parsed = match source {
        Source::Fetch(url) => {
            let page = state.fetcher.get(&url, &PAGE_TYPES).await?;
            if page.content_type.ends_with("json") {
                let value: serde_json::Value =
                    serde_json::from_slice(&page.body).map_err(|_| ApiError::NoRecipeFound)?;
                recipe_import::from_jsonld(&value, Some(&page.final_url))
            } else {
                let text = String::from_utf8_lossy(&page.body);
                recipe_import::from_html(&text, Some(&page.final_url))
            }
        }
        Source::Page { html, .. } => recipe_import::from_html(&html, base.as_ref()),
        Source::JsonLd(value) => recipe_import::from_jsonld(&value, base.as_ref()),
    };
    parsed.map_err(|_| ApiError::NoRecipeFound)
}

fn preview(imported: Imported, source_url: Option<String>) -> ImportPreview {
    let fields = imported.fields;
    ImportPreview {
        result: SUCCESS,
        info: ImportedView {
            name: fields.name,
            description: fields.description,
            num_of_servings: fields.num_of_servings,
            cook_time: fields.cook_time,
            directions: fields.directions,
            ingredients: fields.ingredients.unwrap_or_default(),
            tags: fields.tags.unwrap_or_default(),
            source_url,
            image_urls: imported.image_urls,
        },
        warnings: imported.warnings,
    }
}

/// Saves `imported` as the caller's draft, with its first image that can be read as its cover.
async fn save(
    state: &AppState,
    user: &AuthUser,
    imported: Imported,
    source_url: Option<String>,
) -> Result<Response, ApiError> {
    let Imported {
        fields,
        image_urls,
        mut warnings,
    } = imported;
    let origin = RecipeOrigin {
        source_url,
        ..RecipeOrigin::default()
    };
    let mut recipe = state
        .store
        .insert_recipe_from(user.user_id, &fields, &origin)
        .await?;
    if let Some(with_cover) = cover(state, user, &recipe, &image_urls, &mut warnings).await? {
        recipe = with_cover;
    }
    let location = format!("/recipes/{}", recipe.id);
    // Nobody has voted on a new recipe yet, its author included.
    let marks = Some(ViewerMarks::default());
    let tag = conditional::tag_of(&recipe, marks);
    let envelope = ImportEnvelope {
        result: SUCCESS,
        info: RecipeView::from(recipe).marked(marks),
        warnings,
        already_imported: false,
    };
    let headers = [
        (
            header::LOCATION,
            HeaderValue::from_str(&location).expect("a path"),
        ),
        (header::ETAG, HeaderValue::from_str(&tag).expect("a tag")),
    ];
    Ok((StatusCode::CREATED, headers, Json(envelope)).into_response())
}

/// Sets the first of `urls` that can be fetched and read as the cover of the new `recipe`;
/// each one that cannot is a warning. `None` when none could (or there were none).
async fn cover(
    state: &AppState,
    user: &AuthUser,
    recipe: &crate::store::Recipe,
    urls: &[String],
    warnings: &mut Vec<String>,
) -> Result<Option<crate::store::Recipe>, ApiError> {
    for url in urls.iter().take(IMAGE_TRIES) {
        let fetched = match state.fetcher.get(url, &["image/"]).await {
            Ok(fetched) => fetched,
            Err(err) => {
                warnings.push(format!("image {url}: not fetched: {err}"));
                continue;
            }
        };
        let photo = match state
            .media
            .prepare(&state.store, fetched.body, Purpose::Recipe, None)
            .await
        {
            Ok(photo) => photo,
            Err(err) => {
                let err = ApiError::from(err);
                if err.status().is_server_error() {
                    return Err(err);
                }
                warnings.push(format!("image {url}: not used: {err}"));
                continue;
            }
        };
        let saved = state
            .store
            .replace_cover(recipe.id, user.user_id, Some(&photo))
            .await;
        return upload::save(state, &photo, saved).await;
    }
    Ok(None)
}
