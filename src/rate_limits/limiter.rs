//! One limit applied per key: an in-memory GCRA limiter (the `governor` crate) whose memory is
//! bounded whatever clients send:
//! - a key is stored as a 64-bit keyed hash (SipHash with a random key per limiter), never as the
//!   text the client sent, so a long key costs no more than a short one and nobody can aim two
//!   keys at one state;
//! - a limiter keeps at most `max_keys` states. Once full, requests with keys it does not hold
//!   share one overflow state with the same allowance, so a flood of new keys is limited as one
//!   client (it neither grows memory nor resets anybody's count), and the keys whose allowance
//!   is full again are dropped at once to make room (otherwise every minute).

use std::{
    hash::{BuildHasher, Hash, RandomState},
    num::NonZeroU32,
    sync::{
        Arc,
        atomic::{AtomicBool, AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

use dashmap::DashMap;
use governor::{
    Quota, RateLimiter,
    clock::{Clock, DefaultClock},
    middleware::{NoOpMiddleware, StateInformationMiddleware},
    nanos::Nanos,
    state::{InMemoryState, NotKeyed, StateStore, keyed::ShrinkableKeyedStateStore},
};

/// Keys one limiter keeps by default before new keys share its overflow state (about 3 MiB of
/// states; `RATE_LIMIT_MAX_KEYS`).
pub const MAX_KEYS: usize = 100_000;

/// One limit, applied per key.
pub struct Limiter {
    inner: RateLimiter<u64, BoundedStore, DefaultClock, StateInformationMiddleware>,
    overflowing: Arc<AtomicBool>,
    /// Milliseconds after `started` of the last sweep made because the limiter was full.
    last_sweep_ms: AtomicU64,
    started: Instant,
    hasher: RandomState,
    limit: u32,
    window: Duration,
    interval: Duration,
    clock: DefaultClock,
}

impl std::fmt::Debug for Limiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Limiter")
            .field("limit", &self.limit)
            .field("interval", &self.interval)
            .field("keys", &self.inner.len())
            .finish()
    }
}

/// The outcome of one check, with what the `RateLimit-*` headers report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decision {
    /// Requests allowed per window.
    pub limit: u32,
    /// Requests left right now.
    pub remaining: u32,
    /// Seconds until the allowance is full again.
    pub reset_secs: u64,
    /// `Some(seconds to wait)` when this request is refused.
    pub retry_after_secs: Option<u64>,
}

impl Decision {
    /// The stricter of two decisions that applied to one request: a refusal (the longer wait
    /// of two), else the one with fewer requests left (on a tie, the later reset).
    pub fn stricter(self, other: Decision) -> Decision {
        match (self.retry_after_secs, other.retry_after_secs) {
            (Some(a), Some(b)) => {
                if b > a {
                    other
                } else {
                    self
                }
            }
            (Some(_), None) => self,
            (None, Some(_)) => other,
            (None, None) => {
                if (other.remaining, std::cmp::Reverse(other.reset_secs))
                    < (self.remaining, std::cmp::Reverse(self.reset_secs))
                {
                    other
                } else {
                    self
                }
            }
        }
    }
}

/// Whole seconds, rounded up.
pub(super) fn ceil_secs(duration: Duration) -> u64 {
    duration.as_secs() + u64::from(duration.subsec_nanos() > 0)
}

impl Limiter {
    /// `limit` requests per `window` per key, at most [`MAX_KEYS`] keys.
    pub fn new(limit: NonZeroU32, window: Duration) -> Self {
        Self::with_max_keys(limit, window, MAX_KEYS)
    }

    /// `limit` requests per `window` per key, at most `max_keys` keys.
    pub fn with_max_keys(limit: NonZeroU32, window: Duration, max_keys: usize) -> Self {
        let interval = (window / limit.get()).max(Duration::from_nanos(1));
        let quota = Quota::with_period(interval)
            .expect("a non-zero period")
            .allow_burst(limit);
        let overflowing = Arc::new(AtomicBool::new(false));
        let store = BoundedStore {
            keys: DashMap::default(),
            overflow: InMemoryState::default(),
            max_keys: max_keys.max(1),
            overflowing: overflowing.clone(),
        };
        let clock = DefaultClock::default();
        Self {
            inner: RateLimiter::<_, _, _, NoOpMiddleware<_>>::new(quota, store, clock.clone())
                .with_middleware::<StateInformationMiddleware>(),
            overflowing,
            last_sweep_ms: AtomicU64::new(0),
            started: Instant::now(),
            hasher: RandomState::new(),
            limit: limit.get(),
            window,
            interval,
            clock,
        }
    }

    /// Counts one request for `key` and says whether it may proceed.
    pub fn check<K: Hash + ?Sized>(&self, key: &K) -> Decision {
        let decision = match self.inner.check_key(&self.hasher.hash_one(key)) {
            Ok(snapshot) => {
                let remaining = snapshot.remaining_burst_capacity();
                let used = self.limit.saturating_sub(remaining);
                Decision {
                    limit: self.limit,
                    remaining,
                    reset_secs: ceil_secs(self.interval * used),
                    retry_after_secs: None,
                }
            }
            Err(not_until) => {
                let wait = not_until.wait_time_from(self.clock.now());
                let retry = ceil_secs(wait).max(1);
                Decision {
                    limit: self.limit,
                    remaining: 0,
                    reset_secs: retry + ceil_secs(self.interval * (self.limit - 1)),
                    retry_after_secs: Some(retry),
                }
            }
        };
        // A plain load first: every request passes here, and a swap on every one would make
        // the cores fight over the flag's cache line even when the limiter is not full.
        if self.overflowing.load(Ordering::Relaxed)
            && self.overflowing.swap(false, Ordering::Relaxed)
        {
            self.sweep_when_full();
        }
        decision
    }

