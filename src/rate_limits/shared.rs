//! Rate-limit state kept in Redis (`RATE_LIMIT_STORE=redis://…`), so that every instance
//! sharing it enforces one limit rather than one each. A check is one Lua script, run
//! atomically by Redis on Redis's own clock: GCRA, like the in-memory limiter, with the same
//! allowance (`limit` per `window`, bursts up to `limit`). A key's state is one string (its
//! theoretical arrival time) that expires once its allowance is full again, so Redis holds only
//! recent clients. Keys are stored as a SHA-256 of what identifies the client (an address, an
//! email), never as the text itself.
//!
//! Redis is never waited on for longer than [`TIMEOUT`]. When it cannot answer, the check falls
//! back to the instance's own in-memory limiter — the limit then holds per instance, as
//! without Redis (fail open to the per-instance limit, never to no limit) — and Redis is left
//! alone for [`PAUSE`] before it is asked again. Each fallback is counted
//! (`rate_limit_store_errors_total` on `/metrics`, with `rate_limit_store_up`), and the first of
//! each outage is logged as a warning, its recovery as information.

use std::{
    hash::{Hash, Hasher},
    sync::atomic::{AtomicBool, AtomicU64, Ordering},
    time::{Duration, Instant},
};

use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use sha2::{Digest, Sha256};

use super::limiter::{Decision, ceil_secs};

/// Longest a check waits for Redis.
pub const TIMEOUT: Duration = Duration::from_millis(250);
/// How long checks use the in-memory limiter after Redis failed to answer.
pub const PAUSE: Duration = Duration::from_secs(1);

/// GCRA in one step. KEYS[1]: the key's theoretical arrival time (µs since the epoch);
/// ARGV[1]: the emission interval (µs); ARGV[2]: the burst (the limit). Answers
/// `{allowed (0/1), µs until allowed, µs until the allowance is full}`.
const GCRA: &str = r"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then tat = now end
local new_tat = tat + interval
local allow_at = new_tat - burst * interval
if now < allow_at then
  return {0, allow_at - now, tat - now}
end
redis.call('SET', KEYS[1], string.format('%.0f', new_tat), 'PX', math.ceil((new_tat - now) / 1000))
return {1, 0, new_tat - now}
";

/// The Redis that limits are kept in, shared by every limiter of a server.
pub struct SharedStore {
    connection: ConnectionManager,
    script: redis::Script,
    /// Namespace of this deployment's keys (`RATE_LIMIT_PREFIX`).
    prefix: String,
    started: Instant,
    /// Milliseconds after `started` until which Redis is not asked.
    paused_until_ms: AtomicU64,
    errors: AtomicU64,
    down: AtomicBool,
}

impl std::fmt::Debug for SharedStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SharedStore")
            .field("prefix", &self.prefix)
            .field("errors", &self.errors.load(Ordering::Relaxed))
            .finish_non_exhaustive()
    }
}

/// What Redis answered a check.
type Answer = (u8, u64, u64);

