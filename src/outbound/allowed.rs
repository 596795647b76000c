//! Reading the operator's allowed networks (IMPORT_ALLOWED_HOSTS).
//!
//! Rules: items are separated by commas and/or whitespace; each is an IP address (a one-address
//! network; IPv6 may be bracketed) or a CIDR network, whose host bits are dropped. Host names
//! are not accepted: what a name resolves to can change, so only addresses can be allowed.

use ipnet::IpNet;
use std::net::IpAddr;

/// Parses IMPORT_ALLOWED_HOSTS: comma- or whitespace-separated IP addresses and CIDRs
/// ("127.0.0.1, 10.0.0.0/8, ::1"). Errors name the bad item. Empty text allows nothing extra.
pub fn parse_allowed(text: &str) -> Result<Vec<IpNet>, String> {
    text.split(|c: char| c == ',' || c.is_whitespace())
        .filter(|item| !item.is_empty())
        .map(parse_item)
        .collect()
}

fn parse_item(item: &str) -> Result<IpNet, String> {
    let bare = item
        .strip_prefix('[')
        .and_then(|rest| rest.strip_suffix(']'))
        .unwrap_or(item);
    if let Ok(addr) = bare.parse::<IpAddr>() {
        return Ok(IpNet::from(addr));
    }
    if let Ok(net) = item.parse::<IpNet>() {
        return Ok(net.trunc());
    }
    Err(format!(
        "\"{item}\" is not an IP address or CIDR network (such as 10.0.0.0/8); \
         host names cannot be allowed"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nets(list: &[&str]) -> Vec<IpNet> {
        list.iter().map(|n| n.parse().unwrap()).collect()
    }

    #[test]
    fn addresses_and_networks_are_read_with_any_separator() {
        let cases: &[(&str, &[&str])] = &[
            ("", &[]),
            ("  ,\n ", &[]),
            ("127.0.0.1", &["127.0.0.1/32"]),
            (
                "127.0.0.1, 10.0.0.0/8, ::1",
                &["127.0.0.1/32", "10.0.0.0/8", "::1/128"],
            ),
            (
                "192.168.1.0/24 fd00::/8\t[::1],,172.16.0.7",
                &["192.168.1.0/24", "fd00::/8", "::1/128", "172.16.0.7/32"],
            ),
            // Host bits are dropped rather than refused.
            ("10.1.2.3/8", &["10.0.0.0/8"]),
            ("0.0.0.0/0", &["0.0.0.0/0"]),
        ];
        for &(text, expected) in cases {
            assert_eq!(parse_allowed(text), Ok(nets(expected)), "{text:?}");
        }
    }

    #[test]
    fn a_bad_item_is_named() {
        for (text, bad) in [
            ("127.0.0.1, localhost", "localhost"),
            ("10.0.0.0/33", "10.0.0.0/33"),
            ("::1/129", "::1/129"),
            ("256.1.1.1", "256.1.1.1"),
            ("10.0.0.0/8;192.168.0.0/16", "10.0.0.0/8;192.168.0.0/16"),
            ("http://10.0.0.1/", "http://10.0.0.1/"),
            ("0x7f.1", "0x7f.1"),
        ] {
            let err = parse_allowed(text).expect_err(text);
            assert!(err.contains(&format!("\"{bad}\"")), "{text}: {err}");
        }
    }
}
