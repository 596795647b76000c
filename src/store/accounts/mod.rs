//! Accounts in the database: users (`users`), login sessions and their refresh tokens
//! (`sessions`), password resets (`password_resets`), email verifications
//! (`email_verifications`), personal access tokens
//! (`personal_tokens`), revoked access tokens (`revocations`) and the signing secret instances
//! share (`secrets`).

mod email_verifications;
mod password_resets;
mod personal_tokens;
mod revocations;
mod secrets;
mod sessions;
mod users;

pub use email_verifications::{EmailChange, NewVerification, Verified};
pub use personal_tokens::PersonalToken;
pub(in crate::store) use sessions::revoke as end_sessions;
pub use sessions::{Refresh, Session};
pub use users::{Credentials, User};
