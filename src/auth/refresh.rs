//! Refresh tokens: opaque random strings (`rt_` + 256 random bits, base64url), stored only as
//! their SHA-256 hash. A fast hash is enough: the input has full entropy, nothing to brute-force.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use sha2::{Digest, Sha256};

const PREFIX: &str = "rt_";

/// A new refresh token and its hash.
pub fn new_refresh_token() -> anyhow::Result<(String, String)> {
    let mut random = [0u8; 32];
    getrandom::fill(&mut random)
        .map_err(|e| anyhow::anyhow!("no randomness for a refresh token: {e}"))?;
    let token = format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(random));
    let hash = hash_refresh_token(&token);
    Ok((token, hash))
}

/// The stored form of `token`: lower-case hex SHA-256.
pub fn hash_refresh_token(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_prefixed_and_hash_to_64_hex_digits() {
        let (a, hash_a) = new_refresh_token().unwrap();
        let (b, _) = new_refresh_token().unwrap();
        assert_ne!(a, b);
        assert!(a.starts_with("rt_") && a.len() == 3 + 43, "{a}");
        assert_eq!(hash_a.len(), 64);
        assert_eq!(hash_a, hash_refresh_token(&a));
        assert!(
            hash_a
                .bytes()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
        );
    }
}
