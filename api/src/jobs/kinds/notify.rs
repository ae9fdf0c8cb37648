//! Sending a notice to its recipient through `notify`'s rules (preferences, confirmed address,
//! footer). The payload holds ids and facts; the notice renders when the job runs.

use super::RetryPolicy;
use crate::services::platform::notify::{self, Pending};
use crate::state::AppState;

/// Like other mail: 8 attempts over about two hours.
pub const RETRY: RetryPolicy = super::email::RETRY;

/// One-off jobs.
pub const RECURRING: Option<(chrono::Duration, fn() -> super::Job)> = None;

/// Renders and sends the notice.
pub async fn perform(state: &AppState, pending: Pending) -> anyhow::Result<()> {
    notify::deliver(state, pending).await
}
