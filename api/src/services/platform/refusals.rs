//! Attempts refused for throttling, audited in aggregate: counted in memory, then appended as
//! one entry per key (action, email tried, address) per [`WINDOW`] with the count, when the
//! window has closed or when the server stops. A storm of refused sign-ins costs no database
//! write per attempt, and the trail still says how many there were, from where, and when.

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::{DateTime, Duration, Utc};
use shared::audit::{AuditAction, RefusalReason, RefusedRepeatedly};

use crate::context::ClientInfo;
use crate::error::ApiResult;
use crate::services::platform::audit::{self, AuditEvent};

/// How long one entry's window lasts, from its first refusal.
pub const WINDOW: Duration = Duration::minutes(1);

/// Above this many open windows, the next flush writes them all, closed or not.
const MAX_OPEN: usize = 10_000;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct TallyKey {
    action: AuditAction,
    email: String,
    ip: Option<String>,
}

#[derive(Debug, Clone)]
struct Tally {
    first_at: DateTime<Utc>,
    last_at: DateTime<Utc>,
    count: u64,
    user_agent: Option<String>,
}

/// Which windows a flush writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flush {
    /// Those whose window has closed.
    Closed,
    /// All of them (the server is stopping).
    All,
}

/// The open windows of this instance.
#[derive(Debug, Default)]
pub struct Refusals {
    open: Mutex<HashMap<TallyKey, Tally>>,
}

impl Refusals {
    /// Counts a refused attempt (no I/O).
    pub fn count(&self, action: AuditAction, email: &str, client: &ClientInfo, now: DateTime<Utc>) {
        let key = TallyKey { action, email: email.chars().take(254).collect(), ip: client.ip.clone() };
        let Ok(mut open) = self.open.lock() else { return };
        let tally = open.entry(key).or_insert_with(|| Tally {
            first_at: now,
            last_at: now,
            count: 0,
            user_agent: client.user_agent.clone(),
        });
        tally.count += 1;
        tally.last_at = tally.last_at.max(now);
    }

    /// Appends an audit entry for each window that `mode` selects, and returns how many. A
    /// window whose entry could not be written is kept for the next flush.
    pub async fn flush(&self, db: &impl sea_orm::ConnectionTrait, now: DateTime<Utc>, mode: Flush) -> ApiResult<usize> {
        let due: Vec<(TallyKey, Tally)> = {
            let Ok(mut open) = self.open.lock() else { return Ok(0) };
            let all = mode == Flush::All || open.len() > MAX_OPEN;
            let keys: Vec<TallyKey> =
                open.iter().filter(|(_, t)| all || t.first_at + WINDOW <= now).map(|(k, _)| k.clone()).collect();
            keys.into_iter().filter_map(|k| open.remove_entry(&k)).collect()
        };
        let mut written = 0;
        let mut failed = Vec::new();
        for (key, tally) in due {
            match write(db, &key, &tally).await {
                Ok(()) => written += 1,
                Err(e) => {
                    tracing::warn!(error = %e, "auditing refused attempts failed; keeping them for the next flush");
                    failed.push((key, tally));
                }
            }
        }
        if let Ok(mut open) = self.open.lock() {
            for (key, kept) in failed {
                let tally = open.entry(key).or_insert_with(|| Tally { count: 0, ..kept.clone() });
                tally.count += kept.count;
                tally.first_at = tally.first_at.min(kept.first_at);
                tally.last_at = tally.last_at.max(kept.last_at);
            }
        }
        Ok(written)
    }
}

async fn write(db: &impl sea_orm::ConnectionTrait, key: &TallyKey, tally: &Tally) -> ApiResult<()> {
    let details = RefusedRepeatedly {
        reason: RefusalReason::RateLimited,
        count: tally.count,
        first_at: tally.first_at,
        last_at: tally.last_at,
    };
    let event = AuditEvent::failure(key.action).email_tried(&key.email).details(&details);
    let client = ClientInfo { ip: key.ip.clone(), user_agent: tally.user_agent.clone() };
    audit::record(db, tally.last_at, &client, event).await
}

/// Flushes closed windows every few seconds until `stop` says so (the server writes the rest
/// once it has stopped taking requests).
pub async fn flush_periodically(state: crate::state::AppState, mut stop: tokio::sync::watch::Receiver<bool>) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(5));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            _ = stop.changed() => break,
        }
        if let Err(e) = state.refusals.flush(&state.db, state.now(), Flush::Closed).await {
            tracing::warn!(error = %e, "flushing refused attempts failed");
        }
    }
}
