//! In-process job workers: they run due jobs, then sleep until a commit that queued a job wakes
//! them, a short poll (jobs queued by other instances, retries coming due) or shutdown.

use std::time::Duration;

use super::queue::run_due;
use crate::state::AppState;

/// Starts the configured number of workers; they stop claiming jobs once `stop` turns true.
pub fn spawn_workers(state: AppState, stop: tokio::sync::watch::Receiver<bool>) {
    for _ in 0..state.config.job_workers {
        let state = state.clone();
        let mut stop = stop.clone();
        tokio::spawn(async move {
            while !*stop.borrow() {
                if let Err(e) = run_due(&state).await {
                    tracing::warn!(error = %e, "job worker could not run jobs");
                }
                tokio::select! {
                    _ = stop.changed() => {}
                    _ = state.jobs.notified() => {}
                    _ = tokio::time::sleep(Duration::from_secs(2)) => {}
                }
            }
        });
    }
}
