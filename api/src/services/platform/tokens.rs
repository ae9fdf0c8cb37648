//! Access tokens (HS256 JWTs with minimal claims) and opaque refresh tokens.

use base64::Engine;
use chrono::{DateTime, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use shared::Role;
use uuid::Uuid;

use crate::error::{ApiError, ApiResult};

/// The claims of an access token; nothing beyond what authorization needs.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    /// The user id.
    pub sub: Uuid,
    /// The session id.
    pub sid: Uuid,
    /// The user's role when the token was issued (the server re-reads the user each request).
    pub role: Role,
    /// Issuer.
    pub iss: String,
    /// Audience.
    pub aud: String,
    /// Expiry (seconds since the epoch).
    pub exp: i64,
    /// Issued at.
    pub iat: i64,
    /// Not before.
    pub nbf: i64,
}

/// The claims of an MFA token: proof of a correct password, good for one thing only
/// (completing that sign-in with a second factor) for five minutes.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct MfaClaims {
    sub: Uuid,
    jti: Uuid,
    iss: String,
    aud: String,
    exp: i64,
    iat: i64,
    nbf: i64,
}

/// The audience of MFA tokens (so they are never accepted as access tokens).
pub const MFA_AUDIENCE: &str = "omgsystems-mfa";
/// Lifetime of MFA tokens, in seconds.
pub const MFA_TOKEN_TTL: i64 = 300;

/// Signs and verifies access tokens. Exactly one algorithm is accepted.
#[derive(Clone)]
pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    mfa_validation: Validation,
    issuer: String,
    audience: String,
    ttl_secs: i64,
}

impl std::fmt::Debug for TokenKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenKeys").field("issuer", &self.issuer).finish_non_exhaustive()
    }
}

/// The audience of access tokens for this API.
pub const AUDIENCE: &str = "omgsystems-api";

impl TokenKeys {
    /// Keys from the configured secret.
    pub fn new(secret: &[u8], issuer: &str, ttl_secs: i64) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.algorithms = vec![Algorithm::HS256];
        validation.set_issuer(&[issuer]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "nbf", "iss", "aud", "sub"]);
        // Expiry and not-before are checked against the server's clock in `check_times`.
        validation.validate_exp = false;
        validation.validate_nbf = false;
        let mut mfa_validation = validation.clone();
        mfa_validation.set_audience(&[MFA_AUDIENCE]);
        TokenKeys {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
            mfa_validation,
            issuer: issuer.to_owned(),
            audience: AUDIENCE.to_owned(),
            ttl_secs,
        }
    }

    /// Lifetime of access tokens, in seconds.
    pub fn ttl_secs(&self) -> i64 {
        self.ttl_secs
    }

    /// Issues an access token for a session.
    pub fn issue(&self, user_id: Uuid, session_id: Uuid, role: Role, now: DateTime<Utc>) -> ApiResult<String> {
        let iat = now.timestamp();
        let claims = Claims {
            sub: user_id,
            sid: session_id,
            role,
            iss: self.issuer.clone(),
            aud: self.audience.clone(),
            exp: iat + self.ttl_secs,
            iat,
            nbf: iat,
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(|e| ApiError::Internal(anyhow::anyhow!("signing token: {e}")))
    }

    /// Issues a short-lived MFA token after a correct password; `jti` names its challenge row,
    /// which the sign-in it completes uses up.
    pub fn issue_mfa(&self, user_id: Uuid, jti: Uuid, now: DateTime<Utc>) -> ApiResult<String> {
        let iat = now.timestamp();
        let claims = MfaClaims {
            sub: user_id,
            jti,
            iss: self.issuer.clone(),
            aud: MFA_AUDIENCE.to_owned(),
            exp: iat + MFA_TOKEN_TTL,
            iat,
            nbf: iat,
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(|e| ApiError::Internal(anyhow::anyhow!("signing token: {e}")))
    }

    /// Verifies an MFA token at `now`; returns the user id and the token's `jti`.
    pub fn verify_mfa(&self, token: &str, now: DateTime<Utc>) -> ApiResult<(Uuid, Uuid)> {
        let claims = jsonwebtoken::decode::<MfaClaims>(token, &self.decoding, &self.mfa_validation)
            .map(|d| d.claims)
            .map_err(|_| ApiError::InvalidToken)?;
        check_times(claims.exp, claims.nbf, now)?;
        Ok((claims.sub, claims.jti))
    }

    /// Verifies an access token at `now`: signature, algorithm, issuer, audience, expiry and
    /// not-before.
    pub fn verify(&self, token: &str, now: DateTime<Utc>) -> ApiResult<Claims> {
        let claims = jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation)
            .map(|d| d.claims)
            .map_err(|_| ApiError::InvalidToken)?;
        check_times(claims.exp, claims.nbf, now)?;
        Ok(claims)
    }
}

/// Allowed clock difference between instances, in seconds.
const LEEWAY_SECS: i64 = 30;

fn check_times(exp: i64, nbf: i64, now: DateTime<Utc>) -> ApiResult<()> {
    let t = now.timestamp();
    if t >= exp + LEEWAY_SECS || t + LEEWAY_SECS < nbf { Err(ApiError::InvalidToken) } else { Ok(()) }
}

/// A new opaque refresh token (256 random bits, base64url).
pub fn new_refresh_token() -> String {
    let mut raw = [0u8; 32];
    rand::rng().fill_bytes(&mut raw);
    format!("rt_{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(raw))
}

/// The stored form of an opaque token: SHA-256, hex.
pub fn hash_token(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}
