//! `/users/me/export` and `/users/me/import`: your whole account as an archive (see `archive`),
//! and restoring one — from this instance or any other, on any back-end.
//!
//! Restoring gives every recipe a new id; drafts stay drafts and published recipes are
//! published; tags, ingredients, times and photos (re-processed like uploads) come along. A
//! recipe you already have — the same `uid`, e.g. the same archive restored twice — is skipped,
//! so nothing is duplicated; if it has no photos yet and the archive has some, they are added
//! (an import cut short finishes). Documents without a `recipe_api` section (another program's
//! schema.org recipes) are read like an imported page. Imports count against `IMPORTS_PER_HOUR`.

use crate::ingredients::MeasureSystem;
use axum::{
    Json,
    body::Bytes,
    extract::{DefaultBodyLimit, Request, State},
    http::{HeaderMap, HeaderValue, header},
    response::{IntoResponse, Response},
};
use serde::Serialize;
use sha2::Digest;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::http::{
    schema_org::{self, Author, PublicOrigin},
    views::{Outcome, SUCCESS, timestamp},
};
use crate::{
    archive::{self, ArchivedAccount, ArchivedFields, ArchivedPhoto, ArchivedRecipe, Packing},
    auth::AuthUser,
    domain::{RecipeFields, RecipeId, RecipeInput, UserId, split_lines},
    error::ApiError,
    media::Purpose,
    recipe_import,
    state::AppState,
    store::{GalleryChange, NewPhoto, Recipe, RecipeOrigin, StoreError},
};

/// Media types an archive may be sent as.
const ZIP_TYPES: [&str; 3] = [
    "application/zip",
    "application/x-zip-compressed",
    "application/octet-stream",
];

/// An archive's bytes (a zip), in the document.
#[derive(ToSchema)]
#[schema(value_type = String, format = Binary)]
#[allow(dead_code)]
pub struct ArchiveFile(Vec<u8>);

/// Routes under `/users/me/export` and `/users/me/import` (the import reads its own limit).
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(export_account))
        .routes(routes!(import_archive))
        .layer(DefaultBodyLimit::disable())
}

/// Download your whole account: every recipe (drafts too) and photo, as a zip.
///
/// The archive holds `manifest.json` (format `recipe-api-archive`, version 1), one document per
/// recipe — a schema.org `Recipe` in JSON-LD plus a `recipe_api` section with every field as
/// stored — and the largest JPEG of each photo. The format is documented in the repository's
/// `docs/ARCHIVE.md` with a JSON Schema; later versions only add to it.
#[utoipa::path(get, path = "/users/me/export", tag = "import",
    security(("bearer" = ["read"])),
    responses(
        (status = 200, description = "The archive",
            content_type = "application/zip", body = ArchiveFile,
            headers(("Content-Disposition" = String,
                description = "`attachment; filename=\"recipe-api-export-YYYY-MM-DD.zip\"`"))),
    ))]
