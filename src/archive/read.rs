//! Reading an archive within limits: the manifest, the community files it names, each recipe
//! document it names, and the photo files those reference. Recipe documents and photos that
//! cannot be read are reported as warnings; an archive without a readable manifest, or whose
//! manifest names a favourites, ratings or collections file that is missing, too large or not a
//! valid one, is [`InvalidArchive`] (nothing is restored from it). The comments and following
//! files are not read: an import neither posts comments nor follows anyone.

use std::{
    collections::HashMap,
    io::{Cursor, Read},
};

use serde::de::DeserializeOwned;
use zip::ZipArchive;

use super::{
    FORMAT, InvalidArchive, Manifest, VERSION,
    format::{
        ArchivedCollection, ArchivedFavorite, ArchivedMention, ArchivedRating, CollectionsDocument,
        FavoritesDocument, RatingsDocument,
    },
    is_uid,
};
use crate::domain::input_limits::STARS;

/// Bounds on what one archive may make the server unpack.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Most entries in the zip.
    pub entries: usize,
    /// Largest JSON document, unpacked.
    pub document_bytes: u64,
    /// Largest photo file, unpacked.
    pub photo_bytes: u64,
    /// Largest favourites or ratings file, unpacked.
    pub community_bytes: u64,
    /// Largest collections file, unpacked (an account's collections may name far more recipes
    /// than its favourites).
    pub collections_bytes: u64,
    /// Most bytes unpacked in all.
    pub total_bytes: u64,
}

/// Why an entry was not read: the zip has no such file.
const MISSING: &str = "missing";

/// One recipe document as read: its path and JSON.
#[derive(Debug, Clone)]
pub struct UnpackedRecipe {
    pub path: String,
    pub document: serde_json::Value,
}

/// An archive's readable content.
#[derive(Debug, Default)]
pub struct Unpacked {
    pub manifest: Option<Manifest>,
    pub recipes: Vec<UnpackedRecipe>,
    /// Photo files by archive path.
    pub photos: HashMap<String, bytes::Bytes>,
    /// The favourites file's path and entries (none when the manifest names none).
    pub favorites: Option<(String, Vec<ArchivedFavorite>)>,
    /// The ratings file's path and entries, each checked (1 to 5 stars).
    pub ratings: Option<(String, Vec<ArchivedRating>)>,
    /// The collections file's path and entries (each recipe's uid checked).
    pub collections: Option<(String, Vec<ArchivedCollection>)>,
    /// What could not be read.
    pub warnings: Vec<String>,
}

