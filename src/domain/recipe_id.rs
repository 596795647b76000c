//! `RecipeId`: the `{id}` path segment of recipe routes — a positive 64-bit integer.

/// A positive recipe id taken from a URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecipeId(i64);

impl RecipeId {
    /// Parses a path segment; anything but a positive integer that fits in 63 bits is refused.
    pub fn parse(raw: &str) -> Result<Self, String> {
        const MESSAGE: &str = "recipe id must be a positive integer";
        if raw.is_empty() || !raw.bytes().all(|b| b.is_ascii_digit()) {
            return Err(MESSAGE.into());
        }
        match raw.parse::<i64>() {
            Ok(id) if id > 0 => Ok(Self(id)),
            _ => Err(MESSAGE.into()),
        }
    }

    /// The numeric id.
    pub fn get(self) -> i64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_positive_integers_up_to_i64_max() {
        assert_eq!(RecipeId::parse("1").unwrap().get(), 1);
        assert_eq!(
            RecipeId::parse("9223372036854775807").unwrap().get(),
            i64::MAX
        );
    }

    #[test]
    fn rejects_zero_negative_huge_and_non_numeric() {
        for bad in [
            "0",
            "-1",
            "+1",
            "1.5",
            "abc",
            "",
            "9223372036854775808",
            "1e3",
            " 1",
        ] {
            assert!(RecipeId::parse(bad).is_err(), "{bad:?}");
        }
    }

    proptest! {
        #[test]
        fn round_trips_every_positive_id(id in 1i64..) {
            prop_assert_eq!(RecipeId::parse(&id.to_string()).unwrap().get(), id);
        }
    }
}
