//! Which addresses an outgoing request may reach.
//!
//! Rules:
//! - Only global unicast addresses are reachable. Loopback, private, link-local, unique-local,
//!   multicast, unspecified, broadcast, carrier-grade NAT, benchmarking, documentation, IETF
//!   protocol, reserved and site-local ranges are refused, and so is every IPv6 address outside
//!   2000::/3 that is not one of the forms below.
//! - IPv6 forms that carry an IPv4 address (IPv4-mapped, IPv4-translated, IPv4-compatible,
//!   NAT64, 6to4) are judged by the IPv4 address they carry. Teredo is refused outright: it
//!   tunnels to an IPv4 endpoint the address hides.
//! - An operator's allowed networks override a refusal: an address inside one of them, or an
//!   IPv6 form whose carried IPv4 address is inside one, is permitted.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use ipnet::{IpNet, Ipv4Net, Ipv6Net};

/// Why an address is refused; its `Display` reads "127.0.0.1 is a loopback address".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    /// The address as it was resolved or written.
    pub addr: IpAddr,
    /// For IPv6 forms that carry an IPv4 address: that form and address.
    pub carried: Option<Carried>,
    /// What kind of address it is (of the carried one, if any): "a loopback address".
    pub kind: &'static str,
}

/// An IPv4 address carried inside an IPv6 one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Carried {
    /// "an IPv4-mapped", "a NAT64" …: completed with " address of …".
    pub form: &'static str,
    /// The IPv4 address it carries: the real destination.
    pub ipv4: Ipv4Addr,
}

impl Refusal {
    /// The address with what it is, for the middle of a sentence:
    /// "10.0.0.5, a private address" or
    /// "::ffff:127.0.0.1, an IPv4-mapped address of 127.0.0.1, a loopback address".
    pub fn subject(&self) -> String {
        format!("{}, {}", self.addr, self.description())
    }

    fn description(&self) -> String {
        match self.carried {
            None => self.kind.to_owned(),
            Some(Carried { form, ipv4 }) => format!("{form} address of {ipv4}, {}", self.kind),
        }
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} is {}", self.addr, self.description())
    }
}

/// `Ok` when an outgoing request may reach `addr`, otherwise why not.
pub fn check(addr: IpAddr, allowed: &[IpNet]) -> Result<(), Refusal> {
    let refusal = match addr {
        IpAddr::V4(v4) => v4_kind(v4).map(|kind| Refusal {
            addr,
            carried: None,
            kind,
        }),
        IpAddr::V6(v6) => v6_refusal(v6),
    };
    let Some(refusal) = refusal else {
        return Ok(());
    };
    let carried = refusal.carried.map(|c| IpAddr::V4(c.ipv4));
    let overridden = allowed
        .iter()
        .any(|net| net.contains(&addr) || carried.is_some_and(|c| net.contains(&c)));
    if overridden { Ok(()) } else { Err(refusal) }
}

const fn v4(a: u8, b: u8, c: u8, d: u8, len: u8) -> Ipv4Net {
    Ipv4Net::new_assert(Ipv4Addr::new(a, b, c, d), len)
}

/// Refused IPv4 networks, first match wins (the broadcast address sits inside 240/4).
const REFUSED_V4: &[(Ipv4Net, &str)] = &[
    (v4(0, 0, 0, 0, 8), "an unspecified address"),
    (v4(10, 0, 0, 0, 8), "a private address"),
    (v4(100, 64, 0, 0, 10), "a carrier-grade NAT address"),
    (v4(127, 0, 0, 0, 8), "a loopback address"),
    (v4(169, 254, 0, 0, 16), "a link-local address"),
    (v4(172, 16, 0, 0, 12), "a private address"),
    (v4(192, 0, 0, 0, 24), "an IETF protocol assignment address"),
    (v4(192, 0, 2, 0, 24), "a documentation address"),
    (v4(192, 168, 0, 0, 16), "a private address"),
    (v4(198, 18, 0, 0, 15), "a benchmarking address"),
    (v4(198, 51, 100, 0, 24), "a documentation address"),
    (v4(203, 0, 113, 0, 24), "a documentation address"),
    (v4(224, 0, 0, 0, 4), "a multicast address"),
    (v4(255, 255, 255, 255, 32), "the broadcast address"),
    (v4(240, 0, 0, 0, 4), "a reserved address"),
];

fn v4_kind(addr: Ipv4Addr) -> Option<&'static str> {
    REFUSED_V4
        .iter()
        .find(|(net, _)| net.contains(&addr))
        .map(|&(_, kind)| kind)
}

