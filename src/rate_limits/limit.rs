//! One limit as the server applies it: kept in Redis when a shared store is configured (one
//! limit for every instance), else — and whenever Redis cannot answer — in this instance's
//! memory.

use std::{hash::Hash, sync::Arc};

use super::{Decision, Limiter, shared::SharedStore};

/// One named limit (the name keeps its keys apart from other limits' in the shared store).
#[derive(Debug)]
pub struct Limit {
    name: &'static str,
    local: Limiter,
    shared: Option<Arc<SharedStore>>,
}

impl Limit {
    /// The limit `local` describes, kept in `shared` when there is one.
    pub fn new(name: &'static str, local: Limiter, shared: Option<Arc<SharedStore>>) -> Limit {
        Limit {
            name,
            local,
            shared,
        }
    }

    /// Counts one request for `key` and says whether it may proceed.
    pub async fn check<K: Hash + Sync + ?Sized>(&self, key: &K) -> Decision {
        if let Some(store) = &self.shared {
            let (limit, window) = (self.local.limit(), self.local.window());
            if let Some(decision) = store.check(self.name, key, limit, window).await {
                return decision;
            }
        }
        self.local.check(key)
    }

    /// Forgets the in-memory keys whose allowance is full again.
    pub fn forget_idle(&self) {
        self.local.forget_idle();
    }
}
