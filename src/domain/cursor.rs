//! List cursors: opaque, tamper-proof bookmarks for keyset pagination.
//!
//! A cursor holds the sort key and id of the last recipe of a page plus a fingerprint of the
//! query that produced it (route, viewer, filters and sort), as JSON, encrypted and
//! authenticated with XChaCha20-Poly1305 under a key derived from the server's signing secret,
//! with a random nonce: `base64url(nonce ‖ ciphertext ‖ tag)`. Nobody without the secret can
//! read one (a relevance cursor holds the highest recipe id when the search began, drafts
//! included) or make one; every instance sharing the secret accepts the others' cursors. A
//! changed byte, a cursor from another query or another server is refused.

use serde::{Deserialize, Serialize};

use super::SealingKey;

/// Longest cursor accepted, in bytes (names are at most 200 characters, so real ones are far
/// shorter).
pub const CURSOR_MAX_LEN: usize = 2048;

/// The key that seals cursors.
#[derive(Clone, Debug)]
pub struct CursorKey(SealingKey);

impl CursorKey {
    /// Derives the cursor key from the server's signing secret (never the secret itself, so a
    /// cursor reveals nothing usable for tokens).
    pub fn derive(secret: &[u8]) -> Self {
        Self(SealingKey::derive(b"recipe-api list cursor v2\0", secret))
    }

    /// Encodes `position` for the query with `fingerprint`.
    pub fn encode(&self, fingerprint: &str, position: &Position) -> String {
        let payload = Payload {
            f: fingerprint.to_owned(),
            p: position.clone(),
        };
        let json = serde_json::to_vec(&payload).expect("a cursor payload serialises");
        self.0.seal(&json)
    }

    /// Decodes a cursor, checking its authenticity and that it belongs to the query with
    /// `fingerprint`.
    pub fn decode(&self, fingerprint: &str, cursor: &str) -> Result<Position, String> {
        let invalid = || "is not a valid cursor".to_owned();
        if cursor.len() > CURSOR_MAX_LEN {
            return Err(invalid());
        }
        let json = self.0.open(cursor).ok_or_else(invalid)?;
        let payload: Payload = serde_json::from_slice(&json).map_err(|_| invalid())?;
        if payload.f != fingerprint {
            return Err("belongs to a different query (its filters or sort differ)".into());
        }
        Ok(payload.p)
    }
}

/// Where the next page starts: just after this recipe in the list's order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Position {
    /// The last recipe's id (the tie-breaker of every order).
    pub id: i64,
    /// The last recipe's value of the sort key.
    pub key: SortKey,
}

/// The value of the sort key at a position.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum SortKey {
    /// `newest` / `oldest`: the id alone orders the list.
    #[serde(rename = "i")]
    Id,
    /// `cook_time`: minutes, `None` for recipes without one (they come last).
    #[serde(rename = "c")]
    CookTime(Option<i32>),
    /// `name`.
    #[serde(rename = "n")]
    Name(String),
    /// `relevance`: the position is among the ranked matches of `ranking` (`past_ranked`:
    /// after them, among the older matches listed newest first).
    #[serde(rename = "r")]
    Rank {
        #[serde(rename = "k")]
        ranking: Ranking,
        #[serde(rename = "p")]
        past_ranked: bool,
    },
    /// `popular` / `rating`: the last recipe's favourites or score as the first page saw them,
    /// and the mark of that first page (see [`ScoreMark`]).
    #[serde(rename = "s")]
    Score {
        #[serde(rename = "v")]
        value: i64,
        #[serde(rename = "m")]
        mark: ScoreMark,
    },
}

/// When the first page of a `popular` or `rating` list was read: the last score change it saw
/// (the id of a `recipe_score_change` row, 0 for none) and the time (Unix seconds). Later pages
/// order every recipe by its score as of that change, so votes between pages move nothing
/// across the page boundary: no recipe is listed twice or skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoreMark {
    #[serde(rename = "c")]
    pub change: i64,
    #[serde(rename = "t")]
    pub at: i64,
}