    /// Drops the keys whose allowance is full again, at most once a second, after a request
    /// found the limiter full.
    fn sweep_when_full(&self) {
        let now_ms = u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX);
        let last = self.last_sweep_ms.load(Ordering::Relaxed);
        if now_ms.saturating_sub(last) < 1_000 {
            return;
        }
        if self
            .last_sweep_ms
            .compare_exchange(last, now_ms, Ordering::Relaxed, Ordering::Relaxed)
            .is_ok()
        {
            self.inner.retain_recent();
        }
    }

    /// Forgets keys whose allowance is full again (bounded memory).
    pub fn forget_idle(&self) {
        self.inner.retain_recent();
        self.inner.shrink_to_fit();
    }

    /// Requests allowed per window.
    pub fn limit(&self) -> u32 {
        self.limit
    }

    /// The window the limit applies to.
    pub fn window(&self) -> Duration {
        self.window
    }

    /// Keys held now (the overflow state not counted).
    pub fn keys(&self) -> usize {
        self.inner.len()
    }
}

/// The states of one limiter: at most `max_keys` of them, then one shared overflow state.
struct BoundedStore {
    keys: DashMap<u64, InMemoryState>,
    overflow: InMemoryState,
    max_keys: usize,
    /// Set when a request used the overflow state.
    overflowing: Arc<AtomicBool>,
}

impl StateStore for BoundedStore {
    type Key = u64;

    fn measure_and_replace<T, F, E>(&self, key: &u64, f: F) -> Result<T, E>
    where
        F: Fn(Option<Nanos>) -> Result<(T, Nanos), E>,
    {
        if let Some(state) = self.keys.get(key) {
            return state.measure_and_replace(&NotKeyed::NonKey, f);
        }
        if self.keys.len() >= self.max_keys {
            self.overflowing.store(true, Ordering::Relaxed);
            return self.overflow.measure_and_replace(&NotKeyed::NonKey, f);
        }
        let state = self.keys.entry(*key).or_default();
        state.measure_and_replace(&NotKeyed::NonKey, f)
    }
}

impl ShrinkableKeyedStateStore<u64> for BoundedStore {
    fn retain_recent(&self, drop_below: Nanos) {
        ShrinkableKeyedStateStore::retain_recent(&self.keys, drop_below);
    }

    fn shrink_to_fit(&self) {
        self.keys.shrink_to_fit();
    }

    fn len(&self) -> usize {
        self.keys.len()
    }

    fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allows_the_burst_then_refuses_with_a_retry_time() {
        let limiter = Limiter::new(NonZeroU32::new(3).unwrap(), Duration::from_secs(60));
        let first = limiter.check("a");
        assert_eq!(
            (first.limit, first.remaining, first.retry_after_secs),
            (3, 2, None)
        );
        assert_eq!(first.reset_secs, 20);
        assert_eq!(limiter.check("a").remaining, 1);
        assert_eq!(limiter.check("a").remaining, 0);
        let refused = limiter.check("a");
        assert_eq!(refused.remaining, 0);
        let retry = refused.retry_after_secs.expect("refused");
        assert!((1..=20).contains(&retry), "{retry}");
        assert!(refused.reset_secs >= retry);
        // Keys are independent.
        assert_eq!(limiter.check("b").remaining, 2);
    }

    #[test]
    fn a_full_limiter_puts_new_keys_in_one_shared_state_and_keeps_the_old_ones() {
        let limiter =
            Limiter::with_max_keys(NonZeroU32::new(2).unwrap(), Duration::from_secs(60), 100);
        assert_eq!(limiter.check("old").remaining, 1);
        for n in 0..99 {
            limiter.check(&format!("key {n}"));
        }
        assert_eq!(limiter.keys(), 100);
        // Thousands of new keys: no new state, and together they get one allowance.
        let refused = (0..10_000)
            .filter(|n| {
                limiter
                    .check(&format!("new {n}"))
                    .retry_after_secs
                    .is_some()
            })
            .count();
        assert_eq!(refused, 10_000 - 2);
        assert!(limiter.keys() <= 100);
        // A key held before the flood keeps its own count.
        assert_eq!(limiter.check("old").remaining, 0);
    }

    #[test]
    fn keys_cost_the_same_whatever_their_length() {
        let limiter = Limiter::new(NonZeroU32::new(5).unwrap(), Duration::from_secs(60));
        let long = "x".repeat(1 << 20);
        assert_eq!(limiter.check(long.as_str()).remaining, 4);
        assert_eq!(limiter.check(long.as_str()).remaining, 3);
        assert_eq!(limiter.keys(), 1);
        assert!(std::mem::size_of::<(u64, InMemoryState)>() <= 16);
    }

    #[test]
    fn the_stricter_decision_is_the_refusal_or_the_one_with_less_left() {
        let decision = |remaining, reset_secs, retry_after_secs| Decision {
            limit: 10,
            remaining,
            reset_secs,
            retry_after_secs,
        };
        let ip = decision(9, 6, None);
        let account = decision(2, 720, None);
        assert_eq!(ip.stricter(account), account);
        assert_eq!(account.stricter(ip), account);
        let refused = decision(0, 900, Some(90));
        assert_eq!(ip.stricter(refused), refused);
        assert_eq!(refused.stricter(ip), refused);
        let longer = decision(0, 900, Some(300));
        assert_eq!(refused.stricter(longer), longer);
        assert_eq!(
            decision(3, 10, None)
                .stricter(decision(3, 20, None))
                .reset_secs,
            20
        );
    }
}
