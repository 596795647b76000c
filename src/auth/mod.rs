//! Authentication: password hashing, access tokens, and the extractor that turns a request's
//! `Authorization: Bearer` header into an authenticated [`AuthUser`] (an administrator: `AdminUser`).

mod access_token;
mod admin;
mod extractor;
mod legacy_hash;
pub mod opaque;
mod password;
pub mod signing_key;

pub use access_token::{AccessClaims, TokenError, TokenKeys};
pub use admin::AdminUser;
pub use extractor::{AuthUser, Credential, IfSignedIn, SessionUser};
pub use password::{PasswordCheck, PasswordHasher};
