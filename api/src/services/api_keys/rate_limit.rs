//! Per-key request limits for API keys: a token bucket per key on each instance (the generic
//! cell rate algorithm: one timestamp per key), refilled evenly over a minute. A key may send
//! its whole minute's worth in a burst, then one request per `60 s / limit`.
//!
//! Every answer to a key carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`
//! (seconds until the bucket is full again); a refused request answers 429 with `Retry-After`.
//! Buckets live in memory, per instance: behind a load balancer spreading requests over N
//! instances, a key can get up to N times its limit.

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

/// Past this many buckets, full ones are dropped before another is added.
const PRUNE_ABOVE: usize = 10_000;

/// Where a key stands after a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quota {
    /// Requests a minute.
    pub limit: u32,
    /// Requests left in the bucket now.
    pub remaining: u32,
    /// Seconds until the bucket is full again.
    pub reset_secs: u64,
    /// `Some(seconds)` when this request was refused: when the next one will be accepted.
    pub retry_after_secs: Option<u64>,
}

/// The buckets of this instance, by key id: each is the time at which it will be full again.
#[derive(Debug, Default)]
pub struct KeyLimits {
    full_at: Mutex<HashMap<Uuid, DateTime<Utc>>>,
}

fn ceil_secs(d: Duration) -> u64 {
    u64::try_from((d.num_milliseconds().max(0) + 999) / 1000).unwrap_or(0)
}

impl KeyLimits {
    /// Takes one request from `key`'s bucket of `limit` a minute, or refuses it.
    pub fn take(&self, key: Uuid, limit: u32, now: DateTime<Utc>) -> Quota {
        let limit = limit.max(1);
        let interval = Duration::microseconds(60_000_000 / i64::from(limit));
        let capacity = interval * i32::try_from(limit).unwrap_or(i32::MAX);
        let Ok(mut buckets) = self.full_at.lock() else {
            return Quota { limit, remaining: 0, reset_secs: 0, retry_after_secs: None };
        };
        if buckets.len() >= PRUNE_ABOVE {
            buckets.retain(|_, full_at| *full_at > now);
        }
        let full_at = buckets.get(&key).copied().filter(|t| *t > now).unwrap_or(now);
        let after = full_at + interval;
        let remaining_of = |full: DateTime<Utc>| {
            let used = (full - now).num_microseconds().unwrap_or(i64::MAX);
            let left = (capacity.num_microseconds().unwrap_or(0) - used) / interval.num_microseconds().unwrap_or(1);
            u32::try_from(left.max(0)).unwrap_or(0)
        };
        if after - now > capacity {
            let retry_after = ceil_secs(after - now - capacity).max(1);
            return Quota {
                limit,
                remaining: 0,
                reset_secs: ceil_secs(full_at - now),
                retry_after_secs: Some(retry_after),
            };
        }
        buckets.insert(key, after);
        Quota { limit, remaining: remaining_of(after), reset_secs: ceil_secs(after - now), retry_after_secs: None }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_of_the_limit_then_one_per_interval() {
        let limits = KeyLimits::default();
        let key = Uuid::now_v7();
        let now = Utc::now();
        for left in (0..3).rev() {
            let q = limits.take(key, 3, now);
            assert_eq!((q.remaining, q.retry_after_secs), (left, None));
        }
        let refused = limits.take(key, 3, now);
        assert_eq!(refused.retry_after_secs, Some(20), "one token every 20 s");
        assert_eq!(refused.reset_secs, 60);
        let later = limits.take(key, 3, now + Duration::seconds(20));
        assert_eq!((later.remaining, later.retry_after_secs), (0, None));
        let full = limits.take(key, 3, now + Duration::minutes(5));
        assert_eq!((full.remaining, full.reset_secs), (2, 20));
    }

    #[test]
    fn keys_have_their_own_buckets() {
        let limits = KeyLimits::default();
        let now = Utc::now();
        let (a, b) = (Uuid::now_v7(), Uuid::now_v7());
        assert!(limits.take(a, 1, now).retry_after_secs.is_none());
        assert!(limits.take(a, 1, now).retry_after_secs.is_some());
        assert!(limits.take(b, 1, now).retry_after_secs.is_none());
    }
}
