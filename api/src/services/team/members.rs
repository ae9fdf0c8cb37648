//! An organization's members: adding a membership, the member list, role changes, removal,
//! leaving and ownership transfer. An organization always keeps an OWNER.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, FromQueryResult, JoinType,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, RelationTrait, Set,
};
use shared::audit::{AuditAction, MemberChanged};
use shared::dto::common::Page;
use shared::dto::team::Member;
use shared::events::DomainEventType;
use shared::{OrgRole, Role};
use uuid::Uuid;

use crate::context::OrgContext;
use crate::entities::auth::user;
use crate::entities::team::membership;
use crate::error::{ApiError, ApiResult};
use crate::list::{ListParams, SortKey, keyset};
use crate::services::platform::audit::{self, AuditEvent};
use crate::services::platform::events::{DomainEvent, emit};
use crate::services::platform::tenant::find_in_org;

/// Adds a user to an organization.
pub async fn insert_membership(
    db: &impl ConnectionTrait,
    org_id: Uuid,
    user_id: Uuid,
    org_role: OrgRole,
    now: DateTime<Utc>,
) -> ApiResult<membership::Model> {
    let model = membership::ActiveModel {
        id: Set(Uuid::now_v7()),
        org_id: Set(org_id),
        user_id: Set(user_id),
        org_role: Set(org_role.as_str().to_owned()),
        created_at: Set(now),
    };
    Ok(model.insert(db).await?)
}

/// Number of members of an organization (an indexed count).
pub async fn count(db: &impl ConnectionTrait, org_id: Uuid) -> ApiResult<u64> {
    Ok(find_in_org::<membership::Entity>(org_id).count(db).await?)
}

/// A member as the list reads them: the membership and the few user columns it shows.
#[derive(Debug, FromQueryResult)]
struct MemberRow {
    id: Uuid,
    user_id: Uuid,
    org_role: String,
    created_at: DateTime<Utc>,
    name: String,
    email: String,
    role: String,
}

impl MemberRow {
    fn into_member(self) -> Member {
        Member {
            user_id: self.user_id,
            name: self.name,
            email: self.email,
            org_role: membership::stored_org_role(&self.org_role),
            role: user::stored_role(&self.role),
            joined_at: self.created_at,
        }
    }
}

/// The active organization's members, in the order they joined.
///
/// Errors: `Validation` (cursor).
#[tracing::instrument(skip_all, fields(org = %ctx.org_id()))]
pub async fn list(db: &impl ConnectionTrait, ctx: &OrgContext, params: &ListParams) -> ApiResult<Page<Member>> {
    let query = find_in_org::<membership::Entity>(ctx.org_id())
        .select_only()
        .columns([
            membership::Column::Id,
            membership::Column::UserId,
            membership::Column::OrgRole,
            membership::Column::CreatedAt,
        ])
        .column(user::Column::Name)
        .column(user::Column::Email)
        .column(user::Column::Role)
        .join(JoinType::InnerJoin, membership::Relation::User.def());
    let query = keyset::page_query(
        query,
        SortKey::by_id(false),
        membership::Column::Id,
        params.after.as_ref(),
        params.fetch_limit(),
    )?;
    let rows = query.into_model::<MemberRow>().all(db).await?;
    let total = if params.with_total { Some(count(db, ctx.org_id()).await?) } else { None };
    Ok(params.finish(rows, |m| (None, m.id), MemberRow::into_member, total))
}

/// A member as the API shows them.
pub fn to_member(m: &membership::Model, u: &user::Model) -> Member {
    Member {
        user_id: u.id,
        name: u.name.clone(),
        email: u.email.clone(),
        org_role: m.org_role(),
        role: u.role(),
        joined_at: m.created_at,
    }
}

/// The user ids of the organization's OWNERs, locked until the transaction ends (on
/// PostgreSQL; SQLite runs one writer at a time), so two concurrent demotions cannot both
/// pass the last-owner check.
async fn lock_owners(db: &impl ConnectionTrait, org_id: Uuid) -> ApiResult<Vec<Uuid>> {
    let mut q = find_in_org::<membership::Entity>(org_id)
        .select_only()
        .column(membership::Column::UserId)
        .filter(membership::Column::OrgRole.eq(OrgRole::Owner.as_str()))
        .order_by_asc(membership::Column::Id);
    if db.get_database_backend() == DatabaseBackend::Postgres {
        q = q.lock_exclusive();
    }
    Ok(q.into_tuple().all(db).await?)
}

/// Refuses a change that takes `user_id` out of the OWNERs when they are the last one.
fn keep_an_owner(owners: &[Uuid], user_id: Uuid) -> ApiResult<()> {
    if owners.contains(&user_id) && !owners.iter().any(|id| *id != user_id) {
        return Err(ApiError::LastOwner);
    }
    Ok(())
}

/// A member of the active organization, with their user.
///
/// Errors: `NotFound` (not a member, or another organization's).
async fn find_member(
    db: &impl ConnectionTrait,
    org_id: Uuid,
    user_id: Uuid,
) -> ApiResult<(membership::Model, user::Model)> {
    let found = find_in_org::<membership::Entity>(org_id)
        .filter(membership::Column::UserId.eq(user_id))
        .find_also_related(user::Entity)
        .one(db)
        .await?;
    match found {
        Some((m, Some(u))) => Ok((m, u)),
        _ => Err(ApiError::NotFound),
    }
}

async fn set_org_role(
    db: &impl ConnectionTrait,
    m: &membership::Model,
    org_role: OrgRole,
) -> ApiResult<membership::Model> {
    let mut am: membership::ActiveModel = m.clone().into();
    am.org_role = Set(org_role.as_str().to_owned());
    Ok(am.update(db).await?)
}

