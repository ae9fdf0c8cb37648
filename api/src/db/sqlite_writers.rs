//! One writer at a time per SQLite file in this process.
//!
//! SQLite lets one transaction write at a time. Left to itself, a writer that finds the file
//! locked sleeps in SQLite's busy handler (1, 2, 5 … 100 ms) and tries again, so fifty
//! concurrent writes spend most of their time asleep with the lock free. Here writers queue on
//! an async lock instead and each begins the moment the previous one commits. PostgreSQL
//! needs no such thing (row locks).

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

use sea_orm::{DatabaseBackend, DatabaseConnection, DbErr};
use tokio::sync::{Mutex as AsyncMutex, OwnedMutexGuard};

static GATES: LazyLock<Mutex<HashMap<std::path::PathBuf, Arc<AsyncMutex<()>>>>> = LazyLock::new(Default::default);

/// The same wait as the connections' busy timeout, so a writer never waits forever.
const WAIT: std::time::Duration = std::time::Duration::from_secs(10);

/// Waits for the turn to write to `db`'s file; `None` for PostgreSQL.
pub async fn turn(db: &DatabaseConnection) -> Result<Option<OwnedMutexGuard<()>>, DbErr> {
    if db.get_database_backend() != DatabaseBackend::Sqlite {
        return Ok(None);
    }
    let file = db.get_sqlite_connection_pool().connect_options().get_filename().to_path_buf();
    let gate = {
        let mut gates = GATES.lock().map_err(|_| DbErr::Custom("the SQLite writer lock is poisoned".into()))?;
        gates.entry(file).or_default().clone()
    };
    match tokio::time::timeout(WAIT, gate.lock_owned()).await {
        Ok(guard) => Ok(Some(guard)),
        Err(_) => Err(DbErr::Custom("timed out waiting for the SQLite writer".into())),
    }
}
