//! The checks a URL passes before any connection is made: the first URL and every redirect's.
//!
//! Rules: at most [`MAX_URL_LEN`] characters; http or https only; no user name or password;
//! a host written as an IP address (in any spelling the WHATWG parser accepts: `2130706433`,
//! `0177.0.0.1`, `0x7f.1`, `127.1`, `[::ffff:127.0.0.1]` are all 127.0.0.1) is judged by
//! [`policy::check`] here, because the HTTP client connects to literals without resolving
//! them. Host names are judged by the checking resolver at connection time. No reason quotes
//! the URL, so credentials in it never reach a message.

use ipnet::IpNet;
use url::{Host, Url};

use super::policy::{self, Refusal};

/// The longest URL fetched, in bytes of its text.
pub const MAX_URL_LEN: usize = 2048;

/// Why a URL (the first one or a redirect's) is refused.
#[derive(Debug)]
pub enum Refused {
    /// Something about the URL itself; the text is the reason.
    Url(String),
    /// Its host is an IP address that is refused.
    Address(Refusal),
    /// Its host name resolves to an address that is refused.
    Resolved { host: String, refusal: Refusal },
    /// A redirect past the policy's most (the number).
    TooManyRedirects(u8),
}

impl Refused {
    /// The reason told to the client; `hop` 0 is the URL asked for, `n` the n-th redirect.
    pub fn message(&self, hop: usize) -> String {
        match (hop, self) {
            (_, Refused::TooManyRedirects(most)) => {
                format!("too many redirects (more than {most})")
            }
            (0, Refused::Url(reason)) => reason.clone(),
            (n, Refused::Url(reason)) => format!("redirect {n} is refused: {reason}"),
            (0, Refused::Address(refusal)) => refusal.to_string(),
            (n, Refused::Address(refusal)) => {
                format!("redirect {n} leads to {}", refusal.subject())
            }
            (0, Refused::Resolved { host, refusal }) => {
                format!("{host} resolves to {}", refusal.subject())
            }
            (n, Refused::Resolved { host, refusal }) => format!(
                "redirect {n} leads to {host}, which resolves to {}",
                refusal.subject()
            ),
        }
    }
}

/// Parses the URL asked for; [`check`] it before fetching.
pub fn parse(text: &str) -> Result<Url, Refused> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Refused::Url("the URL is empty".into()));
    }
    check_len(text.len())?;
    Url::parse(text).map_err(|e| Refused::Url(format!("the URL cannot be read: {e}")))
}

/// Everything that can be judged about `url` before connecting.
pub fn check(url: &Url, allowed: &[IpNet]) -> Result<(), Refused> {
    check_len(url.as_str().len())?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(Refused::Url(format!(
            "only http and https URLs can be fetched, not {}",
            url.scheme()
        )));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Refused::Url(
            "URLs with a user name or password cannot be fetched".into(),
        ));
    }
    let addr = match url.host() {
        Some(Host::Ipv4(v4)) => v4.into(),
        Some(Host::Ipv6(v6)) => v6.into(),
        // A name the parser did not take for an address cannot parse as one either; checked
        // all the same, since the client would connect to such a name without resolving it.
        Some(Host::Domain(name)) => match name.parse() {
            Ok(addr) => addr,
            Err(_) => return Ok(()),
        },
        None => return Err(Refused::Url("the URL has no host".into())),
    };
    policy::check(addr, allowed).map_err(Refused::Address)
}

