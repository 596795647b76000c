//! The server's public origin (`https://recipes.example`), for the absolute addresses of JSON-LD
//! and Open Graph tags: `PUBLIC_URL` when the operator set it, else `http://` and the request's
//! `Host` header when that is a plain host name or address with an optional port, else
//! `http://localhost`. Behind a TLS-terminating proxy, set `PUBLIC_URL`.

use axum::{extract::FromRequestParts, http::request::Parts};

use crate::state::AppState;

/// An origin without a trailing slash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicOrigin(String);

impl PublicOrigin {
    /// The origin `text` (already validated by the configuration).
    pub fn new(text: &str) -> Self {
        PublicOrigin(text.trim_end_matches('/').to_owned())
    }

    /// `path` (starting with `/`) under this origin; an absolute `http(s)` address as it is.
    pub fn absolute(&self, path: &str) -> String {
        if path.starts_with("http://") || path.starts_with("https://") {
            path.to_owned()
        } else {
            format!("{}{path}", self.0)
        }
    }

    /// The origin of a request whose `Host` header is `host`, when no `PUBLIC_URL` is set.
    fn of_host(host: Option<&str>) -> Self {
        match host {
            Some(host) if is_plain_host(host) => PublicOrigin(format!("http://{host}")),
            _ => PublicOrigin("http://localhost".to_owned()),
        }
    }
}

/// A host name, IPv4 address or bracketed IPv6 address, with an optional port: nothing that
/// could smuggle a path, credentials or markup into an address.
fn is_plain_host(host: &str) -> bool {
    !host.is_empty()
        && host.len() <= 255
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
}

impl FromRequestParts<AppState> for PublicOrigin {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        if let Some(url) = &state.public_url {
            return Ok(PublicOrigin::new(url));
        }
        let host = parts
            .headers
            .get(axum::http::header::HOST)
            .and_then(|value| value.to_str().ok())
            .or_else(|| parts.uri.authority().map(|a| a.as_str()));
        Ok(PublicOrigin::of_host(host))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_hosts_make_an_origin() {
        assert_eq!(
            PublicOrigin::of_host(Some("127.0.0.1:5000")).absolute("/r/1"),
            "http://127.0.0.1:5000/r/1"
        );
        assert_eq!(
            PublicOrigin::of_host(Some("[::1]:80")).absolute("/"),
            "http://[::1]:80/"
        );
        for bad in ["evil.example/x", "a@b", "<script>", "", "a b"] {
            assert_eq!(
                PublicOrigin::of_host(Some(bad)),
                PublicOrigin("http://localhost".into()),
                "{bad}"
            );
        }
        assert_eq!(
            PublicOrigin::new("https://recipes.example/").absolute("/media/a.jpg"),
            "https://recipes.example/media/a.jpg"
        );
        assert_eq!(
            PublicOrigin::new("https://x.example").absolute("https://cdn.example/a.jpg"),
            "https://cdn.example/a.jpg"
        );
    }
}
