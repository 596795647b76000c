//! `Page`: `offset` / `limit` query parameters of list routes.
//!
//! Rules: `offset` defaults to 0, `limit` to 25; both must be non-negative integers (anything else
//! is a 400); a `limit` above 100 is reduced to 100, as the original clients may ask for more.

use super::FieldErrors;

/// Items returned when the client does not say.
pub const DEFAULT_LIMIT: u64 = 25;
/// Most items one page returns.
pub const MAX_LIMIT: u64 = 100;

/// Raw query parameters, kept as text so that bad values get our own message.
#[derive(Debug, Default, serde::Deserialize)]
pub struct PageParams {
    /// Items to skip.
    pub offset: Option<String>,
    /// Items to return.
    pub limit: Option<String>,
}

/// A validated window into a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    offset: u64,
    limit: u64,
}

impl Page {
    /// Validates raw query parameters.
    pub fn parse(params: &PageParams) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let offset = errors.take("offset", parse_count(params.offset.as_deref(), 0));
        let limit = errors.take("limit", parse_count(params.limit.as_deref(), DEFAULT_LIMIT));
        errors.into_result(|| Self {
            offset: offset.unwrap_or_default(),
            limit: limit.unwrap_or_default().min(MAX_LIMIT),
        })
    }

    /// The same page size, from the start.
    pub fn without_offset(self) -> Self {
        Self { offset: 0, ..self }
    }

    /// Items to skip.
    pub fn offset(self) -> u64 {
        self.offset
    }

    /// Items to return (at most [`MAX_LIMIT`]).
    pub fn limit(self) -> u64 {
        self.limit
    }
}

impl Default for Page {
    fn default() -> Self {
        Self {
            offset: 0,
            limit: DEFAULT_LIMIT,
        }
    }
}

/// A non-negative integer that fits in an `i64` (the databases' largest offset).
fn parse_count(raw: Option<&str>, default: u64) -> Result<u64, String> {
    let Some(raw) = raw else { return Ok(default) };
    let valid = !raw.is_empty() && raw.bytes().all(|b| b.is_ascii_digit());
    match raw.parse::<i64>() {
        Ok(value) if valid => Ok(value.unsigned_abs()),
        _ => Err(format!(
            "must be a non-negative integer no larger than {}",
            i64::MAX
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(offset: Option<&str>, limit: Option<&str>) -> PageParams {
        PageParams {
            offset: offset.map(Into::into),
            limit: limit.map(Into::into),
        }
    }

    #[test]
    fn defaults_to_first_25() {
        let page = Page::parse(&params(None, None)).unwrap();
        assert_eq!((page.offset(), page.limit()), (0, 25));
    }

    #[test]
    fn clamps_limit_to_100() {
        assert_eq!(
            Page::parse(&params(None, Some("1000"))).unwrap().limit(),
            100
        );
    }

    #[test]
    fn rejects_negative_non_numeric_empty_and_huge_values() {
        for bad in ["-1", "abc", "", "1.0", "99999999999999999999", " 1"] {
            let errors = Page::parse(&params(Some(bad), Some(bad))).unwrap_err();
            assert!(
                errors.get("offset").is_some() && errors.get("limit").is_some(),
                "{bad:?}"
            );
        }
    }
}
