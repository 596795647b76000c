//! `AppState`: what every handler can reach — the store, the token keys, the password hasher
//! and the request-facing settings. Built once in `startup`, shared through axum's `State`.

use std::sync::Arc;

use crate::{
    auth::{PasswordHasher, TokenKeys},
    domain::{CursorKey, PasswordPolicy},
    media::Media,
    metrics::Metrics,
    outbound::Fetcher,
    rate_limits::RateLimits,
    store::Store,
};

/// Shared application state: one allocation, so a clone (axum makes several per request) is a
/// single reference count.
#[derive(Debug, Clone)]
pub struct AppState(Arc<Shared>);

impl AppState {
    /// The state holding `shared`.
    pub fn new(shared: Shared) -> Self {
        AppState(Arc::new(shared))
    }

    /// A handle that does not keep the state alive, for background tasks that end with the
    /// server.
    pub fn downgrade(&self) -> std::sync::Weak<Shared> {
        Arc::downgrade(&self.0)
    }
}

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// What [`AppState`] shares.
#[derive(Debug)]
pub struct Shared {
    /// The database.
    pub store: Store,
    /// JWT signing and verification.
    pub tokens: Arc<TokenKeys>,
    /// Signs list cursors (derived from the same secret as the tokens).
    pub cursors: CursorKey,
    /// Bounded argon2id hashing.
    pub hasher: PasswordHasher,
    /// Password length limits for registration.
    pub password_policy: PasswordPolicy,
    /// Matches a relevance search ranks (0: all).
    pub search_rank_window: u64,
    /// Answers to anonymous reads of published data (see `read_cache`).
    pub read_cache: Arc<crate::read_cache::ReadCache>,
    /// `CACHE_BUS`: change notices between instances over Redis (else PostgreSQL's `NOTIFY`).
    pub cache_bus: Option<Arc<crate::read_cache::CacheBus>>,
    /// Rate limiters.
    pub limits: Arc<RateLimits>,
    /// Request and resource metrics for `/metrics`.
    pub metrics: Metrics,
    /// Photo processing and the media store.
    pub media: Arc<Media>,
    /// The server's public origin (`PUBLIC_URL`), for absolute addresses in pages and JSON-LD;
    /// `None`: taken from each request's `Host`.
    pub public_url: Option<String>,
    /// Outgoing requests (recipe imports), under the strict fetch policy.
    pub fetcher: Fetcher,
    /// Largest account archive accepted by `POST /users/me/import`, in bytes.
    pub archive_max_bytes: u64,
    /// How far the background parse of older recipes' ingredient lines is.
    pub ingredient_parse: crate::store::ParseProgress,
    /// Outgoing mail: writing and sealing messages, waking the outbox worker.
    pub postbox: crate::mail::Postbox,
    /// How long a password reset link works.
    pub password_reset_ttl: std::time::Duration,
    /// How long an email verification link works.
    pub email_verification_ttl: std::time::Duration,
    /// Who may register.
    pub signup: crate::domain::SignupMode,
    /// Publishing needs a verified email address.
    pub require_verified_email_to_publish: bool,
}
