//! Sealed values: bytes encrypted and authenticated with XChaCha20-Poly1305 under a key derived
//! from the server's signing secret and a purpose label, with a random nonce, written as
//! `base64url(nonce ‖ ciphertext ‖ tag)`. Nobody without the secret can read or make one; every
//! instance sharing the secret opens the others'. A key of one purpose opens nothing sealed
//! for another. Used for list cursors and for queued mail.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chacha20poly1305::{
    XChaCha20Poly1305, XNonce,
    aead::{Aead, KeyInit},
};
use sha2::{Digest, Sha256};

/// Bytes of the random nonce that starts a sealed value.
const NONCE_LEN: usize = 24;

/// A key for sealing values of one purpose.
#[derive(Clone)]
pub struct SealingKey([u8; 32]);

impl std::fmt::Debug for SealingKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SealingKey(..)")
    }
}

impl SealingKey {
    /// The key for `purpose` derived from the server's signing secret (never the secret
    /// itself, so a sealed value reveals nothing usable for tokens).
    pub fn derive(purpose: &[u8], secret: &[u8]) -> Self {
        let mut hasher = Sha256::new();
        hasher.update(purpose);
        hasher.update(secret);
        Self(hasher.finalize().into())
    }

    fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new(&self.0.into())
    }

    /// `plain`, sealed.
    pub fn seal(&self, plain: &[u8]) -> String {
        let mut nonce = [0u8; NONCE_LEN];
        getrandom::fill(&mut nonce).expect("the system's random number generator works");
        let sealed = self
            .cipher()
            .encrypt(&XNonce::from(nonce), plain)
            .expect("encrypting a message in memory cannot fail");
        let mut bytes = Vec::with_capacity(NONCE_LEN + sealed.len());
        bytes.extend_from_slice(&nonce);
        bytes.extend_from_slice(&sealed);
        URL_SAFE_NO_PAD.encode(bytes)
    }

    /// The bytes `sealed` holds, if it was sealed with this key and not changed since.
    pub fn open(&self, sealed: &str) -> Option<Vec<u8>> {
        let bytes = URL_SAFE_NO_PAD.decode(sealed).ok()?;
        if bytes.len() <= NONCE_LEN {
            return None;
        }
        let (nonce, sealed) = bytes.split_at(NONCE_LEN);
        let nonce = XNonce::try_from(nonce).ok()?;
        self.cipher().decrypt(&nonce, sealed).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::SealingKey;

    #[test]
    fn sealed_values_open_only_with_the_same_purpose_and_secret() {
        let key = SealingKey::derive(b"one\0", b"secret");
        let sealed = key.seal(b"hello");
        assert_ne!(key.seal(b"hello"), sealed, "random nonce");
        assert_eq!(key.open(&sealed).as_deref(), Some(&b"hello"[..]));
        assert_eq!(SealingKey::derive(b"two\0", b"secret").open(&sealed), None);
        assert_eq!(SealingKey::derive(b"one\0", b"other").open(&sealed), None);
        let mut changed = sealed.clone().into_bytes();
        let last = changed.len() - 2;
        changed[last] = if changed[last] == b'A' { b'B' } else { b'A' };
        assert_eq!(key.open(&String::from_utf8(changed).unwrap()), None);
        assert_eq!(key.open("short"), None);
        assert_eq!(key.open("not base64!"), None);
    }
}