async fn export_account(
    State(state): State<AppState>,
    user: AuthUser,
    origin: PublicOrigin,
) -> Result<Response, ApiError> {
    let account = state
        .store
        .find_user(user.user_id)
        .await?
        .ok_or(ApiError::AccountGone)?;
    let author = Author {
        id: account.id.get(),
        name: account.username.clone(),
    };
    let mut packing = Packing {
        exported_at: timestamp(chrono::Utc::now()),
        ..Packing::default()
    };
    let mut files: Vec<String> = Vec::new();
    for recipe in state.store.recipes_of(user.user_id).await? {
        let uid = recipe
            .uid
            .clone()
            .unwrap_or_else(|| format!("{:032x}", recipe.id.get()));
        let mut document =
            serde_json::to_value(schema_org::recipe(&recipe, Some(&author), &origin))
                .map_err(|err| ApiError::Internal(err.into()))?;
        let section = archived(&recipe, uid.clone(), &mut files);
        document["recipe_api"] =
            serde_json::to_value(section).map_err(|err| ApiError::Internal(err.into()))?;
        packing.recipes.push((uid, document));
    }
    packing.account = ArchivedAccount {
        username: Some(account.username.clone()),
        avatar: account
            .avatar
            .as_ref()
            .map(|photo| file_of(&photo.url, &mut files)),
    };
    for path in files {
        let name = path.trim_start_matches("photos/");
        match state.media.read(name).await {
            Ok(Some(bytes)) => packing.photos.push((path, bytes)),
            Ok(None) => tracing::warn!(
                file = name,
                "a photo's file is missing; left out of an archive"
            ),
            Err(err) => return Err(ApiError::MediaUnavailable(err)),
        }
    }
    let zip = tokio::task::spawn_blocking(move || archive::pack(&packing))
        .await
        .map_err(|err| ApiError::Internal(err.into()))?
        .map_err(|err| ApiError::Internal(err.into()))?;
    let filename = format!(
        "attachment; filename=\"recipe-api-export-{}.zip\"",
        chrono::Utc::now().format("%Y-%m-%d")
    );
    let headers = [
        (
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/zip"),
        ),
        (
            header::CONTENT_DISPOSITION,
            HeaderValue::from_str(&filename).expect("a header value"),
        ),
        (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
    ];
    Ok((headers, zip).into_response())
}

/// The `recipe_api` section of `recipe`; its photos' archive paths are added to `files`.
fn archived(recipe: &Recipe, uid: String, files: &mut Vec<String>) -> ArchivedRecipe {
    let photo = |photo: &crate::domain::Photo, files: &mut Vec<String>| ArchivedPhoto {
        file: file_of(&photo.url, files),
        alt: photo.alt.clone(),
    };
    ArchivedRecipe {
        uid,
        fields: ArchivedFields {
            name: recipe.name.clone(),
            description: recipe.description.clone(),
            num_of_servings: recipe.num_of_servings.map(i64::from),
            cook_time: recipe.cook_time.map(i64::from),
            directions: recipe.directions.clone(),
            ingredients: split_lines(recipe.ingredients.as_deref()),
            tags: split_lines(recipe.tags.as_deref()),
            measure_system: recipe.measure_system.map(|system| system.id().to_owned()),
        },
        published: recipe.is_publish,
        created_at: Some(timestamp(recipe.created_at)),
        updated_at: Some(timestamp(recipe.updated_at)),
        source_url: recipe.source_url.clone(),
        cover: recipe.photos.cover.as_ref().map(|p| photo(p, files)),
        images: recipe
            .photos
            .images
            .iter()
            .map(|p| photo(p, files))
            .collect(),
    }
}

/// The archive path of the file at `url` (`/media/<name>`), recorded once in `files`.
fn file_of(url: &str, files: &mut Vec<String>) -> String {
    let name = url.rsplit('/').next().unwrap_or(url);
    let path = format!("photos/{name}");
    if !files.contains(&path) {
        files.push(path.clone());
    }
    path
}

/// What a restore did.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportSummary {
    /// Recipes added.
    #[schema(minimum = 0)]
    pub imported: usize,
    /// Recipes you already had (the same `uid`), left as they are.
    #[schema(minimum = 0)]
    pub skipped: usize,
    /// The ids of the recipes added, in the archive's order.
    pub recipes: Vec<i64>,
}

/// `{"result": "success", "info": {...}, "warnings": [...]}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportSummaryEnvelope {
    pub result: Outcome,
    pub info: ImportSummary,
    /// Recipes, photos or files that could not be restored, and why.
    pub warnings: Vec<String>,
}

