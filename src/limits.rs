//! Rate limits: in-memory GCRA limiters (the `governor` crate), one state per key (a client IP
//! or an account's email), each allowing `limit` requests per `window` with bursts up to `limit`.
//!
//! Limits are kept per server instance: with N instances behind a load balancer a client can
//! make up to N times the limit (see the README).

use std::{net::IpAddr, num::NonZeroU32, time::Duration};

use governor::{
    DefaultKeyedRateLimiter, Quota,
    clock::{Clock, DefaultClock},
    middleware::StateInformationMiddleware,
};

/// One limit, applied per key.
pub struct Limiter {
    inner: DefaultKeyedRateLimiter<String, StateInformationMiddleware>,
    limit: u32,
    interval: Duration,
    clock: DefaultClock,
}

impl std::fmt::Debug for Limiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Limiter")
            .field("limit", &self.limit)
            .field("interval", &self.interval)
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

fn ceil_secs(duration: Duration) -> u64 {
    duration.as_secs() + u64::from(duration.subsec_nanos() > 0)
}

impl Limiter {
    /// `limit` requests per `window` per key.
    pub fn new(limit: NonZeroU32, window: Duration) -> Self {
        let interval = (window / limit.get()).max(Duration::from_nanos(1));
        let quota = Quota::with_period(interval)
            .expect("a non-zero period")
            .allow_burst(limit);
        Self {
            inner: DefaultKeyedRateLimiter::dashmap(quota)
                .with_middleware::<StateInformationMiddleware>(),
            limit: limit.get(),
            interval,
            clock: DefaultClock::default(),
        }
    }

    /// Counts one request for `key` and says whether it may proceed.
    pub fn check(&self, key: &str) -> Decision {
        match self.inner.check_key(&key.to_owned()) {
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
        }
    }

    /// Forgets keys whose allowance is full again (bounded memory).
    pub fn forget_idle(&self) {
        self.inner.retain_recent();
        self.inner.shrink_to_fit();
    }
}

/// Every limit the server enforces, and whom to believe about client addresses.
#[derive(Debug)]
pub struct RateLimits {
    /// Every route, per client IP.
    pub general: Limiter,
    /// Register, login, refresh and password change, per client IP.
    pub auth: Limiter,
    /// Login attempts per account (per submitted email, known or not).
    pub login_per_account: Limiter,
    /// Proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<IpAddr>,
}

impl RateLimits {
    /// Forgets idle keys of every limiter.
    pub fn forget_idle(&self) {
        self.general.forget_idle();
        self.auth.forget_idle();
        self.login_per_account.forget_idle();
    }

    /// The client's address: the peer, or — when the peer is a trusted proxy — the rightmost
    /// `X-Forwarded-For` entry that is not itself a trusted proxy.
    pub fn client_ip(&self, peer: IpAddr, forwarded_for: Option<&str>) -> IpAddr {
        if !self.trusted_proxies.contains(&peer) {
            return peer;
        }
        let Some(header) = forwarded_for else {
            return peer;
        };
        let hops: Vec<Option<IpAddr>> = header
            .split(',')
            .map(|hop| hop.trim().parse().ok())
            .collect();
        for hop in hops.iter().rev() {
            match hop {
                Some(ip) if self.trusted_proxies.contains(ip) => continue,
                Some(ip) => return *ip,
                None => break, // garbage in the chain: trust nothing beyond it
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
    fn forwarded_for_is_believed_only_from_trusted_proxies() {
        let peer: IpAddr = "10.0.0.2".parse().unwrap();
        let untrusted = limits(&[]);
        assert_eq!(untrusted.client_ip(peer, Some("203.0.113.9")), peer);
        let trusted = limits(&["10.0.0.2", "10.0.0.3"]);
        let client: IpAddr = "203.0.113.9".parse().unwrap();
        assert_eq!(trusted.client_ip(peer, Some("203.0.113.9")), client);
        assert_eq!(
            trusted.client_ip(peer, Some("198.51.100.1, 203.0.113.9, 10.0.0.3")),
            client
        );
        assert_eq!(trusted.client_ip(peer, Some("garbage, 10.0.0.3")), peer);
        assert_eq!(trusted.client_ip(peer, None), peer);
    }
}
