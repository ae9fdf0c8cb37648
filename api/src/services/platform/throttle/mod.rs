//! Throttling and lockout of sign-in, MFA and password-reset attempts, per account and per IP.
//!
//! Every attempt is counted *before* any hashing, inside a write transaction (the row is locked
//! on PostgreSQL; SQLite serializes writers), so parallel attempts cannot slip past the limit. A
//! success takes its own attempt back. From the 5th failure on, the key waits 2^(n-5) seconds
//! between attempts; at the 10th it is locked for 15 minutes. Counts decay: a key with no failure
//! for the lock period starts over, so a busy office behind one address is never locked out for
//! good. Keys are hashes of the normalised account and address, so their size is fixed whatever
//! a client sends. The state lives in the database, so every instance enforces the same limits;
//! each instance also remembers the keys it saw locked ([`lock_cache`]), so that refusing a
//! storm of attempts costs no database work.

pub mod lock_cache;

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveModelTrait, ConnectionTrait, DatabaseBackend, DatabaseConnection, EntityTrait, QuerySelect, Set};

use crate::db::Tx;
use crate::entities::platform::auth_throttle;
use crate::error::{ApiError, ApiResult};
use crate::jobs::JobSignal;
use crate::services::platform::tokens::hash_token;
use lock_cache::LockCache;

/// Limits for one kind of key.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    /// Failures allowed before back-off starts.
    pub free: i32,
    /// Failures after which the key is locked.
    pub lock_after: i32,
    /// How long a lock lasts.
    pub lock_for: Duration,
}

/// Per account: back-off after 5 failures, locked for 15 minutes at 10.
pub const ACCOUNT: Policy = Policy { free: 5, lock_after: 10, lock_for: Duration::minutes(15) };
/// Per IP address: more room (shared addresses), same lock.
pub const IP: Policy = Policy { free: 50, lock_after: 100, lock_for: Duration::minutes(15) };

/// Registrations per IP address (each creates an account and an organization and hashes a
/// password): ten in a quarter of an hour, then a growing wait, locked for an hour at thirty.
pub const REGISTRATION: Policy = Policy { free: 10, lock_after: 30, lock_for: Duration::hours(1) };

/// The key of an attempt that only an address identifies (e.g. a registration).
pub fn ip_key(kind: &str, ip: Option<&str>, policy: Policy) -> Vec<Key> {
    ip.map(|ip| vec![(format!("{kind}:ip:{}", hash_token(ip)), policy)]).unwrap_or_default()
}

/// A key and its policy, e.g. `("login:acct:<sha-256 of ann@example.com>", ACCOUNT)`.
pub type Key = (String, Policy);

/// The keys of an attempt: the account (if known by the caller's input) and the client IP.
pub fn keys(kind: &str, account: &str, ip: Option<&str>) -> Vec<Key> {
    let mut out = vec![(format!("{kind}:acct:{}", hash_token(&account.trim().to_lowercase())), ACCOUNT)];
    if let Some(ip) = ip {
        out.push((format!("{kind}:ip:{}", hash_token(ip)), IP));
    }
    out
}

/// The failures that still count at `now`: none once the key has been quiet (no failure and no
/// lock) for the policy's lock period.
fn live_failures(policy: &Policy, row: &auth_throttle::Model, now: DateTime<Utc>) -> i32 {
    let locked = row.locked_until.is_some_and(|u| u > now);
    if !locked && row.updated_at + policy.lock_for <= now { 0 } else { row.failures }
}

fn next_lock(policy: &Policy, failures: i32, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    if failures >= policy.lock_after {
        Some(now + policy.lock_for)
    } else if failures >= policy.free {
        let exp = u32::try_from(failures - policy.free).unwrap_or(0).min(10);
        Some(now + Duration::seconds(1_i64 << exp))
    } else {
        None
    }
}

/// What reserving an attempt found.
#[derive(Debug, Default)]
pub struct Reservation {
    /// Whether this attempt just locked an account key (for the audit trail).
    pub locked_account: bool,
}

fn rate_limited(until: DateTime<Utc>, now: DateTime<Utc>) -> ApiError {
    let secs = ((until - now).num_milliseconds().max(0) + 999) / 1000;
    ApiError::RateLimited { retry_after_secs: u64::try_from(secs).unwrap_or(1).max(1) }
}

/// The throttle of one instance: counting in the database, known locks in memory.
#[derive(Debug)]
pub struct Throttle {
    locks: LockCache,
    /// The pause before a refusal is answered.
    pace: std::time::Duration,
}

impl Throttle {
    /// A throttle whose refusals are answered after `pace` (see `Config::refusal_pace`).
    pub fn new(pace: std::time::Duration) -> Self {
        Throttle { locks: LockCache::default(), pace }
    }

    /// Counts an attempt against every key, or refuses it with `RateLimited` while a key waits
    /// (from memory when this instance saw the lock lately, without a database round trip).
    ///
    /// A refusal comes after the throttle's pause, with nothing held (no connection, no
    /// transaction): a client hammering a locked key gets an answer per pause per connection,
    /// and the HTTP workers stay free for everyone else.
    pub async fn reserve(&self, db: &DatabaseConnection, keys: &[Key], now: DateTime<Utc>) -> ApiResult<Reservation> {
        let out = self.count(db, keys, now).await;
        if matches!(out, Err(ApiError::RateLimited { .. })) && !self.pace.is_zero() {
            tokio::time::sleep(self.pace).await;
        }
        out
    }

