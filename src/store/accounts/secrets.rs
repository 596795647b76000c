//! Server-generated secrets kept in the database, so every instance sharing it agrees on them.

use chrono::{SubsecRound, Utc};
use sea_orm::{ActiveValue::Set, EntityTrait};

use crate::store::{Store, StoreError, entities::server_secret};

impl Store {
    /// The secret called `name`: the stored one if any instance already created it, otherwise
    /// `candidate`, stored now. Concurrent first starts agree: the first insert wins.
    pub async fn shared_secret(&self, name: &str, candidate: &str) -> Result<String, StoreError> {
        if let Some(existing) = server_secret::Entity::find_by_id(name.to_owned())
            .one(&self.db)
            .await?
        {
            return Ok(existing.value);
        }
        let row = server_secret::ActiveModel {
            name: Set(name.to_owned()),
            value: Set(candidate.to_owned()),
            created_at: Set(Utc::now().trunc_subsecs(6)),
        };
        match server_secret::Entity::insert(row)
            .exec(&self.db)
            .await
            .map_err(StoreError::from)
        {
            Ok(_) => Ok(candidate.to_owned()),
            Err(StoreError::Conflict) => {
                let winner = server_secret::Entity::find_by_id(name.to_owned())
                    .one(&self.db)
                    .await?;
                winner.map(|row| row.value).ok_or(StoreError::Conflict)
            }
            Err(other) => Err(other),
        }
    }

    /// True when this store is an embedded SQLite database (whose data lives on this host).
    pub fn is_embedded(&self) -> bool {
        self.db.get_database_backend() == sea_orm::DbBackend::Sqlite
    }
}
