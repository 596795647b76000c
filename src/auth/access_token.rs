//! Access tokens: HS256 JWTs with `sub` (user id as a string), `iat`, `exp`, `jti`, `type` and
//! `sid` (the session the token was issued in).
//!
//! Only HS256 is accepted (`alg: none` and every other algorithm are rejected), `exp` is
//! enforced with a 5-second leeway for clock skew between server instances, and every claim
//! must be present and well-formed. Revocation and user existence are checked by the extractor.
//!
//! The tokens a refresh answers are derived from the refresh token it spent (see
//! [`TokenKeys::successor_of`]), so that a client retrying a refresh whose answer it lost can
//! be given the very same pair again within a short grace window.

use std::time::Duration;

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::{DateTime, Utc};
use hmac::{Hmac, KeyInit, Mac};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, errors::ErrorKind};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::opaque::REFRESH_PREFIX;
use crate::domain::{SessionId, UserId};

/// Value of the `type` claim of access tokens.
const ACCESS: &str = "access";
/// Seconds of clock skew tolerated when checking `exp`.
const LEEWAY_SECS: u64 = 5;

/// The claims of a token, exactly as they appear in the JWT.
#[derive(Debug, Serialize, Deserialize)]
struct Claims {
    sub: String,
    iat: i64,
    exp: i64,
    jti: String,
    #[serde(rename = "type")]
    kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    sid: Option<i64>,
}

/// What a valid access token says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessClaims {
    /// The user the token was issued to.
    pub user_id: UserId,
    /// The token's unique id (used for revocation).
    pub jti: String,
    /// When the token stops being valid.
    pub expires_at: DateTime<Utc>,
    /// The session it was issued in.
    pub session_id: Option<SessionId>,
}

/// Why a token was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    /// Past its `exp`.
    #[error("token has expired")]
    Expired,
    /// Malformed, wrongly signed, wrong algorithm, wrong type or missing claims.
    #[error("token is invalid")]
    Invalid,
}

/// Signing and verification keys plus token lifetimes.
pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    access_ttl: Duration,
    refresh_ttl: Duration,
    reuse_grace: Duration,
    /// Derives a refresh's answer from the refresh token it spent (never the secret itself).
    successor_key: [u8; 32],
}

impl std::fmt::Debug for TokenKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenKeys")
            .field("access_ttl", &self.access_ttl)
            .field("refresh_ttl", &self.refresh_ttl)
            .field("reuse_grace", &self.reuse_grace)
            .finish_non_exhaustive()
    }
}

