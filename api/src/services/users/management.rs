//! The ADMIN's changes to other users' accounts: platform role, disable, enable, password reset.
//! Each is audited in its transaction. Nobody changes their own role or disables themselves, and
//! the last active ADMIN is never demoted or disabled: the active ADMIN rows are locked first
//! (on PostgreSQL; SQLite serialises writers), so two ADMINs demoting each other at once cannot
//! both succeed.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    Set,
};
use shared::audit::{AuditAction, UserDisabled, UserNamed, UserRoleChanged};
use shared::dto::auth::UserStatus;
use shared::dto::users::{AdminUserDetail, PasswordResetQueued};
use shared::{OrgRole, Role};
use uuid::Uuid;

use super::directory::{detail, find_user};
use crate::config::Config;
use crate::context::Caller;
use crate::db::Tx;
use crate::entities::auth::user;
use crate::entities::team::membership;
use crate::error::{ApiError, ApiResult};
use crate::services::auth::{challenges, recovery, sessions};
use crate::services::platform::audit::{self, AuditEvent};

/// The ids of the active ADMINs, locked until the transaction ends (on PostgreSQL).
async fn lock_active_admins(db: &impl ConnectionTrait) -> ApiResult<Vec<Uuid>> {
    let mut q = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .filter(user::Column::Role.eq(Role::Admin.as_str()))
        .filter(user::Column::Status.eq(UserStatus::Active.as_str()))
        .order_by_asc(user::Column::Id);
    if db.get_database_backend() == DatabaseBackend::Postgres {
        q = q.lock_exclusive();
    }
    Ok(q.into_tuple().all(db).await?)
}

/// Refuses a change that takes `target` out of the active ADMINs when no other is left.
fn keep_an_admin(active_admins: &[Uuid], target: &user::Model) -> ApiResult<()> {
    let is_active_admin = target.role() == Role::Admin && target.status() == UserStatus::Active;
    if is_active_admin && !active_admins.iter().any(|id| *id != target.id) {
        return Err(ApiError::LastAdmin);
    }
    Ok(())
}

/// The target of a change to someone else's role or status, read after the ADMIN rows are
/// locked; with the active ADMINs.
///
/// Errors: `OwnAccount`, `NotFound`.
async fn other_user(db: &impl ConnectionTrait, caller: &Caller, id: Uuid) -> ApiResult<(user::Model, Vec<Uuid>)> {
    if caller.user().id == id {
        return Err(ApiError::OwnAccount);
    }
    let admins = lock_active_admins(db).await?;
    Ok((find_user(db, id).await?, admins))
}

/// Changes a user's platform role. Their sessions end, so the next one has the new role's
/// lifetime and second-factor rule; the role they already have changes nothing.
///
/// Errors: `OwnAccount` (the caller's own), `NotFound`, `LastAdmin` (the last active ADMIN),
/// `OwnerCannotBeVendor` (VENDOR for an organization's OWNER).
#[tracing::instrument(skip_all, fields(user = %id, role = %role))]
pub async fn change_role(
    db: &impl ConnectionTrait,
    config: &Config,
    caller: &Caller,
    now: DateTime<Utc>,
    id: Uuid,
    role: Role,
) -> ApiResult<AdminUserDetail> {
    let (target, admins) = other_user(db, caller, id).await?;
    let from = target.role();
    if from == role {
        return detail(db, config, target, None, now).await;
    }
    if role != Role::Admin {
        keep_an_admin(&admins, &target)?;
    }
    if role == Role::Vendor {
        let owns = membership::Entity::find()
            .filter(membership::Column::UserId.eq(id))
            .filter(membership::Column::OrgRole.eq(OrgRole::Owner.as_str()))
            .one(db)
            .await?;
        if owns.is_some() {
            return Err(ApiError::OwnerCannotBeVendor);
        }
    }
    let mut am: user::ActiveModel = target.into();
    am.role = Set(role.as_str().to_owned());
    am.updated_at = Set(now);
    let target = am.update(db).await?;
    let sessions_ended = sessions::end_all(db, id, None, sessions::reason::ROLE_CHANGED, now).await?;
    challenges::withdraw(db, id, now).await?;
    let details = UserRoleChanged { email: target.email.clone(), from, to: role, sessions_ended };
    let event = AuditEvent::success(AuditAction::AdminUserRoleChange).by(&caller.actor).target("user", id);
    audit::record(db, now, &caller.client, event.details(&details)).await?;
    detail(db, config, target, None, now).await
}

