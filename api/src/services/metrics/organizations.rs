//! Organizations by status: one grouped count.

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QuerySelect};
use shared::dto::metrics::OrganizationCounts;
use shared::dto::organizations::OrgStatus;

use crate::entities::organizations::organization;
use crate::error::ApiResult;

/// How many organizations there are, and how many are active or suspended (an unknown stored
/// status counts as suspended, as everywhere: fail closed).
#[tracing::instrument(skip_all)]
pub async fn counts(db: &impl ConnectionTrait) -> ApiResult<OrganizationCounts> {
    use organization::Column as C;
    let rows: Vec<(String, i64)> = organization::Entity::find()
        .select_only()
        .column(C::Status)
        .column_as(C::Id.count(), "n")
        .group_by(C::Status)
        .into_tuple()
        .all(db)
        .await?;
    let mut counts = OrganizationCounts { total: 0, active: 0, suspended: 0 };
    for (status, n) in rows {
        counts.total += n;
        match OrgStatus::parse(&status).unwrap_or(OrgStatus::Suspended) {
            OrgStatus::Active => counts.active += n,
            OrgStatus::Suspended => counts.suspended += n,
        }
    }
    Ok(counts)
}