/// Restore an account archive (`GET /users/me/export` of this or any instance) into your account.
///
/// The body is the zip itself (`Content-Type: application/zip`), at most
/// `IMPORT_ARCHIVE_MAX_BYTES`. Recipes get new ids; drafts stay drafts; recipes you already
/// have (the same `uid`) are skipped, so restoring the same archive twice adds nothing. Photos
/// are checked and processed like uploads. A recipe or photo that cannot be restored is a
/// warning, not a failure of the rest.
#[utoipa::path(post, path = "/users/me/import", tag = "import",
    request_body(content = ArchiveFile, content_type = "application/zip",
        description = "The archive"),
    security(("bearer" = ["write"])),
    responses(
        (status = 200, description = "What was restored", body = ImportSummaryEnvelope),
        (status = 403, description = "`insufficient_scope`: a read-only personal access token",
            body = crate::error::ErrorBody),
        (status = 413, description = "`payload_too_large`: over `IMPORT_ARCHIVE_MAX_BYTES`",
            body = crate::error::ErrorBody),
        (status = 415, description = "`unsupported_media_type`: the body is not sent as a zip",
            body = crate::error::ErrorBody),
        (status = 422, description = "`invalid_archive`: not a zip, or no recipe-api manifest",
            body = crate::error::ErrorBody),
    ))]
async fn import_archive(
    State(state): State<AppState>,
    user: AuthUser,
    request: Request,
) -> Result<Json<ImportSummaryEnvelope>, ApiError> {
    let decision = state.limits.imports_per_account.check(&user.user_id.get());
    if decision.retry_after_secs.is_some() {
        return Err(ApiError::RateLimited(decision));
    }
    let body = read_zip(&state, request).await?;
    let limits = archive::Limits {
        entries: 50_000,
        document_bytes: 4 * 1024 * 1024,
        photo_bytes: state.media.max_bytes(),
        total_bytes: state.archive_max_bytes.saturating_mul(4),
    };
    let unpacked = tokio::task::spawn_blocking(move || archive::unpack(&body, limits))
        .await
        .map_err(|err| ApiError::Internal(err.into()))?
        .map_err(|err| ApiError::InvalidArchive(err.0))?;
    let mut restore = Restore {
        state: &state,
        owner: user.user_id,
        photos: &unpacked.photos,
        summary: ImportSummary {
            imported: 0,
            skipped: 0,
            recipes: Vec::new(),
        },
        warnings: unpacked.warnings.clone(),
    };
    for recipe in &unpacked.recipes {
        restore.recipe(&recipe.path, &recipe.document).await?;
    }
    let avatar = unpacked
        .manifest
        .as_ref()
        .and_then(|manifest| manifest.account.as_ref())
        .and_then(|account| account.avatar.as_deref());
    if let Some(avatar) = avatar {
        restore.avatar(avatar).await?;
    }
    Ok(Json(ImportSummaryEnvelope {
        result: SUCCESS,
        info: restore.summary,
        warnings: restore.warnings,
    }))
}

/// The body of `request`, which must be sent as a zip and fit the archive limit.
async fn read_zip(state: &AppState, request: Request) -> Result<Bytes, ApiError> {
    if !is_zip(request.headers()) {
        return Err(ApiError::NotZip);
    }
    let limit = usize::try_from(state.archive_max_bytes).unwrap_or(usize::MAX);
    axum::body::to_bytes(request.into_body(), limit)
        .await
        .map_err(|err| {
            if err
                .into_inner()
                .downcast_ref::<http_body_util::LengthLimitError>()
                .is_some()
            {
                ApiError::PayloadTooLarge
            } else {
                ApiError::bad_request(
                    crate::error::BadInput::InvalidBody,
                    "could not read the request body",
                )
            }
        })
}

fn is_zip(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .map(|value| {
            value
                .split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
        })
        .is_some_and(|essence| ZIP_TYPES.contains(&essence.as_str()))
}

/// One restore in progress.
struct Restore<'a> {
    state: &'a AppState,
    owner: UserId,
    photos: &'a std::collections::HashMap<String, Bytes>,
    summary: ImportSummary,
    warnings: Vec<String>,
}

