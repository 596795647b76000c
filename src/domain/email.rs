//! `Email`: a syntactically valid address, normalised for storage and comparison.
//!
//! Rules: surrounding whitespace is ignored; syntax is checked by the `email_address` crate
//! (RFC 5322 addr-spec, no display names, no IP-literal domains, a domain with at least two
//! labels as in `example.com`); at most 254 characters; the stored form is lower-case, so
//! uniqueness is case-insensitive.

use email_address::{EmailAddress, Options};

/// Longest address SMTP can carry (RFC 5321 path limit minus the angle brackets).
pub const MAX_LEN: usize = 254;

/// A normalised (lower-case, trimmed) email address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    /// Parses and normalises `raw`, or explains why it is not an address.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err("must not be empty".into());
        }
        if trimmed.chars().count() > MAX_LEN {
            return Err(format!("must be at most {MAX_LEN} characters"));
        }
        let options = Options::default()
            .with_minimum_sub_domains(2)
            .without_domain_literal()
            .without_display_text();
        EmailAddress::parse_with_options(trimmed, options)
            .map_err(|e| format!("is not a valid email address: {e}"))?;
        Ok(Self(trimmed.to_lowercase()))
    }

    /// The normalised address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_and_lowercases_a_plain_address() {
        let email = Email::parse("  Kim.MinSu@Example.COM ").unwrap();
        assert_eq!(email.as_str(), "kim.minsu@example.com");
    }

    #[test]
    fn rejects_malformed_addresses() {
        for bad in [
            "",
            "   ",
            "plainaddress",
            "@example.com",
            "user@",
            "user@localhost",
            "user@[127.0.0.1]",
            "Kim <kim@example.com>",
            "a b@example.com",
            "user@@example.com",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad:?} should be rejected");
        }
    }

    #[test]
    fn rejects_addresses_longer_than_254_characters() {
        let long = format!("{}@{}.com", "a".repeat(64), "b".repeat(200));
        assert!(Email::parse(&long).is_err());
    }

    proptest! {
        #[test]
        fn parsing_is_idempotent(local in "[a-zA-Z0-9._%+-]{1,20}", domain in "[a-zA-Z0-9]{1,20}\\.[a-zA-Z]{2,6}") {
            let raw = format!("{local}@{domain}");
            if let Ok(email) = Email::parse(&raw) {
                let again = Email::parse(email.as_str()).unwrap();
                prop_assert_eq!(again, email.clone());
                prop_assert_eq!(email.as_str(), raw.to_lowercase());
            }
        }

        #[test]
        fn never_panics(raw in ".{0,300}") {
            let _ = Email::parse(&raw);
        }
    }
}
