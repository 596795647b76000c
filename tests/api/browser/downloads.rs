//! Files the page downloads (an `<a download>`, a `Content-Disposition: attachment` answer).

use std::{
    path::{Path, PathBuf},
    time::Instant,
};

use super::Browser;

/// The suffix of a download Chromium is still writing.
const PARTIAL: &str = ".crdownload";

impl Browser {
    /// The folder this browser downloads into (empty when it opens).
    pub fn downloads(&self) -> &Path {
        &self.downloads
    }

    /// Waits until a complete download whose name starts with `prefix` is in
    /// [`Browser::downloads`], and answers its path.
    pub async fn wait_download(&self, prefix: &str) -> PathBuf {
        let deadline = Instant::now() + self.timeout;
        loop {
            let entries = std::fs::read_dir(&self.downloads).expect("the downloads folder");
            let names: Vec<String> = entries
                .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
                .collect();
            let complete = names
                .iter()
                .find(|name| name.starts_with(prefix) && !name.ends_with(PARTIAL));
            if let Some(name) = complete {
                return self.downloads.join(name);
            }
            if Instant::now() >= deadline {
                let problem = format!(
                    "timed out waiting for a download {prefix}…; the folder holds {names:?}"
                );
                panic!("{}", self.report(&problem).await);
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    }
}
