//! SQLite settings the connection options cannot express, set through SQLite's C API. This is
//! the one module of the workspace with `unsafe` code: two configuration calls.
//!
//! - **Memory statistics off** (process-wide, before SQLite starts): with them on, every
//!   allocation SQLite makes takes one global mutex, so connections working on different threads
//!   queue on each other's mallocs.
//! - **Query planner stability on** (per connection): without it, a statement whose plan could
//!   depend on a bound value (`LIMIT ?`, a partial index, `LIKE ?`) is compiled again each time
//!   that value is bound, which is every time it runs. Each of our statements has one plan that
//!   is right whatever the values, so the recompiling (a quarter of the CPU of a list) is waste.
#![allow(unsafe_code)]

use std::ffi::c_int;

use libsqlite3_sys as ffi;
use sea_orm::sqlx::pool::PoolConnectionMetadata;
use sea_orm::sqlx::sqlite::SqliteConnection;

/// Turns SQLite's memory statistics off. Call it first thing in `main`, before any thread
/// exists that could open a database; later it is refused and changes nothing.
pub fn configure_process() {
    // SAFETY: `sqlite3_config` is not thread-safe against SQLite in use on another thread; it is
    // called from `main` before the runtime starts, so no other thread uses SQLite. Called once
    // SQLite has started it answers SQLITE_MISUSE and changes nothing.
    let rc = unsafe { ffi::sqlite3_config(ffi::SQLITE_CONFIG_MEMSTATUS, 0 as c_int) };
    if rc != ffi::SQLITE_OK {
        tracing::debug!(rc, "SQLite's memory statistics stay on");
    }
}

/// Sets up a new pooled connection (the pool's `after_connect`).
pub fn on_connect(
    conn: &mut SqliteConnection,
    _meta: PoolConnectionMetadata,
) -> futures_util::future::BoxFuture<'_, Result<(), sea_orm::sqlx::Error>> {
    Box::pin(async move {
        let now = planner_stability(conn, 1).await?;
        if now != 1 {
            return Err(sea_orm::sqlx::Error::Configuration(
                format!("SQLite refused the query planner stability guarantee (setting {now})").into(),
            ));
        }
        Ok(())
    })
}

/// Sets the connection's query planner stability guarantee (1 on, 0 off, -1 leave it) and
/// answers the setting now in force.
async fn planner_stability(conn: &mut SqliteConnection, set: c_int) -> Result<c_int, sea_orm::sqlx::Error> {
    let mut handle = conn.lock_handle().await?;
    let db = handle.as_raw_handle().as_ptr();
    let mut now: c_int = -1;
    // SAFETY: `db` is this connection's open handle, locked for us until `handle` drops;
    // SQLITE_DBCONFIG_ENABLE_QPSG takes an int and a pointer it writes the setting in force to,
    // here a live local.
    let rc = unsafe { ffi::sqlite3_db_config(db, ffi::SQLITE_DBCONFIG_ENABLE_QPSG, set, &raw mut now) };
    if rc != ffi::SQLITE_OK {
        return Err(sea_orm::sqlx::Error::Configuration(format!("sqlite3_db_config answered {rc}").into()));
    }
    Ok(now)
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn every_pooled_connection_plans_statements_once() -> anyhow::Result<()> {
        let dir = tempfile::tempdir()?;
        let url = format!("sqlite://{}?mode=rwc", dir.path().join("t.db").display());
        let db = crate::db::connect(&url).await?;
        let pool = db.get_sqlite_connection_pool();
        let mut first = pool.acquire().await?;
        let mut second = pool.acquire().await?;
        assert_eq!(super::planner_stability(&mut first, -1).await?, 1);
        assert_eq!(super::planner_stability(&mut second, -1).await?, 1);
        Ok(())
    }
}
