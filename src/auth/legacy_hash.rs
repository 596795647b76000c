//! The original app's password hashes: passlib `pbkdf2_sha256` over `password + SUFFIX`.
//!
//! Format: `$pbkdf2-sha256$<rounds>$<salt>$<digest>`, salt and digest in passlib's "ab64"
//! (standard base64 with `.` for `+`, no padding); the salt's decoded bytes are the PBKDF2 salt
//! and the digest is 32 bytes of PBKDF2-HMAC-SHA256. `SUFFIX` is a fixed string from the
//! original deployment's code (`LEGACY_PASSWORD_SUFFIX`). These hashes are only verified, never
//! created: a successful login replaces them with argon2id.

use base64::{Engine, engine::general_purpose::STANDARD_NO_PAD};
use subtle::ConstantTimeEq;

const PREFIX: &str = "$pbkdf2-sha256$";
/// Upper bound on rounds accepted from a stored hash, so a corrupt row cannot pin a CPU.
const MAX_ROUNDS: u32 = 10_000_000;

/// True when `stored` is in the original app's format.
pub fn is_legacy(stored: &str) -> bool {
    stored.starts_with(PREFIX)
}

/// Checks `password` (with `suffix` appended, as the original did) against `stored`.
/// A malformed hash never matches.
pub fn verify(password: &str, suffix: &str, stored: &str) -> bool {
    let Some((rounds, salt, expected)) = parse(stored) else {
        return false;
    };
    let mut actual = vec![0u8; expected.len()];
    let input = format!("{password}{suffix}");
    pbkdf2::pbkdf2_hmac::<sha2::Sha256>(input.as_bytes(), &salt, rounds, &mut actual);
    bool::from(actual.ct_eq(&expected))
}

fn parse(stored: &str) -> Option<(u32, Vec<u8>, Vec<u8>)> {
    let mut parts = stored.strip_prefix(PREFIX)?.split('$');
    let rounds: u32 = parts
        .next()?
        .parse()
        .ok()
        .filter(|r| (1..=MAX_ROUNDS).contains(r))?;
    let salt = ab64_decode(parts.next()?)?;
    let digest = ab64_decode(parts.next()?)?;
    if parts.next().is_some() || digest.len() != 32 {
        return None;
    }
    Some((rounds, salt, digest))
}

fn ab64_decode(text: &str) -> Option<Vec<u8>> {
    STANDARD_NO_PAD.decode(text.replace('.', "+")).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// From the original's documentation: password `1234`, suffix `yh*hello12`, passlib 1.7.4.
    const DOCUMENTED: &str =
        "$pbkdf2-sha256$29000$xxhjLIUwRiil9L6XMiaEMA$qbRHXcHaHY40WJUAiPU9dve19ZWMWiJuTMWxcRN4cYE";

    #[test]
    fn verifies_the_documented_passlib_hash() {
        assert!(is_legacy(DOCUMENTED));
        assert!(verify("1234", "yh*hello12", DOCUMENTED));
    }

    #[test]
    fn rejects_wrong_password_or_suffix() {
        assert!(!verify("12345", "yh*hello12", DOCUMENTED));
        assert!(!verify("1234", "", DOCUMENTED));
    }

    #[test]
    fn decodes_ab64_with_dots() {
        // The fixture hash for 'hello world 1' has '.' in its digest.
        let stored = "$pbkdf2-sha256$29000$KMUYw5iz1ppz7n2vFYJwLg$hUnmQF2KEa6VbqWyKbQNs6Y5..YS5Er.7WnfsUeQNRo";
        assert!(verify("hello world 1", "yh*hello12", stored));
    }

    #[test]
    fn malformed_hashes_never_match() {
        for stored in [
            "$pbkdf2-sha256$",
            "$pbkdf2-sha256$abc$salt$digest",
            "$pbkdf2-sha256$0$xxhjLIUwRiil9L6XMiaEMA$qbRHXcHaHY40WJUAiPU9dve19ZWMWiJuTMWxcRN4cYE",
            "$pbkdf2-sha256$99999999999$xxhjLIUwRiil9L6XMiaEMA$qbRHXcHaHY40WJUAiPU9dve19ZWMWiJuTMWxcRN4cYE",
            "$pbkdf2-sha256$29000$xxhjLIUwRiil9L6XMiaEMA$short",
            "$pbkdf2-sha256$29000$!!!$qbRHXcHaHY40WJUAiPU9dve19ZWMWiJuTMWxcRN4cYE",
            "$pbkdf2-sha256$29000$xxhjLIUwRiil9L6XMiaEMA$qbRHXcHaHY40WJUAiPU9dve19ZWMWiJuTMWxcRN4cYE$extra",
        ] {
            assert!(!verify("1234", "yh*hello12", stored), "{stored}");
        }
    }
}
