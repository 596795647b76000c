//! Outgoing HTTP requests: the one strict policy every request the server makes to a URL it was
//! given goes through (recipe imports now, webhooks later). It exists to close
//! server-side request forgery: a client must not make the server reach its own loopback, its
//! private network or a cloud metadata service.
//!
//! Rules:
//! - http and https only; no credentials in the URL; at most 2048 characters; any port.
//! - Every address a host is written as or resolves to must be a global unicast address
//!   ([`policy`]), unless an operator allowed its network (IMPORT_ALLOWED_HOSTS,
//!   [`parse_allowed`]). One refused address refuses the host.
//! - The connection goes to an address that was checked: names are resolved only by the
//!   checking resolver, IP literals are checked before the request, no proxy is used.
//! - Redirects are followed by hand, each hop checked like the first, at most `max_redirects`.
//! - One deadline covers the whole chain; bodies are capped at `max_bytes`; only the media
//!   types the caller accepts are read.
//! - Refusals are [`FetchError::NotAllowed`], everything else [`FetchError::Failed`]; neither
//!   quotes a URL's credentials.

mod allowed;
mod client;
mod policy;
mod resolver;
mod target;
#[cfg(test)]
mod tests;

use std::time::Duration;

pub use allowed::parse_allowed;
pub use client::Fetcher;

/// The rules one [`Fetcher`] applies.
#[derive(Clone, Debug)]
pub struct FetchPolicy {
    /// Networks an operator allows explicitly even though they are otherwise refused
    /// (IMPORT_ALLOWED_HOSTS).
    pub allowed: Vec<ipnet::IpNet>,
    /// Largest body read (default 5 MiB).
    pub max_bytes: u64,
    /// Whole-request deadline including redirects (default 10 s).
    pub timeout: Duration,
    /// Most redirects followed (5).
    pub max_redirects: u8,
}

impl Default for FetchPolicy {
    fn default() -> Self {
        Self {
            allowed: Vec::new(),
            max_bytes: 5 * 1024 * 1024,
            timeout: Duration::from_secs(10),
            max_redirects: 5,
        }
    }
}

/// A fetched answer.
#[derive(Clone, Debug)]
pub struct Fetched {
    /// The URL the body came from, after redirects.
    pub final_url: url::Url,
    /// Its media type, lower-case, without parameters ("text/html").
    pub content_type: String,
    /// The body, decoded if it was sent gzip- or deflate-encoded; at most `max_bytes`.
    pub body: bytes::Bytes,
}

/// Why a fetch did not return a body.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    /// The policy refuses this URL (→ 400 url_not_allowed). The message names the reason, e.g.
    /// "127.0.0.1 is a loopback address", "only http and https URLs can be fetched, not ftp",
    /// "redirect 3 leads to 10.0.0.5, a private address", "too many redirects (more than 5)".
    /// It never includes credentials from the URL.
    #[error("{0}")]
    NotAllowed(String),
    /// The fetch failed (→ 502 fetch_failed): DNS failure, connection refused, timeout, HTTP
    /// status ≥ 400 (named), wrong content type, too large.
    #[error("{0}")]
    Failed(String),
}
