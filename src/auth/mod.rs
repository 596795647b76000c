//! Authentication: password hashing, access tokens, and the extractor that turns a request's
//! `Authorization: Bearer` header into an authenticated [`AuthUser`].

mod extractor;
mod legacy_hash;
mod password;
pub mod refresh;
pub mod signing_key;
mod token;

pub use extractor::AuthUser;
pub use password::{PasswordCheck, PasswordHasher};
pub use token::{AccessClaims, TokenError, TokenKeys};
