//! The documents of an archive, as serde types. Unknown keys are ignored when reading, so a
//! later version's additions do not stop an older reader.

use serde::{Deserialize, Serialize};

/// `manifest.json`'s `format`.
pub const FORMAT: &str = "recipe-api-archive";
/// The version this build writes: 2 added the community files, 3 the follows and collections
/// (see `docs/ARCHIVE.md`).
pub const VERSION: u32 = 3;

/// Whether `text` is a recipe's uid: 32 lower-case hex digits.
pub fn is_uid(text: &str) -> bool {
    text.len() == 32
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// `manifest.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    /// Always [`FORMAT`].
    pub format: String,
    /// [`VERSION`] when written here.
    pub version: u32,
    /// When the archive was made (RFC 3339).
    #[serde(default)]
    pub exported_at: Option<String>,
    /// What made it (`recipe-api/0.1.0`).
    #[serde(default)]
    pub generator: Option<String>,
    /// The account it came from.
    #[serde(default)]
    pub account: Option<ArchivedAccount>,
    /// The paths of the recipe documents, oldest recipe first.
    pub recipes: Vec<String>,
    /// The community files (since version 2; absent before).
    #[serde(default)]
    pub community: Option<CommunityFiles>,
}

/// `manifest.json`'s `community`: the paths of the files holding what the account did on
/// recipes (its own and others'). A file not named is read as empty.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct CommunityFiles {
    /// `community/favorites.json`.
    #[serde(default)]
    pub favorites: Option<String>,
    /// `community/ratings.json`.
    #[serde(default)]
    pub ratings: Option<String>,
    /// `community/comments.json` (for the account's records: never read on import).
    #[serde(default)]
    pub comments: Option<String>,
    /// `community/following.json` (since version 3; for the account's records: never read on
    /// import).
    #[serde(default)]
    pub following: Option<String>,
    /// `community/collections.json` (since version 3).
    #[serde(default)]
    pub collections: Option<String>,
}

/// The account an archive came from.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ArchivedAccount {
    pub username: Option<String>,
    /// The avatar's file in the archive.
    #[serde(default)]
    pub avatar: Option<String>,
}

/// A recipe's `recipe_api` section: every field as recipe-api stores it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ArchivedRecipe {
    /// The recipe's identity across archives (32 hex digits): restoring twice does not
    /// duplicate it.
    pub uid: String,
    #[serde(flatten)]
    pub fields: ArchivedFields,
    /// Published (true) or a draft.
    #[serde(default)]
    pub published: bool,
    /// RFC 3339.
    #[serde(default)]
    pub created_at: Option<String>,
    /// RFC 3339.
    #[serde(default)]
    pub updated_at: Option<String>,
    /// The page it was imported from.
    #[serde(default)]
    pub source_url: Option<String>,
    #[serde(default)]
    pub cover: Option<ArchivedPhoto>,
    #[serde(default)]
    pub images: Vec<ArchivedPhoto>,
}

/// The editable fields, as a client sends them (validated again on import).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ArchivedFields {
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub num_of_servings: Option<i64>,
    #[serde(default)]
    pub cook_time: Option<i64>,
    #[serde(default)]
    pub directions: Option<String>,
    #[serde(default)]
    pub ingredients: Vec<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    /// `"metric"`, `"us"` or `"korean"`; absent or null: assumed from the lines.
    #[serde(default)]
    pub measure_system: Option<String>,
}

/// A photo: its file in the archive and its description.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ArchivedPhoto {
    /// `photos/<name>.jpg`.
    pub file: String,
    #[serde(default)]
    pub alt: Option<String>,
}

/// A recipe a favourite, rating, comment or collection concerns, by its identity across servers (`uid`) and,
/// for a reader, as it was on the exporting server.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ArchivedMention {
    /// The recipe's `uid` (32 lower-case hex digits): what an import looks it up by.
    pub uid: String,
    /// Its id on the exporting server.
    #[serde(default)]
    pub id: Option<i64>,
    #[serde(default)]
    pub name: Option<String>,
    /// Its author's username (null for a recipe without an owner).
    #[serde(default)]
    pub author: Option<String>,
}

/// `community/favorites.json`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct FavoritesDocument {
    /// Oldest first.
    pub favorites: Vec<ArchivedFavorite>,
}

/// A recipe among the account's favourites.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ArchivedFavorite {
    pub recipe: ArchivedMention,
    /// RFC 3339.
    #[serde(default)]
    pub created_at: Option<String>,
}

/// `community/ratings.json`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct RatingsDocument {
    /// Oldest first.
    pub ratings: Vec<ArchivedRating>,
}

/// The account's rating of a recipe.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ArchivedRating {
    pub recipe: ArchivedMention,
    /// 1 to 5.
    pub stars: i64,
    /// RFC 3339.
    #[serde(default)]
    pub created_at: Option<String>,
    /// RFC 3339.
    #[serde(default)]
    pub updated_at: Option<String>,
}

/// `community/comments.json`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct CommentsDocument {
    /// Oldest first.
    pub comments: Vec<ArchivedComment>,
}

/// A comment the account wrote.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ArchivedComment {
    pub recipe: ArchivedMention,
    /// Plain text, as written.
    pub body: String,
    /// RFC 3339.
    #[serde(default)]
    pub created_at: Option<String>,
    /// RFC 3339; null when never changed.
    #[serde(default)]
    pub edited_at: Option<String>,
}

/// `community/following.json`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct FollowingDocument {
    /// Oldest first.
    pub following: Vec<ArchivedFollow>,
}

/// An account the account follows.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ArchivedFollow {
    pub user: ArchivedPerson,
    /// RFC 3339: since when.
    #[serde(default)]
    pub created_at: Option<String>,
}

/// An account as it was on the exporting server.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ArchivedPerson {
    /// Its id on the exporting server.
    #[serde(default)]
    pub id: Option<i64>,
    pub username: String,
}

/// `community/collections.json`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct CollectionsDocument {
    /// Oldest first.
    pub collections: Vec<ArchivedCollection>,
}

/// One of the account's collections, without its share key (a secret that opens it).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ArchivedCollection {
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    /// `"public"`, `"unlisted"` or `"private"`; absent: private.
    #[serde(default)]
    pub visibility: Option<String>,
    /// RFC 3339.
    #[serde(default)]
    pub created_at: Option<String>,
    /// RFC 3339.
    #[serde(default)]
    pub updated_at: Option<String>,
    /// Its recipes, in its order.
    #[serde(default)]
    pub recipes: Vec<ArchivedMention>,
}