impl Restore<'_> {
    /// Restores the recipe of `document` (at `path` in the archive).
    async fn recipe(&mut self, path: &str, document: &serde_json::Value) -> Result<(), ApiError> {
        let section: Option<ArchivedRecipe> = match document.get("recipe_api") {
            None => None,
            Some(section) => match serde_json::from_value(section.clone()) {
                Ok(section) => Some(section),
                Err(err) => {
                    self.warnings.push(format!(
                        "{path}: not restored: its recipe_api section: {err}"
                    ));
                    return Ok(());
                }
            },
        };
        let (fields, origin, section) = match section {
            Some(section) => match own_fields(&section) {
                Ok(fields) => {
                    let source_url = section.source_url.as_deref().and_then(|url| {
                        let usable = web_address(url);
                        if !usable {
                            self.warnings
                                .push(format!("{path}: source_url is no http(s) URL; left out"));
                        }
                        usable.then(|| url.to_owned())
                    });
                    let origin = RecipeOrigin {
                        source_url,
                        uid: Some(valid_uid(&section.uid, document)),
                        published: section.published,
                        created_at: instant(section.created_at.as_deref()),
                        updated_at: instant(section.updated_at.as_deref()),
                    };
                    (fields, origin, Some(section))
                }
                Err(why) => {
                    self.warnings.push(format!("{path}: not restored: {why}"));
                    return Ok(());
                }
            },
            None => match recipe_import::from_jsonld(document, None) {
                Ok(imported) => {
                    let origin = RecipeOrigin {
                        uid: Some(content_uid(document)),
                        ..RecipeOrigin::default()
                    };
                    (imported.fields, origin, None)
                }
                Err(_) => {
                    self.warnings
                        .push(format!("{path}: not restored: it holds no recipe"));
                    return Ok(());
                }
            },
        };
        let uid = origin.uid.clone().unwrap_or_default();
        if let Some(existing) = self.state.store.find_by_uid(self.owner, &uid).await? {
            self.summary.skipped += 1;
            let bare = existing.photos.cover.is_none() && existing.photos.images.is_empty();
            if let (true, Some(section)) = (bare, &section) {
                self.photos_of(path, existing.id, section).await?;
            }
            return Ok(());
        }
        let recipe = match self
            .state
            .store
            .insert_recipe_from(self.owner, &fields, &origin)
            .await
        {
            Ok(recipe) => recipe,
            // Restored meanwhile by a concurrent import of the same archive.
            Err(StoreError::Conflict) => {
                self.summary.skipped += 1;
                return Ok(());
            }
            Err(err) => return Err(err.into()),
        };
        self.summary.imported += 1;
        self.summary.recipes.push(recipe.id.get());
        if let Some(section) = &section
            && (section.cover.is_some() || !section.images.is_empty())
        {
            self.photos_of(path, recipe.id, section).await?;
            // Restoring its photos is no change of the recipe: it keeps its time.
            self.state
                .store
                .restore_updated_at(recipe.id, self.owner, recipe.updated_at)
                .await?;
        }
        Ok(())
    }

    /// Adds the cover and gallery of `section` to recipe `id`.
    async fn photos_of(
        &mut self,
        path: &str,
        id: RecipeId,
        section: &ArchivedRecipe,
    ) -> Result<(), ApiError> {
        if let Some(cover) = &section.cover
            && let Some(photo) = self.prepare(path, cover, Purpose::Recipe).await?
        {
            let saved = self
                .state
                .store
                .replace_cover(id, self.owner, Some(&photo))
                .await;
            crate::http::upload::save(self.state, &photo, saved).await?;
        }
        for image in &section.images {
            let Some(photo) = self.prepare(path, image, Purpose::Recipe).await? else {
                continue;
            };
            let saved = self
                .state
                .store
                .add_gallery_photo(id, self.owner, &photo)
                .await;
            if !matches!(saved, Ok(GalleryChange::Done(_))) {
                self.state
                    .media
                    .abandon(&self.state.store, &photo.files)
                    .await;
                match saved {
                    Err(err) => return Err(err.into()),
                    Ok(_) => self
                        .warnings
                        .push(format!("{path}: {}: not added to the gallery", image.file)),
                }
            }
        }
        Ok(())
    }

    /// The avatar, when the account has none yet.
    async fn avatar(&mut self, file: &str) -> Result<(), ApiError> {
        let has_one = self
            .state
            .store
            .find_user(self.owner)
            .await?
            .is_some_and(|user| user.avatar.is_some());
        if has_one {
            return Ok(());
        }
        let photo = ArchivedPhoto {
            file: file.to_owned(),
            alt: None,
        };
        if let Some(prepared) = self
            .prepare("manifest.json", &photo, Purpose::Avatar)
            .await?
        {
            let saved = self
                .state
                .store
                .set_avatar(self.owner, Some(&prepared))
                .await;
            crate::http::upload::save(self.state, &prepared, saved).await?;
        }
        Ok(())
    }

    /// The photo `file`, processed like an upload; `None` (and a warning) when it is missing
    /// or no usable image.
    async fn prepare(
        &mut self,
        path: &str,
        photo: &ArchivedPhoto,
        purpose: Purpose,
    ) -> Result<Option<NewPhoto>, ApiError> {
        let Some(bytes) = self.photos.get(&photo.file) else {
            self.warnings
                .push(format!("{path}: {}: not in the archive", photo.file));
            return Ok(None);
        };
        let alt = crate::domain::parse_alt(photo.alt.as_deref())
            .ok()
            .flatten();
        match self
            .state
            .media
            .prepare(&self.state.store, bytes.clone(), purpose, alt)
            .await
        {
            Ok(prepared) => Ok(Some(prepared)),
            Err(err) => {
                let err = ApiError::from(err);
                if err.status().is_server_error() {
                    return Err(err);
                }
                self.warnings
                    .push(format!("{path}: {}: not used: {err}", photo.file));
                Ok(None)
            }
        }
    }
}