const fn v6(segments: [u16; 8], len: u8) -> Ipv6Net {
    let [a, b, c, d, e, f, g, h] = segments;
    Ipv6Net::new_assert(Ipv6Addr::new(a, b, c, d, e, f, g, h), len)
}

/// The global unicast range; anything outside it that is not listed below is reserved.
const GLOBAL_UNICAST: Ipv6Net = v6([0x2000, 0, 0, 0, 0, 0, 0, 0], 3);

/// Refused IPv6 networks, after the unspecified and loopback addresses and the forms that carry
/// an IPv4 address have been judged.
const REFUSED_V6: &[(Ipv6Net, &str)] = &[
    (
        v6([0x64, 0xff9b, 1, 0, 0, 0, 0, 0], 48),
        "a local-use NAT64 address",
    ),
    (
        v6([0x100, 0, 0, 0, 0, 0, 0, 0], 64),
        "a discard-only address",
    ),
    (v6([0x2001, 0, 0, 0, 0, 0, 0, 0], 32), "a Teredo address"),
    (
        v6([0x2001, 2, 0, 0, 0, 0, 0, 0], 48),
        "a benchmarking address",
    ),
    (
        v6([0x2001, 0xdb8, 0, 0, 0, 0, 0, 0], 32),
        "a documentation address",
    ),
    (
        v6([0x3fff, 0, 0, 0, 0, 0, 0, 0], 20),
        "a documentation address",
    ),
    (
        v6([0xfc00, 0, 0, 0, 0, 0, 0, 0], 7),
        "a unique-local address",
    ),
    (
        v6([0xfe80, 0, 0, 0, 0, 0, 0, 0], 10),
        "a link-local address",
    ),
    (
        v6([0xfec0, 0, 0, 0, 0, 0, 0, 0], 10),
        "a site-local address",
    ),
    (v6([0xff00, 0, 0, 0, 0, 0, 0, 0], 8), "a multicast address"),
];

fn v6_refusal(addr: Ipv6Addr) -> Option<Refusal> {
    let refused = |kind| {
        Some(Refusal {
            addr: IpAddr::V6(addr),
            carried: None,
            kind,
        })
    };
    if addr.is_unspecified() {
        return refused("an unspecified address");
    }
    if addr.is_loopback() {
        return refused("a loopback address");
    }
    if let Some(carried) = carried_ipv4(addr) {
        return v4_kind(carried.ipv4).map(|kind| Refusal {
            addr: IpAddr::V6(addr),
            carried: Some(carried),
            kind,
        });
    }
    if let Some(&(_, kind)) = REFUSED_V6.iter().find(|(net, _)| net.contains(&addr)) {
        return refused(kind);
    }
    if !GLOBAL_UNICAST.contains(&addr) {
        return refused("a reserved address");
    }
    None
}

