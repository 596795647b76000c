//! Read replicas (`DATABASE_READ_URL`): anonymous reads of published data may run on a
//! PostgreSQL streaming replica or a MySQL/MariaDB replica instead of the primary.
//!
//! A background probe measures every replica's lag twice a second (see `lag`). A replica is
//! used only while its measured lag is within `READ_REPLICA_MAX_LAG`; one that is down,
//! unreachable, lagging or not replicating is skipped until a probe finds it fit again, and
//! when none is fit the primary serves the read. A read that fails on a replica because it is
//! unreachable (or, on a PostgreSQL standby, cancelled by replay) runs again on the primary, so
//! a replica going away costs no request. Which reads may go to a replica is the HTTP layer's
//! choice ([`Store::public_read`]); everything else runs on the primary.

mod lag;

use std::{
    future::Future,
    sync::{
        Arc, Weak,
        atomic::{AtomicU8, AtomicU64, AtomicUsize, Ordering},
    },
    time::{Duration, Instant},
};

use anyhow::Context;
use sea_orm::{Database, DatabaseConnection, DbBackend};

use super::{
    DatabaseSettings, Store, StoreError,
    connect::{pool_options, redact},
};
use lag::{Lag, Positions, Standing};

/// How often the replicas' lag is measured.
pub const PROBE_INTERVAL: Duration = Duration::from_millis(500);
/// A replica's state: not probed yet, fit to serve, or not.
const UNPROBED: u8 = 0;
const FIT: u8 = 1;
const UNFIT: u8 = 2;
/// How long a probe waits for a replica's answer before calling it unfit.
const PROBE_TIMEOUT: Duration = Duration::from_secs(2);

/// The replicas of one primary, and how each stands.
#[derive(Debug)]
pub(crate) struct Replicas {
    members: Box<[Replica]>,
    /// The primary's pool, for the probe's position reads.
    primary: DatabaseConnection,
    max_lag: Duration,
    next: AtomicUsize,
    /// Reads served by a replica, and reads a replica failed that the primary then served.
    reads: AtomicU64,
    fallbacks: AtomicU64,
}

/// One replica.
#[derive(Debug)]
struct Replica {
    /// The replica's pool and hot reads (without replicas of its own).
    store: Store,
    /// Its URL without the password, for the log.
    name: String,
    /// What the last probe found: [`FIT`], [`UNFIT`] or not probed yet.
    state: AtomicU8,
    /// Its lag as last measured, in milliseconds (`u64::MAX`: unknown).
    lag_ms: AtomicU64,
}

/// What `/metrics` shows of the replicas.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReplicaStats {
    /// Replicas configured, and those fit to serve now.
    pub configured: usize,
    pub fit: usize,
    /// The largest lag last measured among the replicas that answered, in seconds.
    pub largest_lag: f64,
    /// Reads served by a replica since start, and reads that fell back to the primary after a
    /// replica failed them.
    pub reads: u64,
    pub fallbacks: u64,
}

impl Replicas {
    /// Pools for the replicas named in `settings`, with a probe task that lives as long as
    /// they do. Nothing is connected yet: a replica that is down at start is skipped, not fatal.
    pub(super) async fn open(
        primary: &DatabaseConnection,
        settings: &DatabaseSettings,
    ) -> anyhow::Result<Option<Arc<Replicas>>> {
        let urls = &settings.replicas.urls;
        if urls.is_empty() {
            return Ok(None);
        }
        let backend = primary.get_database_backend();
        let mut members = Vec::with_capacity(urls.len());
        for url in urls {
            let same_kind = match backend {
                DbBackend::Postgres => url.starts_with("postgres"),
                DbBackend::MySql => url.starts_with("mysql") || url.starts_with("mariadb"),
                _ => false,
            };
            if !same_kind {
                anyhow::bail!(
                    "DATABASE_READ_URL names {}: read replicas must be servers of the primary's \
                     kind (PostgreSQL or MySQL/MariaDB; SQLite has none)",
                    redact(url)
                );
            }
            let mut options = pool_options(url, settings);
            options.connect_lazy(true);
            let db = Database::connect(options)
                .await
                .with_context(|| format!("invalid read replica URL ({})", redact(url)))?;
            let hot = super::recipes::HotReads::open(&db, None, settings, Duration::ZERO)?;
            members.push(Replica {
                store: Store {
                    db,
                    hot,
                    replicas: None,
                    term_counts: Arc::default(),
                    retries: Arc::default(),
                },
                name: redact(url),
                state: AtomicU8::new(UNPROBED),
                lag_ms: AtomicU64::new(u64::MAX),
            });
        }
        let replicas = Arc::new(Replicas {
            members: members.into_boxed_slice(),
            primary: primary.clone(),
            max_lag: settings.replicas.max_lag,
            next: AtomicUsize::new(0),
            reads: AtomicU64::new(0),
            fallbacks: AtomicU64::new(0),
        });
        tokio::spawn(probe(Arc::downgrade(&replicas)));
        Ok(Some(replicas))
    }

    /// A replica fit to serve, in turn; `None` when none is.
    fn pick(&self) -> Option<&Replica> {
        let start = self.next.fetch_add(1, Ordering::Relaxed);
        let count = self.members.len();
        (0..count)
            .map(|offset| &self.members[(start + offset) % count])
            .find(|replica| replica.is_fit())
    }

