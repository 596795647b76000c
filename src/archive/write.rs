//! Writing an archive: the manifest, one document per recipe, the community files, each photo
//! file once.

use std::io::{Cursor, Write};

use zip::{CompressionMethod, ZipWriter, write::SimpleFileOptions};

use super::{
    FORMAT, Manifest, VERSION,
    format::{
        ArchivedAccount, ArchivedCollection, ArchivedComment, ArchivedFavorite, ArchivedFollow,
        ArchivedRating, CommunityFiles,
    },
};

/// Where the community files go.
const FAVORITES: &str = "community/favorites.json";
const RATINGS: &str = "community/ratings.json";
const COMMENTS: &str = "community/comments.json";
const FOLLOWING: &str = "community/following.json";
const COLLECTIONS: &str = "community/collections.json";

/// What goes into an archive.
#[derive(Debug, Default)]
pub struct Packing {
    /// The account (username, avatar file).
    pub account: ArchivedAccount,
    /// Each recipe's document (a JSON-LD `Recipe` with its `recipe_api` section) by uid, oldest
    /// first.
    pub recipes: Vec<(String, serde_json::Value)>,
    /// Photo files by archive path (`photos/<name>.jpg`); each path once.
    pub photos: Vec<(String, bytes::Bytes)>,
    /// The account's favourites, ratings, comments, follows and collections, oldest first.
    pub favorites: Vec<ArchivedFavorite>,
    pub ratings: Vec<ArchivedRating>,
    pub comments: Vec<ArchivedComment>,
    pub following: Vec<ArchivedFollow>,
    pub collections: Vec<ArchivedCollection>,
    /// When it is made (RFC 3339).
    pub exported_at: String,
}

/// The zip of `packing`. JSON is deflated; photos (already compressed) are stored.
pub fn pack(packing: &Packing) -> std::io::Result<Vec<u8>> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let deflated = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    let paths: Vec<String> = packing
        .recipes
        .iter()
        .map(|(uid, _)| format!("recipes/{uid}.json"))
        .collect();
    let manifest = Manifest {
        format: FORMAT.to_owned(),
        version: VERSION,
        exported_at: Some(packing.exported_at.clone()),
        generator: Some(concat!("recipe-api/", env!("CARGO_PKG_VERSION")).to_owned()),
        account: Some(packing.account.clone()),
        recipes: paths.clone(),
        community: Some(CommunityFiles {
            favorites: Some(FAVORITES.to_owned()),
            ratings: Some(RATINGS.to_owned()),
            comments: Some(COMMENTS.to_owned()),
            following: Some(FOLLOWING.to_owned()),
            collections: Some(COLLECTIONS.to_owned()),
        }),
    };
    zip.start_file("manifest.json", deflated)?;
    zip.write_all(&serde_json::to_vec_pretty(&manifest)?)?;
    for (path, (_, document)) in paths.iter().zip(&packing.recipes) {
        zip.start_file(path.as_str(), deflated)?;
        zip.write_all(&serde_json::to_vec_pretty(document)?)?;
    }
    // Written even when empty: a reader can tell "none" from "not in this version".
    let community = [
        (FAVORITES, list_document("favorites", &packing.favorites)?),
        (RATINGS, list_document("ratings", &packing.ratings)?),
        (COMMENTS, list_document("comments", &packing.comments)?),
        (FOLLOWING, list_document("following", &packing.following)?),
        (
            COLLECTIONS,
            list_document("collections", &packing.collections)?,
        ),
    ];
    for (path, bytes) in community {
        zip.start_file(path, deflated)?;
        zip.write_all(&bytes)?;
    }
    for (path, bytes) in &packing.photos {
        zip.start_file(path.as_str(), stored)?;
        zip.write_all(bytes)?;
    }
    Ok(zip.finish()?.into_inner())
}

/// `{"<key>": [items]}` (the shape of `format::FavoritesDocument` and its siblings), without
/// copying the items.
fn list_document<T: serde::Serialize>(key: &str, items: &[T]) -> serde_json::Result<Vec<u8>> {
    serde_json::to_vec_pretty(&std::collections::BTreeMap::from([(key, items)]))
}