fn check_len(len: usize) -> Result<(), Refused> {
    if len > MAX_URL_LEN {
        return Err(Refused::Url(format!(
            "the URL is longer than {MAX_URL_LEN} characters"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refusal(text: &str) -> String {
        let allowed = [];
        match parse(text) {
            Ok(url) => check(&url, &allowed).expect_err(text).message(0),
            Err(refused) => refused.message(0),
        }
    }

    /// Every spelling of 127.0.0.1 the WHATWG parser accepts is refused and named as 127.0.0.1.
    #[test]
    fn every_spelling_of_a_loopback_literal_is_refused_by_its_real_address() {
        for text in [
            "http://127.0.0.1/",
            "https://127.0.0.1:8443/x",
            "http://2130706433/",
            "http://0x7f000001/",
            "http://017700000001/",
            "http://0177.0.0.1/",
            "http://0x7f.1/",
            "http://0x7F.0.0.1/",
            "http://127.1/",
            "http://127.0.1/",
            "http://127.0.0.1./",
            "http://%31%32%37.0.0.1/",
            "http://\u{ff11}\u{ff12}\u{ff17}.0.0.1/",
            "http://127\u{3002}0.0.1/",
            "HTTP://127.0.0.1/",
            "http://[::ffff:127.0.0.1]/",
            "http://[::ffff:7f00:1]/",
            "http://[0:0:0:0:0:ffff:127.0.0.1]/",
            "http://[64:ff9b::127.0.0.1]/",
            "http://[2002:7f00:1::]/",
        ] {
            let reason = refusal(text);
            assert!(reason.contains("127.0.0.1"), "{text}: {reason}");
            assert!(reason.contains("a loopback address"), "{text}: {reason}");
        }
        for (text, named) in [
            ("http://[::1]/", "::1 is a loopback address"),
            (
                "http://[0:0:0:0:0:0:0:1]:8080/",
                "::1 is a loopback address",
            ),
            ("http://0/", "0.0.0.0 is an unspecified address"),
            ("http://[::]/", ":: is an unspecified address"),
            (
                "http://169.254.169.254/latest/",
                "169.254.169.254 is a link-local",
            ),
            ("http://[fd00:ec2::254]/", "fd00:ec2::254 is a unique-local"),
            ("http://10.0.0.1/", "10.0.0.1 is a private address"),
            ("http://0xa.1/", "10.0.0.1 is a private address"),
            ("http://3232235777/", "192.168.1.1 is a private address"),
        ] {
            assert_eq!(refusal(text).get(..named.len()), Some(named), "{text}");
        }
    }

    #[test]
    fn only_plain_http_and_https_urls_pass() {
        for (text, reason) in [
            ("", "the URL is empty"),
            ("   ", "the URL is empty"),
            (
                "ftp://example.com/",
                "only http and https URLs can be fetched, not ftp",
            ),
            (
                "file:///etc/passwd",
                "only http and https URLs can be fetched, not file",
            ),
            (
                "javascript:alert(1)",
                "only http and https URLs can be fetched",
            ),
            (
                "gopher://example.com/",
                "only http and https URLs can be fetched",
            ),
            (
                "example.com/recipe",
                "the URL cannot be read: relative URL without a base",
            ),
            ("http://", "the URL cannot be read: empty host"),
            ("http://exa mple.com/", "the URL cannot be read"),
            ("http://1.2.3.4.5/", "the URL cannot be read"),
            ("http://example.com:99999/", "the URL cannot be read"),
            (
                "http://user:pw@example.com/",
                "URLs with a user name or password",
            ),
            (
                "http://user@example.com/",
                "URLs with a user name or password",
            ),
            (
                "https://:secret@example.com/",
                "URLs with a user name or password",
            ),
        ] {
            let got = refusal(text);
            assert!(got.starts_with(reason), "{text:?}: {got}");
            assert!(!got.contains("secret") && !got.contains("pw"), "{got}");
        }
        let long = format!("https://example.com/{}", "a".repeat(MAX_URL_LEN));
        assert_eq!(refusal(&long), "the URL is longer than 2048 characters");
    }

    #[test]
    fn names_and_public_addresses_pass_with_any_port() {
        for text in [
            "http://example.com/",
            "https://example.com:8443/recipe?id=1#top",
            "http://93.184.216.34:81/",
            "http://[2606:4700:4700::1111]/",
            "https://xn--bcher-kva.example/",
        ] {
            let url = parse(text).unwrap();
            assert!(check(&url, &[]).is_ok(), "{text}");
        }
        let allowed = ["127.0.0.1/32".parse().unwrap()];
        assert!(check(&parse("http://127.0.0.1:9/").unwrap(), &allowed).is_ok());
        assert!(check(&parse("http://127.1/").unwrap(), &allowed).is_ok());
        assert!(check(&parse("http://[::1]/").unwrap(), &allowed).is_err());
    }

    #[test]
    fn redirect_reasons_name_the_hop() {
        let private = policy::check("10.0.0.5".parse().unwrap(), &[]).unwrap_err();
        assert_eq!(
            Refused::Address(private.clone()).message(3),
            "redirect 3 leads to 10.0.0.5, a private address"
        );
        assert_eq!(
            Refused::Resolved {
                host: "intranet.example".into(),
                refusal: private.clone()
            }
            .message(0),
            "intranet.example resolves to 10.0.0.5, a private address"
        );
        assert_eq!(
            Refused::Resolved {
                host: "intranet.example".into(),
                refusal: private
            }
            .message(2),
            "redirect 2 leads to intranet.example, which resolves to 10.0.0.5, a private address"
        );
        assert_eq!(
            Refused::TooManyRedirects(5).message(5),
            "too many redirects (more than 5)"
        );
    }
}