    /// One probe of every replica.
    async fn probe_once(&self, positions: &mut Positions) {
        if self.primary.get_database_backend() == DbBackend::Postgres {
            let at = Instant::now();
            match lag::primary_position(&self.primary).await {
                Ok(position) => positions.record(at, position, self.max_lag + 2 * PROBE_INTERVAL),
                // Without the primary's position no lag can be measured: a replica is no
                // fitter than the primary it follows.
                Err(err) => {
                    for replica in &self.members {
                        replica.judge(
                            Err(format!("the primary's position is unknown: {err}")),
                            self.max_lag,
                        );
                    }
                    return;
                }
            }
        }
        for replica in &self.members {
            let standing =
                tokio::time::timeout(PROBE_TIMEOUT, lag::standing(&replica.store.db)).await;
            let lag = match standing {
                Ok(Ok(Standing::Replayed(replayed))) => Ok(positions.lag(replayed, Instant::now())),
                Ok(Ok(Standing::Behind(lag))) => Ok(Lag::AtMost(lag)),
                Ok(Ok(Standing::NotReplicating)) => Err("not replicating".to_owned()),
                Ok(Err(err)) => Err(format!("unreachable: {err}")),
                Err(_) => Err(format!("no answer within {PROBE_TIMEOUT:?}")),
            };
            replica.judge(lag, self.max_lag);
        }
    }

    /// What `/metrics` shows.
    fn stats(&self) -> ReplicaStats {
        let fit = self
            .members
            .iter()
            .filter(|replica| replica.is_fit())
            .count();
        let largest_lag = self
            .members
            .iter()
            .map(|replica| replica.lag_ms.load(Ordering::Relaxed))
            .filter(|ms| *ms != u64::MAX)
            .max()
            .unwrap_or(0);
        ReplicaStats {
            configured: self.members.len(),
            fit,
            largest_lag: largest_lag as f64 / 1_000.0,
            reads: self.reads.load(Ordering::Relaxed),
            fallbacks: self.fallbacks.load(Ordering::Relaxed),
        }
    }
}

impl Replica {
    /// Records what a probe measured — its lag, or why it has none — and whether that makes
    /// the replica fit; a change of fitness is logged.
    fn judge(&self, lag: Result<Lag, String>, max_lag: Duration) {
        let (fit, measured) = match &lag {
            Ok(Lag::AtMost(lag)) => (*lag <= max_lag, Some(*lag)),
            Ok(Lag::Beyond(lag)) => (false, Some(*lag)),
            Err(_) => (false, None),
        };
        let ms = measured.map_or(u64::MAX, |lag| {
            u64::try_from(lag.as_millis()).unwrap_or(u64::MAX - 1)
        });
        self.lag_ms.store(ms, Ordering::Relaxed);
        let state = if fit { FIT } else { UNFIT };
        if self.state.swap(state, Ordering::Relaxed) == state {
            return;
        }
        match lag {
            Ok(_) if fit => {
                tracing::info!(replica = %self.name, lag_ms = ms, "read replica in use")
            }
            Ok(_) => {
                tracing::warn!(replica = %self.name, lag_ms = ms, max_lag_ms = max_lag.as_millis(), "read replica lagging; reads go elsewhere")
            }
            Err(reason) => {
                tracing::warn!(replica = %self.name, %reason, "read replica skipped; reads go elsewhere")
            }
        }
    }

    fn is_fit(&self) -> bool {
        self.state.load(Ordering::Relaxed) == FIT
    }
}

/// Measures the replicas every [`PROBE_INTERVAL`] while they exist.
async fn probe(replicas: Weak<Replicas>) {
    let mut positions = Positions::default();
    let mut ticks = tokio::time::interval(PROBE_INTERVAL);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        let Some(replicas) = replicas.upgrade() else {
            return;
        };
        replicas.probe_once(&mut positions).await;
    }
}

impl Store {
    /// Runs `read` — reads of published data only, for a caller with nothing of their own to
    /// see in them — on a replica fit to serve when `replica_ok` and there is one, else on the
    /// primary. A read the replica fails for being unreachable or cancelled runs again on the
    /// primary, and the replica is skipped until the next probe finds it fit.
    pub async fn public_read<T, F, Fut>(&self, replica_ok: bool, read: F) -> Result<T, StoreError>
    where
        F: Fn(Store) -> Fut,
        Fut: Future<Output = Result<T, StoreError>>,
    {
        let chosen = self
            .replicas
            .as_ref()
            .filter(|_| replica_ok)
            .and_then(|replicas| Some((replicas, replicas.pick()?)));
        let Some((replicas, replica)) = chosen else {
            return read(self.clone()).await;
        };
        match read(replica.store.clone()).await {
            Err(StoreError::Unavailable(err) | StoreError::Contention(err)) => {
                tracing::debug!(replica = %replica.name, error = %err, "read failed on a replica; reading the primary");
                replica.state.store(UNFIT, Ordering::Relaxed);
                replicas.fallbacks.fetch_add(1, Ordering::Relaxed);
                read(self.clone()).await
            }
            answer => {
                replicas.reads.fetch_add(1, Ordering::Relaxed);
                answer
            }
        }
    }

    /// How long after a write its writer's public reads should stay on the primary: the
    /// replicas' largest allowed lag and one probe interval (`None` without replicas).
    pub fn read_your_writes_window(&self) -> Option<Duration> {
        let replicas = self.replicas.as_ref()?;
        Some(replicas.max_lag + PROBE_INTERVAL)
    }

    /// The replicas' state for `/metrics` (`None` without replicas).
    pub fn replica_stats(&self) -> Option<ReplicaStats> {
        self.replicas.as_ref().map(|replicas| replicas.stats())
    }
}
