//! The migration lock on a MariaDB Galera cluster. `GET_LOCK` holds only on the node that
//! granted it, so two instances on two nodes could both migrate; instead the instance that
//! migrates holds a lease: a committed row that every node sees, taken by inserting it (one
//! insert wins cluster-wide: the other fails as a duplicate or a certification conflict),
//! renewed while the migrations run, and deleted when they end. A holder that died leaves a
//! lease that runs out after [`LEASE_SECS`]; the waiting instances then remove it and compete
//! again. Times are the database's (`UNIX_TIMESTAMP()`), so the instances' clocks do not matter.

use std::time::{Duration, Instant};

use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr};

/// The lease's table: one row at most, created outside the migrations (they need the lease).
const TABLE: &str = "recipe_api_migration_lease";
/// How long a lease lasts unless renewed.
const LEASE_SECS: u64 = 60;
/// How often the holder renews it.
const RENEW_EVERY: Duration = Duration::from_secs(15);
/// How often a waiting instance tries to take it.
const POLL: Duration = Duration::from_millis(250);
/// How long an instance waits for another's migrations before giving up.
const WAIT: Duration = Duration::from_secs(600);

/// A lease held by this process; [`Lease::release`] gives it back.
pub(super) struct Lease {
    db: DatabaseConnection,
    holder: String,
    renewal: tokio::task::JoinHandle<()>,
}

/// Waits for the lease and takes it.
pub(super) async fn take(db: &DatabaseConnection) -> Result<Lease, DbErr> {
    db.execute_unprepared(&format!(
        "CREATE TABLE IF NOT EXISTS {TABLE} (id INT NOT NULL PRIMARY KEY, \
         holder VARCHAR(64) NOT NULL, expires_at BIGINT NOT NULL) ENGINE=InnoDB"
    ))
    .await?;
    let holder = uuid::Uuid::new_v4().simple().to_string();
    let started = Instant::now();
    loop {
        let insert = format!(
            "INSERT INTO {TABLE} (id, holder, expires_at) \
             VALUES (1, '{holder}', UNIX_TIMESTAMP() + {LEASE_SECS})"
        );
        match db.execute_unprepared(&insert).await {
            Ok(_) => break,
            Err(err) if taken(&err) => {}
            Err(err) => return Err(err),
        }
        // Held by another instance: wait, removing the lease if its holder stopped renewing it.
        if started.elapsed() > WAIT {
            return Err(DbErr::Migration(
                "timed out waiting for another instance's migrations".into(),
            ));
        }
        match db
            .execute_unprepared(&format!(
                "DELETE FROM {TABLE} WHERE id = 1 AND expires_at < UNIX_TIMESTAMP()"
            ))
            .await
        {
            Ok(_) => {}
            Err(err) if taken(&err) => {}
            Err(err) => return Err(err),
        }
        tokio::time::sleep(POLL).await;
    }
    let renewal = tokio::spawn({
        let (db, holder) = (db.clone(), holder.clone());
        async move {
            loop {
                tokio::time::sleep(RENEW_EVERY).await;
                let renew = format!(
                    "UPDATE {TABLE} SET expires_at = UNIX_TIMESTAMP() + {LEASE_SECS} \
                     WHERE id = 1 AND holder = '{holder}'"
                );
                if let Err(err) = db.execute_unprepared(&renew).await {
                    tracing::warn!(error = %err, "could not renew the migration lease");
                }
            }
        }
    });
    Ok(Lease {
        db: db.clone(),
        holder,
        renewal,
    })
}

impl Lease {
    /// Ends the renewals and deletes the lease (if it failed, the lease runs out by itself).
    pub(super) async fn release(self) {
        self.renewal.abort();
        let delete = format!(
            "DELETE FROM {TABLE} WHERE id = 1 AND holder = '{}'",
            self.holder
        );
        if let Err(err) = self.db.execute_unprepared(&delete).await {
            tracing::warn!(error = %err, "could not release the migration lease");
        }
    }
}

/// The lease is held by another instance: a duplicate key, or the certification conflict of
/// two nodes inserting it at once (reported as a deadlock).
fn taken(err: &DbErr) -> bool {
    matches!(
        err.sql_err(),
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
    ) || crate::store::error::is_contention(err)
}
