//! `/users/me/export` and `/users/me/import`: your whole account as an archive (see `archive`),
//! and restoring one — from this instance or any other, on any back-end.
//!
//! Restoring gives every recipe a new id; drafts stay drafts and published recipes are
//! published; tags, ingredients, times and photos (re-processed like uploads) come along. A
//! recipe you already have — the same `uid`, e.g. the same archive restored twice — is skipped,
//! so nothing is duplicated; if it has no photos yet and the archive has some, they are added
//! (an import cut short finishes). Documents without a `recipe_api` section (another program's
//! schema.org recipes) are read like an imported page. Imports count against `IMPORTS_PER_HOUR`.
//!
//! The archive also holds the account's favourites, ratings, comments, follows and collections
//! (each recipe by its `uid`). After the recipes, favourites and ratings are restored through
//! the store's usual `set_favorite` / `set_rating` (so the recipes' counters stay exact) on the
//! recipes of this server with that uid that the account can see — never a rating of its own
//! recipe — and a favourite or rating the account already has is left as it is, so restoring
//! twice adds nothing. Then the collections, found the same way (`collections`). Comments are
//! not re-posted: a comment answered a conversation at a moment; follows are not restored: a
//! username on another server may be somebody else.

mod collections;

use crate::http::layers::within_limit;
use crate::ingredients::MeasureSystem;
use std::collections::{HashMap, HashSet};

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
    archive::{
        self, ArchivedAccount, ArchivedComment, ArchivedFavorite, ArchivedFields, ArchivedFollow,
        ArchivedMention, ArchivedPerson, ArchivedPhoto, ArchivedRating, ArchivedRecipe, Packing,
    },
    auth::AuthUser,
    domain::{RecipeFields, RecipeId, RecipeInput, UserId, split_lines},
    error::ApiError,
    media::Purpose,
    recipe_import,
    state::AppState,
    store::{
        GalleryChange, NewPhoto, RatingOutcome, Recipe, RecipeMention, RecipeOrigin, StoreError,
        UidMatch, ViewerMarks,
    },
};
use collections::CollectionsRestored;

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

/// Download your whole account: every recipe (drafts too) and photo, your favourites, ratings,
/// comments, follows and collections, as a zip.
///
/// The archive holds `manifest.json` (format `recipe-api-archive`, version 3), one document per
/// recipe — a schema.org `Recipe` in JSON-LD plus a `recipe_api` section with every field as
/// stored —, `community/favorites.json`, `community/ratings.json`,
/// `community/comments.json` and `community/collections.json` (each recipe by its `uid`, with
/// its id, name and author here; only recipes you can see; a collection without its share
/// key), `community/following.json` (the accounts you follow: id and username here), and the
/// largest JPEG of each photo. The format is documented in the repository's `docs/ARCHIVE.md`
/// with a JSON Schema; later versions only add to it.
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
    let community = state.store.community_records(user.user_id).await?;
    packing.favorites = community
        .favorites
        .into_iter()
        .map(|favorite| ArchivedFavorite {
            recipe: mention(favorite.recipe),
            created_at: Some(timestamp(favorite.created_at)),
        })
        .collect();
    packing.ratings = community
        .ratings
        .into_iter()
        .map(|rating| ArchivedRating {
            recipe: mention(rating.recipe),
            stars: i64::from(rating.stars),
            created_at: Some(timestamp(rating.created_at)),
            updated_at: Some(timestamp(rating.updated_at)),
        })
        .collect();
    packing.comments = community
        .comments
        .into_iter()
        .map(|comment| ArchivedComment {
            recipe: mention(comment.recipe),
            body: comment.body,
            created_at: Some(timestamp(comment.created_at)),
            edited_at: comment.edited_at.map(timestamp),
        })
        .collect();
    packing.following = community
        .following
        .into_iter()
        .map(|follow| ArchivedFollow {
            user: ArchivedPerson {
                id: Some(follow.user.get()),
                username: follow.username,
            },
            created_at: Some(timestamp(follow.created_at)),
        })
        .collect();
    packing.collections = collections::archived(community.collections);
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

