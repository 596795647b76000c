//! A recipe's version as HTTP shows it: the entity tag `"v<version>"`, and the preconditions a
//! client puts on a change (`If-Match`) or a read (`If-None-Match`).
//!
//! The version is a counter the store raises on every change of the row, so equal tags mean an
//! identical recipe (a strong validator). A tag this server did not make (another form, a weak
//! `W/"…"` tag) matches nothing, so a precondition naming only such tags fails.

/// The entity tag of a recipe at `version`, quotes included: `"v3"`.
pub fn etag(version: i64) -> String {
    format!("\"v{version}\"")
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

    /// Whether `If-None-Match` with these tags names `version` (weak comparison: a `W/` prefix
    /// is allowed there).
    pub fn names_weakly(value: &str, version: i64) -> bool {
        if value.trim() == "*" {
            return true;
        }
        value
            .split(',')
            .map(|tag| tag.trim().trim_start_matches("W/"))
            .filter_map(version_of)
            .any(|v| v == version)
    }
}

/// The version in one strong tag of this server's form (`"v3"`).
fn version_of(tag: &str) -> Option<i64> {
    let digits = tag.trim().strip_prefix("\"v")?.strip_suffix('"')?;
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
        assert_eq!(etag(3), "\"v3\"");
        assert_eq!(EntityTags::parse(&etag(3)), EntityTags::Versions(vec![3]));
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
    fn if_none_match_compares_weakly() {
        assert!(EntityTags::names_weakly("W/\"v4\"", 4));
        assert!(EntityTags::names_weakly("\"v1\", \"v4\"", 4));
        assert!(EntityTags::names_weakly("*", 4));
        assert!(!EntityTags::names_weakly("\"v5\"", 4));
    }
}
