//! How far behind its primary a read replica is, measured the same way for every replica.
//!
//! PostgreSQL: every probe reads the primary's WAL position and keeps it with the time it was
//! read; a replica that has replayed up to a position read at time `t` holds every commit made
//! before `t`, so its lag is at most `now - t` for the newest such sample. Unlike
//! `now() - pg_last_xact_replay_timestamp()`, this does not call an idle replica late, and does
//! not call a replica that lost its primary's stream current. MySQL/MariaDB:
//! `Seconds_Behind_Master` of `SHOW REPLICA STATUS` (`SHOW SLAVE STATUS` on servers without
//! it), only while both replication threads run.

use std::{
    collections::VecDeque,
    time::{Duration, Instant},
};

use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, QueryResult, Statement};

use crate::store::StoreError;

/// The primary's WAL positions read by recent probes, newest last.
#[derive(Debug, Default)]
pub(super) struct Positions {
    samples: VecDeque<(Instant, i64)>,
}

impl Positions {
    /// Keeps `position`, read at `at`, forgetting samples older than `keep`.
    pub(super) fn record(&mut self, at: Instant, position: i64, keep: Duration) {
        self.samples.push_back((at, position));
        while self
            .samples
            .front()
            .is_some_and(|(then, _)| at.saturating_duration_since(*then) > keep)
        {
            self.samples.pop_front();
        }
    }

    /// The lag of a replica that has replayed up to `replayed`, as of `now`.
    pub(super) fn lag(&self, replayed: i64, now: Instant) -> Lag {
        let reached = self
            .samples
            .iter()
            .rev()
            .find(|(_, position)| *position <= replayed);
        match (reached, self.samples.front()) {
            (Some((at, _)), _) => Lag::AtMost(now.saturating_duration_since(*at)),
            (None, Some((oldest, _))) => Lag::Beyond(now.saturating_duration_since(*oldest)),
            (None, None) => Lag::Beyond(Duration::ZERO),
        }
    }
}

/// A replica's lag as measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Lag {
    /// Behind by at most this.
    AtMost(Duration),
    /// Behind every position measured: by more than this (the oldest kept sample's age).
    Beyond(Duration),
}

/// What a probe learned of one server named as a replica.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Standing {
    /// A PostgreSQL standby that has replayed the WAL up to this position.
    Replayed(i64),
    /// A MySQL/MariaDB replica this far behind.
    Behind(Duration),
    /// Replicating nothing: not a replica, or its replication is stopped or broken.
    NotReplicating,
}

/// The primary's current WAL position (PostgreSQL).
pub(super) async fn primary_position(primary: &DatabaseConnection) -> Result<i64, StoreError> {
    let statement = Statement::from_string(
        DbBackend::Postgres,
        "SELECT CAST(pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0') AS BIGINT) AS position",
    );
    let row = primary.query_one_raw(statement).await?;
    Ok(match row {
        Some(row) => row.try_get::<i64>("", "position")?,
        None => 0,
    })
}

/// Where the replica `replica` stands.
pub(super) async fn standing(replica: &DatabaseConnection) -> Result<Standing, StoreError> {
    match replica.get_database_backend() {
        DbBackend::Postgres => {
            let statement = Statement::from_string(
                DbBackend::Postgres,
                "SELECT pg_is_in_recovery() AS standby, \
                 CAST(pg_wal_lsn_diff(COALESCE(pg_last_wal_replay_lsn(), '0/0'), '0/0') AS BIGINT) \
                 AS position",
            );
            let row = replica.query_one_raw(statement).await?;
            Ok(match row {
                Some(row) if row.try_get::<bool>("", "standby")? => {
                    Standing::Replayed(row.try_get::<i64>("", "position")?)
                }
                _ => Standing::NotReplicating,
            })
        }
        backend => {
            let status = match replica
                .query_one_raw(Statement::from_string(backend, "SHOW REPLICA STATUS"))
                .await
            {
                Ok(row) => row,
                // Servers from before the word "replica".
                Err(_) => {
                    replica
                        .query_one_raw(Statement::from_string(backend, "SHOW SLAVE STATUS"))
                        .await?
                }
            };
            Ok(status.map_or(Standing::NotReplicating, |row| mysql_standing(&row)))
        }
    }
}

/// A row of `SHOW REPLICA STATUS`, whose columns MySQL renamed in 8.0.22 (MariaDB kept them).
fn mysql_standing(row: &QueryResult) -> Standing {
    let text = |names: [&str; 2]| {
        names
            .iter()
            .find_map(|name| row.try_get::<String>("", name).ok())
    };
    let running = |names| text(names).is_some_and(|value| value.eq_ignore_ascii_case("yes"));
    let behind = ["Seconds_Behind_Master", "Seconds_Behind_Source"]
        .iter()
        .find_map(|name| row.try_get::<Option<u64>>("", name).ok())
        .flatten();
    match behind {
        Some(seconds)
            if running(["Slave_IO_Running", "Replica_IO_Running"])
                && running(["Slave_SQL_Running", "Replica_SQL_Running"]) =>
        {
            Standing::Behind(Duration::from_secs(seconds))
        }
        _ => Standing::NotReplicating,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lag_counts_from_the_newest_position_the_replica_has_reached() {
        let start = Instant::now();
        let at = |ms| start + Duration::from_millis(ms);
        let keep = Duration::from_secs(10);
        let mut positions = Positions::default();
        positions.record(at(0), 100, keep);
        positions.record(at(500), 100, keep);
        positions.record(at(1_000), 250, keep);
        positions.record(at(1_500), 400, keep);
        let at_most = |ms| Lag::AtMost(Duration::from_millis(ms));
        // Caught up with the newest sample: behind by the time since it was read.
        assert_eq!(positions.lag(400, at(1_600)), at_most(100));
        // Past 250 but short of 400: it holds what was committed by 1 000 ms, maybe no more.
        assert_eq!(positions.lag(300, at(1_600)), at_most(600));
        // An idle primary (no new position) does not make a caught-up replica late.
        assert_eq!(positions.lag(100, at(600)), at_most(100));
        // Behind everything kept: further behind than the oldest sample's age.
        assert_eq!(
            positions.lag(99, at(1_600)),
            Lag::Beyond(Duration::from_millis(1_600))
        );
        assert_eq!(
            Positions::default().lag(0, at(0)),
            Lag::Beyond(Duration::ZERO)
        );
    }

    #[test]
    fn old_samples_are_forgotten() {
        let start = Instant::now();
        let keep = Duration::from_secs(2);
        let mut positions = Positions::default();
        positions.record(start, 100, keep);
        positions.record(start + Duration::from_secs(3), 200, keep);
        assert_eq!(
            positions.lag(150, start + Duration::from_secs(3)),
            Lag::Beyond(Duration::ZERO)
        );
        assert_eq!(
            positions.lag(200, start + Duration::from_secs(3)),
            Lag::AtMost(Duration::ZERO)
        );
    }
}
