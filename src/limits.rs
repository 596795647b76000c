//! Rate limits: in-memory GCRA limiters (the `governor` crate), one state per key (a client
//! address or an account's email), each allowing `limit` requests per `window` with bursts up to
//! `limit`.
//!
//! Memory is bounded whatever clients send:
//! - a key is stored as a 64-bit keyed hash (SipHash with a random key per limiter), never as the
//!   text the client sent, so a long key costs no more than a short one and nobody can aim two
//!   keys at one state;
//! - a limiter keeps at most `max_keys` states. Once full, requests with keys it does not hold
//!   share one overflow state with the same allowance, so a flood of new keys is limited as one
//!   client (it neither grows memory nor resets anybody's count), and the keys whose allowance
//!   is full again are dropped at once to make room (otherwise every minute).
//!
//! Client addresses are compared in their canonical form (an IPv4 peer of a dual-stack listener,
//! `::ffff:a.b.c.d`, is `a.b.c.d`), and an IPv6 client is limited by its /64 network, the
//! smallest block a host is normally given (so it cannot take a fresh allowance from each of
//! its 2^64 addresses).
//!
//! Limits are kept per server instance: with N instances behind a load balancer a client can
//! make up to N times the limit (see the README).

use std::{
    hash::{BuildHasher, Hash, RandomState},
    net::{IpAddr, Ipv6Addr},
    num::NonZeroU32,
    str::FromStr,
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
use ipnet::IpNet;

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

fn ceil_secs(duration: Duration) -> u64 {
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
        if self.overflowing.swap(false, Ordering::Relaxed) {
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

/// An address or network of reverse proxies (`10.0.0.2`, `10.0.0.0/8`, `fd00::/8`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProxyRange(IpNet);

impl ProxyRange {
    /// Whether `ip` (canonical) is in this range.
    pub fn contains(&self, ip: IpAddr) -> bool {
        self.0.contains(&ip)
    }
}

impl FromStr for ProxyRange {
    type Err = String;

    fn from_str(raw: &str) -> Result<Self, String> {
        let raw = raw.trim();
        let net = if raw.contains('/') {
            raw.parse::<IpNet>()
                .map_err(|_| format!("{raw:?} is not an IP address or CIDR network"))?
        } else {
            let ip = raw
                .parse::<IpAddr>()
                .map_err(|_| format!("{raw:?} is not an IP address or CIDR network"))?;
            IpNet::from(ip)
        };
        Ok(ProxyRange(canonical_net(net)))
    }
}

impl std::fmt::Display for ProxyRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// `net` with an IPv4-mapped IPv6 network (`::ffff:10.0.0.0/104`) written as IPv4, the form
/// addresses are compared in; host bits cleared.
fn canonical_net(net: IpNet) -> IpNet {
    if let IpNet::V6(v6) = net
        && let Some(v4) = v6.addr().to_ipv4_mapped()
        && v6.prefix_len() >= 96
    {
        return IpNet::new(IpAddr::V4(v4), v6.prefix_len() - 96)
            .expect("a prefix of at most 32 bits")
            .trunc();
    }
    net.trunc()
}

/// The key a client address is limited by: the canonical IPv4 address, or the /64 network of
/// an IPv6 address.
pub fn client_key(ip: IpAddr) -> IpAddr {
    match ip.to_canonical() {
        IpAddr::V6(v6) => {
            let network = u128::from(v6) & !(u128::from(u64::MAX));
            IpAddr::V6(Ipv6Addr::from(network))
        }
        v4 => v4,
    }
}

/// Every limit the server enforces, and whom to believe about client addresses.
#[derive(Debug)]
pub struct RateLimits {
    /// Every route, per client address.
    pub general: Limiter,
    /// Register, login, refresh and password change, per client address.
    pub auth: Limiter,
    /// Login attempts per account (per canonical email, registered or not).
    pub login_per_account: Limiter,
    /// Proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<ProxyRange>,
}

impl RateLimits {
    /// Forgets idle keys of every limiter.
    pub fn forget_idle(&self) {
        self.general.forget_idle();
        self.auth.forget_idle();
        self.login_per_account.forget_idle();
    }

    fn is_trusted(&self, ip: IpAddr) -> bool {
        self.trusted_proxies.iter().any(|range| range.contains(ip))
    }

    /// The client's address, canonical: the peer, or — when the peer is a trusted proxy — the
    /// rightmost `X-Forwarded-For` entry that is not itself a trusted proxy.
    pub fn client_ip(&self, peer: IpAddr, forwarded_for: Option<&str>) -> IpAddr {
        let peer = peer.to_canonical();
        if !self.is_trusted(peer) {
            return peer;
        }
        let Some(header) = forwarded_for else {
            return peer;
        };
        for hop in header.rsplit(',') {
            match hop.trim().parse::<IpAddr>().map(|ip| ip.to_canonical()) {
                Ok(ip) if self.is_trusted(ip) => continue,
                Ok(ip) => return ip,
                Err(_) => break, // garbage in the chain: trust nothing beyond it
            }
        }
        peer
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(trusted: &[&str]) -> RateLimits {
        let one = NonZeroU32::new(1).unwrap();
        RateLimits {
            general: Limiter::new(one, Duration::from_secs(60)),
            auth: Limiter::new(one, Duration::from_secs(60)),
            login_per_account: Limiter::new(one, Duration::from_secs(60)),
            trusted_proxies: trusted.iter().map(|ip| ip.parse().unwrap()).collect(),
        }
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

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

    #[test]
    fn forwarded_for_is_believed_only_from_trusted_proxies() {
        let peer = ip("10.0.0.2");
        let untrusted = limits(&[]);
        assert_eq!(untrusted.client_ip(peer, Some("203.0.113.9")), peer);
        let trusted = limits(&["10.0.0.2", "10.0.0.3"]);
        let client = ip("203.0.113.9");
        assert_eq!(trusted.client_ip(peer, Some("203.0.113.9")), client);
        assert_eq!(
            trusted.client_ip(peer, Some("198.51.100.1, 203.0.113.9, 10.0.0.3")),
            client
        );
        assert_eq!(trusted.client_ip(peer, Some("garbage, 10.0.0.3")), peer);
        assert_eq!(trusted.client_ip(peer, None), peer);
    }

    #[test]
    fn addresses_are_compared_canonically_and_proxies_may_be_networks() {
        let trusted = limits(&[
            "127.0.0.1",
            "10.0.0.0/8",
            "fd00::/8",
            "::ffff:192.0.2.0/120",
        ]);
        let client = ip("203.0.113.9");
        // An IPv4 peer on a dual-stack listener.
        assert_eq!(
            trusted.client_ip(ip("::ffff:127.0.0.1"), Some("203.0.113.9")),
            client
        );
        assert_eq!(
            trusted.client_ip(ip("10.20.30.40"), Some("203.0.113.9")),
            client
        );
        assert_eq!(
            trusted.client_ip(ip("fd12::1"), Some("203.0.113.9")),
            client
        );
        assert_eq!(
            trusted.client_ip(ip("192.0.2.77"), Some("203.0.113.9")),
            client
        );
        // Mapped addresses in the header are canonical too, and proxies in it are skipped.
        assert_eq!(
            trusted.client_ip(ip("10.0.0.1"), Some("::ffff:203.0.113.9, ::ffff:10.1.1.1")),
            client
        );
        // Not trusted: the peer, canonical.
        assert_eq!(
            trusted.client_ip(ip("::ffff:198.51.100.1"), Some("203.0.113.9")),
            ip("198.51.100.1")
        );
        assert!("10.0.0.0/33".parse::<ProxyRange>().is_err());
        assert!("proxy.local".parse::<ProxyRange>().is_err());
        assert_eq!(
            "::ffff:10.0.0.0/104"
                .parse::<ProxyRange>()
                .unwrap()
                .to_string(),
            "10.0.0.0/8"
        );
    }

    #[test]
    fn ipv6_clients_are_limited_by_their_64_network() {
        assert_eq!(
            client_key(ip("2001:db8:1:2:aaaa:bbbb:cccc:dddd")),
            ip("2001:db8:1:2::")
        );
        assert_eq!(client_key(ip("::ffff:192.0.2.1")), ip("192.0.2.1"));
        assert_eq!(client_key(ip("192.0.2.1")), ip("192.0.2.1"));
    }
}
