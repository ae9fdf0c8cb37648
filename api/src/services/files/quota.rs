//! The file size limit and the organization's quota (settings of this area), and what an
//! organization stores: files and documents not deleted, documents at their plaintext size.

use sea_orm::sea_query::{Alias, Expr, Func, IntoColumnRef};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use shared::dto::files::StorageUsage;
use shared::settings::files::{FILE_MAX_SIZE_MIB, FILE_ORG_QUOTA_MIB};
use uuid::Uuid;

use crate::entities::files::{document, file};
use crate::error::{ApiError, ApiResult};
use crate::services::platform::settings;

const MIB: u64 = 1024 * 1024;

/// The limits an upload is held to.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest file, in bytes.
    pub max_file_bytes: u64,
    /// The organization's quota, in bytes.
    pub quota_bytes: u64,
    /// What the organization stores already, in bytes.
    pub used_bytes: u64,
}

impl Limits {
    /// Bytes an upload may still add.
    pub fn room(&self) -> u64 {
        self.quota_bytes.saturating_sub(self.used_bytes)
    }
}

async fn mib_setting(db: &impl ConnectionTrait, spec: &shared::settings::SettingSpec) -> ApiResult<u64> {
    let v = settings::value(db, spec).await?;
    Ok(v.as_u64().unwrap_or(1).saturating_mul(MIB))
}

/// `SUM(column)` as a BIGINT (PostgreSQL sums BIGINTs as NUMERIC), 0 for no rows.
fn total(column: impl IntoColumnRef) -> Expr {
    let sum = Expr::from(Func::sum(Expr::col(column)));
    Expr::from(Func::cast_as(Func::coalesce([sum, Expr::val(0i64)]), Alias::new("BIGINT")))
}

/// Bytes the organization stores.
pub async fn used_bytes(db: &impl ConnectionTrait, org_id: Uuid) -> ApiResult<u64> {
    let files: Option<i64> = file::Entity::find()
        .select_only()
        .column_as(total(file::Column::Size), "total")
        .filter(file::Column::OrgId.eq(org_id))
        .filter(file::Column::DeletedAt.is_null())
        .into_tuple()
        .one(db)
        .await?;
    let documents: Option<i64> = document::Entity::find()
        .select_only()
        .column_as(total(document::Column::Size), "total")
        .filter(document::Column::OrgId.eq(org_id))
        .filter(document::Column::DeletedAt.is_null())
        .into_tuple()
        .one(db)
        .await?;
    let n = files.unwrap_or(0).saturating_add(documents.unwrap_or(0));
    Ok(u64::try_from(n).unwrap_or(0))
}

/// The limits for an upload to an organization now.
pub async fn limits(db: &impl ConnectionTrait, org_id: Uuid) -> ApiResult<Limits> {
    Ok(Limits {
        max_file_bytes: mib_setting(db, &FILE_MAX_SIZE_MIB).await?,
        quota_bytes: mib_setting(db, &FILE_ORG_QUOTA_MIB).await?,
        used_bytes: used_bytes(db, org_id).await?,
    })
}

/// What `GET /api/dashboard/files/usage` answers.
pub async fn usage(db: &impl ConnectionTrait, org_id: Uuid) -> ApiResult<StorageUsage> {
    let l = limits(db, org_id).await?;
    Ok(StorageUsage { used_bytes: l.used_bytes, quota_bytes: l.quota_bytes, max_file_bytes: l.max_file_bytes })
}

/// Checks, in the transaction that records an upload, that `size` more bytes still fit (another
/// upload may have finished meanwhile).
///
/// Errors: `QuotaExceeded`.
pub async fn check_room(db: &impl ConnectionTrait, org_id: Uuid, size: u64) -> ApiResult<()> {
    let quota = mib_setting(db, &FILE_ORG_QUOTA_MIB).await?;
    if used_bytes(db, org_id).await?.saturating_add(size) > quota {
        return Err(ApiError::QuotaExceeded);
    }
    Ok(())
}