/// How an archive names a recipe a favourite, rating or comment concerns.
fn mention(recipe: RecipeMention) -> ArchivedMention {
    ArchivedMention {
        uid: recipe.uid,
        id: Some(recipe.id.get()),
        name: Some(recipe.name),
        author: recipe.author,
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
    /// Your favourites in the archive.
    pub favorites: MarksRestored,
    /// Your ratings in the archive.
    pub ratings: MarksRestored,
    /// Your collections in the archive, and their recipes.
    pub collections: CollectionsRestored,
}

/// What a restore did with the favourites or the ratings of an archive.
#[derive(Debug, Default, Serialize, ToSchema)]
pub struct MarksRestored {
    /// Added (and counted in their recipes).
    #[schema(minimum = 0)]
    pub restored: usize,
    /// Already yours here, left as they are (a rating keeps your stars here).
    #[schema(minimum = 0)]
    pub skipped: usize,
    /// Not restored, each with a warning: no recipe here with its `uid` that you can see (for
    /// a rating: that is not yours).
    #[schema(minimum = 0)]
    pub not_found: usize,
}

/// `{"result": "success", "info": {...}, "warnings": [...]}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportSummaryEnvelope {
    pub result: Outcome,
    pub info: ImportSummary,
    /// Recipes, photos, favourites, ratings, collections or their recipes that could not be
    /// restored, and why.
    pub warnings: Vec<String>,
}

/// Restore an account archive (`GET /users/me/export` of this or any instance) into your account.
///
/// The body is the zip itself (`Content-Type: application/zip`), at most
/// `IMPORT_ARCHIVE_MAX_BYTES`. Recipes get new ids; drafts stay drafts; recipes you already
/// have (the same `uid`) are skipped, so restoring the same archive twice adds nothing. Photos
/// are checked and processed like uploads. Then your favourites and ratings are restored on
/// the recipes here with their `uid` that you can see (never a rating of your own recipe); one
/// you already have is left as it is. Then your collections: each is matched by name with one
/// of yours (the archive's second of a name with your second oldest of that name, and so on)
/// or created (private unless the archive says otherwise; an unlisted one gets a new share
/// key), and each of its recipes, found as a favourite is, is added at its end unless it is in
/// it already. Comments are not re-posted and follows are not restored. A recipe, photo,
/// favourite, rating, collection or recipe of a collection that cannot be restored is a
/// warning, not a failure of the rest.
///
/// `info` says what was done: `imported` and `skipped` recipes (and the new ids, `recipes`);
/// for `favorites` and `ratings`, how many were `restored`, `skipped` (already yours) and
/// `not_found`; for `collections`, how many were `created`, matched one of yours (`existing`)
/// or were `not_restored` (an invalid name, or you have 500), and how many of their recipes
/// were added (`recipes_added`), already there (`recipes_skipped`) or not added
/// (`recipes_not_added`: not found here, or the collection holds 1000). Each one not restored
/// has a warning.
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
        (status = 422, description = "`invalid_archive`: not a zip, no recipe-api manifest, or \
            a favourites, ratings or collections file that the manifest names but is missing, too \
            large or invalid",
            body = crate::error::ErrorBody),
    ))]
