//! Client addresses: which proxies to believe about them, and the key a client is limited by.
//! Addresses are compared in their canonical form (an IPv4 peer of a dual-stack listener,
//! `::ffff:a.b.c.d`, is `a.b.c.d`), and an IPv6 client is limited by its /64 network, the
//! smallest block a host is normally given (so it cannot take a fresh allowance from each of
//! its 2^64 addresses).

use std::{
    net::{IpAddr, Ipv6Addr},
    str::FromStr,
};

use ipnet::IpNet;

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

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
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
