//! The middleware and the request guards that wrap the routes:
//!
//! - `middleware`: the stack every request goes through (request id, tracing, metrics, errors
//!   as JSON, panic guard, timeout);
//! - `rate_limit`: the per-address limits on every API route, and the `RateLimit-*` headers;
//! - `csrf`: refusing cookie-authenticated requests sent by other sites;
//! - `page_headers`: the security headers of the HTML pages (UI, docs);
//! - `error_language`: error messages in the language `Accept-Language` prefers;
//! - `read_your_writes`: which reads may go to a read replica, and the marker that keeps a
//!   writer's reads on the primary.

mod csrf;
mod error_language;
mod middleware;
mod page_headers;
mod rate_limit;
mod read_your_writes;

pub use csrf::SameOrigin;
pub use middleware::wrap;
pub use page_headers::with_page_headers;
pub use rate_limit::{AccountLimit, enforce as enforce_rate_limits, within as within_limit};
pub use read_your_writes::{PublicReader, after_changes};
