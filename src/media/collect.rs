//! Removing stored files that no photo uses: right after a photo, recipe or account is deleted
//! ([`remove_unused`]), and by a sweep at start and on a timer ([`sweep`]) for what a crash or
//! a failed removal left behind. The store's `MediaLock` makes each removal safe against an
//! upload of the same content running at the same time (see `store::photos::files`).

use std::collections::HashSet;

use chrono::Utc;

use super::Media;
use crate::store::Store;

/// Names examined per round of the sweep.
const BATCH: u64 = 500;

/// Removes each of `names` that no photo uses and no upload claims. Failures are logged and
/// left to the sweep.
pub(super) async fn remove_unused(media: &Media, store: &Store, names: &[String]) {
    for name in names {
        if let Err(err) = remove_if_unused(media, store, name).await {
            tracing::warn!(error = %err, file = %name, "could not remove an unused media file");
        }
    }
}

/// Removes `name` if it is unused; true if it was removed.
async fn remove_if_unused(media: &Media, store: &Store, name: &str) -> anyhow::Result<bool> {
    let lifetime = claim_lifetime_secs(media);
    let Some(lock) = store.lock_unused_media(name, lifetime).await? else {
        return Ok(false);
    };
    // Deleted while the name is locked; if this fails the lock is dropped and the row stays,
    // so the sweep tries again.
    media.storage.delete(lock.name()).await?;
    lock.forget().await?;
    Ok(true)
}

fn claim_lifetime_secs(media: &Media) -> i64 {
    i64::try_from(media.settings.claim_lifetime.as_secs()).unwrap_or(i64::MAX)
}

/// One sweep: unused known files, then files the database does not know that are older than
/// the claim lifetime. Answers how many files were removed.
pub(super) async fn sweep(media: &Media, store: &Store) -> anyhow::Result<usize> {
    let lifetime = claim_lifetime_secs(media);
    let mut removed = 0;
    let mut tried = HashSet::new();
    loop {
        let names = store.unused_media(lifetime, BATCH).await?;
        let fresh: Vec<String> = names
            .into_iter()
            .filter(|name| tried.insert(name.clone()))
            .collect();
        if fresh.is_empty() {
            break;
        }
        for name in &fresh {
            match remove_if_unused(media, store, name).await {
                Ok(true) => removed += 1,
                Ok(false) => {}
                Err(err) => {
                    tracing::warn!(error = %err, file = %name, "could not remove an unused media file");
                }
            }
        }
    }
    let cutoff = Utc::now() - chrono::Duration::seconds(lifetime);
    let files = media.storage.list().await?;
    let old: Vec<String> = files
        .into_iter()
        .filter(|file| file.modified < cutoff)
        .map(|file| file.name)
        .collect();
    for chunk in old.chunks(BATCH as usize) {
        let known = store.known_media(chunk).await?;
        let unknown: Vec<String> = chunk
            .iter()
            .filter(|name| !known.contains(*name))
            .cloned()
            .collect();
        // Recorded as unused first, so that the removal takes the same lock as any other: an
        // upload of the same content claiming it right now keeps it.
        store.adopt_media(&unknown).await?;
        for name in &unknown {
            if remove_if_unused(media, store, name).await? {
                removed += 1;
            }
        }
    }
    Ok(removed)
}
