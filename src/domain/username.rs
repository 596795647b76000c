//! `Username`: a display name, a line (see `domain::text`) of at most 64 characters.

use super::text::parse_line;

/// Longest username accepted, in Unicode scalar values.
pub const MAX_USERNAME_CHARS: usize = 64;

/// A trimmed, non-empty display name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Username(String);

impl Username {
    /// Checks `raw`'s length and characters and trims it.
    pub fn parse(raw: &str) -> Result<Self, String> {
        parse_line(raw, MAX_USERNAME_CHARS).map(Self)
    }

    /// The trimmed name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn trims_and_keeps_unicode() {
        assert_eq!(Username::parse("  홍길동 ").unwrap().as_str(), "홍길동");
    }

    #[test]
    fn rejects_blank_too_long_and_control_characters() {
        assert!(Username::parse("   ").is_err());
        assert!(Username::parse(&"가".repeat(65)).is_err());
        assert!(Username::parse("a\u{0}b").is_err());
        assert!(Username::parse("a\nb").is_err());
    }

    #[test]
    fn accepts_exactly_64_characters() {
        assert!(Username::parse(&"가".repeat(64)).is_ok());
    }

    proptest! {
        #[test]
        fn accepted_names_are_trimmed_and_bounded(raw in "\\PC{0,80}") {
            if let Ok(name) = Username::parse(&raw) {
                prop_assert_eq!(name.as_str(), name.as_str().trim());
                let len = name.as_str().chars().count();
                prop_assert!((1..=MAX_USERNAME_CHARS).contains(&len));
            }
        }
    }
}
