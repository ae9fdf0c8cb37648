//! The optional `Idempotency-Key` header of POSTs with side effects (Stripe's rules): the same key
//! with the same request answers the stored response again; with another request it is refused
//! with 422 `idempotency_key_reused`. Keys are kept 24 hours, per user.

use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};
use sha2::{Digest, Sha256};

use crate::error::ApiError;

/// The header's name.
pub const IDEMPOTENCY_HEADER: &str = "idempotency-key";
/// Longest accepted key.
pub const MAX_KEY_LEN: usize = 255;

/// What the API document says of the header: 1 to [`MAX_KEY_LEN`] visible ASCII characters
/// (white space around a header's value is not part of it, so the server drops it).
pub const KEY_RULE: shared::validation::TextRule = shared::validation::TextRule {
    min_chars: Some(1),
    max_chars: MAX_KEY_LEN,
    format: None,
    pattern: Some(r"^[\x21-\x7E]+$"),
};

/// The key a client sent (if any) and what identifies its request.
#[derive(Debug, Clone)]
pub struct IdempotencyKey {
    /// The key, when sent.
    pub key: Option<String>,
    method: String,
    path: String,
}

impl IdempotencyKey {
    /// What identifies the request under a key: method, path and body.
    pub fn fingerprint(&self, body: &impl serde::Serialize) -> String {
        let body = serde_json::to_vec(body).unwrap_or_default();
        let mut h = Sha256::new();
        h.update(self.method.as_bytes());
        h.update(b" ");
        h.update(self.path.as_bytes());
        h.update(b"\n");
        h.update(&body);
        hex(&h.finalize())
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn parse(req: &HttpRequest) -> Result<IdempotencyKey, ApiError> {
    let key = match req.headers().get(IDEMPOTENCY_HEADER) {
        None => None,
        Some(v) => {
            let bad = || {
                ApiError::field(
                    "Idempotency-Key",
                    "invalid",
                    format!("Use 1 to {MAX_KEY_LEN} visible ASCII characters (a UUID is a good key)."),
                )
            };
            let raw = v.to_str().map_err(|_| bad())?;
            let s = raw.trim_matches([' ', '\t']);
            if s.is_empty() || raw.len() > MAX_KEY_LEN || !s.bytes().all(|b| b.is_ascii_graphic()) {
                return Err(bad());
            }
            Some(s.to_owned())
        }
    };
    Ok(IdempotencyKey { key, method: req.method().as_str().to_owned(), path: req.path().to_owned() })
}

impl FromRequest for IdempotencyKey {
    type Error = ApiError;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(parse(req))
    }
}
