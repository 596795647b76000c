//! A recipe's version as HTTP shows it: the entity tag `"v<version>-<stamp>"`, and the
//! preconditions a client puts on a change (`If-Match`) or a read (`If-None-Match`).
//!
//! The version is a counter the store raises on every change of the recipe's content; the
//! stamp is a digest of what else the answer shows (its community counters, and the caller's
//! own favourite and rating), which votes change without changing the recipe. Equal tags mean
//! an identical answer (a strong validator): `If-None-Match` compares whole tags. `If-Match`
//! guards the content only, so it compares versions (a vote between a read and an edit does not
//! refuse the edit); `"v3"`, the form of earlier releases, names version 3 there. A tag this
//! server did not make (another form, a weak `W/"…"` tag) matches nothing, so a precondition
//! naming only such tags fails.

/// The entity tag of a recipe at `version` whose answer's other parts digest to `stamp`,
/// quotes included: `"v3-0f1e2d3c"`.
pub fn etag(version: i64, stamp: u32) -> String {
    format!("\"v{version}-{stamp:08x}\"")
}

/// The stamp of an answer's parts other than the recipe's content (FNV-1a of the numbers).
pub fn stamp(parts: &[i64]) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    for part in parts {
        for byte in part.to_le_bytes() {
            hash ^= u32::from(byte);
            hash = hash.wrapping_mul(0x0100_0193);
        }
    }
    hash
}

/// A list of entity tags from `If-Match` or `If-None-Match`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntityTags {
    /// `*`: any current version.
    Any,
    /// The versions named by this server's tags among those listed (possibly none).
    Versions(Vec<i64>),
}

impl EntityTags {
    /// Parses a header value: `*`, or a comma-separated list of entity tags.
    pub fn parse(value: &str) -> EntityTags {
        if value.trim() == "*" {
            return EntityTags::Any;
        }
        EntityTags::Versions(value.split(',').filter_map(version_of).collect())
    }

    /// Whether `version` is one of the listed.
    pub fn contains(&self, version: i64) -> bool {
        match self {
            EntityTags::Any => true,
            EntityTags::Versions(versions) => versions.contains(&version),
        }
    }

    /// Whether `If-None-Match` with these tags names `tag`, the current one (weak comparison:
    /// a `W/` prefix is allowed there).
    pub fn names_weakly(value: &str, tag: &str) -> bool {
        if value.trim() == "*" {
            return true;
        }
        value
            .split(',')
            .map(|listed| listed.trim().trim_start_matches("W/"))
            .any(|listed| listed == tag)
    }
}

/// The version in one strong tag of this server's form (`"v3-0f1e2d3c"`, or `"v3"`).
fn version_of(tag: &str) -> Option<i64> {
    let inner = tag.trim().strip_prefix("\"v")?.strip_suffix('"')?;
    let digits = match inner.split_once('-') {
        Some((digits, stamp))
            if stamp.len() == 8 && stamp.bytes().all(|b| b.is_ascii_hexdigit()) =>
        {
            digits
        }
        Some(_) => return None,
        None => inner,
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tag_round_trips() {
        assert_eq!(etag(3, 0xabc), "\"v3-00000abc\"");
        assert_eq!(
            EntityTags::parse(&etag(3, 7)),
            EntityTags::Versions(vec![3])
        );
        assert_eq!(EntityTags::parse("\"v3\""), EntityTags::Versions(vec![3]));
        assert_eq!(
            EntityTags::parse("\"v3-xyz\", \"v4-123\""),
            EntityTags::Versions(vec![])
        );
        assert_ne!(stamp(&[1, 0]), stamp(&[0, 1]));
    }

    #[test]
    fn lists_star_and_foreign_tags() {
        assert_eq!(EntityTags::parse(" * "), EntityTags::Any);
        assert_eq!(
            EntityTags::parse("\"v1\", \"xyz\", W/\"v2\",\"v12\""),
            EntityTags::Versions(vec![1, 12])
        );
        for foreign in [
            "",
            "v3",
            "\"3\"",
            "\"v\"",
            "\"v-1\"",
            "\"v+1\"",
            "\"v99999999999999999999\"",
        ] {
            assert_eq!(
                EntityTags::parse(foreign),
                EntityTags::Versions(vec![]),
                "{foreign}"
            );
        }
        assert!(EntityTags::Any.contains(7));
        assert!(!EntityTags::Versions(vec![]).contains(7));
    }

    #[test]
    fn if_none_match_compares_whole_tags_weakly() {
        let tag = etag(4, 9);
        assert!(EntityTags::names_weakly(&format!("W/{tag}"), &tag));
        assert!(EntityTags::names_weakly(&format!("\"v1\", {tag}"), &tag));
        assert!(EntityTags::names_weakly("*", &tag));
        assert!(!EntityTags::names_weakly("\"v5\"", &tag));
        assert!(!EntityTags::names_weakly("\"v4\"", &tag));
        assert!(!EntityTags::names_weakly(&etag(4, 8), &tag));
    }
}
