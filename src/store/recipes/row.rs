//! The recipe as the store hands it out ([`Recipe`]), and the one way a recipe row is read.
//!
//! Every read of recipes selects [`COLUMNS`] and turns the row into a [`Recipe`] with
//! [`decode`], whichever driver read it: the ORM's rows (lists, searches, the point read on an
//! in-memory database), rusqlite's (the SQLite hot reads) or sqlx's (the PostgreSQL and MySQL
//! point read). Each of those row types only implements [`ReadColumn`] — "read column N as a
//! value of this type" — beside the driver it belongs to. Writes get their rows back from the
//! ORM as entity models, which [`From`] turns into the same [`Recipe`].

use chrono::{DateTime, Utc};
use sea_orm::{
    QueryResult,
    sqlx::{Row, mysql::MySqlRow, postgres::PgRow},
};

use crate::{
    domain::{RecipeId, UserId},
    store::{StoreError, entities::recipe},
};

/// A recipe.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipe {
    pub id: RecipeId,
    /// Its author (`None` only for rows of the original app that had none).
    pub user_id: Option<UserId>,
    pub name: String,
    pub description: Option<String>,
    pub num_of_servings: Option<i32>,
    /// Minutes.
    pub cook_time: Option<i32>,
    pub directions: Option<String>,
    pub is_publish: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Ingredient lines, newline-separated.
    pub ingredients: Option<String>,
    /// Normalised tags, newline-separated, sorted.
    pub tags: Option<String>,
    /// Raised by every change (the entity tag's version).
    pub version: i64,
}

/// The columns every recipe read selects, in the order [`decode`] reads them (`r` is the
/// recipe table).
pub(in crate::store) const COLUMNS: &str = "r.id, r.user_id, r.name, r.description, \
     r.num_of_servings, r.cook_time, r.directions, r.is_publish, r.created_at, r.updated_at, \
     r.ingredients, r.tags, r.version";

/// A row of one driver, read column by column (0-based, in the order of the `SELECT`).
pub(in crate::store) trait ReadColumn {
    fn int(&self, index: usize) -> Result<i64, StoreError>;
    fn optional_int(&self, index: usize) -> Result<Option<i64>, StoreError>;
    fn optional_int32(&self, index: usize) -> Result<Option<i32>, StoreError>;
    fn text(&self, index: usize) -> Result<String, StoreError>;
    fn optional_text(&self, index: usize) -> Result<Option<String>, StoreError>;
    fn flag(&self, index: usize) -> Result<bool, StoreError>;
    fn instant(&self, index: usize) -> Result<DateTime<Utc>, StoreError>;
}

/// The recipe of a row that selected [`COLUMNS`].
pub(in crate::store) fn decode(row: &impl ReadColumn) -> Result<Recipe, StoreError> {
    Ok(Recipe {
        id: RecipeId::stored(row.int(0)?),
        user_id: row.optional_int(1)?.map(UserId::stored),
        name: row.text(2)?,
        description: row.optional_text(3)?,
        num_of_servings: row.optional_int32(4)?,
        cook_time: row.optional_int32(5)?,
        directions: row.optional_text(6)?,
        is_publish: row.flag(7)?,
        created_at: row.instant(8)?,
        updated_at: row.instant(9)?,
        ingredients: row.optional_text(10)?,
        tags: row.optional_text(11)?,
        version: row.int(12)?,
    })
}

impl From<recipe::Model> for Recipe {
    fn from(row: recipe::Model) -> Self {
        Recipe {
            id: RecipeId::stored(row.id),
            user_id: row.user_id.map(UserId::stored),
            name: row.name,
            description: row.description,
            num_of_servings: row.num_of_servings,
            cook_time: row.cook_time,
            directions: row.directions,
            is_publish: row.is_publish,
            created_at: row.created_at,
            updated_at: row.updated_at,
            ingredients: row.ingredients,
            tags: row.tags,
            version: row.version,
        }
    }
}

/// Implements [`ReadColumn`] for row types whose method `$get(index)` reads any column type
/// (sea-orm's `try_get_by_index`, sqlx's `try_get`); each driver's error becomes a
/// [`StoreError`] as its other errors do.
macro_rules! read_columns {
    ($get:ident: $($row:ty),+) => {$(
        impl ReadColumn for $row {
            fn int(&self, index: usize) -> Result<i64, StoreError> {
                Ok(self.$get(index)?)
            }

            fn optional_int(&self, index: usize) -> Result<Option<i64>, StoreError> {
                Ok(self.$get(index)?)
            }

            fn optional_int32(&self, index: usize) -> Result<Option<i32>, StoreError> {
                Ok(self.$get(index)?)
            }

            fn text(&self, index: usize) -> Result<String, StoreError> {
                Ok(self.$get(index)?)
            }

            fn optional_text(&self, index: usize) -> Result<Option<String>, StoreError> {
                Ok(self.$get(index)?)
            }

            fn flag(&self, index: usize) -> Result<bool, StoreError> {
                Ok(self.$get(index)?)
            }

            fn instant(&self, index: usize) -> Result<DateTime<Utc>, StoreError> {
                Ok(self.$get(index)?)
            }
        }
    )+};
}

// The ORM's rows (lists and searches), and sqlx's (the point read on PostgreSQL and MySQL);
// rusqlite's reader is in `sqlite_reads`, as SQLite keeps timestamps as text.
read_columns!(try_get_by_index: QueryResult);
read_columns!(try_get: PgRow, MySqlRow);
