//! Who may act in which organization: a person's membership of the active organization, checked
//! once per request. An organization the caller does not belong to answers `NotFound`.

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use shared::dto::organizations::OrgStatus;
use shared::effective_permissions;
use uuid::Uuid;

use crate::context::{Caller, OrgContext};
use crate::entities::organizations::organization;
use crate::entities::team::membership;
use crate::error::{ApiError, ApiResult};

/// The context of a caller in the organization they asked for, or in their first one.
///
/// Errors: `NotFound` (not a member), `OrgSuspended`, `MfaEnrollmentRequired` (the organization
/// requires a second factor the caller lacks).
#[tracing::instrument(skip_all, fields(user = %caller.user().id))]
pub async fn org_context(db: &impl ConnectionTrait, caller: Caller, requested: Option<Uuid>) -> ApiResult<OrgContext> {
    let user = caller.user();
    let mut query = membership::Entity::find()
        .find_also_related(organization::Entity)
        .filter(membership::Column::UserId.eq(user.id));
    if let Some(org_id) = requested {
        query = query.filter(membership::Column::OrgId.eq(org_id));
    }
    let found = query.order_by_asc(membership::Column::CreatedAt).order_by_asc(membership::Column::Id).one(db).await?;
    let Some((m, Some(org))) = found else {
        return Err(ApiError::NotFound);
    };
    if org.status() != OrgStatus::Active {
        return Err(ApiError::OrgSuspended);
    }
    if org.mfa_required && !user.mfa_enabled() {
        return Err(ApiError::MfaEnrollmentRequired);
    }
    let org_role = m.org_role();
    let permissions = effective_permissions(user.role(), Some(org_role));
    Ok(OrgContext { caller, org, org_role, permissions })
}
