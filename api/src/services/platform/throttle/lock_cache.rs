//! This instance's memory of throttle keys it knows to be locked, so that a storm of refused
//! attempts answers 429 without touching the database.
//!
//! The database stays the truth: every attempt that is not refused here is counted there. A
//! remembered lock is trusted for [`TRUST_FOR`] at most, so a lock that ends early on another
//! instance (a password reset clears the sign-in lock) stops refusing here within that time;
//! on this instance it stops at once ([`LockCache::forget`]).

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::{DateTime, Duration, Utc};

/// How long a lock read from the database is trusted without reading it again.
pub const TRUST_FOR: Duration = Duration::seconds(2);

/// Past this many entries, stale ones are dropped before another is added.
const PRUNE_ABOVE: usize = 4096;

#[derive(Debug, Clone, Copy)]
struct Remembered {
    until: DateTime<Utc>,
    read_at: DateTime<Utc>,
}

impl Remembered {
    fn trusted(&self, now: DateTime<Utc>) -> bool {
        now < self.until && now < self.read_at + TRUST_FOR
    }
}

/// Locked keys and until when, as last read from the database.
#[derive(Debug, Default)]
pub struct LockCache {
    entries: Mutex<HashMap<String, Remembered>>,
}

impl LockCache {
    /// The latest lock still trusted among `keys`, if any.
    pub fn locked_until<'a>(
        &self,
        keys: impl IntoIterator<Item = &'a str>,
        now: DateTime<Utc>,
    ) -> Option<DateTime<Utc>> {
        let entries = self.entries.lock().ok()?;
        keys.into_iter().filter_map(|k| entries.get(k)).filter(|r| r.trusted(now)).map(|r| r.until).max()
    }

    /// Remembers that `key` is locked until `until`, as read at `now`.
    pub fn remember(&self, key: &str, until: DateTime<Utc>, now: DateTime<Utc>) {
        let Ok(mut entries) = self.entries.lock() else { return };
        if entries.len() >= PRUNE_ABOVE {
            entries.retain(|_, r| r.trusted(now));
        }
        entries.insert(key.to_owned(), Remembered { until, read_at: now });
    }

    /// Forgets `key` (its lock was cleared here).
    pub fn forget(&self, key: &str) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.remove(key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lock_is_trusted_until_it_ends_or_for_a_short_while() {
        let cache = LockCache::default();
        let now = Utc::now();
        cache.remember("a", now + Duration::minutes(15), now);
        cache.remember("b", now + Duration::seconds(1), now);
        assert_eq!(cache.locked_until(["a", "b"], now), Some(now + Duration::minutes(15)));
        assert_eq!(cache.locked_until(["b"], now + Duration::seconds(1)), None, "b's lock has ended");
        assert_eq!(cache.locked_until(["a"], now + TRUST_FOR), None, "a must be read again");
        assert_eq!(cache.locked_until(["c"], now), None);
        cache.forget("a");
        assert_eq!(cache.locked_until(["a"], now), None);
    }

    #[test]
    fn stale_entries_make_room() {
        let cache = LockCache::default();
        let now = Utc::now();
        for i in 0..PRUNE_ABOVE {
            cache.remember(&i.to_string(), now + Duration::seconds(1), now);
        }
        let later = now + Duration::seconds(5);
        cache.remember("new", later + Duration::minutes(1), later);
        assert_eq!(cache.entries.lock().map(|e| e.len()).ok(), Some(1));
    }
}
