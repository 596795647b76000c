//! The fetch loop: one GET, its redirects followed by hand so that every hop is checked again.
//!
//! Rules:
//! - The HTTP client never follows redirects, uses no proxy (an environment proxy would make
//!   every check moot), keeps no cookies, sends no Referer, and resolves names only through
//!   [`CheckingResolver`].
//! - Each hop's URL passes [`target::check`] before its request; 301/302/303/307/308 with a
//!   `Location` (relative ones resolved against the current URL) are followed, at most
//!   `max_redirects` of them, each as a fresh GET with no headers carried over.
//! - One deadline covers the whole chain, body included; connecting has the same bound.
//! - A body is read up to `max_bytes`: a larger Content-Length is refused before reading, a
//!   longer stream (or a decoded gzip/deflate one) is cut off at the cap.
//! - Messages name hosts, never whole URLs; hops are logged at debug level without their query.

use std::sync::Arc;

use bytes::{Bytes, BytesMut};
use reqwest::StatusCode;
use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderValue, LOCATION};
use url::Url;

use super::resolver::{CheckingResolver, ResolveFailed, ResolvedRefused};
use super::target::{self, Refused};
use super::{FetchError, FetchPolicy, Fetched};

/// Sent with every outgoing request: who is asking and why.
const USER_AGENT: &str = concat!(
    "recipe-api/",
    env!("CARGO_PKG_VERSION"),
    " (+recipe import)"
);

/// The longest piece of a server's Content-Type quoted in a message.
const MAX_QUOTED: usize = 100;

/// Makes outgoing GET requests under one [`FetchPolicy`]. Cheap to clone; one per server.
#[derive(Clone)]
pub struct Fetcher {
    inner: Arc<Inner>,
}

struct Inner {
    client: reqwest::Client,
    policy: FetchPolicy,
}

impl std::fmt::Debug for Fetcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fetcher")
            .field("policy", &self.inner.policy)
            .finish_non_exhaustive()
    }
}

impl Fetcher {
    /// The rules this fetcher applies.
    pub fn policy(&self) -> &FetchPolicy {
        &self.inner.policy
    }

    /// Builds the HTTP client for `policy`; fails on a policy that could fetch nothing.
    pub fn new(policy: FetchPolicy) -> Result<Self, String> {
        if policy.max_bytes == 0 {
            return Err("the largest body fetched must be at least 1 byte".into());
        }
        if policy.timeout.is_zero() {
            return Err("the fetch timeout must be longer than zero".into());
        }
        crate::tls::install_provider();
        let client = reqwest::Client::builder()
            .no_proxy()
            .redirect(reqwest::redirect::Policy::none())
            .dns_resolver(Arc::new(CheckingResolver::new(&policy.allowed)))
            .referer(false)
            .connect_timeout(policy.timeout)
            .timeout(policy.timeout)
            .user_agent(USER_AGENT)
            .build()
            .map_err(|e| format!("the HTTP client for outgoing requests cannot be built: {e}"))?;
        Ok(Self {
            inner: Arc::new(Inner { client, policy }),
        })
    }

    /// GET `url`, following at most `max_redirects` redirects, each hop checked. `accept` lists
    /// acceptable media types ("text/html", "application/ld+json", or a prefix "image/"); the
    /// Accept header is built from it and any other Content-Type fails (an empty list accepts
    /// anything). The body is capped at `max_bytes`.
    pub async fn get(&self, url: &str, accept: &[&str]) -> Result<Fetched, FetchError> {
        let url = target::parse(url).map_err(|r| FetchError::NotAllowed(r.message(0)))?;
        let timeout = self.inner.policy.timeout;
        tokio::time::timeout(timeout, self.inner.follow(url, accept))
            .await
            .unwrap_or_else(|_| {
                Err(FetchError::Failed(format!(
                    "no complete answer within {timeout:?}"
                )))
            })
    }
}

impl Inner {
    async fn follow(&self, mut url: Url, accept: &[&str]) -> Result<Fetched, FetchError> {
        let accept_header = accept_header(accept);
        let mut hop = 0;
        loop {
            target::check(&url, &self.policy.allowed)
                .map_err(|r| FetchError::NotAllowed(r.message(hop)))?;
            tracing::debug!(hop, url = %loggable(&url), "outgoing request");
            let response = self
                .client
                .get(url.clone())
                .header(ACCEPT, accept_header.clone())
                .send()
                .await
                .map_err(|e| request_error(&e, hop, &url))?;
            let status = response.status();
            if is_followed_redirect(status) {
                if hop == usize::from(self.policy.max_redirects) {
                    return Err(FetchError::NotAllowed(
                        Refused::TooManyRedirects(self.policy.max_redirects).message(hop),
                    ));
                }
                hop += 1;
                url = redirect_target(&url, response.headers().get(LOCATION), hop)?;
                continue;
            }
            if !status.is_success() {
                return Err(FetchError::Failed(format!(
                    "{} answered {status}",
                    authority(&url)
                )));
            }
            let content_type = media_type(response.headers().get(CONTENT_TYPE));
            if !accepts(accept, &content_type) {
                return Err(FetchError::Failed(format!(
                    "{} answered with {}, not {}",
                    authority(&url),
                    if content_type.is_empty() {
                        "no content type".to_owned()
                    } else {
                        quoted(&content_type)
                    },
                    media_ranges(accept).join(" or ")
                )));
            }
            let body = self.read_body(response, &url).await?;
            return Ok(Fetched {
                final_url: url,
                content_type,
                body,
            });
        }
    }

