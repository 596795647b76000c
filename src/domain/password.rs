//! `Password`: a candidate password that satisfies the configured length policy.
//!
//! Length is counted in Unicode scalar values (NIST SP 800-63B: long passphrases allowed, no
//! composition rules). The value is never trimmed and is kept in a `SecretString`, so it cannot
//! be printed by accident.

use secrecy::{ExposeSecret, SecretString};

/// Minimum and maximum password length, in Unicode scalar values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PasswordPolicy {
    /// Fewest characters accepted.
    pub min_chars: usize,
    /// Most characters accepted.
    pub max_chars: usize,
}

impl Default for PasswordPolicy {
    fn default() -> Self {
        Self {
            min_chars: 8,
            max_chars: 128,
        }
    }
}

/// A password that passed the policy. Debug output is redacted.
#[derive(Debug)]
pub struct Password(SecretString);

impl Password {
    /// Checks `raw` against `policy`.
    pub fn parse(raw: &str, policy: PasswordPolicy) -> Result<Self, String> {
        let len = raw.chars().count();
        if len < policy.min_chars || len > policy.max_chars {
            return Err(format!(
                "must be between {} and {} characters",
                policy.min_chars, policy.max_chars
            ));
        }
        if raw.contains('\0') {
            return Err("must not contain NUL characters".into());
        }
        Ok(Self(SecretString::from(raw)))
    }

    /// The secret value.
    pub fn secret(&self) -> &SecretString {
        &self.0
    }

    /// The password's bytes, for hashing.
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn counts_characters_not_bytes() {
        let policy = PasswordPolicy::default();
        // Eight Hangul syllables are 24 bytes but 8 characters.
        assert!(Password::parse("비밀번호비밀번호", policy).is_ok());
        assert!(Password::parse("비밀번호비밀번", policy).is_err());
    }

    #[test]
    fn enforces_both_bounds() {
        let policy = PasswordPolicy {
            min_chars: 8,
            max_chars: 10,
        };
        assert!(Password::parse("1234567", policy).is_err());
        assert!(Password::parse("12345678", policy).is_ok());
        assert!(Password::parse("1234567890", policy).is_ok());
        assert!(Password::parse("12345678901", policy).is_err());
    }

    #[test]
    fn refuses_nul_characters() {
        assert!(Password::parse("pass\0word!", PasswordPolicy::default()).is_err());
    }

    #[test]
    fn debug_output_hides_the_password() {
        let password = Password::parse("correct horse battery", PasswordPolicy::default()).unwrap();
        assert!(!format!("{password:?}").contains("horse"));
    }

    proptest! {
        #[test]
        fn accepts_exactly_the_lengths_in_policy(raw in "\\PC{0,140}") {
            let policy = PasswordPolicy::default();
            let len = raw.chars().count();
            prop_assert_eq!(Password::parse(&raw, policy).is_ok(), (8..=128).contains(&len));
        }
    }
}
