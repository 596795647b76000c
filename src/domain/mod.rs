//! Domain types: values parsed at the edge of the system, before anything acts on them.
//! Parsing never touches the database; validation failures are reported per field as
//! [`FieldErrors`].
//!
//! - Single values whose rules matter everywhere keep their field private and are made only by
//!   their `parse` (or, for ids of stored rows, by the store): [`Email`], [`Username`],
//!   [`Password`], the ids ([`RecipeId`], [`UserId`], [`SessionId`], [`TokenId`]), [`Page`],
//!   [`SearchQuery`]. An invalid one cannot exist past the HTTP layer.
//! - Parsed requests ([`RecipeFields`], [`RecipeChanges`], [`ListRequest`], [`NewToken`]) are
//!   plain structs whose public fields hold values that their `parse` already checked; the
//!   store trusts them and nothing else builds them.
//! - Rules that apply to text in several places are functions: a line or free text (`text`),
//!   tags ([`normalize_tag`]), ingredient lines, the canonical form of an email.
//! - Input types (`RecipeInput`, `RecipePatchInput`, `NewTokenInput`) are what serde reads
//!   before validation; their OpenAPI schemas are built in `http::contract::schemas` from the
//!   limits in [`input_limits`], so the document and the validation cannot drift apart.

mod audit;
mod collections;
mod community;
mod cursor;
mod email;
mod entity_tags;
mod field_errors;
mod ids;
mod ingredients;
pub mod json_int;
mod language;
mod list_scope;
mod listing;
mod page;
mod password;
mod personal_token;
mod photos;
mod recipe;
mod role;
mod sealing;
mod search;
mod signup;
mod tags;
mod text;
mod username;

pub use audit::{Actor, AuditAction, AuditTarget};
pub use collections::{
    COLLECTIONS_PER_ACCOUNT, CollectionChanges, CollectionFields, CollectionInput,
    CollectionPatchInput, RECIPES_PER_COLLECTION, Visibility, may_read, new_share_key,
    share_key_matches,
};
pub use community::{
    COMMENT_EDIT_WINDOW, CommentInput, PRIOR_STARS, PRIOR_VOTES, RatingInput, SCORE_SCALE,
    UNRATED_SCORE, rating_score,
};
pub use cursor::{CursorKey, Position, Ranking, ScoreMark, SortKey};
pub use email::{Email, canonical as canonical_email};
pub use entity_tags::{EntityTags, etag, stamp};
pub use field_errors::{FieldErrors, required};
pub use ids::{
    CollectionId, CommentId, ImageId, InviteId, PathId, RecipeId, ReportId, SessionId, TokenId,
    UserId,
};
pub use ingredients::{IngredientLinesInput, join_lines, parse_ingredients, split_lines};
pub use language::Language;
pub use list_scope::{ListScope, OwnRecipes};
pub use listing::{ListRequest, RecipeFilter, SCORE_CURSOR_LIFETIME, Sort, parse_int};
pub use page::{Page, PageParams};
pub use password::{Password, PasswordPolicy};
pub use personal_token::{NewToken, NewTokenInput, TokenScope};
pub use photos::{
    AltInput, GALLERY_MAX, ImageOrderInput, Photo, PhotoVariant, Photos, parse_alt, parse_order,
};
pub use recipe::{RecipeChanges, RecipeFields, RecipeInput, RecipePatchInput};
pub use role::Role;
pub use sealing::SealingKey;
pub use search::{SearchQuery, Term, is_cjk, search_text};
pub use signup::SignupMode;
pub use tags::normalize_tag;
pub use text::{escape_html, parse_free_text, parse_line};
pub use username::Username;

/// The limits of client input, as the OpenAPI document states them.
pub mod input_limits {
    pub use super::collections::{
        DESCRIPTION_MAX as COLLECTION_DESCRIPTION_MAX, NAME_MAX as COLLECTION_NAME_MAX,
    };
    pub use super::community::{COMMENT_MAX_CHARS, STARS};
    pub use super::cursor::CURSOR_MAX_LEN;
    pub use super::email::MAX_LEN as EMAIL_MAX_CHARS;
    pub use super::ingredients::{INGREDIENT_MAX_CHARS, INGREDIENTS_MAX};
    pub use super::listing::INGREDIENT_FILTERS_MAX;
    pub use super::page::MAX_LIMIT;
    pub use super::personal_token::{MAX_DAYS as TOKEN_MAX_DAYS, NAME_MAX as TOKEN_NAME_MAX};
    pub use super::photos::{ALT_MAX, GALLERY_MAX};
    pub use super::recipe::{
        COOK_TIME, DESCRIPTION_MAX, DIRECTIONS_MAX, NAME_MAX as RECIPE_NAME_MAX, SERVINGS,
    };
    pub use super::search::QUERY_MAX_CHARS;
    pub use super::tags::{TAG_MAX_CHARS, TAGS_PER_RECIPE};
    pub use super::username::MAX_USERNAME_CHARS;
    pub use crate::ingredients::TERM_MAX_CHARS as FOOD_TERM_MAX_CHARS;
}
