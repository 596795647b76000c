//! The JWT signing key: configured, or generated once and shared.
//!
//! A configured key (`JWT_SECRET_KEY`) must be at least 32 bytes. Without one, a random 256-bit
//! key is generated on first start and kept so that tokens survive restarts:
//! - on the embedded SQLite database, in `DATA_DIR/jwt-secret.key` with mode 0600;
//! - on PostgreSQL or MySQL, in the database's `server_secret` table, so that every instance
//!   sharing the database signs and accepts the same tokens. Trade-off: whoever can read that
//!   table (a backup, a read replica) can forge tokens; configure `JWT_SECRET_KEY` from a secret
//!   store to keep the key out of the database.
//!
//! The key is never logged.

use std::{
    fs,
    io::Write,
    path::{Path, PathBuf},
};

use anyhow::{Context, bail};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use secrecy::{ExposeSecret, SecretSlice, SecretString};

use crate::store::Store;

/// Shortest key accepted, in bytes (HS256 needs at least 256 bits of key).
pub const MIN_KEY_BYTES: usize = 32;
/// File name of the generated key inside the data directory.
pub const KEY_FILE: &str = "jwt-secret.key";
/// Name of the generated key in the `server_secret` table.
const SECRET_NAME: &str = "jwt_signing_key";

/// The configured key, checked; `None` when none is configured.
pub fn configured(key: Option<&SecretString>) -> anyhow::Result<Option<SecretSlice<u8>>> {
    let Some(key) = key else { return Ok(None) };
    let bytes = key.expose_secret().as_bytes();
    if bytes.len() < MIN_KEY_BYTES {
        bail!(
            "JWT_SECRET_KEY is too short: it must be at least {MIN_KEY_BYTES} bytes (got {})",
            bytes.len()
        );
    }
    Ok(Some(SecretSlice::from(bytes.to_vec())))
}

/// The generated key of this deployment, created on first use: in a file of `data_dir` for an
/// embedded database, in the database itself otherwise.
pub async fn generated(store: &Store, data_dir: &Path) -> anyhow::Result<SecretSlice<u8>> {
    if store.is_embedded() {
        return load_or_create_file(data_dir);
    }
    let candidate = random_key()?;
    let key = store
        .shared_secret(SECRET_NAME, &candidate)
        .await
        .context("could not read or store the generated JWT signing key")?;
    if key == candidate {
        tracing::info!(
            "generated a new JWT signing key, stored in the database (JWT_SECRET_KEY is not set)"
        );
    }
    Ok(SecretSlice::from(key.into_bytes()))
}

/// 256 random bits, base64url-encoded.
fn random_key() -> anyhow::Result<String> {
    let mut random = [0u8; 32];
    getrandom::fill(&mut random)
        .map_err(|e| anyhow::anyhow!("no randomness for the JWT key: {e}"))?;
    Ok(URL_SAFE_NO_PAD.encode(random))
}

/// Reads `data_dir`'s key file, creating it if it does not exist.
fn load_or_create_file(data_dir: &Path) -> anyhow::Result<SecretSlice<u8>> {
    let path = data_dir.join(KEY_FILE);
    match fs::read_to_string(&path) {
        Ok(contents) => read_key_file(&path, &contents),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => create_key_file(data_dir, path),
        Err(e) => {
            Err(e).with_context(|| format!("could not read the JWT key file {}", path.display()))
        }
    }
}

fn read_key_file(path: &Path, contents: &str) -> anyhow::Result<SecretSlice<u8>> {
    let key = contents.trim();
    if key.len() < MIN_KEY_BYTES {
        bail!(
            "the JWT key file {} holds fewer than {MIN_KEY_BYTES} bytes; delete it to generate a new key",
            path.display()
        );
    }
    warn_if_readable_by_others(path);
    Ok(SecretSlice::from(key.as_bytes().to_vec()))
}

fn create_key_file(data_dir: &Path, path: PathBuf) -> anyhow::Result<SecretSlice<u8>> {
    fs::create_dir_all(data_dir)
        .with_context(|| format!("could not create the data directory {}", data_dir.display()))?;
    let mut random = [0u8; 32];
    getrandom::fill(&mut random)
        .map_err(|e| anyhow::anyhow!("no randomness for the JWT key: {e}"))?;
    let key = URL_SAFE_NO_PAD.encode(random);
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(&path) {
        Ok(mut file) => {
            file.write_all(key.as_bytes())
                .and_then(|()| file.sync_all())
                .with_context(|| format!("could not write the JWT key file {}", path.display()))?;
            tracing::info!(path = %path.display(), "generated a new JWT signing key (JWT_SECRET_KEY is not set)");
            Ok(SecretSlice::from(key.into_bytes()))
        }
        // Another instance created it first: use theirs.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            let contents = fs::read_to_string(&path)
                .with_context(|| format!("could not read the JWT key file {}", path.display()))?;
            read_key_file(&path, &contents)
        }
        Err(e) => {
            Err(e).with_context(|| format!("could not create the JWT key file {}", path.display()))
        }
    }
}

fn warn_if_readable_by_others(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(meta) = fs::metadata(path)
            && meta.permissions().mode() & 0o077 != 0
        {
            tracing::warn!(path = %path.display(), "the JWT key file is readable by other users; chmod 600 it");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_a_configured_key_shorter_than_32_bytes() {
        let err = configured(Some(&SecretString::from("short"))).unwrap_err();
        assert!(err.to_string().contains("at least 32 bytes"));
        assert!(!err.to_string().contains("short\""));
    }

    #[test]
    fn generates_a_private_key_file_once_and_reuses_it() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("nested");
        let first = load_or_create_file(&data).unwrap();
        let second = load_or_create_file(&data).unwrap();
        assert_eq!(first.expose_secret(), second.expose_secret());
        assert!(first.expose_secret().len() >= MIN_KEY_BYTES);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(data.join(KEY_FILE))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn a_configured_key_is_used_as_is() {
        let key = SecretString::from("k".repeat(40));
        let loaded = configured(Some(&key)).unwrap().unwrap();
        assert_eq!(loaded.expose_secret(), "k".repeat(40).as_bytes());
        assert!(configured(None).unwrap().is_none());
    }
}