    async fn read_body(
        &self,
        mut response: reqwest::Response,
        url: &Url,
    ) -> Result<Bytes, FetchError> {
        let max = self.policy.max_bytes;
        let too_large = || {
            FetchError::Failed(format!(
                "the answer from {} is larger than {max} bytes",
                authority(url)
            ))
        };
        let announced = response.content_length();
        if announced.is_some_and(|len| len > max) {
            return Err(too_large());
        }
        // Never trust the announced length beyond the cap for the allocation.
        let capacity = announced.unwrap_or(0).min(max).min(1 << 20);
        let mut body = BytesMut::with_capacity(usize::try_from(capacity).unwrap_or(0));
        while let Some(chunk) = response.chunk().await.map_err(|e| {
            FetchError::Failed(format!(
                "reading the answer from {} failed: {}",
                authority(url),
                innermost(&e)
            ))
        })? {
            if (body.len() + chunk.len()) as u64 > max {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body.freeze())
    }
}

fn is_followed_redirect(status: StatusCode) -> bool {
    matches!(status.as_u16(), 301 | 302 | 303 | 307 | 308)
}

/// The next hop's URL; a redirect that names none is the server's failure, not a refusal.
fn redirect_target(
    current: &Url,
    location: Option<&HeaderValue>,
    hop: usize,
) -> Result<Url, FetchError> {
    let failed = |what: &str| {
        FetchError::Failed(format!("redirect {hop} from {} {what}", authority(current)))
    };
    let location = location.ok_or_else(|| failed("has no Location"))?;
    let location = location
        .to_str()
        .map_err(|_| failed("has a Location that is not text"))?;
    if location.len() > target::MAX_URL_LEN {
        return Err(FetchError::NotAllowed(
            Refused::Url(format!(
                "the URL is longer than {} characters",
                target::MAX_URL_LEN
            ))
            .message(hop),
        ));
    }
    current
        .join(location)
        .map_err(|e| failed(&format!("has a Location that cannot be read: {e}")))
}

/// The media ranges of `accept`: a prefix "image/" is the range "image/*".
fn media_ranges(accept: &[&str]) -> Vec<String> {
    accept
        .iter()
        .map(|t| {
            if t.ends_with('/') {
                format!("{t}*")
            } else {
                (*t).to_owned()
            }
        })
        .collect()
}

/// The Accept header for `accept` ("*/*" for an empty list).
fn accept_header(accept: &[&str]) -> HeaderValue {
    if accept.is_empty() {
        return HeaderValue::from_static("*/*");
    }
    HeaderValue::from_str(&media_ranges(accept).join(", "))
        .unwrap_or_else(|_| HeaderValue::from_static("*/*"))
}

/// The media type of a Content-Type value: lower-case, without parameters; "" when absent.
fn media_type(value: Option<&HeaderValue>) -> String {
    let text = value.and_then(|v| v.to_str().ok()).unwrap_or("");
    text.split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

fn accepts(accept: &[&str], media_type: &str) -> bool {
    accept.is_empty()
        || accept.iter().any(|t| {
            let t = t.to_ascii_lowercase();
            if t.ends_with('/') {
                media_type.starts_with(&t) && media_type.len() > t.len()
            } else {
                media_type == t
            }
        })
}

fn quoted(text: &str) -> String {
    let cut: String = text.chars().take(MAX_QUOTED).collect();
    format!("{cut:?}")
}

/// `host[:port]` of a URL: what messages name.
fn authority(url: &Url) -> String {
    let host = url.host_str().unwrap_or("?");
    match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    }
}

/// A URL for the logs: no credentials (refused anyway), no query, no fragment.
fn loggable(url: &Url) -> String {
    format!("{}://{}{}", url.scheme(), authority(url), url.path())
}

/// Maps the HTTP client's error: a refusal by the resolver stays a refusal.
fn request_error(err: &reqwest::Error, hop: usize, url: &Url) -> FetchError {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = source {
        if let Some(refused) = e.downcast_ref::<ResolvedRefused>() {
            let refused = Refused::Resolved {
                host: refused.host.clone(),
                refusal: refused.refusal.clone(),
            };
            return FetchError::NotAllowed(refused.message(hop));
        }
        if let Some(failed) = e.downcast_ref::<ResolveFailed>() {
            return FetchError::Failed(failed.to_string());
        }
        source = e.source();
    }
    let host = authority(url);
    FetchError::Failed(if err.is_timeout() {
        format!("{host} did not answer in time")
    } else if err.is_connect() {
        format!("cannot connect to {host}: {}", innermost(err))
    } else {
        format!("the request to {host} failed: {}", innermost(err))
    })
}

/// The deepest cause's text: the useful part, and free of the URL reqwest's own text carries.
fn innermost(err: &(dyn std::error::Error + 'static)) -> String {
    let mut deepest = err;
    while let Some(next) = deepest.source() {
        deepest = next;
    }
    deepest.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_lists_build_the_header_and_match_media_types() {
        assert_eq!(
            accept_header(&["text/html", "application/ld+json"]),
            "text/html, application/ld+json"
        );
        assert_eq!(accept_header(&["image/"]), "image/*");
        assert_eq!(accept_header(&[]), "*/*");
        assert!(accepts(&["image/"], "image/png"));
        assert!(!accepts(&["image/"], "image/"));
        assert!(!accepts(&["image/"], "text/html"));
        assert!(accepts(
            &["text/html", "application/ld+json"],
            "application/ld+json"
        ));
        assert!(!accepts(&["text/html"], "text/htmlx"));
        assert!(!accepts(&["text/html"], ""));
        assert!(accepts(&[], "application/octet-stream"));
    }

    #[test]
    fn media_types_drop_parameters_and_case() {
        let value = HeaderValue::from_static("Text/HTML; charset=UTF-8");
        assert_eq!(media_type(Some(&value)), "text/html");
        assert_eq!(media_type(None), "");
    }
}
