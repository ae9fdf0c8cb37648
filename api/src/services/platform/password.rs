//! Password hashing (argon2id, OWASP parameters) off the async workers behind a concurrency
//! bound, and the policy for new passwords.

use std::collections::HashSet;
use std::sync::{Arc, LazyLock};

use anyhow::anyhow;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher as _, PasswordVerifier as _};
use argon2::{Algorithm, Argon2, Params, Version};
use shared::FieldError;
use shared::validation::check_password_length;
use tokio::sync::Semaphore;

use crate::error::{ApiError, ApiResult};

/// OWASP's argon2id parameters: 19 MiB, 2 passes, 1 lane.
const M_COST_KIB: u32 = 19_456;
const T_COST: u32 = 2;
const P_COST: u32 = 1;

static COMMON_PASSWORDS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| include_str!("../../../assets/common-passwords.txt").lines().collect());

fn argon2() -> ApiResult<Argon2<'static>> {
    let params = Params::new(M_COST_KIB, T_COST, P_COST, None).map_err(|e| anyhow!("argon2 params: {e}"))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// Hashes a password on the current thread (for start-up tools and fixtures; request
/// handling goes through [`PasswordHasher`]).
pub fn hash_blocking(password: &str) -> ApiResult<String> {
    argon2()?
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| ApiError::Internal(anyhow!("hashing: {e}")))
}

/// The outcome of checking a password against a stored hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verified {
    /// It matches; `needs_rehash` when the stored hash used other parameters.
    Match { needs_rehash: bool },
    /// It does not match.
    Mismatch,
}

/// Hashes and verifies passwords on the blocking pool, at most `limit` at a time.
#[derive(Debug, Clone)]
pub struct PasswordHasher {
    permits: Arc<Semaphore>,
    dummy_hash: Arc<tokio::sync::OnceCell<String>>,
}

impl PasswordHasher {
    /// A hasher allowing `limit` concurrent hashes.
    pub fn new(limit: usize) -> Self {
        PasswordHasher { permits: Arc::new(Semaphore::new(limit.max(1))), dummy_hash: Default::default() }
    }

    async fn run<T: Send + 'static>(&self, f: impl FnOnce() -> ApiResult<T> + Send + 'static) -> ApiResult<T> {
        let _permit = self.permits.acquire().await.map_err(|e| anyhow!("hasher closed: {e}"))?;
        tokio::task::spawn_blocking(f).await.map_err(|e| anyhow!("hashing task failed: {e}"))?
    }

    /// Hashes a password into a PHC string.
    pub async fn hash(&self, password: &str) -> ApiResult<String> {
        let password = password.to_owned();
        self.run(move || hash_blocking(&password)).await
    }

    /// Checks a password against a stored PHC string.
    pub async fn verify(&self, password: &str, phc: &str) -> ApiResult<Verified> {
        let password = password.to_owned();
        let phc = phc.to_owned();
        self.run(move || {
            let parsed = PasswordHash::new(&phc).map_err(|e| anyhow!("stored hash unreadable: {e}"))?;
            let ok = argon2()?.verify_password(password.as_bytes(), &parsed).is_ok();
            if !ok {
                return Ok(Verified::Mismatch);
            }
            let current = parsed.algorithm.as_str() == "argon2id"
                && parsed.params.get_decimal("m") == Some(M_COST_KIB)
                && parsed.params.get_decimal("t") == Some(T_COST)
                && parsed.params.get_decimal("p") == Some(P_COST);
            Ok(Verified::Match { needs_rehash: !current })
        })
        .await
    }

    /// Spends the same effort as `verify` on a password for an account that does not exist, so
    /// that an unknown email takes as long as a wrong password.
    pub async fn verify_dummy(&self, password: &str) -> ApiResult<()> {
        let hasher = self.clone();
        let dummy = self
            .dummy_hash
            .get_or_try_init(|| async move { hasher.hash("dummy password for timing equality").await })
            .await?
            .clone();
        let _ = self.verify(password, &dummy).await?;
        Ok(())
    }
}

/// Checks a new password: length and not among the most common passwords, nor the user's own
/// email or name.
pub fn check_new_password(field: &str, password: &str, context: &[&str]) -> Result<(), FieldError> {
    check_password_length(field, password)?;
    let lower = password.to_lowercase();
    if COMMON_PASSWORDS.contains(lower.as_str()) {
        return Err(FieldError::new(field, "too_common", "This password is too common; choose another."));
    }
    if context.iter().any(|c| !c.is_empty() && lower == c.to_lowercase()) {
        return Err(FieldError::new(field, "too_guessable", "Do not use your email or name as your password."));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_passwords_are_refused_ignoring_case() {
        assert!(check_new_password("p", "PassWord", &[]).is_err());
        assert!(check_new_password("p", "correct horse battery staple", &[]).is_ok());
        assert!(check_new_password("p", "ann@example.com", &["ann@example.com"]).is_err());
        assert_eq!(COMMON_PASSWORDS.len(), 10_000);
    }
}
