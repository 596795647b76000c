//! Domain types: values parsed at the edge of the system.
//!
//! Every type here has private fields and a `parse` constructor, so an invalid email, username,
//! password, recipe or page cannot exist past the HTTP layer. Parsing never touches the database.
//! Validation failures are reported per field as [`FieldErrors`].

mod email;
mod field_errors;
mod ids;
mod page;
mod password;
mod personal_token;
mod recipe;
mod username;
mod visibility;

pub use email::Email;
pub use field_errors::{FieldErrors, required};
pub use ids::{PathId, RecipeId, SessionId, TokenId, UserId};
pub use page::{Page, PageParams};
pub use password::{Password, PasswordPolicy};
pub use personal_token::{NewToken, NewTokenInput, TokenScope};
pub use recipe::{RecipeChanges, RecipeFields, RecipeInput, RecipePatchInput};
pub use username::Username;
pub use visibility::OwnRecipes;
