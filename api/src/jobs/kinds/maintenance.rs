//! The hourly clean-up. It is a recurring job: one pending run at a time (its `unique_key`),
//! seeded at start-up, and each run queues the next in the transaction that finishes it.

use chrono::Duration;
use serde::{Deserialize, Serialize};

use super::{Job, RetryPolicy};
use crate::services::auth::challenges;
use crate::services::platform::{events, idempotency, throttle};
use crate::state::AppState;

/// The clean-up's payload (nothing to say).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Maintenance {}

/// A failed clean-up is retried a few times; the next hourly run comes regardless.
pub const RETRY: RetryPolicy = RetryPolicy { max_attempts: 3, first_back_off_secs: 60, max_back_off_secs: 600 };

/// Every hour.
pub const RECURRING: Option<(Duration, fn() -> Job)> = Some((Duration::hours(1), || Job::Maintenance(Maintenance {})));

/// Deletes what has outlived its purpose.
pub async fn perform(state: &AppState, _: Maintenance) -> anyhow::Result<()> {
    let now = state.now();
    let db = &state.db;
    let err = |what: &'static str| move |e| anyhow::anyhow!("{what}: {e}");
    let throttles = throttle::purge_idle(db, now).await.map_err(err("purging throttle keys"))?;
    let answers = idempotency::purge(db, now).await.map_err(err("purging idempotency answers"))?;
    let challenges = challenges::purge(db, now).await.map_err(err("purging sign-in challenges"))?;
    let events = events::purge(db, now).await.map_err(err("purging domain events"))?;
    tracing::info!(throttles, answers, challenges, events, "maintenance done");
    Ok(())
}
