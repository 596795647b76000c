//! List cursors: opaque, tamper-evident bookmarks for keyset pagination.
//!
//! A cursor holds the sort key and id of the last recipe of a page plus a fingerprint of the
//! query that produced it (route, viewer, filters and sort), as JSON, followed by an
//! HMAC-SHA-256 tag (truncated to 128 bits) made with a key derived from the server's signing
//! secret: `base64url(json) "." base64url(tag)`. Every instance sharing the secret accepts the
//! others' cursors. A changed byte, a cursor from another query or another server is refused.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use hmac::{Hmac, KeyInit, Mac};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Longest cursor accepted, in bytes (names are at most 200 characters, so real ones are far
/// shorter).
pub const CURSOR_MAX_LEN: usize = 2048;
/// Bytes of the HMAC tag kept.
const TAG_LEN: usize = 16;

/// The key that signs cursors.
#[derive(Clone)]
pub struct CursorKey([u8; 32]);

impl std::fmt::Debug for CursorKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CursorKey(..)")
    }
}

impl CursorKey {
    /// Derives the cursor key from the server's signing secret (never the secret itself, so a
    /// cursor tag reveals nothing usable for tokens).
    pub fn derive(secret: &[u8]) -> Self {
        let mut hasher = Sha256::new();
        hasher.update(b"recipe-api list cursor v1\0");
        hasher.update(secret);
        Self(hasher.finalize().into())
    }

    fn mac(&self) -> Hmac<Sha256> {
        <Hmac<Sha256> as KeyInit>::new_from_slice(&self.0).expect("HMAC accepts any key length")
    }

    /// Encodes `position` for the query with `fingerprint`.
    pub fn encode(&self, fingerprint: &str, position: &Position) -> String {
        let payload = Payload {
            f: fingerprint.to_owned(),
            p: position.clone(),
        };
        let json = serde_json::to_vec(&payload).expect("a cursor payload serialises");
        let mut mac = self.mac();
        mac.update(&json);
        let tag = mac.finalize().into_bytes();
        format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(&json),
            URL_SAFE_NO_PAD.encode(&tag[..TAG_LEN])
        )
    }

    /// Decodes a cursor, checking its tag and that it belongs to the query with `fingerprint`.
    pub fn decode(&self, fingerprint: &str, cursor: &str) -> Result<Position, String> {
        let invalid = || "is not a valid cursor".to_owned();
        if cursor.len() > CURSOR_MAX_LEN {
            return Err(invalid());
        }
        let (body, tag) = cursor.split_once('.').ok_or_else(invalid)?;
        let json = URL_SAFE_NO_PAD.decode(body).map_err(|_| invalid())?;
        let tag = URL_SAFE_NO_PAD.decode(tag).map_err(|_| invalid())?;
        if tag.len() != TAG_LEN {
            return Err(invalid());
        }
        let mut mac = self.mac();
        mac.update(&json);
        mac.verify_truncated_left(&tag).map_err(|_| invalid())?;
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
    /// `relevance`: the ranked part of the list is the matches with `floor < id <= ceiling`
    /// (every match up to `ceiling` when `floor` is `None`), best first, of which `ranked` were
    /// already returned; `ranked: None` means the position is past them, among the older
    /// matches listed newest first.
    #[serde(rename = "r")]
    Rank {
        /// The largest recipe id when the search started: later recipes are left out.
        ceiling: i64,
        /// Matches with this id or a smaller one are not ranked.
        floor: Option<i64>,
        /// Ranked matches already returned, while still among them.
        ranked: Option<u64>,
    },
}

#[derive(Serialize, Deserialize)]
struct Payload {
    f: String,
    p: Position,
}

#[cfg(test)]
mod tests {
    use super::*;
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
                ceiling: 120,
                floor: Some(99),
                ranked: Some(40),
            },
            SortKey::Rank {
                ceiling: 7,
                floor: None,
                ranked: None,
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
        for garbage in ["", ".", "abc", "abc.def", "%%%.%%%"] {
            assert!(key().decode("fp", garbage).is_err(), "{garbage:?}");
        }
        assert!(key().decode("fp", &"a".repeat(CURSOR_MAX_LEN + 1)).is_err());
    }

    #[test]
    fn a_forged_body_with_the_old_tag_is_refused() {
        let cursor = key().encode(
            "fp",
            &Position {
                id: 7,
                key: SortKey::Id,
            },
        );
        let (_, tag) = cursor.split_once('.').unwrap();
        let forged_body = URL_SAFE_NO_PAD.encode(br#"{"f":"fp","p":{"id":1,"key":"i"}}"#);
        assert!(key().decode("fp", &format!("{forged_body}.{tag}")).is_err());
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
