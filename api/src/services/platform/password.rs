//! Password hashing (argon2id, OWASP parameters) on the hashing threads, which reuse their
//! working memory, and the policy for new passwords.

use std::collections::HashSet;
use std::sync::{Arc, LazyLock};

use anyhow::anyhow;
use argon2::password_hash::phc::{Output, ParamsString, PasswordHash, Salt};
use argon2::{Algorithm, Argon2, Params, Version};
use rand::RngCore;
use shared::FieldError;
use shared::validation::check_password_length;

use super::hash_workers::{HashWorkers, Memory};
use crate::error::{ApiError, ApiResult};

/// OWASP's argon2id parameters: 19 MiB, 2 passes, 1 lane.
const M_COST_KIB: u32 = 19_456;
const T_COST: u32 = 2;
const P_COST: u32 = 1;
/// Salt and output lengths of new hashes.
const SALT_LEN: usize = 16;
const OUTPUT_LEN: usize = 32;

static COMMON_PASSWORDS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| include_str!("../../../assets/common-passwords.txt").lines().collect());

fn params() -> ApiResult<Params> {
    Params::new(M_COST_KIB, T_COST, P_COST, Some(OUTPUT_LEN))
        .map_err(|e| ApiError::Internal(anyhow!("argon2 params: {e}")))
}

fn hashing_error(e: impl std::fmt::Display) -> ApiError {
    ApiError::Internal(anyhow!("hashing: {e}"))
}

/// Hashes a password into a PHC string with a new random salt, in `memory`.
fn hash_in(memory: &mut Memory, password: &str) -> ApiResult<String> {
    let params = params()?;
    let mut salt = [0u8; SALT_LEN];
    rand::rng().fill_bytes(&mut salt);
    let mut out = [0u8; OUTPUT_LEN];
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone())
        .hash_password_into_with_memory(password.as_bytes(), &salt, &mut out, memory.blocks(params.block_count()))
        .map_err(hashing_error)?;
    let phc = PasswordHash {
        algorithm: argon2::ARGON2ID_IDENT,
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params).map_err(hashing_error)?,
        salt: Some(Salt::new(&salt).map_err(hashing_error)?),
        hash: Some(Output::new(&out).map_err(hashing_error)?),
    };
    Ok(phc.to_string())
}

/// Checks a password against a stored PHC string, in `memory`.
fn verify_in(memory: &mut Memory, password: &str, phc: &str) -> ApiResult<Verified> {
    let unreadable = |e: &dyn std::fmt::Display| ApiError::Internal(anyhow!("stored hash unreadable: {e}"));
    let parsed = PasswordHash::new(phc).map_err(|e| unreadable(&e))?;
    let (Some(salt), Some(expected)) = (&parsed.salt, &parsed.hash) else {
        return Err(unreadable(&"no salt or no hash"));
    };
    let algorithm = Algorithm::try_from(parsed.algorithm.as_str()).map_err(|e| unreadable(&e))?;
    let version = parsed.version.map(Version::try_from).transpose().map_err(|e| unreadable(&e))?.unwrap_or_default();
    let stored = Params::try_from(&parsed).map_err(|e| unreadable(&e))?;
    let mut out = vec![0u8; expected.len()];
    Argon2::new(algorithm, version, stored.clone())
        .hash_password_into_with_memory(
            password.as_bytes(),
            salt.as_ref(),
            &mut out,
            memory.blocks(stored.block_count()),
        )
        .map_err(hashing_error)?;
    // `Output` compares in constant time.
    if Output::new(&out).map_err(hashing_error)? != *expected {
        return Ok(Verified::Mismatch);
    }
    let current = algorithm == Algorithm::Argon2id
        && version == Version::V0x13
        && (stored.m_cost(), stored.t_cost(), stored.p_cost()) == (M_COST_KIB, T_COST, P_COST);
    Ok(Verified::Match { needs_rehash: !current })
}

/// Hashes a password on the current thread (for start-up tools and fixtures; request
/// handling goes through [`PasswordHasher`]).
pub fn hash_blocking(password: &str) -> ApiResult<String> {
    hash_in(&mut Memory::default(), password)
}

/// The outcome of checking a password against a stored hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verified {
    /// It matches; `needs_rehash` when the stored hash used other parameters.
    Match { needs_rehash: bool },
    /// It does not match.
    Mismatch,
}

/// Hashes and verifies passwords on `threads` hashing threads (see [`HashWorkers`]); requests
/// beyond that wait their turn.
#[derive(Debug, Clone)]
pub struct PasswordHasher {
    workers: HashWorkers,
    dummy_hash: Arc<tokio::sync::OnceCell<String>>,
}

impl PasswordHasher {
    /// A hasher with `threads` hashing threads.
    pub fn new(threads: usize) -> Self {
        PasswordHasher { workers: HashWorkers::start(threads), dummy_hash: Default::default() }
    }

    /// Hashes a password into a PHC string.
    pub async fn hash(&self, password: &str) -> ApiResult<String> {
        let password = password.to_owned();
        self.workers.run(move |memory| hash_in(memory, &password)).await
    }

    /// Checks a password against a stored PHC string.
    pub async fn verify(&self, password: &str, phc: &str) -> ApiResult<Verified> {
        let (password, phc) = (password.to_owned(), phc.to_owned());
        self.workers.run(move |memory| verify_in(memory, &password, &phc)).await
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

    #[tokio::test]
    async fn hashes_verify_and_older_parameters_ask_for_a_rehash() {
        use argon2::password_hash::PasswordHasher as _;
        let hasher = PasswordHasher::new(1);
        let phc = hasher.hash("correct horse").await.ok().unwrap_or_default();
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
        let check = async |password: &str, phc: &str| hasher.verify(password, phc).await.ok();
        assert_eq!(check("correct horse", &phc).await, Some(Verified::Match { needs_rehash: false }));
        assert_eq!(check("correct horsf", &phc).await, Some(Verified::Mismatch));
        // A hash made elsewhere with smaller parameters still verifies, and asks to be redone.
        let old = Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::new(4096, 3, 1, None).unwrap_or_default())
            .hash_password(b"correct horse")
            .map(|h| h.to_string())
            .unwrap_or_default();
        assert_eq!(check("correct horse", &old).await, Some(Verified::Match { needs_rehash: true }));
        assert_eq!(check("wrong", &old).await, Some(Verified::Mismatch));
        assert!(hasher.verify("x", "not a hash").await.is_err());
    }
}
