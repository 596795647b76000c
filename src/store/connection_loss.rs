//! Connections lost together: when one query finds its connection gone (the database
//! restarted, a proxy or the network dropped it), the pool's other idle connections opened
//! before that moment are gone too. The pool pings such a connection before handing it out,
//! and opens a new one in its place, so the first requests after an outage do not each meet
//! a dead connection and answer 503.
//!
//! Connections idle for long ([`super::connect`]'s threshold) are pinged anyway; a connection
//! in steady use is handed out without a ping, as before.

use std::{
    sync::{
        LazyLock,
        atomic::{AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

/// The process's reference instant for [`LAST_LOSS`].
static EPOCH: LazyLock<Instant> = LazyLock::new(Instant::now);

/// When a connection was last found lost, in milliseconds after [`EPOCH`] plus one (0: never).
/// One per process: a server holds one pool per back-end, and a ping too many is harmless.
static LAST_LOSS: AtomicU64 = AtomicU64::new(0);

fn millis_since_epoch(at: Instant) -> u64 {
    u64::try_from(at.saturating_duration_since(*EPOCH).as_millis()).unwrap_or(u64::MAX)
}

/// Records that a query found the database unreachable now.
pub(super) fn note_lost() {
    LAST_LOSS.fetch_max(millis_since_epoch(Instant::now()) + 1, Ordering::Relaxed);
}

/// True when a connection idle for `idle_for` went idle before (or when) a loss was last
/// found, so it may be dead too.
pub(super) fn idle_since_before_a_loss(idle_for: Duration) -> bool {
    let last = LAST_LOSS.load(Ordering::Relaxed);
    if last == 0 {
        return false;
    }
    let idle_since = Instant::now()
        .checked_sub(idle_for)
        .map_or(0, millis_since_epoch);
    // Millisecond resolution: a connection that went idle in the same millisecond counts as
    // older, so it is pinged rather than trusted.
    idle_since < last
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connections_idle_since_before_a_loss_are_suspect_and_newer_ones_are_not() {
        note_lost();
        assert!(idle_since_before_a_loss(Duration::from_secs(3600)));
        assert!(idle_since_before_a_loss(Duration::from_millis(5)));
        std::thread::sleep(Duration::from_millis(20));
        assert!(!idle_since_before_a_loss(Duration::from_millis(1)));
        assert!(idle_since_before_a_loss(Duration::from_millis(200)));
    }
}
