//! SeaORM entities: one file per table, mirroring the schema the migrations create.
//!
//! Table and column names are the original app's (`user`, `recipe`, …) so that a database created
//! by the original can be adopted in place.

pub mod audit_event;
pub mod collection;
pub mod collection_recipe;
pub mod comment;
pub mod email_verification;
pub mod favorite;
pub mod follow;
pub mod image;
pub mod image_file;
pub mod invite;
pub mod media_object;
pub mod outbox_message;
pub mod password_reset;
pub mod personal_access_token;
pub mod rating;
pub mod recipe;
pub mod recipe_ingredient;
pub mod recipe_score_change;
pub mod recipe_tag;
pub mod refresh_token;
pub mod report;
pub mod revoked_token;
pub mod server_secret;
pub mod session;
pub mod tag;
pub mod user;
