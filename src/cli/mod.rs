//! The commands besides serving: `recipe-api copy` (`copy`: a deployment from one database to
//! another), `recipe-api admin …` (`admin`: accounts, roles and the mail setup) and
//! `recipe-api dev generate` (`generate`: realistic data in bulk).

pub mod admin;
pub mod copy;
pub mod generate;

use std::time::Duration;

use crate::store::DatabaseSettings;

/// The pool a command opens on the database `url`: two connections, a generous timeout.
pub(crate) fn database_settings(url: &str) -> DatabaseSettings {
    DatabaseSettings {
        url: url.to_owned(),
        max_connections: 2,
        connect_timeout: Duration::from_secs(30),
        replicas: crate::store::ReplicaSettings::default(),
    }
}
