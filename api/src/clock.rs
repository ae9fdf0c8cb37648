//! The time source, injectable so tests can move time without sleeping.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use chrono::{DateTime, Utc};

/// Tells the current time.
pub trait Clock: Send + Sync + std::fmt::Debug {
    /// Now, in UTC.
    fn now(&self) -> DateTime<Utc>;
}

/// The real clock.
#[derive(Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that runs with real time plus an offset that tests can advance, or stands still once
/// frozen (for a test whose outcome must not depend on how long the machine takes, e.g. a
/// one-second back-off while passwords are hashed on a busy machine).
#[derive(Debug, Clone)]
pub struct OffsetClock {
    offset_ms: Arc<AtomicI64>,
    /// The real time (ms since the epoch) at which it stopped, or `NOT_FROZEN`.
    frozen_ms: Arc<AtomicI64>,
}

const NOT_FROZEN: i64 = i64::MIN;

impl Default for OffsetClock {
    fn default() -> Self {
        OffsetClock { offset_ms: Arc::default(), frozen_ms: Arc::new(AtomicI64::new(NOT_FROZEN)) }
    }
}

impl OffsetClock {
    /// Moves this clock (and every copy of it) forward.
    pub fn advance(&self, by: chrono::Duration) {
        self.offset_ms.fetch_add(by.num_milliseconds(), Ordering::SeqCst);
    }

    /// Stops this clock (and every copy of it) where it is: from now on only [`Self::advance`]
    /// moves it.
    pub fn freeze(&self) {
        let _ = self.frozen_ms.compare_exchange(
            NOT_FROZEN,
            Utc::now().timestamp_millis(),
            Ordering::SeqCst,
            Ordering::SeqCst,
        );
    }
}

impl Clock for OffsetClock {
    fn now(&self) -> DateTime<Utc> {
        let offset = chrono::Duration::milliseconds(self.offset_ms.load(Ordering::SeqCst));
        match self.frozen_ms.load(Ordering::SeqCst) {
            NOT_FROZEN => Utc::now() + offset,
            at => DateTime::from_timestamp_millis(at).unwrap_or_default() + offset,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_frozen_clock_moves_only_when_advanced() {
        let clock = OffsetClock::default();
        clock.freeze();
        let copy = clock.clone();
        let at = clock.now();
        assert_eq!(copy.now(), at);
        clock.advance(chrono::Duration::seconds(5));
        assert_eq!(copy.now(), at + chrono::Duration::seconds(5));
    }
}