async fn import_archive(
    State(state): State<AppState>,
    user: AuthUser,
    request: Request,
) -> Result<Json<ImportSummaryEnvelope>, ApiError> {
    within_limit(&state.limits.imports_per_account, &user.user_id.get()).await?;
    let body = read_zip(&state, request).await?;
    let limits = archive::Limits {
        entries: 50_000,
        document_bytes: 4 * 1024 * 1024,
        photo_bytes: state.media.max_bytes(),
        community_bytes: 32 * 1024 * 1024,
        // Room for 500 collections of 1000 recipes each.
        collections_bytes: 128 * 1024 * 1024,
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
            favorites: MarksRestored::default(),
            ratings: MarksRestored::default(),
            collections: CollectionsRestored::default(),
        },
        warnings: unpacked.warnings.clone(),
        own_uids: HashSet::new(),
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
    restore
        .community(unpacked.favorites.as_ref(), unpacked.ratings.as_ref())
        .await?;
    restore.collections(unpacked.collections.as_ref()).await?;
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
    /// The uids of the archive's recipes that the account now has.
    own_uids: HashSet<String>,
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
        self.own_uids.insert(uid.clone());
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

impl Restore<'_> {
    /// The recipes with one of `uids` that the account can see, by uid (several accounts may
    /// hold a recipe with the same uid).
    async fn visible_by_uid(
        &self,
        mut uids: Vec<String>,
    ) -> Result<HashMap<String, Vec<UidMatch>>, ApiError> {
        uids.sort_unstable();
        uids.dedup();
        let mut candidates: HashMap<String, Vec<UidMatch>> = HashMap::new();
        if uids.is_empty() {
            return Ok(candidates);
        }
        for found in self
            .state
            .store
            .visible_recipes_by_uid(self.owner, &uids)
            .await?
        {
            candidates.entry(found.uid.clone()).or_default().push(found);
        }
        Ok(candidates)
    }

    /// Restores the archive's favourites and ratings (each with the path of its file), after
    /// its recipes: a favourite of one of them lands on the account's copy.
    async fn community(
        &mut self,
        favorites: Option<&(String, Vec<ArchivedFavorite>)>,
        ratings: Option<&(String, Vec<ArchivedRating>)>,
    ) -> Result<(), ApiError> {
        let (favorites_path, favorites) =
            favorites.map_or(("", &[][..]), |(path, list)| (path, list));
        let (ratings_path, ratings) = ratings.map_or(("", &[][..]), |(path, list)| (path, list));
        let uids: Vec<String> = favorites
            .iter()
            .map(|favorite| favorite.recipe.uid.clone())
            .chain(ratings.iter().map(|rating| rating.recipe.uid.clone()))
            .collect();
        if uids.is_empty() {
            return Ok(());
        }
        let candidates = self.visible_by_uid(uids).await?;
        let aim = |mention: &ArchivedMention, rating: bool| {
            let found = candidates.get(&mention.uid).map_or(&[][..], Vec::as_slice);
            let ours = self.own_uids.contains(&mention.uid);
            target(found, self.owner, mention, ours, !rating)
        };
        let favorite_targets: Vec<Target> =
            favorites.iter().map(|f| aim(&f.recipe, false)).collect();
        let rating_targets: Vec<Target> = ratings.iter().map(|r| aim(&r.recipe, true)).collect();
        let mut ids: Vec<RecipeId> = favorite_targets
            .iter()
            .chain(&rating_targets)
            .filter_map(|target| match target {
                Target::Recipe(id) => Some(*id),
                _ => None,
            })
            .collect();
        ids.sort_unstable_by_key(|id| id.get());
        ids.dedup();
        // What the account already has is left as it is. Read before the writes, not under their
        // locks: a rating the account changes here while its own import runs may end as the
        // archive's stars — its counters are exact either way (`set_rating` keeps them).
        let mut marks: HashMap<RecipeId, ViewerMarks> = HashMap::new();
        for chunk in ids.chunks(500) {
            marks.extend(self.state.store.viewer_marks(self.owner, chunk).await?);
        }
        for (favorite, target) in favorites.iter().zip(favorite_targets) {
            let Target::Recipe(id) = target else {
                self.not_found(favorites_path, &favorite.recipe, target, false);
                continue;
            };
            let mark = marks.entry(id).or_default();
            if mark.is_favorite {
                self.summary.favorites.skipped += 1;
                continue;
            }
            match self.state.store.set_favorite(self.owner, id, true).await? {
                Some(_) => {
                    mark.is_favorite = true;
                    self.summary.favorites.restored += 1;
                }
                // Unpublished or deleted meanwhile.
                None => self.not_found(favorites_path, &favorite.recipe, Target::Missing, false),
            }
        }
        for (rating, target) in ratings.iter().zip(rating_targets) {
            let Target::Recipe(id) = target else {
                self.not_found(ratings_path, &rating.recipe, target, true);
                continue;
            };
            let mark = marks.entry(id).or_default();
            if mark.my_rating.is_some() {
                self.summary.ratings.skipped += 1;
                continue;
            }
            // Checked when the archive was read (1 to 5); never `None`, which would remove one.
            let Ok(stars) = i32::try_from(rating.stars) else {
                continue;
            };
            match self
                .state
                .store
                .set_rating(self.owner, id, Some(stars))
                .await?
            {
                RatingOutcome::Rated { my_rating, .. } => {
                    mark.my_rating = my_rating;
                    self.summary.ratings.restored += 1;
                }
                RatingOutcome::NotFound => {
                    self.not_found(ratings_path, &rating.recipe, Target::Missing, true)
                }
                RatingOutcome::OwnRecipe => {
                    self.not_found(ratings_path, &rating.recipe, Target::OwnOnly, true)
                }
            }
        }
        Ok(())
    }

    /// Counts and reports a favourite or rating (`rating`) of `path` that was not restored.
    fn not_found(&mut self, path: &str, mention: &ArchivedMention, why: Target, rating: bool) {
        let reason = match why {
            Target::OwnOnly => "the recipe here with this uid is yours, and yours are not rated",
            _ => "no recipe here with this uid that you can see",
        };
        let counts = if rating {
            &mut self.summary.ratings
        } else {
            &mut self.summary.favorites
        };
        counts.not_found += 1;
        self.warnings.push(format!(
            "{path}: {}: not restored: {reason}",
            described(mention)
        ));
    }
}

