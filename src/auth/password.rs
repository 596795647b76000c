//! Password hashing with argon2id (m = 12 MiB, t = 3, p = 1), off the async workers.
//!
//! The parameters are one of OWASP's equal-strength argon2id settings (m = 19 MiB, t = 2 is
//! another): the same work per guess for an attacker, less memory per hash for a small server
//! that hashes one login per core at a time. Verification also accepts the original app's
//! pbkdf2 hashes (see `legacy_hash`) and argon2 hashes made with other parameters, and says when
//! a stored hash should be replaced by a fresh one with the current parameters.
//!
//! Hashing is CPU- and memory-heavy on purpose, so it runs on its own threads (see
//! `background_threads`: one per permitted hash, scheduled below the request workers) behind a
//! semaphore: at most `concurrency` hashes run at once and the async workers keep serving other
//! requests. Verifying a login for an unknown email runs the same work against a dummy hash,
//! so the answer time does not tell whether the account exists.

use std::sync::Arc;

use argon2::{
    Algorithm, Argon2, Params, Version,
    password_hash::{PasswordHasher as _, PasswordVerifier as _},
};
use secrecy::{ExposeSecret, SecretString};

use super::legacy_hash;
use crate::background_threads::BoundedWork;

/// Argon2 memory cost in KiB (12 MiB; OWASP's setting for three passes).
const MEMORY_KIB: u32 = 12 * 1024;
/// Argon2 passes over memory.
const ITERATIONS: u32 = 3;
/// Argon2 lanes.
const PARALLELISM: u32 = 1;

/// Hashes and verifies passwords with bounded concurrency. Cheap to clone.
#[derive(Clone)]
pub struct PasswordHasher {
    work: Arc<BoundedWork>,
    dummy_hash: Arc<str>,
    legacy_suffix: Arc<str>,
}

/// The outcome of checking a password against a stored hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordCheck {
    /// Wrong password, unknown account or unusable hash.
    Mismatch,
    /// Correct password and a current argon2id hash.
    Match,
    /// Correct password, but the stored hash is a legacy one or was made with other argon2
    /// parameters: replace it.
    MatchNeedsRehash,
}

impl std::fmt::Debug for PasswordHasher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PasswordHasher")
            .field("queue", &self.work.queue())
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

/// Checks `password` against `stored`, an argon2 PHC string or a legacy pbkdf2 hash. A string
/// we cannot parse never matches.
fn verify_blocking(password: &str, stored: &str, legacy_suffix: &str) -> PasswordCheck {
    if legacy_hash::is_legacy(stored) {
        return match legacy_hash::verify(password, legacy_suffix, stored) {
            true => PasswordCheck::MatchNeedsRehash,
            false => PasswordCheck::Mismatch,
        };
    }
    let Ok(parsed) = argon2::PasswordHash::new(stored) else {
        return PasswordCheck::Mismatch;
    };
    match argon2().verify_password(password.as_bytes(), &parsed) {
        Ok(()) if is_current(&parsed) => PasswordCheck::Match,
        Ok(()) => PasswordCheck::MatchNeedsRehash,
        Err(_) => PasswordCheck::Mismatch,
    }
}

/// Whether `hash` is argon2id with the current version and parameters.
fn is_current(hash: &argon2::PasswordHash) -> bool {
    hash.algorithm == Algorithm::Argon2id.ident()
        && hash.version == Some(Version::V0x13.into())
        && Params::try_from(hash).is_ok_and(|params| {
            (params.m_cost(), params.t_cost(), params.p_cost())
                == (MEMORY_KIB, ITERATIONS, PARALLELISM)
        })
}

impl PasswordHasher {
    /// A hasher running at most `concurrency` (≥ 1) hashes at once; legacy hashes are checked
    /// over `password + legacy_suffix`. Computes the dummy hash used for unknown accounts, which
    /// takes one hash's time.
    pub async fn new(concurrency: usize, legacy_suffix: &str) -> anyhow::Result<Self> {
        let work = BoundedWork::start("password-hash", concurrency)?;
        let dummy = uuid::Uuid::new_v4().to_string();
        let dummy_hash = work.run(move || hash_blocking(&dummy)).await??;
        Ok(Self {
            work: Arc::new(work),
            dummy_hash: dummy_hash.into(),
            legacy_suffix: legacy_suffix.into(),
        })
    }

    /// Hashes `password` into a PHC string with a fresh random salt.
    pub async fn hash(&self, password: &SecretString) -> anyhow::Result<String> {
        let password = password.clone();
        self.run(move || hash_blocking(password.expose_secret()))
            .await?
    }

    /// Checks `password` against `stored`; with `None` (no such account) it does the same work
    /// against the dummy hash and answers [`PasswordCheck::Mismatch`].
    pub async fn verify(
        &self,
        password: &SecretString,
        stored: Option<&str>,
    ) -> anyhow::Result<PasswordCheck> {
        let password = password.clone();
        let known = stored.is_some();
        let stored: Arc<str> = stored.map_or_else(|| self.dummy_hash.clone(), Arc::from);
        let suffix = self.legacy_suffix.clone();
        let check = self
            .run(move || verify_blocking(password.expose_secret(), &stored, &suffix))
            .await?;
        Ok(if known {
            check
        } else {
            PasswordCheck::Mismatch
        })
    }

