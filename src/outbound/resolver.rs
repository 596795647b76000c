//! The HTTP client's DNS resolver: it resolves a host name and hands the client only addresses
//! it has checked, so the connection goes to an address that passed the policy (no DNS
//! rebinding between a check and the connection).
//!
//! Rules: if ANY address a name resolves to is refused, the whole name is refused (an attacker's
//! name could list a public address beside a private one); a name without addresses fails.
//! Refusals and failures are returned as typed errors the fetch loop finds in the client's
//! error chain.

use std::net::SocketAddr;
use std::sync::Arc;

use ipnet::IpNet;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};

use super::policy::{self, Refusal};

/// Resolves with the system resolver (`tokio::net::lookup_host`), then checks every address.
pub struct CheckingResolver {
    allowed: Arc<[IpNet]>,
}

impl CheckingResolver {
    pub fn new(allowed: &[IpNet]) -> Self {
        Self {
            allowed: allowed.into(),
        }
    }
}

impl Resolve for CheckingResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let allowed = Arc::clone(&self.allowed);
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let found = tokio::net::lookup_host((host.as_str(), 0))
                .await
                .map_err(|e| ResolveFailed {
                    host: host.clone(),
                    reason: e.to_string(),
                })?;
            let addrs = checked(&host, found.collect(), &allowed)?;
            tracing::debug!(%host, ?addrs, "outgoing request: resolved");
            Ok(Box::new(addrs.into_iter()) as Addrs)
        })
    }
}

/// `addrs` when every one of them may be reached.
fn checked(
    host: &str,
    addrs: Vec<SocketAddr>,
    allowed: &[IpNet],
) -> Result<Vec<SocketAddr>, Box<dyn std::error::Error + Send + Sync>> {
    if addrs.is_empty() {
        return Err(ResolveFailed {
            host: host.to_owned(),
            reason: "no addresses".into(),
        }
        .into());
    }
    for addr in &addrs {
        if let Err(refusal) = policy::check(addr.ip(), allowed) {
            return Err(ResolvedRefused {
                host: host.to_owned(),
                refusal,
            }
            .into());
        }
    }
    Ok(addrs)
}

/// A name resolved to a refused address.
#[derive(Debug, thiserror::Error)]
#[error("{host} resolves to {}", refusal.subject())]
pub struct ResolvedRefused {
    pub host: String,
    pub refusal: Refusal,
}

/// A name could not be resolved.
#[derive(Debug, thiserror::Error)]
#[error("{host} cannot be resolved: {reason}")]
pub struct ResolveFailed {
    pub host: String,
    pub reason: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addrs(list: &[&str]) -> Vec<SocketAddr> {
        list.iter()
            .map(|a| SocketAddr::new(a.parse().unwrap(), 0))
            .collect()
    }

    #[test]
    fn one_refused_address_among_public_ones_refuses_the_name() {
        let err = checked(
            "mixed.example",
            addrs(&["93.184.216.34", "2606:4700::1", "10.0.0.5"]),
            &[],
        )
        .unwrap_err();
        let refused = err.downcast_ref::<ResolvedRefused>().unwrap();
        assert_eq!(
            refused.to_string(),
            "mixed.example resolves to 10.0.0.5, a private address"
        );
        let public = addrs(&["93.184.216.34", "2606:4700::1"]);
        assert_eq!(checked("a.example", public.clone(), &[]).unwrap(), public);
    }

    #[test]
    fn allowed_networks_let_a_name_resolve_to_them() {
        let allowed = ["127.0.0.1/32".parse().unwrap()];
        let both = addrs(&["127.0.0.1", "::1"]);
        assert!(checked("localhost", both, &allowed).is_err());
        let v4 = addrs(&["127.0.0.1"]);
        assert_eq!(checked("localhost", v4.clone(), &allowed).unwrap(), v4);
    }

    #[test]
    fn a_name_without_addresses_fails() {
        let err = checked("empty.example", vec![], &[]).unwrap_err();
        assert!(err.downcast_ref::<ResolveFailed>().is_some());
    }

    #[tokio::test]
    async fn localhost_is_resolved_and_refused() {
        let resolver = CheckingResolver::new(&[]);
        let err = match resolver.resolve("localhost".parse().unwrap()).await {
            Ok(_) => panic!("localhost was let through"),
            Err(err) => err,
        };
        let refused = err.downcast_ref::<ResolvedRefused>().unwrap();
        assert!(refused.refusal.addr.is_loopback(), "{refused}");
    }
}
