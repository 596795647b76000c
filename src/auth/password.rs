//! Password hashing with argon2id (m = 19 MiB, t = 2, p = 1), off the async workers.
//!
//! Hashing is CPU- and memory-heavy on purpose, so it runs on tokio's blocking pool behind a
//! semaphore: at most `concurrency` hashes run at once and the async workers keep serving other
//! requests. Verifying a login for an unknown email runs the same work against a dummy hash,
//! so the answer time does not tell whether the account exists.

use std::sync::Arc;

use anyhow::Context;
use argon2::{
    Algorithm, Argon2, Params, Version,
    password_hash::{PasswordHasher as _, PasswordVerifier as _},
};
use secrecy::{ExposeSecret, SecretString};
use tokio::sync::Semaphore;

/// Argon2 memory cost in KiB (19 MiB, the OWASP baseline for argon2id).
const MEMORY_KIB: u32 = 19 * 1024;
/// Argon2 passes over memory.
const ITERATIONS: u32 = 2;
/// Argon2 lanes.
const PARALLELISM: u32 = 1;

/// Hashes and verifies passwords with bounded concurrency. Cheap to clone.
#[derive(Clone)]
pub struct PasswordHasher {
    permits: Arc<Semaphore>,
    dummy_hash: Arc<str>,
}

impl std::fmt::Debug for PasswordHasher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PasswordHasher")
            .field("available_permits", &self.permits.available_permits())
            .finish_non_exhaustive()
    }
}

fn argon2() -> Argon2<'static> {
    let params = Params::new(MEMORY_KIB, ITERATIONS, PARALLELISM, None)
        .expect("constant argon2 parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

fn hash_blocking(password: &str) -> anyhow::Result<String> {
    let hash = argon2()
        .hash_password(password.as_bytes())
        .map_err(|e| anyhow::anyhow!("argon2 hashing failed: {e}"))?;
    Ok(hash.to_string())
}

/// True when `password` matches the PHC string `stored`. A string we cannot parse never matches.
fn verify_blocking(password: &str, stored: &str) -> bool {
    argon2()
        .verify_password(password.as_bytes(), stored)
        .is_ok()
}

impl PasswordHasher {
    /// A hasher running at most `concurrency` (≥ 1) hashes at once. Computes the dummy hash
    /// used for unknown accounts, which takes one hash's time.
    pub async fn new(concurrency: usize) -> anyhow::Result<Self> {
        let dummy = uuid::Uuid::new_v4().to_string();
        let dummy_hash = tokio::task::spawn_blocking(move || hash_blocking(&dummy))
            .await
            .context("dummy hash task failed")??;
        Ok(Self {
            permits: Arc::new(Semaphore::new(concurrency.max(1))),
            dummy_hash: dummy_hash.into(),
        })
    }

    /// Hashes `password` into a PHC string with a fresh random salt.
    pub async fn hash(&self, password: &SecretString) -> anyhow::Result<String> {
        let password = password.clone();
        self.run(move || hash_blocking(password.expose_secret()))
            .await?
    }

    /// Checks `password` against `stored`; with `None` (no such account) it does the same work
    /// against the dummy hash and answers false.
    pub async fn verify(
        &self,
        password: &SecretString,
        stored: Option<&str>,
    ) -> anyhow::Result<bool> {
        let password = password.clone();
        let known = stored.is_some();
        let stored: Arc<str> = stored.map_or_else(|| self.dummy_hash.clone(), Arc::from);
        let matches = self
            .run(move || verify_blocking(password.expose_secret(), &stored))
            .await?;
        Ok(known && matches)
    }

    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> anyhow::Result<T> {
        let _permit = self
            .permits
            .acquire()
            .await
            .context("password hasher is shut down")?;
        tokio::task::spawn_blocking(work)
            .await
            .context("password hashing task failed")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_are_argon2id_salted_and_verify() {
        let hasher = PasswordHasher::new(2).await.unwrap();
        let password = SecretString::from("correct horse battery staple");
        let first = hasher.hash(&password).await.unwrap();
        let second = hasher.hash(&password).await.unwrap();
        assert!(
            first.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{first}"
        );
        assert_ne!(first, second, "salts must differ");
        assert!(hasher.verify(&password, Some(&first)).await.unwrap());
        assert!(
            !hasher
                .verify(&SecretString::from("wrong"), Some(&first))
                .await
                .unwrap()
        );
    }

    #[tokio::test]
    async fn unknown_accounts_and_garbage_hashes_never_verify() {
        let hasher = PasswordHasher::new(1).await.unwrap();
        let password = SecretString::from("anything");
        assert!(!hasher.verify(&password, None).await.unwrap());
        assert!(
            !hasher
                .verify(&password, Some("not a phc string"))
                .await
                .unwrap()
        );
    }
}
