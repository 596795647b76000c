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
    domain::{Photos, RecipeId, UserId, split_lines},
    ingredients::{IngredientItem, MeasureSystem, PARSER_VERSION, parse_line},
    store::{StoreError, entities::recipe, photos::decode_json},
};

/// A recipe.
#[derive(Debug, Clone, PartialEq)]
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
    /// Its cover and gallery.
    pub photos: Photos,
    /// The page it was imported from.
    pub source_url: Option<String>,
    /// Its identity in account archives (32 hex digits; `None` only for rows written by
    /// another program into a shared database).
    pub uid: Option<String>,
    /// The ingredient lines, parsed (by this server's parser: rows parsed by another version
    /// are parsed again as they are read, until the background parse has rewritten them).
    pub ingredient_items: Vec<IngredientItem>,
    /// Whose spoons and cups the author means; `None`: assumed from the lines.
    pub measure_system: Option<MeasureSystem>,
    /// What the community made of it.
    pub community: Community,
    /// Why an administrator hid it, while hidden (it is then visible to its owner only).
    pub hidden_reason: Option<String>,
}

/// A recipe's community counters, kept by the store in the transaction of each change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Community {
    /// Users holding it among their favourites.
    pub favorite_count: i64,
    /// Ratings, and their stars in all.
    pub rating_count: i64,
    pub rating_sum: i64,
    /// The `rating` sort's score (see `domain::rating_score`).
    pub rating_score: i64,
    /// Comments.
    pub comment_count: i64,
}

/// The columns every recipe read selects, in the order [`decode`] reads them (`r` is the
/// recipe table).
pub(in crate::store) const COLUMNS: &str = "r.id, r.user_id, r.name, r.description, \
     r.num_of_servings, r.cook_time, r.directions, r.is_publish, r.created_at, r.updated_at, \
     r.ingredients, r.tags, r.version, r.photos, r.source_url, r.uid, r.ingredient_items, \
     r.ingredient_parser, r.measure_system, r.favorite_count, r.rating_count, r.rating_sum, \
     r.rating_score, r.comment_count, r.hidden_reason";

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
        photos: decode_json(row.optional_text(13)?.as_deref()),
        source_url: row.optional_text(14)?,
        uid: row.optional_text(15)?,
        ingredient_items: ingredient_items(
            row.optional_text(16)?.as_deref(),
            row.optional_int32(17)?,
            row.optional_text(10)?.as_deref(),
        ),
        measure_system: measure_system(row.optional_text(18)?.as_deref()),
        community: Community {
            favorite_count: row.int(19)?,
            rating_count: row.int(20)?,
            rating_sum: row.int(21)?,
            rating_score: row.int(22)?,
            comment_count: row.int(23)?,
        },
        hidden_reason: row.optional_text(24)?,
    })
}

/// A row's parsed ingredient lines: the stored ones when this parser wrote them, else the lines
/// parsed now.
fn ingredient_items(
    stored: Option<&str>,
    parser: Option<i32>,
    lines: Option<&str>,
) -> Vec<IngredientItem> {
    if parser == Some(PARSER_VERSION)
        && let Some(items) = stored.and_then(|json| serde_json::from_str(json).ok())
    {
        return items;
    }
    split_lines(lines)
        .iter()
        .map(|line| parse_line(line))
        .collect()
}

/// A stored measure system (an unknown value, written by a newer version, is "assumed").
fn measure_system(stored: Option<&str>) -> Option<MeasureSystem> {
    stored.and_then(MeasureSystem::from_id)
}

impl From<recipe::Model> for Recipe {
    fn from(row: recipe::Model) -> Self {
        let items = ingredient_items(
            row.ingredient_items.as_deref(),
            Some(row.ingredient_parser),
            row.ingredients.as_deref(),
        );
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
            photos: decode_json(row.photos.as_deref()),
            ingredient_items: items,
            measure_system: measure_system(row.measure_system.as_deref()),
            source_url: row.source_url,
            uid: row.uid,
            community: Community {
                favorite_count: row.favorite_count,
                rating_count: row.rating_count,
                rating_sum: row.rating_sum,
                rating_score: row.rating_score,
                comment_count: row.comment_count,
            },
            hidden_reason: row.hidden_reason,
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
