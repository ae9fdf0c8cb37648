//! The hourly purge of files nobody attached within 24 hours of their upload (bytes and row).
//! A recurring job like the maintenance one: one pending run at a time, seeded at start-up.

use chrono::Duration;
use serde::{Deserialize, Serialize};

use super::{Job, RetryPolicy};
use crate::services::files::purge;
use crate::state::AppState;

/// The purge's payload (nothing to say).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilePurge {}

/// A failed purge is retried a few times; the next hourly run comes regardless.
pub const RETRY: RetryPolicy = RetryPolicy { max_attempts: 3, first_back_off_secs: 60, max_back_off_secs: 600 };

/// Every hour.
pub const RECURRING: Option<(Duration, fn() -> Job)> = Some((Duration::hours(1), || Job::FilePurge(FilePurge {})));

/// Purges what is due, by the state's clock.
pub async fn perform(state: &AppState, _: FilePurge) -> anyhow::Result<()> {
    let purged = purge::purge_unattached(&state.db, &state.storage, state.now())
        .await
        .map_err(|e| anyhow::anyhow!("purging unattached files: {e}"))?;
    tracing::info!(purged, "unattached files purged");
    Ok(())
}
