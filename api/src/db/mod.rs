//! Database connection, migrations under a start-up lock, and write transactions.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use anyhow::Context;
use futures_util::future::BoxFuture;
use migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::ConnectOptions as _;
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseBackend, DatabaseConnection, DatabaseTransaction, DbErr,
    ExecResult, QueryResult, SqliteTransactionMode, Statement, TransactionOptions, TransactionTrait,
};

use crate::error::ApiResult;
use crate::jobs::JobSignal;

pub mod sqlite_tuning;
mod sqlite_writers;
pub mod writer;

/// Key of the PostgreSQL advisory lock held while migrating and seeding.
const STARTUP_LOCK_KEY: i64 = 0x6f6d_6773_7973; // "omgsys"

/// Connects to PostgreSQL or to SQLite (WAL, foreign keys on, busy timeout).
pub async fn connect(url: &str) -> anyhow::Result<DatabaseConnection> {
    let mut opts = ConnectOptions::new(url.to_owned());
    opts.sqlx_logging(false).connect_timeout(Duration::from_secs(10)).acquire_timeout(Duration::from_secs(10));
    if url.starts_with("sqlite:") {
        opts.max_connections(8).min_connections(1).map_sqlx_sqlite_opts(|o| {
            o.journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                .synchronous(sea_orm::sqlx::sqlite::SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10))
                .create_if_missing(true)
                .disable_statement_logging()
        });
        opts.map_sqlx_sqlite_pool_opts(|o| o.after_connect(sqlite_tuning::on_connect));
    } else {
        opts.max_connections(20).min_connections(1);
    }
    let db = Database::connect(opts).await.with_context(|| format!("connecting to {}", redact(url)))?;
    Ok(db)
}

/// The URL without its password, for messages.
pub fn redact(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("***"));
            u.to_string()
        }
        _ => url.to_owned(),
    }
}

/// Runs `work` while holding the start-up lock (a PostgreSQL advisory lock; SQLite has one
/// process writing at start-up anyway), so instances starting together do not race.
pub async fn with_startup_lock<F, Fut, T>(db: &DatabaseConnection, work: F) -> anyhow::Result<T>
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<T>>,
{
    if db.get_database_backend() != DatabaseBackend::Postgres {
        return work().await;
    }
    let pool = db.get_postgres_connection_pool();
    let mut conn = pool.acquire().await.context("acquiring a connection for the start-up lock")?;
    sea_orm::sqlx::query("SELECT pg_advisory_lock($1)")
        .bind(STARTUP_LOCK_KEY)
        .execute(&mut *conn)
        .await
        .context("taking the start-up lock")?;
    let out = work().await;
    let unlocked =
        sea_orm::sqlx::query("SELECT pg_advisory_unlock($1)").bind(STARTUP_LOCK_KEY).execute(&mut *conn).await;
    if let Err(e) = unlocked {
        tracing::warn!(error = %e, "releasing the start-up lock failed; closing its connection");
        let _ = conn.detach();
    }
    out
}

/// Applies every pending migration.
pub async fn migrate(db: &DatabaseConnection) -> anyhow::Result<()> {
    Migrator::up(db, None).await.context("applying migrations")
}

/// A write transaction. It is a connection like any other (services take `&impl
/// ConnectionTrait`), and it knows whether jobs were queued in it: committing it wakes the job
/// workers then, and only then, so a worker never looks for a job before it is visible.
pub struct Tx {
    inner: DatabaseTransaction,
    jobs_queued: AtomicBool,
    signal: JobSignal,
    /// This process's turn to write to a SQLite file, held until commit or rollback (dropped
    /// after `inner`, which is declared first).
    _turn: Option<tokio::sync::OwnedMutexGuard<()>>,
}

impl std::fmt::Debug for Tx {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tx").field("jobs_queued", &self.jobs_queued).finish_non_exhaustive()
    }
}