    async fn count(&self, db: &DatabaseConnection, keys: &[Key], now: DateTime<Utc>) -> ApiResult<Reservation> {
        if let Some(until) = self.locks.locked_until(keys.iter().map(|(k, _)| k.as_str()), now) {
            return Err(rate_limited(until, now));
        }
        let tx = Tx::begin(db, &JobSignal::default()).await?;
        let mut rows = Vec::new();
        for (key, _) in keys {
            auth_throttle::Entity::insert(auth_throttle::ActiveModel {
                key: Set(key.clone()),
                failures: Set(0),
                locked_until: Set(None),
                updated_at: Set(now),
            })
            .on_conflict(OnConflict::column(auth_throttle::Column::Key).do_nothing().to_owned())
            .exec_without_returning(&tx)
            .await?;
            let mut q = auth_throttle::Entity::find_by_id(key.clone());
            if tx.get_database_backend() == DatabaseBackend::Postgres {
                q = q.lock_exclusive();
            }
            rows.push(q.one(&tx).await?.ok_or(ApiError::NotFound)?);
        }
        let locked: Vec<_> = rows.iter().filter_map(|r| Some((r.key.as_str(), r.locked_until?))).collect();
        if let Some(until) = locked.iter().map(|(_, u)| *u).filter(|u| *u > now).max() {
            for (key, until) in locked.iter().filter(|(_, u)| *u > now) {
                self.locks.remember(key, *until, now);
            }
            return Err(rate_limited(until, now));
        }
        let mut out = Reservation::default();
        let mut now_locked = Vec::new();
        for (row, (_, policy)) in rows.into_iter().zip(keys) {
            let failures = live_failures(policy, &row, now).saturating_add(1);
            let locked_until = next_lock(policy, failures, now);
            if failures == policy.lock_after && policy.lock_after == ACCOUNT.lock_after && row.key.contains(":acct:") {
                out.locked_account = true;
            }
            if let Some(until) = locked_until {
                now_locked.push((row.key.clone(), until));
            }
            let mut am: auth_throttle::ActiveModel = row.into();
            am.failures = Set(failures);
            am.locked_until = Set(locked_until);
            am.updated_at = Set(now);
            am.update(&tx).await?;
        }
        tx.commit().await?;
        // The next attempt on these keys waits; this instance can say so without asking.
        for (key, until) in now_locked {
            self.locks.remember(&key, until, now);
        }
        Ok(out)
    }

    /// After a success: the account starts over, and the IP gets its attempt back.
    pub async fn succeeded(&self, db: &impl ConnectionTrait, keys: &[Key], now: DateTime<Utc>) -> ApiResult<()> {
        for (key, _) in keys {
            if key.contains(":acct:") {
                auth_throttle::Entity::delete_by_id(key.clone()).exec(db).await?;
                self.locks.forget(key);
            } else if let Some(row) = auth_throttle::Entity::find_by_id(key.clone()).one(db).await? {
                let failures = (row.failures - 1).max(0);
                let mut am: auth_throttle::ActiveModel = row.into();
                am.failures = Set(failures);
                am.updated_at = Set(now);
                am.update(db).await?;
            }
        }
        Ok(())
    }

    /// Clears the account keys among `keys` (failures and any lock), e.g. the sign-in lock of
    /// an account whose password was just reset. Other instances stop refusing within
    /// [`lock_cache::TRUST_FOR`].
    pub async fn clear_account(&self, db: &impl ConnectionTrait, keys: &[Key]) -> ApiResult<()> {
        for (key, _) in keys.iter().filter(|(k, _)| k.contains(":acct:")) {
            auth_throttle::Entity::delete_by_id(key.clone()).exec(db).await?;
            self.locks.forget(key);
        }
        Ok(())
    }
}

/// Deletes keys that have been quiet (no failure, no lock) for a day; returns how many.
pub async fn purge_idle(db: &impl ConnectionTrait, now: DateTime<Utc>) -> ApiResult<u64> {
    use sea_orm::{ColumnTrait, QueryFilter};
    let quiet = now - Duration::days(1);
    let res = auth_throttle::Entity::delete_many()
        .filter(auth_throttle::Column::UpdatedAt.lt(quiet))
        .filter(
            sea_orm::Condition::any()
                .add(auth_throttle::Column::LockedUntil.is_null())
                .add(auth_throttle::Column::LockedUntil.lt(now)),
        )
        .exec(db)
        .await?;
    Ok(res.rows_affected)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn back_off_then_lock() {
        let now = Utc::now();
        assert_eq!(next_lock(&ACCOUNT, 4, now), None);
        assert_eq!(next_lock(&ACCOUNT, 5, now), Some(now + Duration::seconds(1)));
        assert_eq!(next_lock(&ACCOUNT, 8, now), Some(now + Duration::seconds(8)));
        assert_eq!(next_lock(&ACCOUNT, 10, now), Some(now + Duration::minutes(15)));
    }

    #[test]
    fn counts_decay_after_a_quiet_lock_period() {
        let now = Utc::now();
        let row =
            |updated_at, locked_until| auth_throttle::Model { key: "k".into(), failures: 9, locked_until, updated_at };
        assert_eq!(live_failures(&ACCOUNT, &row(now - Duration::minutes(14), None), now), 9);
        assert_eq!(live_failures(&ACCOUNT, &row(now - Duration::minutes(15), None), now), 0);
        let locked = row(now - Duration::minutes(20), Some(now + Duration::minutes(1)));
        assert_eq!(live_failures(&ACCOUNT, &locked, now), 9);
    }

    #[test]
    fn keys_have_a_fixed_size() {
        let long = "x".repeat(10_000);
        for (k, _) in keys("login", &long, Some("203.0.113.9")) {
            assert!(k.len() < 100, "{k}");
        }
        assert_eq!(keys("login", " Ann@X.io ", None)[0].0, keys("login", "ann@x.io", None)[0].0);
    }
}
