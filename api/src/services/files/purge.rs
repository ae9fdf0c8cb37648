//! Purging files nobody attached: 24 hours after its upload, a file still unattached loses its
//! bytes and its row (the hourly `file_purge` job).

use chrono::{DateTime, Duration, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::storage::Storage;
use crate::entities::files::file;
use crate::error::ApiResult;

/// How long an unattached file is kept.
pub const UNATTACHED_FOR: Duration = Duration::hours(24);
/// Files handled per batch.
const BATCH: u64 = 200;

/// Deletes the bytes and rows of files unattached for [`UNATTACHED_FOR`]; returns how many.
pub async fn purge_unattached(db: &impl ConnectionTrait, storage: &Storage, now: DateTime<Utc>) -> ApiResult<u64> {
    let mut purged = 0;
    loop {
        let stale = file::Entity::find()
            .filter(file::Column::AttachedKind.is_null())
            .filter(file::Column::CreatedAt.lt(now - UNATTACHED_FOR))
            .order_by_asc(file::Column::CreatedAt)
            .limit(BATCH)
            .all(db)
            .await?;
        if stale.is_empty() {
            return Ok(purged);
        }
        for f in &stale {
            storage.delete(&f.storage_key).await?;
        }
        let ids: Vec<_> = stale.iter().map(|f| f.id).collect();
        let res = file::Entity::delete_many().filter(file::Column::Id.is_in(ids)).exec(db).await?;
        purged += res.rows_affected;
        if (stale.len() as u64) < BATCH {
            return Ok(purged);
        }
    }
}