async fn emit_member(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    event_type: DomainEventType,
    org_id: Uuid,
    member: &Member,
) -> ApiResult<()> {
    emit(db, now, DomainEvent { event_type, org_id, subject_id: member.user_id, data: member }).await?;
    Ok(())
}

/// Changes a member's role in the active organization (the role they have changes nothing).
///
/// Errors: `NotFound`, `OwnerCannotBeVendor` (OWNER for a VENDOR user), `LastOwner`.
#[tracing::instrument(skip_all, fields(org = %ctx.org_id(), member = %user_id))]
pub async fn change_role(
    db: &impl ConnectionTrait,
    ctx: &OrgContext,
    now: DateTime<Utc>,
    user_id: Uuid,
    org_role: OrgRole,
) -> ApiResult<Member> {
    let owners = lock_owners(db, ctx.org_id()).await?;
    let (m, u) = find_member(db, ctx.org_id(), user_id).await?;
    let from = m.org_role();
    if from == org_role {
        return Ok(to_member(&m, &u));
    }
    if org_role == OrgRole::Owner && u.role() == Role::Vendor {
        return Err(ApiError::OwnerCannotBeVendor);
    }
    if org_role != OrgRole::Owner {
        keep_an_owner(&owners, user_id)?;
    }
    let updated = set_org_role(db, &m, org_role).await?;
    let event = AuditEvent::success(AuditAction::MemberRoleChange)
        .by(ctx.actor())
        .org(ctx.org_id())
        .target("user", user_id)
        .details(&MemberChanged { email: u.email.clone(), from: Some(from), to: Some(org_role) });
    audit::record(db, now, ctx.client(), event).await?;
    let member = to_member(&updated, &u);
    emit_member(db, now, DomainEventType::MemberRoleChanged, ctx.org_id(), &member).await?;
    Ok(member)
}

/// Ends a membership: the user loses access to the organization at once (their next request
/// for it answers 404, and API keys they created stop working there).
async fn end_membership(
    db: &impl ConnectionTrait,
    ctx: &OrgContext,
    now: DateTime<Utc>,
    user_id: Uuid,
    action: AuditAction,
) -> ApiResult<()> {
    let owners = lock_owners(db, ctx.org_id()).await?;
    let (m, u) = find_member(db, ctx.org_id(), user_id).await?;
    keep_an_owner(&owners, user_id)?;
    membership::Entity::delete_by_id(m.id).exec(db).await?;
    let event = AuditEvent::success(action)
        .by(ctx.actor())
        .org(ctx.org_id())
        .target("user", user_id)
        .details(&MemberChanged { email: u.email.clone(), from: Some(m.org_role()), to: None });
    audit::record(db, now, ctx.client(), event).await?;
    emit_member(db, now, DomainEventType::MemberRemoved, ctx.org_id(), &to_member(&m, &u)).await
}

/// Removes a member from the active organization.
///
/// Errors: `NotFound`, `LastOwner`.
#[tracing::instrument(skip_all, fields(org = %ctx.org_id(), member = %user_id))]
pub async fn remove(db: &impl ConnectionTrait, ctx: &OrgContext, now: DateTime<Utc>, user_id: Uuid) -> ApiResult<()> {
    end_membership(db, ctx, now, user_id, AuditAction::MemberRemove).await
}

/// The signed-in person leaves the active organization (an API key cannot).
///
/// Errors: `Forbidden` (an API key), `LastOwner`.
#[tracing::instrument(skip_all, fields(org = %ctx.org_id()))]
pub async fn leave(db: &impl ConnectionTrait, ctx: &OrgContext, now: DateTime<Utc>) -> ApiResult<()> {
    if ctx.actor().api_key_id().is_some() {
        return Err(ApiError::Forbidden);
    }
    end_membership(db, ctx, now, ctx.actor().user_id(), AuditAction::MemberLeave).await
}

/// Hands ownership to another member: they become OWNER, the caller MEMBER.
///
/// Errors: `NotFound`, `Conflict` (the caller themselves), `OwnerCannotBeVendor` (a VENDOR
/// user).
#[tracing::instrument(skip_all, fields(org = %ctx.org_id(), to = %user_id))]
pub async fn transfer_ownership(
    db: &impl ConnectionTrait,
    ctx: &OrgContext,
    now: DateTime<Utc>,
    user_id: Uuid,
) -> ApiResult<()> {
    let me = ctx.actor().user_id();
    lock_owners(db, ctx.org_id()).await?;
    let (target, target_user) = find_member(db, ctx.org_id(), user_id).await?;
    if user_id == me {
        return Err(ApiError::Conflict("You already own this organization; choose another member.".into()));
    }
    if target_user.role() == Role::Vendor {
        return Err(ApiError::OwnerCannotBeVendor);
    }
    let (mine, my_user) = find_member(db, ctx.org_id(), me).await?;
    if target.org_role() != OrgRole::Owner {
        let updated = set_org_role(db, &target, OrgRole::Owner).await?;
        emit_member(db, now, DomainEventType::MemberRoleChanged, ctx.org_id(), &to_member(&updated, &target_user))
            .await?;
    }
    if mine.org_role() != OrgRole::Member {
        let updated = set_org_role(db, &mine, OrgRole::Member).await?;
        emit_member(db, now, DomainEventType::MemberRoleChanged, ctx.org_id(), &to_member(&updated, &my_user)).await?;
    }
    let event = AuditEvent::success(AuditAction::MemberOwnershipTransfer)
        .by(ctx.actor())
        .org(ctx.org_id())
        .target("user", user_id)
        .details(&MemberChanged {
            email: target_user.email.clone(),
            from: Some(target.org_role()),
            to: Some(OrgRole::Owner),
        });
    audit::record(db, now, ctx.client(), event).await?;
    Ok(())
}