/// The IPv4 address an IPv6 address carries, for the forms whose destination it is.
fn carried_ipv4(addr: Ipv6Addr) -> Option<Carried> {
    let s = addr.segments();
    let ipv4 = |hi: u16, lo: u16| Ipv4Addr::from((u32::from(hi) << 16) | u32::from(lo));
    let form = match s {
        [0, 0, 0, 0, 0, 0xffff, ..] => "an IPv4-mapped",
        [0, 0, 0, 0, 0xffff, 0, ..] => "an IPv4-translated",
        // `::` and `::1` were judged before.
        [0, 0, 0, 0, 0, 0, ..] => "an IPv4-compatible",
        [0x64, 0xff9b, 0, 0, 0, 0, ..] => "a NAT64",
        [0x2002, hi, lo, ..] => {
            return Some(Carried {
                form: "a 6to4",
                ipv4: ipv4(hi, lo),
            });
        }
        _ => return None,
    };
    Some(Carried {
        form,
        ipv4: ipv4(s[6], s[7]),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn net(text: &str) -> IpNet {
        text.parse().unwrap()
    }

    /// Every refused range with a refused example (and the kind named), plus neighbours that
    /// are reachable.
    #[test]
    fn addresses_are_classified_by_range() {
        let refused: &[(&str, &str)] = &[
            ("0.0.0.0", "unspecified"),
            ("0.255.1.2", "unspecified"),
            ("10.0.0.5", "private"),
            ("10.255.255.255", "private"),
            ("100.64.0.1", "carrier-grade NAT"),
            ("100.127.255.254", "carrier-grade NAT"),
            ("127.0.0.1", "loopback"),
            ("127.255.0.9", "loopback"),
            ("169.254.169.254", "link-local"),
            ("172.16.0.1", "private"),
            ("172.31.255.255", "private"),
            ("192.0.0.8", "IETF protocol"),
            ("192.0.2.10", "documentation"),
            ("192.168.1.1", "private"),
            ("198.18.0.1", "benchmarking"),
            ("198.19.255.255", "benchmarking"),
            ("198.51.100.7", "documentation"),
            ("203.0.113.9", "documentation"),
            ("224.0.0.1", "multicast"),
            ("239.255.255.250", "multicast"),
            ("240.0.0.1", "reserved"),
            ("255.255.255.254", "reserved"),
            ("255.255.255.255", "broadcast"),
            ("::", "unspecified"),
            ("::1", "loopback"),
            (
                "::ffff:127.0.0.1",
                "IPv4-mapped address of 127.0.0.1, a loopback",
            ),
            (
                "::ffff:10.1.2.3",
                "IPv4-mapped address of 10.1.2.3, a private",
            ),
            (
                "::ffff:0:192.168.0.1",
                "IPv4-translated address of 192.168.0.1",
            ),
            (
                "::127.0.0.1",
                "IPv4-compatible address of 127.0.0.1, a loopback",
            ),
            ("::2", "IPv4-compatible address of 0.0.0.2, an unspecified"),
            ("64:ff9b::10.0.0.1", "NAT64 address of 10.0.0.1, a private"),
            ("64:ff9b:1::1", "local-use NAT64"),
            ("100::1", "discard-only"),
            ("2001::1", "Teredo"),
            ("2001:2::1", "benchmarking"),
            ("2001:db8::1", "documentation"),
            ("3fff::1", "documentation"),
            ("2002:7f00:1::1", "6to4 address of 127.0.0.1, a loopback"),
            (
                "2002:a9fe:a9fe::",
                "6to4 address of 169.254.169.254, a link-local",
            ),
            ("fc00::1", "unique-local"),
            ("fd12:3456::1", "unique-local"),
            ("fe80::1", "link-local"),
            ("febf::1", "link-local"),
            ("fec0::1", "site-local"),
            ("ff02::1", "multicast"),
            ("4000::1", "reserved"),
            ("1::1", "reserved"),
        ];
        for &(text, kind) in refused {
            let addr: IpAddr = text.parse().unwrap();
            let refusal = check(addr, &[]).expect_err(text);
            assert!(
                refusal.to_string().contains(kind),
                "{text}: {refusal} does not name {kind}"
            );
            assert!(refusal.to_string().starts_with(&addr.to_string()));
        }
        let reachable = [
            "1.1.1.1",
            "8.8.8.8",
            "9.255.255.255",
            "11.0.0.1",
            "100.63.255.255",
            "100.128.0.0",
            "126.255.255.255",
            "128.0.0.1",
            "169.253.255.255",
            "172.15.255.255",
            "172.32.0.0",
            "192.0.1.1",
            "192.167.255.255",
            "192.169.0.0",
            "198.17.255.255",
            "198.20.0.0",
            "223.255.255.255",
            "2606:4700:4700::1111",
            "2a00:1450:4001::200e",
            "::ffff:93.184.216.34",
            "::93.184.216.34",
            "64:ff9b::93.184.216.34",
            "2002:5db8:d822::1",
            "2001:4860:4860::8888",
        ];
        for text in reachable {
            assert_eq!(check(text.parse().unwrap(), &[]), Ok(()), "{text}");
        }
    }

    #[test]
    fn allowed_networks_override_a_refusal_and_nothing_else() {
        let allowed = [net("127.0.0.1/32"), net("10.0.0.0/8"), net("fd00::/8")];
        for text in [
            "127.0.0.1",
            "10.0.0.5",
            "10.200.1.1",
            "fd12::1",
            "::ffff:127.0.0.1",
            "::ffff:10.9.9.9",
            "64:ff9b::10.0.0.1",
            "1.1.1.1",
        ] {
            assert_eq!(check(text.parse().unwrap(), &allowed), Ok(()), "{text}");
        }
        for text in [
            "127.0.0.2",
            "::1",
            "172.16.0.1",
            "192.168.0.1",
            "fc00::1",
            "169.254.169.254",
        ] {
            assert!(check(text.parse().unwrap(), &allowed).is_err(), "{text}");
        }
    }

    #[test]
    fn a_refusal_names_the_address_and_what_it_carries() {
        let plain = check("10.0.0.5".parse().unwrap(), &[]).unwrap_err();
        assert_eq!(plain.to_string(), "10.0.0.5 is a private address");
        assert_eq!(plain.subject(), "10.0.0.5, a private address");
        let mapped = check("::ffff:127.0.0.1".parse().unwrap(), &[]).unwrap_err();
        assert_eq!(
            mapped.to_string(),
            "::ffff:127.0.0.1 is an IPv4-mapped address of 127.0.0.1, a loopback address"
        );
    }
}