impl SharedStore {
    /// A store on the Redis at `url` (`redis://[:password@]host[:port][/db]`). It connects
    /// lazily: a Redis that is down at start is a fallback to the in-memory limits, not an
    /// error.
    pub fn new(url: &str, prefix: &str) -> anyhow::Result<SharedStore> {
        let client = redis::Client::open(url)
            .map_err(|e| anyhow::anyhow!("RATE_LIMIT_STORE is not a usable Redis URL: {e}"))?;
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(TIMEOUT))
            .set_response_timeout(Some(TIMEOUT))
            .set_number_of_retries(1);
        let connection = ConnectionManager::new_lazy_with_config(client, config)
            .map_err(|e| anyhow::anyhow!("RATE_LIMIT_STORE: {e}"))?;
        Ok(SharedStore {
            connection,
            script: redis::Script::new(GCRA),
            prefix: prefix.to_owned(),
            started: Instant::now(),
            paused_until_ms: AtomicU64::new(0),
            errors: AtomicU64::new(0),
            down: AtomicBool::new(false),
        })
    }

    fn now_ms(&self) -> u64 {
        u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    /// Counts one request for `key` of limiter `name` (`limit` per `window`); `None` when Redis
    /// did not answer in time (the caller then uses its own limiter).
    pub async fn check(
        &self,
        name: &str,
        key: &(impl Hash + ?Sized),
        limit: u32,
        window: Duration,
    ) -> Option<Decision> {
        if self.now_ms() < self.paused_until_ms.load(Ordering::Relaxed) {
            return None;
        }
        let interval = (window / limit).max(Duration::from_micros(1));
        let interval_us = u64::try_from(interval.as_micros()).unwrap_or(u64::MAX);
        let redis_key = format!("{}:rl:{name}:{}", self.prefix, digest(key));
        let mut connection = self.connection.clone();
        let mut invocation = self.script.key(&redis_key);
        invocation.arg(interval_us).arg(limit);
        let answer =
            tokio::time::timeout(TIMEOUT, invocation.invoke_async::<Answer>(&mut connection)).await;
        match answer {
            Ok(Ok(answer)) => {
                if self.down.swap(false, Ordering::Relaxed) {
                    tracing::info!("the rate-limit store answers again: limits are shared");
                }
                Some(decision(answer, limit, interval))
            }
            Ok(Err(err)) => {
                self.failed(&err.to_string());
                None
            }
            Err(_) => {
                self.failed("no answer in time");
                None
            }
        }
    }

    fn failed(&self, error: &str) {
        self.errors.fetch_add(1, Ordering::Relaxed);
        let pause = u64::try_from(PAUSE.as_millis()).unwrap_or(u64::MAX);
        self.paused_until_ms
            .store(self.now_ms().saturating_add(pause), Ordering::Relaxed);
        if !self.down.swap(true, Ordering::Relaxed) {
            tracing::warn!(
                error,
                "the rate-limit store (RATE_LIMIT_STORE) does not answer: each instance limits \
                 on its own until it does"
            );
        }
    }

    /// Checks that fell back to the in-memory limiter since start.
    pub fn errors(&self) -> u64 {
        self.errors.load(Ordering::Relaxed)
    }

    /// Whether the last check reached Redis.
    pub fn is_up(&self) -> bool {
        !self.down.load(Ordering::Relaxed)
    }
}

/// The outcome of an answer, in the terms of the in-memory limiter's decisions.
fn decision((allowed, wait_us, full_us): Answer, limit: u32, interval: Duration) -> Decision {
    let full = Duration::from_micros(full_us);
    if allowed == 1 {
        let interval_us = interval.as_micros().max(1);
        let used = u32::try_from(u128::from(full_us).div_ceil(interval_us)).unwrap_or(limit);
        Decision {
            limit,
            remaining: limit.saturating_sub(used),
            reset_secs: ceil_secs(full),
            retry_after_secs: None,
        }
    } else {
        let retry = ceil_secs(Duration::from_micros(wait_us)).max(1);
        Decision {
            limit,
            remaining: 0,
            reset_secs: ceil_secs(full).max(retry),
            retry_after_secs: Some(retry),
        }
    }
}

/// The hex SHA-256 of `key` as `Hash` feeds it (the same on every instance), first 128 bits.
fn digest(key: &(impl Hash + ?Sized)) -> String {
    let mut hasher = DigestHasher(Sha256::new());
    key.hash(&mut hasher);
    let sum = hasher.0.finalize();
    sum[..16].iter().map(|b| format!("{b:02x}")).collect()
}

/// A `Hasher` that feeds SHA-256 (only `write` is used: `finish` is not a digest).
struct DigestHasher(Sha256);

impl Hasher for DigestHasher {
    fn write(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }

    fn finish(&self) -> u64 {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_digest_is_stable_and_tells_keys_apart() {
        assert_eq!(digest("a@example.com"), digest("a@example.com"));
        assert_ne!(digest("a@example.com"), digest("b@example.com"));
        assert_ne!(digest(&1_u64), digest(&2_u64));
        assert_eq!(digest("x").len(), 32);
    }

    #[test]
    fn answers_become_decisions_like_the_in_memory_limiter_s() {
        let interval = Duration::from_secs(6); // 10 a minute
        // The first request: one slot used, full again in 6 s.
        let first = decision((1, 0, 6_000_000), 10, interval);
        assert_eq!((first.remaining, first.reset_secs), (9, 6));
        assert_eq!(first.retry_after_secs, None);
        // The tenth: none left, full again in a minute.
        let tenth = decision((1, 0, 60_000_000), 10, interval);
        assert_eq!((tenth.remaining, tenth.reset_secs), (0, 60));
        // Refused: wait 2.5 s (3), full again in 58 s.
        let refused = decision((0, 2_500_000, 58_000_000), 10, interval);
        assert_eq!(refused.retry_after_secs, Some(3));
        assert_eq!((refused.remaining, refused.reset_secs), (0, 58));
    }
}
