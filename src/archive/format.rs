//! The documents of an archive, as serde types. Unknown keys are ignored when reading, so a
//! later version's additions do not stop an older reader.

use serde::{Deserialize, Serialize};

/// `manifest.json`'s `format`.
pub const FORMAT: &str = "recipe-api-archive";
/// The version this build writes.
pub const VERSION: u32 = 1;

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
