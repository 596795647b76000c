//! Cross-site request forgery protection for the routes that a cookie authenticates.
//!
//! A browser attaches cookies to requests made by other sites' pages too, so a route that trusts
//! a cookie must know that this server's own page sent the request. [`SameOrigin`] refuses (403
//! `cross_origin_request`) any request that the browser says comes from elsewhere:
//!
//! - `Sec-Fetch-Site`, sent by every current browser, must be `same-origin` (or `none`: the
//!   user typed the address);
//! - without it, an `Origin` header must name this server (its host and port, as in `Host`);
//! - a request with neither comes from a program that is not a browser. Such a program sends the
//!   cookie only if it was given it, so there is nothing to forge: allowed.
//!
//! The cookie itself is `SameSite=Strict` (browsers do not send it from other sites at all);
//! this check is the second wall, for older browsers and same-site subdomains.

use axum::{
    extract::FromRequestParts,
    http::{HeaderMap, header, request::Parts},
};

use crate::error::ApiError;

/// Proof that the request did not come from another site's page.
#[derive(Debug, Clone, Copy)]
pub struct SameOrigin;

impl<S: Send + Sync> FromRequestParts<S> for SameOrigin {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let authority = parts.uri.authority().map(|a| a.as_str());
        if is_same_origin(&parts.headers, authority) {
            Ok(SameOrigin)
        } else {
            Err(ApiError::CrossOrigin)
        }
    }
}

/// The decision, on the request's headers and (HTTP/2) URI authority.
fn is_same_origin(headers: &HeaderMap, uri_authority: Option<&str>) -> bool {
    let text = |name| headers.get(name).map(|v| v.to_str().unwrap_or_default());
    if let Some(site) = text("sec-fetch-site") {
        return site == "same-origin" || site == "none";
    }
    let Some(origin) = text(header::ORIGIN.as_str()) else {
        return true;
    };
    let Some(host) = text(header::HOST.as_str()).or(uri_authority) else {
        return false;
    };
    let origin_host = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"));
    origin_host.is_some_and(|o| o.eq_ignore_ascii_case(host))
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_str(value).unwrap());
        }
        map
    }

    #[test]
    fn fetch_metadata_decides_when_present() {
        let host = ("host", "recipes.example:5000");
        for (site, allowed) in [
            ("same-origin", true),
            ("none", true),
            ("same-site", false),
            ("cross-site", false),
        ] {
            let h = headers(&[host, ("sec-fetch-site", site)]);
            assert_eq!(is_same_origin(&h, None), allowed, "{site}");
        }
        // Fetch metadata wins over a matching Origin.
        let h = headers(&[
            host,
            ("sec-fetch-site", "cross-site"),
            ("origin", "http://recipes.example:5000"),
        ]);
        assert!(!is_same_origin(&h, None));
    }

    #[test]
    fn without_fetch_metadata_the_origin_must_name_this_host() {
        let host = ("host", "recipes.example:5000");
        for (origin, allowed) in [
            ("http://recipes.example:5000", true),
            ("https://RECIPES.example:5000", true),
            ("http://recipes.example", false),
            ("http://evil.example:5000", false),
            ("http://recipes.example:5000.evil.example", false),
            ("null", false),
            ("recipes.example:5000", false),
        ] {
            let h = headers(&[host, ("origin", origin)]);
            assert_eq!(is_same_origin(&h, None), allowed, "{origin}");
        }
        let h = headers(&[("origin", "https://recipes.example")]);
        assert!(
            is_same_origin(&h, Some("recipes.example")),
            "HTTP/2 authority"
        );
        assert!(!is_same_origin(&h, None), "no host to compare with");
    }

    #[test]
    fn a_request_without_browser_headers_is_not_a_forgery() {
        assert!(is_same_origin(
            &headers(&[("host", "recipes.example")]),
            None
        ));
    }
}
