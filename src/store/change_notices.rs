//! Change notices between the instances sharing a PostgreSQL database: after a change, an
//! instance sends `NOTIFY recipe_api_changes`, and every instance listening on that channel
//! hears it as soon as the change's transaction is committed — how their read caches learn to
//! forget what they hold. Other back-ends have no such channel: their caches rely on expiry.
//!
//! A notice sent while a listener was reconnecting is lost, so each (re)connection counts as a
//! notice of its own: whatever changed meanwhile is forgotten too.

use std::time::Duration;

use sea_orm::{ConnectionTrait, DbBackend, sqlx::postgres::PgListener};

use super::{Store, StoreError};

/// The channel of the notices.
const CHANNEL: &str = "recipe_api_changes";
/// Pause before listening again after the connection was lost or refused.
const RECONNECT_PAUSE: Duration = Duration::from_secs(1);

impl Store {
    /// Tells the other instances that published data may have changed (PostgreSQL; nothing on
    /// the other back-ends).
    pub async fn announce_change(&self) -> Result<(), StoreError> {
        if self.db.get_database_backend() != DbBackend::Postgres {
            return Ok(());
        }
        self.db
            .execute_unprepared(&format!("NOTIFY {CHANNEL}"))
            .await?;
        Ok(())
    }

    /// Whether changes are announced to other instances (PostgreSQL).
    pub fn announces_changes(&self) -> bool {
        self.db.get_database_backend() == DbBackend::Postgres
    }

    /// On PostgreSQL, calls `on_change` for every change announced by any instance (this one
    /// included) and whenever notices may have been missed, from a task of its own that ends
    /// when `on_change` returns false. Nothing on the other back-ends.
    pub fn watch_changes(&self, on_change: impl Fn() -> bool + Send + 'static) {
        if !self.announces_changes() {
            return;
        }
        let pool = self.db.get_postgres_connection_pool().clone();
        tokio::spawn(async move {
            loop {
                if let Ok(mut listener) = PgListener::connect_with(&pool).await
                    && listener.listen(CHANNEL).await.is_ok()
                {
                    // Listening from now on; what changed before is forgotten too.
                    if !on_change() {
                        return;
                    }
                    // `None`: the connection was lost, and the notices sent meanwhile with it.
                    while let Ok(Some(_)) = listener.try_recv().await {
                        if !on_change() {
                            return;
                        }
                    }
                    tracing::debug!("lost the change notices' connection; listening again");
                }
                if !on_change() {
                    return;
                }
                tokio::time::sleep(RECONNECT_PAUSE).await;
            }
        });
    }
}
