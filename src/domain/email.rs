//! `Email`: a syntactically valid address, normalised for storage and comparison.
//!
//! Rules: surrounding whitespace is ignored; syntax is checked by the `email_address` crate
//! (RFC 5322 addr-spec, no display names, no IP-literal domains, a domain with at least two
//! labels as in `example.com`); at most 254 characters both as sent and in the canonical form.
//!
//! The canonical form — Unicode NFC, then lower-cased, then NFC again — is the one identity of
//! an address: it is what is stored (so the unique index decides uniqueness on it), what login
//! looks up (compared byte for byte on every back-end) and what the per-account login limit is
//! keyed by. So `Kim@Example.com` and `kim@example.com` are one account, and so are an address
//! whose accents are composed (`josé`, NFC) and the same address with combining accents
//! (`jose\u{301}`, NFD); `cafe@…` and `café@…` are two. Lower-casing can lengthen a text
//! (`İ` becomes `i̇`, two characters) and can make an invalid address (no domain label may hold
//! a combining dot), so the length and the syntax are checked again on the canonical form.

use email_address::{EmailAddress, Options};
use unicode_normalization::UnicodeNormalization;

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
        let canonical = canonical(trimmed);
        if canonical.chars().count() > MAX_LEN {
            return Err(format!(
                "must be at most {MAX_LEN} characters once lower-cased"
            ));
        }
        // Lower-casing can also make an invalid address (`İ` becomes `i` and a combining dot,
        // which no domain label may hold): only a valid canonical form is an address.
        EmailAddress::parse_with_options(&canonical, options)
            .map_err(|e| format!("is not a valid email address once lower-cased: {e}"))?;
        Ok(Self(canonical))
    }

    /// The normalised address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The canonical form of an address (no syntax check): NFC, lower-cased, NFC.
pub fn canonical(raw: &str) -> String {
    let composed: String = raw.trim().nfc().collect();
    composed.to_lowercase().nfc().collect()
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

    #[test]
    fn the_length_is_checked_again_once_lower_cased() {
        // 254 characters as sent; `İ` lower-cases to two.
        let domain = format!(
            "{}.{}.{}.com",
            "b".repeat(62),
            "c".repeat(62),
            "d".repeat(60)
        );
        let fits = format!("{}@{domain}", "a".repeat(63));
        assert_eq!(fits.chars().count(), 254);
        assert!(Email::parse(&fits).is_ok());
        let grows = format!("İ{}@{domain}", "a".repeat(62));
        assert_eq!(grows.chars().count(), 254);
        let err = Email::parse(&grows).unwrap_err();
        assert!(err.contains("lower-cased"), "{err}");
    }

    #[test]
    fn an_address_whose_canonical_form_is_not_an_address_is_refused() {
        let err = Email::parse("user@\u{130}.com").unwrap_err();
        assert!(err.contains("once lower-cased"), "{err}");
    }

    #[test]
    fn composed_and_decomposed_accents_are_one_address_and_accents_matter() {
        let composed = Email::parse("jos\u{e9}@example.com").unwrap();
        let decomposed = Email::parse("jose\u{301}@example.com").unwrap();
        assert_eq!(composed, decomposed);
        assert_eq!(composed.as_str(), "jos\u{e9}@example.com");
        let upper = Email::parse("JOSE\u{301}@EXAMPLE.COM").unwrap();
        assert_eq!(upper, composed);
        assert_ne!(Email::parse("jose@example.com").unwrap(), composed);
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

        #[test]
        fn the_canonical_form_is_stable_and_bounded(raw in "\\PC{1,40}@[a-zA-Z\u{c0}-\u{17f}]{1,20}\\.com") {
            if let Ok(email) = Email::parse(&raw) {
                prop_assert_eq!(canonical(email.as_str()), email.as_str());
                prop_assert_eq!(Email::parse(email.as_str()).unwrap(), email.clone());
                prop_assert!(email.as_str().chars().count() <= MAX_LEN);
            }
        }
    }
}