/// Reads `bytes` as an archive (blocking: run it off the async threads).
pub fn unpack(bytes: &[u8], limits: Limits) -> Result<Unpacked, InvalidArchive> {
    let mut zip = ZipArchive::new(Cursor::new(bytes))
        .map_err(|err| InvalidArchive(format!("not a zip file: {err}")))?;
    if zip.len() > limits.entries {
        return Err(InvalidArchive(format!(
            "{} files: an archive holds at most {}",
            zip.len(),
            limits.entries
        )));
    }
    let mut budget = limits.total_bytes;
    let manifest_bytes = read_entry(
        &mut zip,
        "manifest.json",
        limits.document_bytes,
        &mut budget,
    )
    .map_err(|why| InvalidArchive(format!("manifest.json: {why}")))?;
    let manifest: Manifest = serde_json::from_slice(&manifest_bytes)
        .map_err(|err| InvalidArchive(format!("manifest.json is not a manifest: {err}")))?;
    if manifest.format != FORMAT {
        return Err(InvalidArchive(format!(
            "manifest.json names the format {:?}, not {FORMAT:?}",
            manifest.format
        )));
    }
    let mut unpacked = Unpacked::default();
    if manifest.version > VERSION {
        unpacked.warnings.push(format!(
            "the archive is of format version {} (this server writes {VERSION}): what it does \
             not know is ignored",
            manifest.version
        ));
    }
    // Before the recipes and photos, so that a large archive runs out of budget on photos
    // (warnings) rather than on these (refused).
    let community = manifest.community.clone().unwrap_or_default();
    if let Some(path) = community.favorites {
        let document: FavoritesDocument = read_community(
            &mut zip,
            &path,
            "favourites",
            limits.community_bytes,
            &mut budget,
        )?;
        for (index, favorite) in document.favorites.iter().enumerate() {
            check_mention(&favorite.recipe).map_err(|why| {
                InvalidArchive(format!("{path}: favorites[{index}]: recipe.{why}"))
            })?;
        }
        unpacked.favorites = Some((path, document.favorites));
    }
    if let Some(path) = community.ratings {
        let document: RatingsDocument = read_community(
            &mut zip,
            &path,
            "ratings",
            limits.community_bytes,
            &mut budget,
        )?;
        for (index, rating) in document.ratings.iter().enumerate() {
            check_mention(&rating.recipe)
                .map_err(|why| format!("recipe.{why}"))
                .and_then(|()| check_stars(rating.stars))
                .map_err(|why| InvalidArchive(format!("{path}: ratings[{index}]: {why}")))?;
        }
        unpacked.ratings = Some((path, document.ratings));
    }
    if let Some(path) = community.collections {
        let document: CollectionsDocument = read_community(
            &mut zip,
            &path,
            "collections",
            limits.collections_bytes,
            &mut budget,
        )?;
        for (index, collection) in document.collections.iter().enumerate() {
            for (at, recipe) in collection.recipes.iter().enumerate() {
                check_mention(recipe).map_err(|why| {
                    InvalidArchive(format!("{path}: collections[{index}].recipes[{at}].{why}"))
                })?;
            }
        }
        unpacked.collections = Some((path, document.collections));
    }
    let mut wanted_photos = Vec::new();
    for path in &manifest.recipes {
        let document = match read_entry(&mut zip, path, limits.document_bytes, &mut budget)
            .and_then(|bytes| serde_json::from_slice(&bytes).map_err(|err| err.to_string()))
        {
            Ok(document) => document,
            Err(why) => {
                unpacked.warnings.push(format!("{path}: not read: {why}"));
                continue;
            }
        };
        wanted_photos.extend(photo_files(&document));
        unpacked.recipes.push(UnpackedRecipe {
            path: path.clone(),
            document,
        });
    }
    if let Some(avatar) = manifest.account.as_ref().and_then(|a| a.avatar.clone()) {
        wanted_photos.push(avatar);
    }
    for path in wanted_photos {
        if unpacked.photos.contains_key(&path) {
            continue;
        }
        match read_entry(&mut zip, &path, limits.photo_bytes, &mut budget) {
            Ok(bytes) => {
                unpacked.photos.insert(path, bytes.into());
            }
            // A missing photo is reported where it is wanted (by the recipe that names it).
            Err(why) if why == MISSING => {}
            Err(why) => unpacked.warnings.push(format!("{path}: not read: {why}")),
        }
    }
    unpacked.manifest = Some(manifest);
    Ok(unpacked)
}

/// The community file at `path` (at most `max` bytes), which the manifest names: any fault of
/// it is the archive's.
fn read_community<T: DeserializeOwned>(
    zip: &mut ZipArchive<Cursor<&[u8]>>,
    path: &str,
    what: &str,
    max: u64,
    budget: &mut u64,
) -> Result<T, InvalidArchive> {
    let bytes = read_entry(zip, path, max, budget)
        .map_err(|why| InvalidArchive(format!("{path}: {why}")))?;
    serde_json::from_slice(&bytes)
        .map_err(|err| InvalidArchive(format!("{path} is not a file of {what}: {err}")))
}

/// Why `mention` cannot name a recipe, if it cannot (`uid …`: the field at fault).
fn check_mention(mention: &ArchivedMention) -> Result<(), String> {
    if is_uid(&mention.uid) {
        Ok(())
    } else {
        Err("uid is not 32 lower-case hex digits".to_owned())
    }
}

/// Why `stars` is no rating, if it is not.
fn check_stars(stars: i64) -> Result<(), String> {
    let (min, max) = STARS;
    if (min..=max).contains(&stars) {
        Ok(())
    } else {
        Err(format!("stars must be an integer from {min} to {max}"))
    }
}

