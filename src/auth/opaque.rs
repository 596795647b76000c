//! Opaque tokens — refresh tokens (`rt_…`), personal access tokens (`rpat_…`), password
//! reset tokens (`prt_…`), email verification tokens (`evt_…`) and invitation codes
//! (`inv_…`): a prefix and
//! 256 random bits in base64url, stored only as their SHA-256 hash. A fast hash is enough: the
//! input has full entropy, there is nothing to brute-force.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use sha2::{Digest, Sha256};

/// Prefix of refresh tokens.
pub const REFRESH_PREFIX: &str = "rt_";
/// Prefix of personal access tokens (how the auth extractor tells them from JWTs).
pub const PERSONAL_PREFIX: &str = "rpat_";
/// Prefix of password reset tokens (sent by mail, single-use).
pub const RESET_PREFIX: &str = "prt_";
/// Prefix of email verification tokens (sent by mail, single-use).
pub const VERIFY_PREFIX: &str = "evt_";
/// Prefix of invitation codes.
pub const INVITE_PREFIX: &str = "inv_";

/// A new random password of 24 characters (about 143 bits), for accounts an administrator
/// creates or resets without choosing one.
pub fn new_password() -> anyhow::Result<String> {
    let (token, _) = new_token("")?;
    Ok(token.chars().take(24).collect())
}

/// A new token starting with `prefix`, and its hash.
pub fn new_token(prefix: &str) -> anyhow::Result<(String, String)> {
    let mut random = [0u8; 32];
    getrandom::fill(&mut random).map_err(|e| anyhow::anyhow!("no randomness for a token: {e}"))?;
    let token = format!("{prefix}{}", URL_SAFE_NO_PAD.encode(random));
    let hash = hash_token(&token);
    Ok((token, hash))
}

/// The stored form of `token`: lower-case hex SHA-256.
pub fn hash_token(token: &str) -> String {
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
        let (a, hash_a) = new_token(REFRESH_PREFIX).unwrap();
        let (b, _) = new_token(REFRESH_PREFIX).unwrap();
        assert_ne!(a, b);
        assert!(a.starts_with("rt_") && a.len() == 3 + 43, "{a}");
        assert_eq!(hash_a.len(), 64);
        assert_eq!(hash_a, hash_token(&a));
        assert!(
            hash_a
                .bytes()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
        );
        assert!(new_token(PERSONAL_PREFIX).unwrap().0.starts_with("rpat_"));
    }
}
