//! Background work: a durable job queue in the database, in-process workers, and the typed
//! catalogue of job kinds (`kinds`). Jobs are queued in the transaction of the change that needs
//! them ([`queue::enqueue`] on a [`crate::db::Tx`]); committing that transaction wakes a worker.

pub mod kinds;
pub mod queue;
pub mod worker;

use std::sync::Arc;

use tokio::sync::Notify;

pub use kinds::Job;
pub use queue::{enqueue, run_due};
pub use worker::spawn_workers;

/// Wakes idle workers when a job is queued by this instance.
#[derive(Debug, Default, Clone)]
pub struct JobSignal(Arc<Notify>);

impl JobSignal {
    /// Tells a waiting worker there is work.
    pub fn wake(&self) {
        self.0.notify_one();
    }

    /// Waits until woken.
    pub async fn notified(&self) {
        self.0.notified().await;
    }
}
