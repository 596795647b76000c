//! Ids of recipes, users, sessions and personal access tokens: positive 64-bit integers. Each
//! resource has its own type, so a session id cannot be passed where a recipe id is expected.
//! They are parsed from URL path segments (`/recipes/{id}`, `/users/me/sessions/{id}`) and
//! credentials, or made by the store from the ids of its rows (which the database numbers from
//! 1).

/// Parses a positive integer that fits in 63 bits; anything else (sign, spaces, decimals,
/// exponents, overflow) is refused with a message naming `what`.
fn parse_positive(raw: &str, what: &str) -> Result<i64, String> {
    let message = || format!("{what} id must be a positive integer");
    if raw.is_empty() || !raw.bytes().all(|b| b.is_ascii_digit()) {
        return Err(message());
    }
    raw.parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(message)
}

/// An id type that can be read from a URL path segment.
pub trait PathId: Sized + Send {
    /// What it identifies ("recipe", "user", …).
    const WHAT: &'static str;

    /// Parses a path segment.
    fn parse(raw: &str) -> Result<Self, String>;
}

/// Defines a positive-id newtype named `$name` whose errors call it a `$what` id.
macro_rules! positive_id {
    ($(#[$doc:meta])* $name:ident, $what:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(i64);

        impl $name {
            /// Parses a path segment.
            pub fn parse(raw: &str) -> Result<Self, String> {
                parse_positive(raw, $what).map(Self)
            }

            /// The id of a stored row, as the database numbered it.
            pub(crate) const fn stored(id: i64) -> Self {
                Self(id)
            }

            /// The numeric id.
            pub fn get(self) -> i64 {
                self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl PathId for $name {
            const WHAT: &'static str = $what;

            fn parse(raw: &str) -> Result<Self, String> {
                $name::parse(raw)
            }
        }
    };
}

positive_id!(
    /// A positive recipe id taken from a URL.
    RecipeId,
    "recipe"
);
positive_id!(
    /// A positive id of a recipe's photo taken from a URL.
    ImageId,
    "image"
);
positive_id!(
    /// A positive user id taken from a URL.
    UserId,
    "user"
);
positive_id!(
    /// A positive collection id taken from a URL.
    CollectionId,
    "collection"
);
positive_id!(
    /// A positive comment id taken from a URL.
    CommentId,
    "comment"
);
positive_id!(
    /// A positive invitation id taken from a URL.
    InviteId,
    "invite"
);
positive_id!(
    /// A positive report id taken from a URL.
    ReportId,
    "report"
);
positive_id!(
    /// A positive session id taken from a URL.
    SessionId,
    "session"
);
positive_id!(
    /// A positive personal access token id taken from a URL.
    TokenId,
    "token"
);

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
    fn session_ids_follow_the_same_rules() {
        assert_eq!(SessionId::parse("12").unwrap().get(), 12);
        assert!(SessionId::parse("-12").unwrap_err().contains("session id"));
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
