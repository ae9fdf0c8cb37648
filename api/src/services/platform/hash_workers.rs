//! A fixed set of threads that run argon2, each reusing one working memory.
//!
//! argon2id at the OWASP parameters needs 19 MiB per hash. Allocating and freeing that on the
//! blocking pool, hash after hash, while small allocations interleave, fragments the heap: a
//! sign-in storm once took the process from 50 MB to 1.9 GB. Here each thread allocates its
//! working memory on its first hash, keeps it while busy and frees it after a quiet spell, so
//! the memory of hashing is bounded by threads × 19 MiB whatever the load.
//!
//! The threads run at a lower scheduling priority (nice 10) than the HTTP workers: when both
//! want the CPU, requests that do not hash go first, so a flood of sign-ins cannot starve an
//! authenticated list; when the machine is otherwise idle, hashing gets all of it.

use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::anyhow;
use argon2::Block;

use crate::error::{ApiError, ApiResult};

/// How long a thread keeps its working memory with nothing to do.
const KEEP_MEMORY_FOR: Duration = Duration::from_secs(30);

/// The hashing threads' priority on the `thread-priority` crate's scale (0..=99, mapped onto
/// niceness 19..=-20): 22 is niceness 10, where a thread gets about a tenth of the CPU that a
/// default (niceness 0) thread gets when both want it.
const PRIORITY: u8 = 22;

/// Working memory, grown to the largest hash seen since it was last freed.
#[derive(Default)]
pub struct Memory(Vec<Block>);

impl Memory {
    /// At least `blocks` blocks of argon2 memory.
    pub fn blocks(&mut self, blocks: usize) -> &mut [Block] {
        if self.0.len() < blocks {
            self.0 = vec![Block::new(); blocks];
        }
        &mut self.0[..blocks]
    }
}

type Job = Box<dyn FnOnce(&mut Memory) + Send>;

/// The hashing threads; cloning shares them. They stop when the last clone is dropped.
#[derive(Clone)]
pub struct HashWorkers {
    jobs: mpsc::Sender<Job>,
    threads: usize,
}

impl std::fmt::Debug for HashWorkers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HashWorkers").field("threads", &self.threads).finish()
    }
}

impl HashWorkers {
    /// Starts `threads` hashing threads (at least one).
    pub fn start(threads: usize) -> Self {
        let threads = threads.max(1);
        let (tx, rx) = mpsc::channel::<Job>();
        let rx = Arc::new(Mutex::new(rx));
        for i in 0..threads {
            let rx = rx.clone();
            let spawned = std::thread::Builder::new().name(format!("argon2-{i}")).spawn(move || work(&rx));
            if let Err(e) = spawned {
                tracing::error!(error = %e, "starting a hashing thread failed");
            }
        }
        HashWorkers { jobs: tx, threads }
    }

    /// Runs `f` on a hashing thread with its working memory, and waits for the answer.
    pub async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Memory) -> ApiResult<T> + Send + 'static,
    ) -> ApiResult<T> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move |memory| {
            let _ = tx.send(f(memory));
        });
        self.jobs.send(job).map_err(|_| ApiError::Internal(anyhow!("the hashing threads have stopped")))?;
        rx.await.map_err(|_| ApiError::Internal(anyhow!("a hashing thread failed")))?
    }
}

/// One thread's loop: take a job, run it with this thread's memory; free the memory after a
/// quiet spell; stop when every sender is gone.
fn work(jobs: &Mutex<mpsc::Receiver<Job>>) {
    lower_priority();
    let mut memory = Memory::default();
    loop {
        let next = {
            let Ok(rx) = jobs.lock() else { return };
            if memory.0.is_empty() {
                rx.recv().map_err(|_| RecvTimeoutError::Disconnected)
            } else {
                rx.recv_timeout(KEEP_MEMORY_FOR)
            }
        };
        match next {
            Ok(job) => job(&mut memory),
            Err(RecvTimeoutError::Timeout) => memory = Memory::default(),
            Err(RecvTimeoutError::Disconnected) => return,
        }
    }
}

/// Lowers this thread's scheduling priority to [`PRIORITY`] (lowering needs no privilege).
fn lower_priority() {
    use thread_priority::{ThreadPriority, ThreadPriorityValue, set_current_thread_priority};
    let set = ThreadPriorityValue::try_from(PRIORITY)
        .map_err(|e| anyhow!("{e}"))
        .and_then(|v| set_current_thread_priority(ThreadPriority::Crossplatform(v)).map_err(|e| anyhow!("{e:?}")));
    if let Err(e) = set {
        tracing::warn!(error = %e, "could not lower the priority of a hashing thread");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The niceness of the calling thread, from `/proc/thread-self/stat` (field 19).
    fn niceness() -> Option<i32> {
        let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
        let after_name = stat.rsplit_once(')')?.1;
        after_name.split_whitespace().nth(16)?.parse().ok()
    }

    #[tokio::test]
    async fn hashing_threads_run_at_niceness_10_and_reuse_their_memory() {
        if niceness().is_none() {
            return; // not Linux
        }
        let workers = HashWorkers::start(1);
        let nice = workers.run(|_| Ok(niceness())).await.ok().flatten();
        assert!(nice.is_some_and(|n| n >= 10), "niceness {nice:?}");
        let first = workers.run(|m| Ok(m.blocks(64).as_ptr() as usize)).await.ok();
        let second = workers.run(|m| Ok(m.blocks(32).as_ptr() as usize)).await.ok();
        assert!(first.is_some());
        assert_eq!(first, second, "the working memory is kept between hashes");
    }
}
