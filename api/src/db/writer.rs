//! The writer thread: write transactions run on a runtime of their own.
//!
//! SQLite lets one transaction write at a time, so how fast writes go is how long each holds the
//! file. A transaction takes four or more trips to its connection's thread (begin, statements,
//! commit), and after each its task waits to be polled again. On an HTTP worker that wait is a
//! turn through every other request ready on that worker; here, where write transactions are
//! the only tasks, it is nothing, and the next writer starts the moment the last commits.

use std::future::Future;
use std::sync::LazyLock;

use tokio::runtime::{Builder, Handle};
use tracing::Instrument;

/// The writer runtime: a single-threaded runtime on its own thread, for the process's life.
/// Should the thread not start, write transactions run where they are called.
static WRITER: LazyLock<Option<Handle>> = LazyLock::new(|| {
    let runtime = Builder::new_current_thread().enable_all().build().ok()?;
    let handle = runtime.handle().clone();
    std::thread::Builder::new()
        .name("omg-writer".into())
        .spawn(move || runtime.block_on(std::future::pending::<()>()))
        .ok()?;
    Some(handle)
});

/// Runs `work` on the writer thread, in the caller's tracing span (so its log lines keep the
/// request's id), and answers its output; an error if it panicked.
pub async fn run<T: Send + 'static>(work: impl Future<Output = T> + Send + 'static) -> anyhow::Result<T> {
    match WRITER.as_ref() {
        Some(writer) => writer
            .spawn(work.instrument(tracing::Span::current()))
            .await
            .map_err(|e| anyhow::anyhow!("a write transaction failed: {e}")),
        None => Ok(work.await),
    }
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn work_runs_on_the_writer_thread() -> anyhow::Result<()> {
        let name = super::run(async { std::thread::current().name().map(str::to_owned) }).await?;
        assert_eq!(name.as_deref(), Some("omg-writer"));
        Ok(())
    }

    #[tokio::test]
    async fn a_panic_in_the_work_is_an_error_and_the_writer_goes_on() -> anyhow::Result<()> {
        #[allow(clippy::panic)]
        let failed = super::run(async { panic!("boom") }).await;
        assert!(failed.is_err());
        assert_eq!(super::run(async { 7 }).await?, 7);
        Ok(())
    }
}