/// The photo files a recipe document's `recipe_api` section names.
fn photo_files(document: &serde_json::Value) -> Vec<String> {
    let section = &document["recipe_api"];
    let cover = section["cover"]["file"].as_str().map(str::to_owned);
    let images = section["images"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|image| image["file"].as_str().map(str::to_owned));
    cover.into_iter().chain(images).collect()
}

/// The unpacked bytes of entry `name`, at most `max` of them and within `budget` (which is
/// spent); the reason when they cannot be had.
fn read_entry(
    zip: &mut ZipArchive<Cursor<&[u8]>>,
    name: &str,
    max: u64,
    budget: &mut u64,
) -> Result<Vec<u8>, String> {
    let entry = zip.by_name(name).map_err(|err| match err {
        zip::result::ZipError::FileNotFound => MISSING.to_owned(),
        other => format!("cannot be read: {other}"),
    })?;
    let cap = max.min(*budget);
    let mut bytes = Vec::new();
    entry
        .take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(|err| format!("cannot be unpacked: {err}"))?;
    let read = bytes.len() as u64;
    if read > cap {
        return Err(if cap < max {
            "the archive unpacks to more than the server accepts".to_owned()
        } else {
            format!("larger than {max} bytes")
        });
    }
    *budget -= read;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::{
        ArchivedAccount, ArchivedComment, ArchivedFollow, ArchivedPerson, Packing, pack,
    };

    const LIMITS: Limits = Limits {
        entries: 100,
        document_bytes: 64 * 1024,
        photo_bytes: 64 * 1024,
        community_bytes: 64 * 1024,
        collections_bytes: 128 * 1024,
        total_bytes: 1024 * 1024,
    };

    const UID: &str = "0123456789abcdef0123456789abcdef";

    fn archive(
        recipes: Vec<(String, serde_json::Value)>,
        photos: Vec<(String, bytes::Bytes)>,
    ) -> Vec<u8> {
        pack(&Packing {
            account: ArchivedAccount {
                username: Some("cook".into()),
                avatar: None,
            },
            recipes,
            photos,
            exported_at: "2026-12-02T00:00:00Z".into(),
            ..Packing::default()
        })
        .unwrap()
    }

    fn mention() -> ArchivedMention {
        ArchivedMention {
            uid: UID.into(),
            id: Some(7),
            name: Some("Soup".into()),
            author: Some("chef".into()),
        }
    }

    /// A zip of `entries`.
    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, bytes) in entries {
            zip.start_file(*name, zip::write::SimpleFileOptions::default())
                .unwrap();
            std::io::Write::write_all(&mut zip, bytes).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    /// An archive whose manifest names `community/ratings.json`, holding `ratings`.
    fn with_ratings(ratings: &[u8]) -> Vec<u8> {
        let manifest = br#"{"format": "recipe-api-archive", "version": 2, "recipes": [],
            "community": {"ratings": "community/ratings.json"}}"#;
        zip_of(&[
            ("manifest.json", manifest),
            ("community/ratings.json", ratings),
        ])
    }

    #[test]
    fn what_is_packed_is_unpacked() {
        let document = serde_json::json!({"@type": "Recipe", "name": "soup",
            "recipe_api": {"uid": "a", "name": "soup", "cover": {"file": "photos/x.jpg"}}});
        let bytes = archive(
            vec![("a".into(), document.clone())],
            vec![("photos/x.jpg".into(), bytes::Bytes::from_static(b"jpeg"))],
        );
        let unpacked = unpack(&bytes, LIMITS).unwrap();
        assert_eq!(unpacked.manifest.unwrap().recipes, ["recipes/a.json"]);
        assert_eq!(unpacked.recipes[0].document, document);
        assert_eq!(&unpacked.photos["photos/x.jpg"][..], b"jpeg");
        assert!(unpacked.warnings.is_empty(), "{:?}", unpacked.warnings);
    }

    #[test]
    fn a_bomb_is_cut_off_at_the_limits() {
        let zeros = bytes::Bytes::from(vec![0u8; 200 * 1024]);
        let document = serde_json::json!({"recipe_api": {"uid": "a", "name": "x",
            "cover": {"file": "photos/big.jpg"}}});
        let bytes = archive(
            vec![("a".into(), document)],
            vec![("photos/big.jpg".into(), zeros)],
        );
        let unpacked = unpack(&bytes, LIMITS).unwrap();
        assert!(unpacked.photos.is_empty());
        assert!(
            unpacked.warnings[0].contains("larger than"),
            "{:?}",
            unpacked.warnings
        );
    }

    #[test]
    fn not_an_archive_or_not_ours_is_invalid() {
        assert!(unpack(b"not a zip", LIMITS).is_err());
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        zip.start_file("manifest.json", zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(
            &mut zip,
            br#"{"format": "other", "version": 1, "recipes": []}"#,
        )
        .unwrap();
        let other = zip.finish().unwrap().into_inner();
        let err = unpack(&other, LIMITS).unwrap_err();
        assert!(err.0.contains("format"), "{err}");
    }

    #[test]
    fn the_community_files_are_packed_and_the_comments_are_not_read_back() {
        let bytes = pack(&Packing {
            favorites: vec![ArchivedFavorite {
                recipe: mention(),
                created_at: Some("2026-12-01T00:00:00Z".into()),
            }],
            ratings: vec![ArchivedRating {
                recipe: mention(),
                stars: 4,
                created_at: None,
                updated_at: None,
            }],
            comments: vec![ArchivedComment {
                recipe: mention(),
                body: "Lovely".into(),
                created_at: None,
                edited_at: None,
            }],
            following: vec![ArchivedFollow {
                user: ArchivedPerson {
                    id: Some(3),
                    username: "chef".into(),
                },
                created_at: Some("2026-12-01T00:00:00Z".into()),
            }],
            collections: vec![ArchivedCollection {
                name: "Weeknight".into(),
                description: None,
                visibility: Some("unlisted".into()),
                created_at: None,
                updated_at: None,
                recipes: vec![mention()],
            }],
            ..Packing::default()
        })
        .unwrap();
        let unpacked = unpack(&bytes, LIMITS).unwrap();
        let manifest = unpacked.manifest.unwrap();
        assert_eq!(manifest.version, VERSION);
        let files = manifest.community.unwrap();
        assert_eq!(files.comments.as_deref(), Some("community/comments.json"));
        assert_eq!(files.following.as_deref(), Some("community/following.json"));
        let (path, collections) = unpacked.collections.unwrap();
        assert_eq!(path, "community/collections.json");
        assert_eq!(collections[0].name, "Weeknight");
        assert_eq!(collections[0].visibility.as_deref(), Some("unlisted"));
        assert_eq!(collections[0].recipes[0].uid, UID);
        let (path, favorites) = unpacked.favorites.unwrap();
        assert_eq!(path, "community/favorites.json");
        assert_eq!(favorites[0].recipe.uid, UID);
        assert_eq!(favorites[0].recipe.author.as_deref(), Some("chef"));
        let (_, ratings) = unpacked.ratings.unwrap();
        assert_eq!(ratings[0].stars, 4);
        assert!(unpacked.warnings.is_empty(), "{:?}", unpacked.warnings);
    }

    #[test]
    fn a_version_1_archive_has_no_community_files() {
        let bytes = zip_of(&[(
            "manifest.json",
            br#"{"format": "recipe-api-archive", "version": 1, "recipes": []}"#,
        )]);
        let unpacked = unpack(&bytes, LIMITS).unwrap();
        assert!(unpacked.favorites.is_none() && unpacked.ratings.is_none());
        assert!(unpacked.collections.is_none());
        assert!(unpacked.warnings.is_empty(), "{:?}", unpacked.warnings);
    }

    #[test]
    fn unknown_keys_in_the_community_files_are_ignored() {
        let ratings = format!(
            r#"{{"ratings": [{{"recipe": {{"uid": "{UID}", "colour": "red"}}, "stars": 5,
                "mood": "happy"}}], "follows": []}}"#
        );
        let unpacked = unpack(&with_ratings(ratings.as_bytes()), LIMITS).unwrap();
        assert_eq!(unpacked.ratings.unwrap().1[0].stars, 5);
    }

    #[test]
    fn a_broken_community_file_makes_the_archive_invalid() {
        let cases: [(&[u8], &str); 6] = [
            (b"{not json", "is not a file of ratings"),
            (br#"{"ratings": {"a": 1}}"#, "is not a file of ratings"),
            (
                br#"{"ratings": [{"recipe": {"uid": "0123456789abcdef0123456789abcdef"},
                    "stars": 4.5}]}"#,
                "is not a file of ratings",
            ),
            (
                br#"{"ratings": [{"recipe": {"uid": "0123456789abcdef0123456789abcdef"},
                    "stars": 9}]}"#,
                "ratings[0]: stars must be an integer from 1 to 5",
            ),
            (
                br#"{"ratings": [{"recipe": {"uid": "../../etc/passwd"}, "stars": 3}]}"#,
                "ratings[0]: recipe.uid is not 32 lower-case hex digits",
            ),
            (&[b' '; 64 * 1024 + 1], "larger than"),
        ];
        for (ratings, expected) in cases {
            let err = unpack(&with_ratings(ratings), LIMITS).unwrap_err();
            assert!(err.0.contains(expected), "{expected}: {err}");
            assert!(err.0.starts_with("community/ratings.json"), "{err}");
        }
        let named_but_missing = zip_of(&[(
            "manifest.json",
            br#"{"format": "recipe-api-archive", "version": 2, "recipes": [],
                "community": {"favorites": "community/favorites.json"}}"#,
        )]);
        let err = unpack(&named_but_missing, LIMITS).unwrap_err();
        assert!(err.0.contains("community/favorites.json: missing"), "{err}");
    }

    #[test]
    fn a_broken_collections_file_makes_the_archive_invalid() {
        let with_collections = |collections: &[u8]| {
            let manifest = br#"{"format": "recipe-api-archive", "version": 3, "recipes": [],
                "community": {"collections": "community/collections.json",
                              "following": "community/following.json"}}"#;
            // The following file is never read: broken or missing, it changes nothing.
            zip_of(&[
                ("manifest.json", manifest),
                ("community/collections.json", collections),
            ])
        };
        let good = format!(
            r#"{{"collections": [{{"name": "A", "recipes": [{{"uid": "{UID}"}}]}},
                {{"name": "B"}}]}}"#
        );
        let unpacked = unpack(&with_collections(good.as_bytes()), LIMITS).unwrap();
        let (_, collections) = unpacked.collections.unwrap();
        assert_eq!(collections.len(), 2);
        assert!(collections[1].recipes.is_empty() && collections[1].visibility.is_none());
        let bad_uid = format!(
            r#"{{"collections": [{{"name": "A", "recipes": []}},
                {{"name": "B", "recipes": [{{"uid": "{UID}"}}, {{"uid": "x"}}]}}]}}"#
        );
        let cases: [(&[u8], &str); 5] = [
            (b"{not json", "is not a file of collections"),
            (
                br#"{"collections": {"a": 1}}"#,
                "is not a file of collections",
            ),
            (
                br#"{"collections": [{"recipes": []}]}"#,
                "is not a file of collections",
            ),
            (
                bad_uid.as_bytes(),
                "collections[1].recipes[1].uid is not 32 lower-case hex digits",
            ),
            (&[b' '; 128 * 1024 + 1], "larger than"),
        ];
        for (collections, expected) in cases {
            let err = unpack(&with_collections(collections), LIMITS).unwrap_err();
            assert!(err.0.contains(expected), "{expected}: {err}");
            assert!(err.0.starts_with("community/collections.json"), "{err}");
        }
        // Larger than the other community files may be.
        let large = format!(
            r#"{{"collections": [], "padding": "{}"}}"#,
            " ".repeat(100 * 1024)
        );
        assert!(unpack(&with_collections(large.as_bytes()), LIMITS).is_ok());
    }
}
