//! A fixed set of threads that run argon2, each reusing one working memory.
//!
//! argon2id at the OWASP parameters needs 19 MiB per hash. Allocating and freeing that on the
//! blocking pool, hash after hash, while small allocations interleave, fragments the heap: a
//! sign-in storm once took the process from 50 MB to 1.9 GB. Here each thread allocates its
//! working memory on its first hash, keeps it while busy and frees it after a quiet spell, so
//! the memory of hashing is bounded by threads × 19 MiB whatever the load.
//!
//! The threads run at a lower scheduling priority than the HTTP workers (on Linux the idle
//! policy, SCHED_IDLE; elsewhere nice 10): when both want the CPU, requests that do not hash go
//! first, so a flood of sign-ins cannot starve an authenticated list; when the machine is
//! otherwise idle, hashing gets all of it. The price: on a machine kept busy by other requests,
//! sign-ins wait for spare CPU (seconds at full load).

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
#[cfg(not(target_os = "linux"))]
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

/// Lowers this thread's scheduling priority (lowering needs no privilege): on Linux to the idle
/// policy (SCHED_IDLE), which runs the thread only on CPU time no default thread wants, so an
/// HTTP worker is never preempted for a hash; elsewhere to [`PRIORITY`].
fn lower_priority() {
    if let Err(e) = set_low_priority() {
        tracing::warn!(error = %e, "could not lower the priority of a hashing thread");
    }
}

#[cfg(target_os = "linux")]
fn set_low_priority() -> anyhow::Result<()> {
    use thread_priority::{
        NormalThreadSchedulePolicy, ThreadPriority, ThreadSchedulePolicy, set_thread_priority_and_policy,
        thread_native_id,
    };
    let idle = ThreadSchedulePolicy::Normal(NormalThreadSchedulePolicy::Idle);
    set_thread_priority_and_policy(thread_native_id(), ThreadPriority::Min, idle).map_err(|e| anyhow!("{e:?}"))
}

#[cfg(not(target_os = "linux"))]
fn set_low_priority() -> anyhow::Result<()> {
    use thread_priority::{ThreadPriority, ThreadPriorityValue, set_current_thread_priority};
    let value = ThreadPriorityValue::try_from(PRIORITY).map_err(|e| anyhow!("{e}"))?;
    set_current_thread_priority(ThreadPriority::Crossplatform(value)).map_err(|e| anyhow!("{e:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A field of `/proc/thread-self/stat`, counted from 1 as in `proc(5)`.
    fn stat_field(n: usize) -> Option<i64> {
        let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
        let after_name = stat.rsplit_once(')')?.1;
        after_name.split_whitespace().nth(n.checked_sub(3)?)?.parse().ok()
    }

    #[tokio::test]
    async fn hashing_threads_run_at_a_low_priority_and_reuse_their_memory() {
        if stat_field(19).is_none() {
            return; // not Linux
        }
        let workers = HashWorkers::start(1);
        // Field 41 is the scheduling policy: 5 is SCHED_IDLE.
        let policy = workers.run(|_| Ok(stat_field(41))).await.ok().flatten();
        assert_eq!(policy, Some(5), "scheduling policy {policy:?}");
        let first = workers.run(|m| Ok(m.blocks(64).as_ptr() as usize)).await.ok();
        let second = workers.run(|m| Ok(m.blocks(32).as_ptr() as usize)).await.ok();
        assert!(first.is_some());
        assert_eq!(first, second, "the working memory is kept between hashes");
    }
}