/// Which recipe here an archive's favourite or rating concerns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Recipe(RecipeId),
    /// Only the account's own recipes have the uid, and they may not be rated.
    OwnOnly,
    Missing,
}

/// The recipe among `found` (the recipes here with the mention's uid that `me` can see) that
/// `mention` means. Several accounts may hold a recipe with one uid (each restored the same
/// archive), so: `me`'s own when the archive holds a recipe with that uid (`ours`: a favourite
/// of one's own recipe) — otherwise anybody's before `me`'s —, then one whose author has the
/// mention's author's username, then the oldest. `me`'s own are left out unless `own_allowed`.
fn target(
    found: &[UidMatch],
    me: UserId,
    mention: &ArchivedMention,
    ours: bool,
    own_allowed: bool,
) -> Target {
    let own = |found: &UidMatch| found.owner == Some(me);
    let best = found
        .iter()
        .filter(|found| own_allowed || !own(found))
        .min_by_key(|found| {
            let named = mention.author.is_some() && found.author == mention.author;
            (own(found) != ours, !named, found.id.get())
        });
    match best {
        Some(found) => Target::Recipe(found.id),
        None if found.is_empty() => Target::Missing,
        None => Target::OwnOnly,
    }
}

/// `"name" by author (uid)`, as far as the archive says, for a warning.
fn described(mention: &ArchivedMention) -> String {
    let mut text = String::new();
    if let Some(name) = &mention.name {
        // A warning is no place for a whole document: names are at most 200 characters.
        let name: String = name.chars().take(200).collect();
        text.push_str(&format!("{name:?} "));
    }
    if let Some(author) = &mention.author {
        let author: String = author.chars().take(64).collect();
        text.push_str(&format!("by {author} "));
    }
    text.push_str(&format!("({})", mention.uid));
    text
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
    if archive::is_uid(uid) {
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

#[cfg(test)]
mod tests {
    use super::*;

    const ME: i64 = 1;

    fn found(id: i64, owner: i64, author: &str) -> UidMatch {
        UidMatch {
            uid: "u".into(),
            id: RecipeId::stored(id),
            owner: Some(UserId::stored(owner)),
            author: Some(author.into()),
        }
    }

    fn by(author: Option<&str>) -> ArchivedMention {
        ArchivedMention {
            uid: "u".into(),
            id: Some(99),
            name: Some("Soup".into()),
            author: author.map(str::to_owned),
        }
    }

    fn pick(found: &[UidMatch], author: Option<&str>, ours: bool, own_allowed: bool) -> Target {
        target(found, UserId::stored(ME), &by(author), ours, own_allowed)
    }

    #[test]
    fn the_authors_copy_comes_before_the_oldest_and_ones_own_comes_last() {
        let copies = [
            found(3, ME, "me"),
            found(5, 7, "chef"),
            found(4, 8, "copycat"),
        ];
        let recipe = |id| Target::Recipe(RecipeId::stored(id));
        assert_eq!(pick(&copies, Some("chef"), false, true), recipe(5));
        assert_eq!(pick(&copies, Some("nobody"), false, true), recipe(4));
        assert_eq!(pick(&copies, None, false, true), recipe(4));
        assert_eq!(pick(&copies[..1], Some("chef"), false, true), recipe(3));
    }

    #[test]
    fn a_favourite_of_ones_own_recipe_lands_on_ones_copy() {
        let copies = [found(4, 8, "chef"), found(9, ME, "me")];
        assert_eq!(
            pick(&copies, Some("chef"), true, true),
            Target::Recipe(RecipeId::stored(9))
        );
    }

    #[test]
    fn a_rating_never_lands_on_ones_own_recipe() {
        let copies = [found(3, ME, "me"), found(5, 7, "chef")];
        assert_eq!(
            pick(&copies, None, true, false),
            Target::Recipe(RecipeId::stored(5))
        );
        assert_eq!(pick(&copies[..1], None, true, false), Target::OwnOnly);
        assert_eq!(pick(&[], None, false, false), Target::Missing);
    }

    #[test]
    fn a_warning_names_the_recipe_briefly() {
        let long = ArchivedMention {
            name: Some("x".repeat(10_000)),
            ..by(Some("chef"))
        };
        let text = described(&long);
        assert!(text.len() < 300 && text.ends_with("by chef (u)"), "{text}");
        let bare = ArchivedMention {
            uid: "u".into(),
            id: None,
            name: None,
            author: None,
        };
        assert_eq!(described(&bare), "(u)");
    }
}