/// Disables an account: it cannot sign in, and every session and refresh token of it stops
/// working at once.
///
/// Errors: `OwnAccount` (the caller's own), `NotFound`, `Conflict` (already disabled),
/// `LastAdmin` (the last active ADMIN).
#[tracing::instrument(skip_all, fields(user = %id))]
pub async fn disable(
    db: &impl ConnectionTrait,
    config: &Config,
    caller: &Caller,
    now: DateTime<Utc>,
    id: Uuid,
) -> ApiResult<AdminUserDetail> {
    let (target, admins) = other_user(db, caller, id).await?;
    if target.status() == UserStatus::Disabled {
        return Err(ApiError::Conflict("The account is already disabled.".into()));
    }
    keep_an_admin(&admins, &target)?;
    let mut am: user::ActiveModel = target.into();
    am.status = Set(UserStatus::Disabled.as_str().to_owned());
    am.disabled_at = Set(Some(now));
    am.updated_at = Set(now);
    let target = am.update(db).await?;
    let sessions_ended = sessions::end_all(db, id, None, sessions::reason::DISABLED, now).await?;
    challenges::withdraw(db, id, now).await?;
    let details = UserDisabled { email: target.email.clone(), sessions_ended };
    let event = AuditEvent::success(AuditAction::AdminUserDisable).by(&caller.actor).target("user", id);
    audit::record(db, now, &caller.client, event.details(&details)).await?;
    detail(db, config, target, None, now).await
}

/// Enables a disabled account: it can sign in again (its old sessions stay ended).
///
/// Errors: `NotFound`, `Conflict` (not disabled).
#[tracing::instrument(skip_all, fields(user = %id))]
pub async fn enable(
    db: &impl ConnectionTrait,
    config: &Config,
    caller: &Caller,
    now: DateTime<Utc>,
    id: Uuid,
) -> ApiResult<AdminUserDetail> {
    let target = find_user(db, id).await?;
    if target.status() == UserStatus::Active {
        return Err(ApiError::Conflict("The account is already active.".into()));
    }
    let mut am: user::ActiveModel = target.into();
    am.status = Set(UserStatus::Active.as_str().to_owned());
    am.disabled_at = Set(None);
    am.updated_at = Set(now);
    let target = am.update(db).await?;
    let event = AuditEvent::success(AuditAction::AdminUserEnable)
        .by(&caller.actor)
        .target("user", id)
        .details(&UserNamed { email: target.email.clone() });
    audit::record(db, now, &caller.client, event).await?;
    detail(db, config, target, None, now).await
}

/// Sends a user a password reset link through the job queue, as `POST /api/auth/password/forgot`
/// does (the job mints the token when it sends).
///
/// Errors: `NotFound`, `Conflict` (the account is disabled).
#[tracing::instrument(skip_all, fields(user = %id))]
pub async fn send_password_reset(
    tx: &Tx,
    caller: &Caller,
    now: DateTime<Utc>,
    id: Uuid,
) -> ApiResult<PasswordResetQueued> {
    let target = find_user(tx, id).await?;
    if target.status() != UserStatus::Active {
        return Err(ApiError::Conflict("The account is disabled; enable it first.".into()));
    }
    recovery::send_password_reset(tx, id, now).await?;
    let event = AuditEvent::success(AuditAction::AdminUserPasswordReset)
        .by(&caller.actor)
        .target("user", id)
        .details(&UserNamed { email: target.email.clone() });
    audit::record(tx, now, &caller.client, event).await?;
    Ok(PasswordResetQueued { email: target.email })
}
