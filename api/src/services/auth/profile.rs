//! The signed-in user's own account: who they are, their organizations and permissions, and
//! their profile.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use shared::audit::{AuditAction, Changes};
use shared::dto::auth::{Me, Membership, UpdateProfileRequest, User};
use shared::effective_permissions;
use shared::validation::DisplayName;

use crate::context::Caller;
use crate::entities::auth::user;
use crate::entities::organizations::organization;
use crate::entities::team::membership;
use crate::error::{ApiError, ApiResult};
use crate::services::platform::audit::{self, AuditEvent};

/// The user, their memberships (oldest first: the first is the default organization) and
/// their permissions.
#[tracing::instrument(skip_all, fields(user = %caller.user().id))]
pub async fn me(db: &impl ConnectionTrait, caller: &Caller) -> ApiResult<Me> {
    let user = caller.user();
    let rows = membership::Entity::find()
        .find_also_related(organization::Entity)
        .filter(membership::Column::UserId.eq(user.id))
        .order_by_asc(membership::Column::CreatedAt)
        .order_by_asc(membership::Column::Id)
        .all(db)
        .await?;
    let role = user.role();
    let memberships = rows
        .into_iter()
        .filter_map(|(m, org)| {
            let org = org?;
            let org_role = m.org_role();
            Some(Membership {
                organization: org.summary(),
                org_role,
                permissions: effective_permissions(role, Some(org_role)),
            })
        })
        .collect();
    Ok(Me { user: user.to_dto(), memberships, permissions: effective_permissions(role, None) })
}

/// Changes the user's own profile and audits it.
///
/// Errors: `Validation`.
#[tracing::instrument(skip_all, fields(user = %caller.user().id))]
pub async fn update_profile(
    db: &impl ConnectionTrait,
    caller: &Caller,
    now: DateTime<Utc>,
    req: UpdateProfileRequest,
) -> ApiResult<User> {
    let user = caller.user();
    let name = req
        .name
        .as_deref()
        .map(|n| DisplayName::parse("name", n))
        .transpose()
        .map_err(|e| ApiError::Validation(vec![e]))?;
    let Some(name) = name.filter(|n| n.as_str() != user.name) else {
        return Ok(user.to_dto());
    };
    let mut changes = Changes::default();
    changes.record("name", &user.name, name.as_str());
    let mut am: user::ActiveModel = user.clone().into();
    am.name = Set(name.as_str().to_owned());
    am.updated_at = Set(now);
    let updated = am.update(db).await?;
    let event =
        AuditEvent::success(AuditAction::AuthProfileUpdate).by(&caller.actor).target("user", user.id).details(&changes);
    audit::record(db, now, &caller.client, event).await?;
    Ok(updated.to_dto())
}
