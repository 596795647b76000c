//! Domain types: values parsed at the edge of the system.
//!
//! Every type here has private fields and a `parse` constructor, so an invalid email, username,
//! password, recipe or page cannot exist past the HTTP layer. Parsing never touches the database.
//! Validation failures are reported per field as [`FieldErrors`].

mod cursor;
mod email;
mod field_errors;
mod ids;
mod ingredients;
mod listing;
mod page;
mod password;
mod personal_token;
mod recipe;
mod search;
mod tags;
mod username;
mod visibility;

pub use cursor::{CursorKey, Position, SortKey};
pub use email::Email;
pub use field_errors::{FieldErrors, required};
pub use ids::{PathId, RecipeId, SessionId, TokenId, UserId};
pub use ingredients::{join_lines, split_lines};
pub use listing::{ListRequest, RecipeFilter, Sort};
pub use page::{Page, PageParams};
pub use password::{Password, PasswordPolicy};
pub use personal_token::{NewToken, NewTokenInput, TokenScope};
pub use recipe::{RecipeChanges, RecipeFields, RecipeInput, RecipePatchInput};
pub use search::{SearchQuery, Term, is_cjk, search_text};
pub use tags::normalize_tag;
pub use username::Username;
pub use visibility::OwnRecipes;
