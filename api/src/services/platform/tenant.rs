//! The one tenant filter: every query of tenant-owned rows starts here, so it always carries
//! `org_id = <active organization>`.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Select};
use uuid::Uuid;

/// An entity whose rows belong to one organization (implemented beside each such entity).
pub trait TenantOwned: EntityTrait {
    /// The `org_id` column.
    fn org_column() -> Self::Column;
}

/// `SELECT … WHERE org_id = ?` for a tenant-owned entity.
pub fn find_in_org<E: TenantOwned>(org_id: Uuid) -> Select<E> {
    E::find().filter(E::org_column().eq(org_id))
}
