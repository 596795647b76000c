//! Account archives: everything an account wrote, in one zip that any recipe-api instance on any
//! back-end can restore (`GET /users/me/export`, `POST /users/me/import`). The format is
//! documented in `docs/ARCHIVE.md` with its JSON Schema (`docs/archive.schema.json`); version 1.
//! Later versions only add: a reader takes any version and ignores what it does not know.
//!
//! ```text
//! manifest.json            {"format": "recipe-api-archive", "version": 1, "account": …, "recipes": [paths]}
//! recipes/<uid>.json       a schema.org Recipe (JSON-LD) plus "recipe_api": every field as stored
//! photos/<name>.jpg        the largest JPEG of each photo (re-processed like an upload on import)
//! ```
//!
//! Pure: building and reading the zip; the routes gather the data and restore it. Reading is
//! bounded — entries, each file's size and the total unpacked size — so a zip bomb costs no more
//! than an honest archive of the same size.

mod format;
mod read;
mod write;

pub use format::{
    ArchivedAccount, ArchivedFields, ArchivedPhoto, ArchivedRecipe, FORMAT, Manifest, VERSION,
};
pub use read::{Limits, Unpacked, UnpackedRecipe, unpack};
pub use write::{Packing, pack};

/// Why an archive cannot be read (→ 422 `invalid_archive`).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct InvalidArchive(pub String);
