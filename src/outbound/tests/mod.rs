//! The fetcher as a whole: refusals that happen before any connection, and fetches from
//! loopback servers started in the test with 127.0.0.1 explicitly allowed. No test reaches a
//! non-loopback address; the ones that name one prove it is refused first.

mod fetches;
mod redirects;
mod refusals;
mod server;

use std::time::Duration;

use super::{FetchError, FetchPolicy, Fetcher};

/// A fetcher with the default policy, allowing `allowed` ("127.0.0.1/32").
fn fetcher(allowed: &[&str]) -> Fetcher {
    fetcher_with(allowed, |_| {})
}

fn fetcher_with(allowed: &[&str], tweak: impl FnOnce(&mut FetchPolicy)) -> Fetcher {
    let mut policy = FetchPolicy {
        allowed: allowed.iter().map(|n| n.parse().unwrap()).collect(),
        // A test that hangs is a failure, not a wait.
        timeout: Duration::from_secs(5),
        ..FetchPolicy::default()
    };
    tweak(&mut policy);
    Fetcher::new(policy).unwrap()
}

#[track_caller]
fn not_allowed(result: Result<super::Fetched, FetchError>) -> String {
    match result {
        Err(FetchError::NotAllowed(reason)) => reason,
        Err(FetchError::Failed(reason)) => panic!("failed instead of refused: {reason}"),
        Ok(fetched) => panic!("fetched {} instead of refusing", fetched.final_url),
    }
}

#[track_caller]
fn failed(result: Result<super::Fetched, FetchError>) -> String {
    match result {
        Err(FetchError::Failed(reason)) => reason,
        Err(FetchError::NotAllowed(reason)) => panic!("refused instead of failing: {reason}"),
        Ok(fetched) => panic!("fetched {} instead of failing", fetched.final_url),
    }
}
