//! Rate limits: every limit the server enforces ([`RateLimits`]), each a [`Limit`] applied per
//! key (a client address or an account's email) that allows `limit` requests per `window` with
//! bursts up to `limit`, and whom to believe about client addresses ([`ProxyRange`]).
//!
//! By default limits are kept in each server instance's memory ([`Limiter`]): with N instances
//! behind a load balancer a client can make up to N times the limit. With `RATE_LIMIT_STORE`
//! they are kept in Redis ([`SharedStore`]) and hold across every instance sharing it.

mod limit;
mod limiter;
mod proxies;
mod shared;

use std::{net::IpAddr, sync::Arc};

pub use limit::Limit;
pub use limiter::{Decision, Limiter, MAX_KEYS};
pub use proxies::{ProxyRange, client_key};
pub use shared::SharedStore;

/// Every limit the server enforces, and whom to believe about client addresses.
#[derive(Debug)]
pub struct RateLimits {
    /// Every route, per client address.
    pub general: Limit,
    /// Register, login, refresh, password change and reset, per client address.
    pub auth: Limit,
    /// Login attempts per account (per canonical email, registered or not).
    pub login_per_account: Limit,
    /// Password reset requests per address (per canonical email, registered or not).
    pub resets_per_address: Limit,
    /// Imports (from a page or an archive) per account.
    pub imports_per_account: Limit,
    /// New comments and changes of comments per account.
    pub comments_per_account: Limit,
    /// Proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<ProxyRange>,
    /// The Redis the limits are kept in, when there is one.
    pub store: Option<Arc<SharedStore>>,
}

impl RateLimits {
    /// Forgets idle keys of every limiter.
    pub fn forget_idle(&self) {
        self.general.forget_idle();
        self.auth.forget_idle();
        self.login_per_account.forget_idle();
        self.resets_per_address.forget_idle();
        self.imports_per_account.forget_idle();
        self.comments_per_account.forget_idle();
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
    use std::{num::NonZeroU32, time::Duration};

    use super::*;

    fn limits(trusted: &[&str]) -> RateLimits {
        let one = || {
            Limit::new(
                "test",
                Limiter::new(NonZeroU32::new(1).unwrap(), Duration::from_secs(60)),
                None,
            )
        };
        RateLimits {
            general: one(),
            auth: one(),
            login_per_account: one(),
            resets_per_address: one(),
            imports_per_account: one(),
            comments_per_account: one(),
            trusted_proxies: trusted.iter().map(|ip| ip.parse().unwrap()).collect(),
            store: None,
        }
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
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
}
