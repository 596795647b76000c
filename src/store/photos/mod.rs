//! Photos in the database: a recipe's cover and gallery, a user's avatar (`writes`), and the
//! bookkeeping of stored files that lets unused ones be removed safely (`files`).
//!
//! Each photo is an `image` row with one `image_file` row per stored file it uses. A recipe's
//! photos are also kept, as JSON, in `recipe.photos` (a user's avatar in `user.avatar`),
//! rewritten in the same transaction as every change of its photos, so every read of a recipe
//! carries them without another query. A change of a recipe's photos raises its `version`.

mod files;
mod writes;

pub use files::MediaLock;
pub use writes::{GalleryChange, NewPhoto, PhotoRole};

use sea_orm::DbErr;
use serde::{Serialize, de::DeserializeOwned};

use crate::store::StoreError;

/// Reads JSON kept in a column; a missing or unreadable value is the type's default (a broken
/// value must not make the recipe unreadable).
pub(in crate::store) fn decode_json<T: DeserializeOwned + Default>(raw: Option<&str>) -> T {
    match raw {
        None => T::default(),
        Some(json) => serde_json::from_str(json).unwrap_or_else(|err| {
            tracing::warn!(error = %err, "a stored photo list could not be read");
            T::default()
        }),
    }
}

/// `value` as JSON for a column.
fn to_json(value: &impl Serialize) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|err| StoreError::Other(DbErr::Custom(err.to_string())))
}
