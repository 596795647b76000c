//! `AppState`: what every handler can reach — the store, the token keys, the password hasher
//! and the request-facing settings. Built once in `startup`, shared through axum's `State`.

use std::sync::Arc;

use crate::{
    auth::{PasswordHasher, TokenKeys},
    domain::{CursorKey, PasswordPolicy},
    metrics::Metrics,
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
    /// Rate limiters.
    pub limits: Arc<RateLimits>,
    /// Request and resource metrics for `/metrics`.
    pub metrics: Metrics,
}