impl Tx {
    /// Begins a transaction that will write: on SQLite, after the writers before it in this
    /// process ([`sqlite_writers`]) and with `BEGIN IMMEDIATE`, so a read that later writes
    /// cannot fail with SQLITE_BUSY under concurrency.
    pub async fn begin(db: &DatabaseConnection, signal: &JobSignal) -> Result<Tx, DbErr> {
        let turn = sqlite_writers::turn(db).await?;
        let inner = if db.get_database_backend() == DatabaseBackend::Sqlite {
            db.begin_with_options(TransactionOptions {
                sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
                ..Default::default()
            })
            .await?
        } else {
            db.begin().await?
        };
        Ok(Tx { inner, jobs_queued: AtomicBool::new(false), signal: signal.clone(), _turn: turn })
    }

    /// Notes that a job was queued in this transaction.
    pub(crate) fn job_queued(&self) {
        self.jobs_queued.store(true, Ordering::Relaxed);
    }

    /// Commits, then wakes the job workers if jobs were queued.
    pub async fn commit(self) -> Result<(), DbErr> {
        self.inner.commit().await?;
        if self.jobs_queued.load(Ordering::Relaxed) {
            self.signal.wake();
        }
        Ok(())
    }
}

#[async_trait::async_trait]
impl ConnectionTrait for Tx {
    fn get_database_backend(&self) -> DatabaseBackend {
        self.inner.get_database_backend()
    }

    async fn execute_raw(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
        self.inner.execute_raw(stmt).await
    }

    async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
        self.inner.execute_unprepared(sql).await
    }

    async fn query_one_raw(&self, stmt: Statement) -> Result<Option<QueryResult>, DbErr> {
        self.inner.query_one_raw(stmt).await
    }

    async fn query_all_raw(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr> {
        self.inner.query_all_raw(stmt).await
    }
}

/// Connections that can open a savepoint (a nested transaction): the pool, a transaction, a
/// [`Tx`]. A step that may fail on a lost race runs in one, so the caller's transaction survives.
#[async_trait::async_trait]
pub trait Savepoints: ConnectionTrait {
    /// Begins a savepoint (or a transaction on the pool).
    async fn savepoint(&self) -> Result<DatabaseTransaction, DbErr>;
}

#[async_trait::async_trait]
impl Savepoints for DatabaseConnection {
    async fn savepoint(&self) -> Result<DatabaseTransaction, DbErr> {
        self.begin().await
    }
}

#[async_trait::async_trait]
impl Savepoints for DatabaseTransaction {
    async fn savepoint(&self) -> Result<DatabaseTransaction, DbErr> {
        self.begin().await
    }
}

#[async_trait::async_trait]
impl Savepoints for Tx {
    async fn savepoint(&self) -> Result<DatabaseTransaction, DbErr> {
        self.inner.begin().await
    }
}

/// The work of a write transaction: given the transaction, a future of its outcome.
pub type WriteWork<T> = Box<dyn for<'t> FnOnce(&'t Tx) -> BoxFuture<'t, ApiResult<T>> + Send>;

/// Runs `work` in a write transaction on the [`writer`] thread and commits when it succeeds; an
/// error rolls everything back. This is how a handler lets several services share one
/// transaction: `state.write(move |tx| Box::pin(async move { … }))`, the closure owning what
/// it uses.
pub async fn write<T: Send + 'static>(db: &DatabaseConnection, signal: &JobSignal, work: WriteWork<T>) -> ApiResult<T> {
    let (db, signal) = (db.clone(), signal.clone());
    writer::run(async move {
        let tx = Tx::begin(&db, &signal).await?;
        let out = work(&tx).await?;
        tx.commit().await?;
        Ok(out)
    })
    .await?
}

/// Whether a database error is a unique-constraint violation.
pub fn is_unique_violation(e: &DbErr) -> bool {
    matches!(e.sql_err(), Some(sea_orm::SqlErr::UniqueConstraintViolation(_)))
}
