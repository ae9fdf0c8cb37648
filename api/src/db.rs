//! Database connection, migrations under a start-up lock, and write transactions.

use std::time::Duration;

use anyhow::Context;
use migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::ConnectOptions as _;
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseBackend, DatabaseConnection, DatabaseTransaction, DbErr,
    SqliteTransactionMode, TransactionOptions, TransactionTrait,
};

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

/// Begins a transaction that will write: `BEGIN IMMEDIATE` on SQLite, so a read that later
/// writes cannot fail with SQLITE_BUSY under concurrency.
pub async fn begin_write<C: TransactionTrait<Transaction = DatabaseTransaction> + ConnectionTrait>(
    db: &C,
) -> Result<DatabaseTransaction, DbErr> {
    if db.get_database_backend() == DatabaseBackend::Sqlite {
        db.begin_with_options(TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..Default::default()
        })
        .await
    } else {
        db.begin().await
    }
}

/// Whether a database error is a unique-constraint violation.
pub fn is_unique_violation(e: &DbErr) -> bool {
    matches!(e.sql_err(), Some(sea_orm::SqlErr::UniqueConstraintViolation(_)))
}
