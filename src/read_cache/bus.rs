//! `CACHE_BUS=redis://…`: change notices between instances over Redis pub/sub, for the
//! back-ends without a channel of their own (MySQL/MariaDB, and SQLite shared by instances on one
//! machine) or wherever Redis is preferred. After a change an instance publishes on
//! `<RATE_LIMIT_PREFIX>:changes`; every instance subscribed there empties its read cache when
//! the message arrives. Messages published while an instance was not subscribed are lost, so
//! each (re)subscription empties the cache too. Redis down: publishing fails quietly (logged)
//! and the caches fall back on expiry, the bound they keep anyway.

use std::{
    sync::{Arc, Weak},
    time::Duration,
};

use futures_util::StreamExt;
use redis::aio::{ConnectionManager, ConnectionManagerConfig};

use super::ReadCache;

/// Pause before subscribing again after the connection was lost or refused.
const RECONNECT_PAUSE: Duration = Duration::from_secs(1);
/// Longest wait for Redis when publishing or connecting.
const TIMEOUT: Duration = Duration::from_secs(1);

/// The Redis channel shared by the instances of one deployment.
#[derive(Debug)]
pub struct CacheBus {
    client: redis::Client,
    channel: String,
    /// Connects on first use, and again after Redis was lost.
    publisher: ConnectionManager,
}

impl CacheBus {
    /// The bus at `url` (`redis://…`), on the channel `<prefix>:changes`. Nothing is connected
    /// yet.
    pub fn new(url: &str, prefix: &str) -> anyhow::Result<CacheBus> {
        let client = redis::Client::open(url)
            .map_err(|err| anyhow::anyhow!("CACHE_BUS is not a usable Redis URL: {err}"))?;
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(TIMEOUT))
            .set_response_timeout(Some(TIMEOUT))
            .set_number_of_retries(1);
        let publisher = ConnectionManager::new_lazy_with_config(client.clone(), config)
            .map_err(|err| anyhow::anyhow!("CACHE_BUS: {err}"))?;
        Ok(CacheBus {
            client,
            channel: format!("{prefix}:changes"),
            publisher,
        })
    }

    /// Tells the other instances that published data may have changed.
    pub async fn announce(&self) {
        let mut connection = self.publisher.clone();
        let mut command = redis::cmd("PUBLISH");
        command.arg(&self.channel).arg("");
        let publish = command.exec_async(&mut connection);
        match tokio::time::timeout(TIMEOUT * 2, publish).await {
            Ok(Ok(())) => {}
            Ok(Err(err)) => {
                tracing::debug!(error = %err, "could not announce a change on CACHE_BUS")
            }
            Err(_) => tracing::debug!("announcing a change on CACHE_BUS timed out"),
        }
    }

    /// Empties `cache` whenever another instance (or this one) announces a change, and whenever
    /// messages may have been missed, from a task of its own that ends with the cache.
    pub fn listen(self: Arc<Self>, cache: Weak<ReadCache>) {
        tokio::spawn(async move {
            let invalidate = || match cache.upgrade() {
                Some(cache) => {
                    cache.invalidate();
                    true
                }
                None => false,
            };
            loop {
                let subscribed = async {
                    let mut pubsub = self.client.get_async_pubsub().await?;
                    pubsub.subscribe(&self.channel).await?;
                    Ok::<_, redis::RedisError>(pubsub)
                };
                if let Ok(Ok(pubsub)) = tokio::time::timeout(TIMEOUT, subscribed).await {
                    // Subscribed from now on; what changed before is forgotten too.
                    if !invalidate() {
                        return;
                    }
                    let mut messages = pubsub.into_on_message();
                    while messages.next().await.is_some() {
                        if !invalidate() {
                            return;
                        }
                    }
                    tracing::debug!("lost the CACHE_BUS subscription; subscribing again");
                }
                if !invalidate() {
                    return;
                }
                tokio::time::sleep(RECONNECT_PAUSE).await;
            }
        });
    }
}