/// The fields of `section`, validated as a client's would be.
fn own_fields(section: &ArchivedRecipe) -> Result<RecipeFields, String> {
    let fields = &section.fields;
    let input = RecipeInput {
        name: Some(fields.name.clone()),
        description: fields.description.clone(),
        num_of_servings: fields.num_of_servings,
        cook_time: fields.cook_time,
        directions: fields.directions.clone(),
        ingredients: Some(Some(fields.ingredients.clone())),
        tags: Some(Some(fields.tags.clone())),
        // A system this version does not know (from a newer one) is left to be assumed.
        measure_system: Some(
            fields
                .measure_system
                .clone()
                .filter(|id| MeasureSystem::from_id(id).is_some()),
        ),
    };
    RecipeFields::parse(input).map_err(|errors| {
        serde_json::to_string(&errors).unwrap_or_else(|_| "invalid fields".to_owned())
    })
}

/// True for an http(s) URL of at most 2048 characters (what an imported page's address is).
fn web_address(url: &str) -> bool {
    url.len() <= 2048
        && url::Url::parse(url).is_ok_and(|parsed| matches!(parsed.scheme(), "http" | "https"))
}

/// `uid` when it is 32 lower-case hex digits, else one made from the document.
fn valid_uid(uid: &str, document: &serde_json::Value) -> String {
    if uid.len() == 32
        && uid
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    {
        uid.to_owned()
    } else {
        content_uid(document)
    }
}

/// A uid made from a document's content, so the same document restores to one recipe.
fn content_uid(document: &serde_json::Value) -> String {
    let digest = sha2::Sha256::digest(document.to_string().as_bytes());
    digest[..16].iter().map(|b| format!("{b:02x}")).collect()
}

/// An RFC 3339 instant, if `text` is one.
fn instant(text: Option<&str>) -> Option<chrono::DateTime<chrono::Utc>> {
    text.and_then(|text| chrono::DateTime::parse_from_rfc3339(text).ok())
        .map(|at| at.with_timezone(&chrono::Utc))
}
