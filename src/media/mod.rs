//! Photos' files: checking and processing uploads (`sniff`, `process`), where the files live
//! (`storage`), their names and addresses (`names`), and removing those no photo uses any
//! more (`collect`).
//!
//! [`Media`] is what handlers use: it processes an upload on its own threads (at most
//! `concurrency` at once, scheduled below the request workers, so uploads never starve reads),
//! stores the variants after claiming their names, and hands back what the store saves.

mod collect;
pub mod names;
mod process;
mod sniff;
mod storage;

use std::{path::Path, sync::Arc, time::Duration};

use crate::{background_threads::BoundedWork, domain::PhotoVariant, store::NewPhoto};
use bytes::Bytes;

pub use process::{Processed, Purpose, Refusal};
pub use sniff::ACCEPTED as ACCEPTED_TYPES;
pub use storage::MediaStorage;

/// Settings of photo uploads.
#[derive(Debug, Clone)]
pub struct MediaSettings {
    /// `s3://…`, a directory, or `None` for `DATA_DIR/media`.
    pub store: Option<String>,
    /// Largest upload, in bytes.
    pub max_bytes: u64,
    /// Most pixels an upload may have.
    pub max_pixels: u64,
    /// Uploads processed at once.
    pub concurrency: usize,
    /// Keep each upload as sent (never served) beside its variants.
    pub keep_originals: bool,
    /// How often unused files are looked for (besides at start).
    pub sweep_interval: Duration,
    /// How long an upload's claim on its files counts (longer than any request).
    pub claim_lifetime: Duration,
}

/// Why an upload could not be made a photo.
#[derive(Debug, thiserror::Error)]
pub enum MediaError {
    /// The upload is not an acceptable image.
    #[error("the upload was refused: {0:?}")]
    Refused(Refusal),
    /// The media store failed.
    #[error("the media store failed")]
    Storage(#[source] anyhow::Error),
    /// The database failed while claiming the files.
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
}

/// Photo processing and storage for the handlers.
#[derive(Debug)]
pub struct Media {
    storage: MediaStorage,
    work: BoundedWork,
    settings: MediaSettings,
}

impl Media {
    /// Opens the configured store (creating the directory, or checking the bucket) and starts
    /// the processing threads.
    pub async fn start(settings: MediaSettings, data_dir: &Path) -> anyhow::Result<Arc<Self>> {
        crate::tls::install_provider();
        let storage = MediaStorage::from_setting(settings.store.as_deref(), data_dir)?;
        storage.check().await?;
        tracing::info!(store = %storage.describe(), "media store ready");
        Ok(Arc::new(Self {
            storage,
            work: BoundedWork::start("image", settings.concurrency)?,
            settings,
        }))
    }

    /// Uploads being processed now, and uploads waiting for a slot.
    pub fn queue(&self) -> (usize, usize) {
        self.work.queue()
    }

    /// Largest upload accepted, in bytes.
    pub fn max_bytes(&self) -> u64 {
        self.settings.max_bytes
    }

    /// Checks and processes `upload` for `purpose`, then stores its files under claims. The
    /// caller saves the returned photo (which releases the claims) or calls
    /// [`Media::abandon`] with its files.
    pub async fn prepare(
        self: &Arc<Self>,
        store: &crate::store::Store,
        upload: Bytes,
        purpose: Purpose,
        alt: Option<String>,
    ) -> Result<NewPhoto, MediaError> {
        let max_pixels = self.settings.max_pixels;
        let keep = self.settings.keep_originals;
        let processed = self
            .work
            .run(move || process::process(&upload, purpose, max_pixels, keep))
            .await
            .map_err(MediaError::Storage)?
            .map_err(MediaError::Refused)?;
        let mut files: Vec<String> = processed
            .renditions
            .iter()
            .map(|r| r.name.clone())
            .collect();
        files.extend(processed.original.iter().map(|o| o.name.clone()));
        store.claim_media(&files).await?;
        let written = self.write_files(&processed).await;
        if let Err(err) = written {
            self.abandon(store, &files).await;
            return Err(MediaError::Storage(err));
        }
        Ok(NewPhoto {
            alt,
            width: processed.width,
            height: processed.height,
            blurhash: processed.blurhash,
            variants: processed
                .renditions
                .iter()
                .map(|r| PhotoVariant {
                    url: names::url(&r.name),
                    width: r.width,
                    height: r.height,
                    media_type: r.media_type.to_owned(),
                })
                .collect(),
            files,
        })
    }

    /// Writes every file of `processed`.
    async fn write_files(&self, processed: &Processed) -> anyhow::Result<()> {
        for rendition in processed.renditions.iter().chain(&processed.original) {
            self.storage
                .put(&rendition.name, rendition.bytes.clone())
                .await?;
        }
        Ok(())
    }

    /// Releases the claims of a prepared photo that was not saved, and removes its files if
    /// nothing else uses them.
    pub async fn abandon(self: &Arc<Self>, store: &crate::store::Store, files: &[String]) {
        if let Err(err) = store.release_media_claims(files).await {
            tracing::warn!(error = %err, "could not release the claims of an unsaved photo");
            return;
        }
        self.release(store, files).await;
    }

    /// Removes those of `files` that no photo uses any more (after a photo, recipe or account
    /// was deleted). Failures are logged; the sweep retries them. A few files are removed
    /// before the answer; many (an account with hundreds of photos) in the background, so the
    /// answer to a committed delete never waits past the request timeout for them.
    pub async fn release(self: &Arc<Self>, store: &crate::store::Store, files: &[String]) {
        const AT_ONCE: usize = 64;
        if files.len() <= AT_ONCE {
            collect::remove_unused(self, store, files).await;
            return;
        }
        let (media, store, files) = (self.clone(), store.clone(), files.to_vec());
        tokio::spawn(async move { collect::remove_unused(&media, &store, &files).await });
    }

    /// The content of served file `name`; `None` if there is no such file.
    pub async fn read(&self, name: &str) -> anyhow::Result<Option<Bytes>> {
        self.storage.get(name).await
    }

    /// Removes files no photo uses: those the database knows but no photo uses (a crash after
    /// a delete), and those it does not know that are older than the claim lifetime (a crash
    /// between writing a file and recording it). Answers how many files were removed.
    pub async fn sweep(&self, store: &crate::store::Store) -> anyhow::Result<usize> {
        collect::sweep(self, store).await
    }

    /// Sweeps at start and then every `sweep_interval`, until the last handle is dropped.
    pub fn sweep_in_background(self: &Arc<Self>, store: crate::store::Store) {
        let media = Arc::downgrade(self);
        let interval = self.settings.sweep_interval;
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(interval.max(Duration::from_secs(1)));
            loop {
                tick.tick().await;
                let Some(media) = media.upgrade() else {
                    break;
                };
                match media.sweep(&store).await {
                    Ok(0) => {}
                    Ok(removed) => tracing::info!(removed, "removed unused media files"),
                    Err(err) => tracing::warn!(error = %err, "the media sweep failed"),
                }
            }
        });
    }
}