/// The ranked part of a relevance search: the matches with `floor < id <= ceiling` (every
/// match up to `ceiling` when `floor` is `None`), best first, of which `ranked` were returned
/// so far. Recipes added after the search began (ids above `ceiling`) are left out, so the
/// ranked set stays the same from page to page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ranking {
    /// The largest recipe id when the search began.
    #[serde(rename = "c")]
    pub ceiling: i64,
    /// Matches with this id or a smaller one are not ranked (`None`: all are).
    #[serde(rename = "f")]
    pub floor: Option<i64>,
    /// Ranked matches returned so far.
    #[serde(rename = "n")]
    pub ranked: u64,
}

#[derive(Serialize, Deserialize)]
struct Payload {
    f: String,
    p: Position,
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
    use proptest::prelude::*;

    fn key() -> CursorKey {
        CursorKey::derive(b"a-test-secret-a-test-secret-a-te")
    }

    #[test]
    fn round_trips_every_kind_of_position() {
        for sort_key in [
            SortKey::Id,
            SortKey::CookTime(Some(30)),
            SortKey::CookTime(None),
            SortKey::Name("김치찌개 \"quoted\"".into()),
            SortKey::Rank {
                ranking: Ranking {
                    ceiling: 120,
                    floor: Some(99),
                    ranked: 40,
                },
                past_ranked: false,
            },
            SortKey::Rank {
                ranking: Ranking {
                    ceiling: 7,
                    floor: None,
                    ranked: 0,
                },
                past_ranked: true,
            },
            SortKey::Score {
                value: 3_333_333,
                mark: ScoreMark {
                    change: 12,
                    at: 1_790_000_000,
                },
            },
        ] {
            let position = Position {
                id: 42,
                key: sort_key,
            };
            let cursor = key().encode("fp", &position);
            assert_eq!(key().decode("fp", &cursor), Ok(position));
        }
    }

    #[test]
    fn refuses_other_queries_other_keys_and_garbage() {
        let cursor = key().encode(
            "fp",
            &Position {
                id: 7,
                key: SortKey::Id,
            },
        );
        assert!(
            key()
                .decode("other", &cursor)
                .unwrap_err()
                .contains("different query")
        );
        let other_key = CursorKey::derive(b"another-secret-another-secret-an");
        assert!(other_key.decode("fp", &cursor).is_err());
        for garbage in ["", ".", "abc", "abc.def", "%%%.%%%", &"A".repeat(64)] {
            assert!(key().decode("fp", garbage).is_err(), "{garbage:?}");
        }
        assert!(key().decode("fp", &"a".repeat(CURSOR_MAX_LEN + 1)).is_err());
    }

    #[test]
    fn a_cursor_does_not_show_what_it_holds() {
        const FINGERPRINT: &str = "query-fingerprint";
        let position = Position {
            id: 987_654_321,
            key: SortKey::Rank {
                ranking: Ranking {
                    ceiling: 123_456_789,
                    floor: None,
                    ranked: 40,
                },
                past_ranked: false,
            },
        };
        let cursor = key().encode(FINGERPRINT, &position);
        let bytes = URL_SAFE_NO_PAD.decode(&cursor).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        // Long needles only: a short one turns up in random base64 by chance.
        for secret in ["987654321", "123456789", "\"f\"", FINGERPRINT] {
            assert!(
                !text.contains(secret) && !cursor.contains(secret),
                "{secret}"
            );
        }
        // The same position twice gives two different cursors, both valid.
        let again = key().encode(FINGERPRINT, &position);
        assert_ne!(again, cursor);
        assert_eq!(key().decode(FINGERPRINT, &again), Ok(position));
    }

    #[test]
    fn a_readable_body_without_the_key_is_refused() {
        let forged = URL_SAFE_NO_PAD.encode(br#"{"f":"fp","p":{"id":1,"key":"i"}}"#);
        assert!(key().decode("fp", &forged).is_err());
        let short = URL_SAFE_NO_PAD.encode([0u8; 24]);
        assert!(key().decode("fp", &short).is_err());
    }

    proptest! {
        #[test]
        fn any_single_character_change_is_detected(id in 1i64.., index in 0usize..64, replacement in "[A-Za-z0-9_.-]") {
            let cursor = key().encode("fp", &Position { id, key: SortKey::Id });
            let index = index % cursor.len();
            let mut changed = cursor.clone();
            changed.replace_range(index..=index, &replacement);
            prop_assume!(changed != cursor);
            prop_assert!(key().decode("fp", &changed).is_err());
        }
    }
}