impl TokenKeys {
    /// Keys derived from the HMAC `secret`; access tokens live `access_ttl`, sessions (and
    /// their refresh tokens) `refresh_ttl`.
    pub fn new(secret: &[u8], access_ttl: Duration, refresh_ttl: Duration) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = LEEWAY_SECS;
        validation.set_required_spec_claims(&["exp", "sub"]);
        let mut successor = Sha256::new();
        successor.update(b"recipe-api refresh successor v1\0");
        successor.update(secret);
        Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
            access_ttl,
            refresh_ttl,
            reuse_grace: Duration::ZERO,
            successor_key: successor.finalize().into(),
        }
    }

    /// The same keys, with a spent refresh token answering its successors again for `grace`
    /// after it was spent.
    pub fn with_reuse_grace(mut self, grace: Duration) -> Self {
        self.reuse_grace = grace;
        self
    }

    /// How long after a refresh the same refresh token still answers the same new pair.
    pub fn reuse_grace(&self) -> Duration {
        self.reuse_grace
    }

    fn derive(&self, purpose: &[u8], refresh_token: &str) -> [u8; 32] {
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&self.successor_key)
            .expect("HMAC accepts any key length");
        mac.update(purpose);
        mac.update(refresh_token.as_bytes());
        mac.finalize().into_bytes().into()
    }

    /// The refresh token that replaces `refresh_token` when it is spent: 256 bits derived from
    /// it with a key only the servers know, so spending it twice yields the same successor.
    pub fn successor_of(&self, refresh_token: &str) -> String {
        let bits = self.derive(b"refresh\0", refresh_token);
        format!("{REFRESH_PREFIX}{}", URL_SAFE_NO_PAD.encode(bits))
    }

    /// The access token answered with [`TokenKeys::successor_of`]: issued at `rotated_at`, its
    /// `jti` derived from `refresh_token`, so it is the same token each time it is answered.
    pub fn issue_rotated_access(
        &self,
        user_id: UserId,
        session_id: SessionId,
        rotated_at: DateTime<Utc>,
        refresh_token: &str,
    ) -> anyhow::Result<String> {
        let bits = self.derive(b"jti\0", refresh_token);
        let jti: String = bits[..16].iter().map(|b| format!("{b:02x}")).collect();
        self.issue(user_id, session_id, rotated_at.timestamp(), jti)
    }

    /// How long new access tokens are valid.
    pub fn access_ttl(&self) -> Duration {
        self.access_ttl
    }

    /// How long a session (and each refresh token) stays valid.
    pub fn refresh_ttl(&self) -> Duration {
        self.refresh_ttl
    }

    /// Issues a new access token for `user_id` in session `session_id`.
    pub fn issue_access(&self, user_id: UserId, session_id: SessionId) -> anyhow::Result<String> {
        let jti = uuid::Uuid::new_v4().simple().to_string();
        self.issue(user_id, session_id, Utc::now().timestamp(), jti)
    }

    fn issue(
        &self,
        user_id: UserId,
        session_id: SessionId,
        issued_at: i64,
        jti: String,
    ) -> anyhow::Result<String> {
        let ttl = i64::try_from(self.access_ttl.as_secs()).unwrap_or(i64::MAX);
        let claims = Claims {
            sub: user_id.get().to_string(),
            iat: issued_at,
            exp: issued_at.saturating_add(ttl),
            jti,
            kind: ACCESS.to_owned(),
            sid: Some(session_id.get()),
        };
        Ok(jsonwebtoken::encode(
            &Header::new(Algorithm::HS256),
            &claims,
            &self.encoding,
        )?)
    }

    /// Verifies `token`'s signature, algorithm, expiry and claims.
    pub fn verify_access(&self, token: &str) -> Result<AccessClaims, TokenError> {
        let data = jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation)
            .map_err(|e| match e.kind() {
                ErrorKind::ExpiredSignature => TokenError::Expired,
                _ => TokenError::Invalid,
            })?;
        let claims = data.claims;
        if claims.kind != ACCESS || claims.jti.is_empty() || claims.jti.len() > 64 {
            return Err(TokenError::Invalid);
        }
        let user_id = UserId::parse(&claims.sub).map_err(|_| TokenError::Invalid)?;
        let session_id = match claims.sid {
            Some(sid) => Some(SessionId::parse(&sid.to_string()).map_err(|_| TokenError::Invalid)?),
            None => None,
        };
        let expires_at = DateTime::from_timestamp(claims.exp, 0).ok_or(TokenError::Invalid)?;
        Ok(AccessClaims {
            user_id,
            jti: claims.jti,
            expires_at,
            session_id,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &[u8] = b"0123456789abcdef0123456789abcdef";

    fn user(id: i64) -> UserId {
        UserId::stored(id)
    }

    fn session(id: i64) -> SessionId {
        SessionId::stored(id)
    }

    fn keys() -> TokenKeys {
        TokenKeys::new(SECRET, Duration::from_secs(900), Duration::from_secs(3600))
    }

    fn sign(claims: &serde_json::Value, alg: Algorithm, secret: &[u8]) -> String {
        jsonwebtoken::encode(&Header::new(alg), claims, &EncodingKey::from_secret(secret)).unwrap()
    }

    fn claims(exp_offset: i64, kind: &str) -> serde_json::Value {
        let now = Utc::now().timestamp();
        serde_json::json!({"sub": "7", "iat": now, "exp": now + exp_offset, "jti": "abc", "type": kind})
    }

    #[test]
    fn issued_tokens_verify_and_carry_the_user() {
        let keys = keys();
        let token = keys.issue_access(user(42), session(7)).unwrap();
        let claims = keys.verify_access(&token).unwrap();
        assert_eq!(claims.user_id, user(42));
        assert_eq!(claims.session_id, Some(session(7)));
        assert_eq!(claims.jti.len(), 32);
        assert!(claims.expires_at > Utc::now());
    }

    #[test]
    fn a_spent_refresh_token_always_derives_the_same_successor_pair() {
        let keys = keys();
        let at = Utc::now();
        let successor = keys.successor_of("rt_first");
        assert_eq!(successor, keys.successor_of("rt_first"));
        assert_ne!(successor, keys.successor_of("rt_other"));
        assert!(
            successor.starts_with("rt_") && successor.len() == 3 + 43,
            "{successor}"
        );
        let (cook, login) = (user(42), session(7));
        let access = keys
            .issue_rotated_access(cook, login, at, "rt_first")
            .unwrap();
        let again = keys
            .issue_rotated_access(cook, login, at, "rt_first")
            .unwrap();
        assert_eq!(access, again);
        let other = keys
            .issue_rotated_access(cook, login, at, "rt_other")
            .unwrap();
        assert_ne!(access, other);
        let claims = keys.verify_access(&access).unwrap();
        assert_eq!((claims.user_id, claims.session_id), (cook, Some(login)));
        assert_eq!(claims.jti.len(), 32);
        // Another server secret derives other tokens.
        let other = TokenKeys::new(
            b"another-secret-another-secret-xx",
            Duration::from_secs(900),
            Duration::from_secs(3600),
        );
        assert_ne!(other.successor_of("rt_first"), successor);
    }

    #[test]
    fn expired_tokens_are_refused_as_expired() {
        let token = sign(&claims(-3600, "access"), Algorithm::HS256, SECRET);
        assert_eq!(keys().verify_access(&token), Err(TokenError::Expired));
    }

    #[test]
    fn other_algorithms_keys_and_types_are_refused() {
        let keys = keys();
        let wrong_key = sign(
            &claims(600, "access"),
            Algorithm::HS256,
            b"another-secret-another-secret-xx",
        );
        let hs512 = sign(&claims(600, "access"), Algorithm::HS512, SECRET);
        let refresh = sign(&claims(600, "refresh"), Algorithm::HS256, SECRET);
        for token in [wrong_key, hs512, refresh] {
            assert_eq!(keys.verify_access(&token), Err(TokenError::Invalid));
        }
    }

    #[test]
    fn alg_none_is_refused() {
        let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
        let payload = URL_SAFE_NO_PAD.encode(claims(600, "access").to_string());
        for token in [
            format!("{header}.{payload}."),
            format!("{header}.{payload}"),
        ] {
            assert_eq!(keys().verify_access(&token), Err(TokenError::Invalid));
        }
    }

    #[test]
    fn missing_or_malformed_claims_are_refused() {
        let now = Utc::now().timestamp();
        let no_jti =
            serde_json::json!({"sub": "7", "iat": now, "exp": now + 600, "type": "access"});
        let numeric_sub = serde_json::json!({"sub": 7, "iat": now, "exp": now + 600, "jti": "a", "type": "access"});
        let negative_sub = serde_json::json!({"sub": "-7", "iat": now, "exp": now + 600, "jti": "a", "type": "access"});
        for claims in [no_jti, numeric_sub, negative_sub] {
            let token = sign(&claims, Algorithm::HS256, SECRET);
            assert_eq!(
                keys().verify_access(&token),
                Err(TokenError::Invalid),
                "{claims}"
            );
        }
        assert_eq!(keys().verify_access("not.a.jwt"), Err(TokenError::Invalid));
    }
}
