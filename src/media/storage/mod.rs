//! Where media files live, behind one interface with two implementations: a directory
//! (`directory`, the default: `DATA_DIR/media`) and an S3-compatible object store (`s3`,
//! `MEDIA_STORE=s3://bucket?endpoint=…`).
//!
//! Files are named by their content (see `process::content_name`), so a name is written once
//! with one content: writing it again (another upload of the same picture) changes nothing but
//! its modification time, which the sweep of unknown files reads.

mod directory;
mod s3;

use std::path::Path;

use anyhow::{Context, bail};
use bytes::Bytes;
use chrono::{DateTime, Utc};

use directory::Directory;
use s3::S3;

/// A stored file, as a listing shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredFile {
    pub name: String,
    pub modified: DateTime<Utc>,
}

/// The configured store.
#[derive(Debug)]
pub enum MediaStorage {
    Directory(Directory),
    S3(S3),
}

impl MediaStorage {
    /// The store `setting` names (`s3://…`, a directory path, or `None` for
    /// `data_dir/media`). Nothing is contacted yet.
    pub fn from_setting(setting: Option<&str>, data_dir: &Path) -> anyhow::Result<Self> {
        match setting.map(str::trim).filter(|s| !s.is_empty()) {
            None => Ok(Self::Directory(Directory::new(data_dir.join("media")))),
            Some(url) if url.starts_with("s3://") => Ok(Self::S3(S3::from_url(url)?)),
            Some(url) if url.contains("://") && !url.starts_with("file://") => {
                bail!("MEDIA_STORE must be a directory, file://PATH or s3://BUCKET?endpoint=…")
            }
            Some(path) => Ok(Self::Directory(Directory::new(
                path.trim_start_matches("file://").into(),
            ))),
        }
    }

    /// Where files go, for logs (no credentials).
    pub fn describe(&self) -> String {
        match self {
            Self::Directory(dir) => dir.describe(),
            Self::S3(s3) => s3.describe(),
        }
    }

    /// Checks that the store is usable (creating the directory if needed).
    pub async fn check(&self) -> anyhow::Result<()> {
        match self {
            Self::Directory(dir) => dir.check().await,
            Self::S3(s3) => s3.check().await,
        }
        .with_context(|| format!("the media store {} is not usable", self.describe()))
    }

    /// Stores `bytes` as `name`, durably, replacing what was there.
    pub async fn put(&self, name: &str, bytes: Bytes) -> anyhow::Result<()> {
        match self {
            Self::Directory(dir) => dir.put(name, &bytes).await,
            Self::S3(s3) => s3.put(name, bytes).await,
        }
    }

    /// The content of `name`; `None` if there is no such file.
    pub async fn get(&self, name: &str) -> anyhow::Result<Option<Bytes>> {
        match self {
            Self::Directory(dir) => dir.get(name).await,
            Self::S3(s3) => s3.get(name).await,
        }
    }

    /// Removes `name`; a missing file is not an error.
    pub async fn delete(&self, name: &str) -> anyhow::Result<()> {
        match self {
            Self::Directory(dir) => dir.delete(name).await,
            Self::S3(s3) => s3.delete(name).await,
        }
    }

    /// Every stored file.
    pub async fn list(&self) -> anyhow::Result<Vec<StoredFile>> {
        match self {
            Self::Directory(dir) => dir.list().await,
            Self::S3(s3) => s3.list().await,
        }
    }
}