    /// Hashes running now, and requests waiting for a slot.
    pub fn queue(&self) -> (usize, usize) {
        self.work.queue()
    }

    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> anyhow::Result<T> {
        self.work.run(work).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_queue_counts_running_and_waiting_hashes() {
        let hasher = PasswordHasher::new(1, "").await.unwrap();
        assert_eq!(hasher.queue(), (0, 0));
        let password = SecretString::from("correct horse battery staple");
        let jobs: Vec<_> = (0..3)
            .map(|_| {
                let (hasher, password) = (hasher.clone(), password.clone());
                tokio::spawn(async move { hasher.hash(&password).await })
            })
            .collect();
        let mut busiest = (0, 0);
        while !jobs.iter().all(|j| j.is_finished()) {
            let now = hasher.queue();
            busiest = busiest.max(now);
            assert!(now.0 <= 1, "never more than the concurrency: {now:?}");
            tokio::time::sleep(std::time::Duration::from_millis(1)).await;
        }
        assert_eq!(busiest, (1, 2), "one running while two wait");
        for job in jobs {
            job.await.unwrap().unwrap();
        }
        assert_eq!(hasher.queue(), (0, 0));
    }

    #[tokio::test]
    async fn hashes_are_argon2id_salted_and_verify() {
        let hasher = PasswordHasher::new(2, "").await.unwrap();
        let password = SecretString::from("correct horse battery staple");
        let first = hasher.hash(&password).await.unwrap();
        let second = hasher.hash(&password).await.unwrap();
        assert!(
            first.starts_with("$argon2id$v=19$m=12288,t=3,p=1$"),
            "{first}"
        );
        assert_ne!(first, second, "salts must differ");
        let right = hasher.verify(&password, Some(&first)).await.unwrap();
        assert_eq!(right, PasswordCheck::Match);
        let wrong = hasher
            .verify(&SecretString::from("wrong"), Some(&first))
            .await
            .unwrap();
        assert_eq!(wrong, PasswordCheck::Mismatch);
    }

    #[tokio::test]
    async fn unknown_accounts_and_garbage_hashes_never_verify() {
        let hasher = PasswordHasher::new(1, "").await.unwrap();
        let password = SecretString::from("anything");
        assert_eq!(
            hasher.verify(&password, None).await.unwrap(),
            PasswordCheck::Mismatch
        );
        let garbage = hasher
            .verify(&password, Some("not a phc string"))
            .await
            .unwrap();
        assert_eq!(garbage, PasswordCheck::Mismatch);
    }

    #[tokio::test]
    async fn legacy_hashes_match_with_the_suffix_and_ask_for_a_rehash() {
        let hasher = PasswordHasher::new(1, "yh*hello12").await.unwrap();
        let stored = "$pbkdf2-sha256$29000$xxhjLIUwRiil9L6XMiaEMA$qbRHXcHaHY40WJUAiPU9dve19ZWMWiJuTMWxcRN4cYE";
        let right = hasher
            .verify(&SecretString::from("1234"), Some(stored))
            .await
            .unwrap();
        assert_eq!(right, PasswordCheck::MatchNeedsRehash);
        let wrong = hasher
            .verify(&SecretString::from("4321"), Some(stored))
            .await
            .unwrap();
        assert_eq!(wrong, PasswordCheck::Mismatch);
        let unknown = hasher
            .verify(&SecretString::from("1234"), None)
            .await
            .unwrap();
        assert_eq!(unknown, PasswordCheck::Mismatch);
    }

    #[tokio::test]
    async fn argon2_hashes_with_other_parameters_match_and_ask_for_a_rehash() {
        let hasher = PasswordHasher::new(1, "").await.unwrap();
        let password = SecretString::from("correct horse battery staple");
        let older = |algorithm, m, t| {
            Argon2::new(
                algorithm,
                Version::V0x13,
                Params::new(m, t, 1, None).unwrap(),
            )
            .hash_password_with_salt(password.expose_secret().as_bytes(), b"sixteen byte salt")
            .unwrap()
            .to_string()
        };
        for stored in [
            older(Algorithm::Argon2id, 19 * 1024, 2),
            older(Algorithm::Argon2i, MEMORY_KIB, ITERATIONS),
        ] {
            let right = hasher.verify(&password, Some(&stored)).await.unwrap();
            assert_eq!(right, PasswordCheck::MatchNeedsRehash, "{stored}");
            let wrong = hasher
                .verify(&SecretString::from("no"), Some(&stored))
                .await;
            assert_eq!(wrong.unwrap(), PasswordCheck::Mismatch, "{stored}");
        }
        let current = hasher.hash(&password).await.unwrap();
        let check = hasher.verify(&password, Some(&current)).await.unwrap();
        assert_eq!(check, PasswordCheck::Match);
    }
}
