//! Personal access token requests: a name, a scope and an optional lifetime.
//!
//! Rules: `name` a line (see `domain::text`) of at most 100 characters; `scope` is `read` (GET only) or `write`;
//! `expires_in_days` 1–3650, or absent/null for a token that does not expire.

use serde::Deserialize;

use super::{FieldErrors, json_int, required, text::parse_line};

pub const NAME_MAX: usize = 100;
pub const MAX_DAYS: i64 = 3_650;

/// What a token may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenScope {
    /// Reads only: any request other than GET/HEAD/OPTIONS is refused (403).
    Read,
    /// Reads and writes (but never credential management, which needs a login session).
    Write,
}

impl TokenScope {
    /// Parses `read` or `write`.
    pub fn parse(raw: &str) -> Result<Self, String> {
        match raw {
            "read" => Ok(Self::Read),
            "write" => Ok(Self::Write),
            _ => Err("must be 'read' or 'write'".into()),
        }
    }

    /// The stored and displayed form.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Read => "read",
            Self::Write => "write",
        }
    }
}

/// The body of `POST /users/me/tokens`.
#[derive(Debug, Default, Deserialize)]
pub struct NewTokenInput {
    /// What the token is for.
    pub name: Option<String>,
    /// `read` or `write`.
    pub scope: Option<String>,
    /// Days until it expires; absent or null: never.
    #[serde(default, deserialize_with = "json_int::optional")]
    pub expires_in_days: Option<i64>,
}

/// A validated token request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewToken {
    /// Trimmed name.
    pub name: String,
    /// Scope.
    pub scope: TokenScope,
    /// Lifetime in days, if any.
    pub expires_in_days: Option<i64>,
}

impl NewToken {
    /// Validates a token request, reporting every bad field.
    pub fn parse(input: NewTokenInput) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = errors.take("name", parse_name(input.name));
        let scope = errors.take(
            "scope",
            required(input.scope).and_then(|s| TokenScope::parse(&s)),
        );
        let days = errors.take("expires_in_days", parse_days(input.expires_in_days));
        let (Some(name), Some(scope), Some(expires_in_days)) = (name, scope, days) else {
            return Err(errors);
        };
        Ok(Self {
            name,
            scope,
            expires_in_days,
        })
    }
}

fn parse_name(raw: Option<String>) -> Result<String, String> {
    parse_line(&required(raw)?, NAME_MAX)
}

fn parse_days(days: Option<i64>) -> Result<Option<i64>, String> {
    match days {
        None => Ok(None),
        Some(d) if (1..=MAX_DAYS).contains(&d) => Ok(Some(d)),
        Some(_) => Err(format!("must be between 1 and {MAX_DAYS}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(name: Option<&str>, scope: Option<&str>, days: Option<i64>) -> NewTokenInput {
        NewTokenInput {
            name: name.map(Into::into),
            scope: scope.map(Into::into),
            expires_in_days: days,
        }
    }

    #[test]
    fn accepts_a_named_scoped_token_with_or_without_expiry() {
        let token =
            NewToken::parse(input(Some(" backup script "), Some("read"), Some(30))).unwrap();
        assert_eq!(
            (token.name.as_str(), token.scope, token.expires_in_days),
            ("backup script", TokenScope::Read, Some(30))
        );
        assert_eq!(
            NewToken::parse(input(Some("ci"), Some("write"), None))
                .unwrap()
                .expires_in_days,
            None
        );
    }

    #[test]
    fn reports_every_bad_field() {
        let errors = NewToken::parse(input(Some("  "), Some("admin"), Some(0))).unwrap_err();
        for field in ["name", "scope", "expires_in_days"] {
            assert!(errors.get(field).is_some(), "{field}");
        }
        let errors = NewToken::parse(input(None, None, Some(3651))).unwrap_err();
        assert_eq!(errors.get("name"), Some("is required"));
        assert_eq!(errors.get("scope"), Some("is required"));
        assert!(errors.get("expires_in_days").is_some());
    }
}
