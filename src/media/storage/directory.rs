//! Media files in a directory: `ROOT/ab/abcdef….webp`, spread over 256 subdirectories by the
//! first two characters of the name. A file is written to a temporary name, flushed to disk and
//! renamed into place, so a reader never sees half a file and an acknowledged upload survives a
//! crash.

use std::path::{Path, PathBuf};

use anyhow::Context;
use bytes::Bytes;
use chrono::{DateTime, Utc};
use tokio::io::AsyncWriteExt;

use super::StoredFile;
use crate::media::names;

/// A directory of media files.
#[derive(Debug)]
pub struct Directory {
    root: PathBuf,
}

impl Directory {
    pub(super) fn new(root: PathBuf) -> Self {
        Self { root }
    }

    pub(super) fn describe(&self) -> String {
        format!("directory {}", self.root.display())
    }

    pub(super) async fn check(&self) -> anyhow::Result<()> {
        tokio::fs::create_dir_all(&self.root).await?;
        Ok(())
    }

    /// The path of `name` (checked to be a media name, so it cannot leave the root).
    fn path(&self, name: &str) -> anyhow::Result<PathBuf> {
        anyhow::ensure!(
            names::is_stored_name(name),
            "not a media file name: {name:?}"
        );
        Ok(self.root.join(&name[..2]).join(name))
    }

    pub(super) async fn put(&self, name: &str, bytes: &[u8]) -> anyhow::Result<()> {
        let path = self.path(name)?;
        let dir = path.parent().unwrap_or(&self.root).to_path_buf();
        tokio::fs::create_dir_all(&dir)
            .await
            .with_context(|| format!("could not create {}", dir.display()))?;
        let temporary = dir.join(format!(".{name}.{}.part", uuid::Uuid::new_v4().simple()));
        let written = write_synced(&temporary, bytes).await;
        if let Err(err) = written {
            let _ = tokio::fs::remove_file(&temporary).await;
            return Err(err).with_context(|| format!("could not write {}", temporary.display()));
        }
        tokio::fs::rename(&temporary, &path)
            .await
            .with_context(|| format!("could not move a file into {}", path.display()))?;
        sync_directory(dir).await
    }

    pub(super) async fn get(&self, name: &str) -> anyhow::Result<Option<Bytes>> {
        match tokio::fs::read(self.path(name)?).await {
            Ok(bytes) => Ok(Some(bytes.into())),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(err) => Err(err).context("could not read a media file"),
        }
    }

    pub(super) async fn delete(&self, name: &str) -> anyhow::Result<()> {
        match tokio::fs::remove_file(self.path(name)?).await {
            Ok(()) => Ok(()),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(err) => Err(err).context("could not delete a media file"),
        }
    }

    pub(super) async fn list(&self) -> anyhow::Result<Vec<StoredFile>> {
        let root = self.root.clone();
        tokio::task::spawn_blocking(move || list_blocking(&root)).await?
    }
}

/// Writes `bytes` to a new file at `path` and flushes it to disk.
async fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = tokio::fs::File::create(path).await?;
    file.write_all(bytes).await?;
    file.sync_all().await
}

/// Flushes a directory's entries (a rename into it) to disk.
async fn sync_directory(dir: PathBuf) -> anyhow::Result<()> {
    tokio::task::spawn_blocking(move || std::fs::File::open(&dir)?.sync_all())
        .await?
        .context("could not flush the media directory")
}

/// The media files under `root` (nothing else found there); temporary files of writes that
/// stopped over an hour ago are removed on the way.
fn list_blocking(root: &Path) -> anyhow::Result<Vec<StoredFile>> {
    let abandoned = Utc::now() - chrono::Duration::hours(1);
    let mut files = Vec::new();
    let shards = match std::fs::read_dir(root) {
        Ok(shards) => shards,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(files),
        Err(err) => return Err(err).context("could not list the media directory"),
    };
    for shard in shards {
        let shard = shard?;
        if !shard.file_type()?.is_dir() {
            continue;
        }
        for entry in std::fs::read_dir(shard.path())? {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let modified: DateTime<Utc> = entry.metadata()?.modified()?.into();
            if names::is_stored_name(&name) {
                files.push(StoredFile { name, modified });
            } else if name.starts_with('.') && name.ends_with(".part") && modified < abandoned {
                // Left by a write that never finished (the process stopped mid-write).
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
    Ok(files)
}
