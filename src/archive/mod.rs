//! Account archives: everything an account wrote, in one zip that any recipe-api instance on any
//! back-end can restore (`GET /users/me/export`, `POST /users/me/import`). The format is
//! documented in `docs/ARCHIVE.md` with its JSON Schema (`docs/archive.schema.json`); version 3
//! (version 2 and the follows and collections; version 2 is version 1 and the community files).
//! Later versions only add: a reader takes any version and ignores what it does not know; a file
//! the manifest does not name (an older version's archive) is read as empty.
//!
//! ```text
//! manifest.json               {"format": "recipe-api-archive", "version": 3, "account": …,
//!                              "recipes": [paths], "community": {"favorites": path, …}}
//! recipes/<uid>.json          a schema.org Recipe (JSON-LD) plus "recipe_api": every field stored
//! community/favorites.json    the account's favourites, each recipe by uid (+ id, name, author)
//! community/ratings.json      its ratings (stars) — both restored on import
//! community/comments.json     its comments: for the account's records, never re-posted
//! community/following.json    the accounts it follows: for its records, never restored
//! community/collections.json  its collections (never their share keys), each recipe by uid:
//!                              restored on import
//! photos/<name>.jpg           the largest JPEG of each photo (re-processed like an upload)
//! ```
//!
//! Pure: building and reading the zip; the routes gather the data and restore it. Reading is
//! bounded — entries, each file's size and the total unpacked size — so a zip bomb costs no more
//! than an honest archive of the same size.

mod format;
mod read;
mod write;

pub use format::{
    ArchivedAccount, ArchivedCollection, ArchivedComment, ArchivedFavorite, ArchivedFields,
    ArchivedFollow, ArchivedMention, ArchivedPerson, ArchivedPhoto, ArchivedRating, ArchivedRecipe,
    CollectionsDocument, CommentsDocument, CommunityFiles, FORMAT, FavoritesDocument,
    FollowingDocument, Manifest, RatingsDocument, VERSION, is_uid,
};
pub use read::{Limits, Unpacked, UnpackedRecipe, unpack};
pub use write::{Packing, pack};

/// Why an archive cannot be read (→ 422 `invalid_archive`).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct InvalidArchive(pub String);
