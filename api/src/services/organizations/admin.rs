//! The operator's management of customer organizations: list, view, suspend, reactivate.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Set};
use shared::audit::{AuditAction, SuspensionReason};
use shared::dto::common::Page;
use shared::dto::organizations::{
    AdminOrganization, OrgStatus, OrganizationSort, OrganizationsFilter, SuspendOrganizationRequest,
};
use shared::events::DomainEventType;
use shared::validation::{Note, SearchText};
use uuid::Uuid;

use crate::context::Caller;
use crate::entities::organizations::organization;
use crate::entities::team::membership;
use crate::error::{ApiError, ApiResult};
use crate::list::{KeyValue, ListParams, SortKey, keyset, search};
use crate::services::platform::audit::{self, AuditEvent};
use crate::services::platform::events::{self, DomainEvent};

/// Longest accepted suspension reason, in characters.
pub const MAX_REASON_CHARS: usize = 500;

async fn member_counts(db: &impl ConnectionTrait, ids: &[Uuid]) -> ApiResult<HashMap<Uuid, u64>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(Uuid, i64)> = membership::Entity::find()
        .select_only()
        .column(membership::Column::OrgId)
        .column_as(membership::Column::Id.count(), "n")
        .filter(membership::Column::OrgId.is_in(ids.iter().copied()))
        .group_by(membership::Column::OrgId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|(id, n)| (id, u64::try_from(n).unwrap_or(0))).collect())
}

fn sort_key(sort: OrganizationSort) -> SortKey<organization::Column> {
    use organization::Column as C;
    match sort {
        OrganizationSort::NewestFirst => SortKey::by_id(true),
        OrganizationSort::OldestFirst => SortKey::by_id(false),
        OrganizationSort::NameAsc => SortKey::by_text(C::Name, false),
        OrganizationSort::NameDesc => SortKey::by_text(C::Name, true),
    }
}

/// Lists organizations with search, status filter, sort and cursor pages.
///
/// Errors: `Validation` (cursor, search text).
#[tracing::instrument(skip_all)]
pub async fn list(
    db: &impl ConnectionTrait,
    params: &ListParams<OrganizationSort, OrganizationsFilter>,
) -> ApiResult<Page<AdminOrganization>> {
    use organization::Column as C;
    let mut query = organization::Entity::find();
    let text = SearchText::parse("q", params.filter.q.as_deref()).map_err(|e| ApiError::Validation(vec![e]))?;
    if let Some(text) = text {
        query = query.filter(search::contains(&[C::Name, C::Slug], &text));
    }
    if let Some(status) = params.filter.status {
        query = query.filter(C::Status.eq(status.as_str()));
    }
    let key = sort_key(params.sort);
    let rows = keyset::page_query(query, key, C::Id, params.after.as_ref(), params.fetch_limit())?.all(db).await?;
    let ids: Vec<Uuid> = rows.iter().map(|o| o.id).collect();
    let counts = member_counts(db, &ids).await?;
    let by_name = key.column.is_some();
    Ok(params.finish(
        rows,
        |o| (by_name.then(|| KeyValue::Text(o.name.clone())), o.id),
        |o| o.to_admin_dto(counts.get(&o.id).copied().unwrap_or(0)),
        None,
    ))
}

/// One organization.
///
/// Errors: `NotFound`.
#[tracing::instrument(skip_all, fields(org = %id))]
pub async fn get(db: &impl ConnectionTrait, id: Uuid) -> ApiResult<AdminOrganization> {
    let org = organization::Entity::find_by_id(id).one(db).await?.ok_or(ApiError::NotFound)?;
    let n = member_counts(db, &[id]).await?.get(&id).copied().unwrap_or(0);
    Ok(org.to_admin_dto(n))
}

/// Suspends or reactivates an organization, audits it and emits `organization.suspended` or
/// `organization.reactivated`. Its members lose (or regain) access with their next request.
///
/// Errors: `NotFound`, `Validation` (reason too long), `Conflict` (already in that state).
#[tracing::instrument(skip_all, fields(org = %id, status = %target))]
pub async fn set_status(
    db: &impl ConnectionTrait,
    caller: &Caller,
    now: DateTime<Utc>,
    id: Uuid,
    target: OrgStatus,
    req: SuspendOrganizationRequest,
) -> ApiResult<AdminOrganization> {
    let reason = Note::parse("reason", req.reason.as_deref(), MAX_REASON_CHARS)
        .map_err(|e| ApiError::Validation(vec![e]))?
        .map(Note::into_inner);
    let org = organization::Entity::find_by_id(id).one(db).await?.ok_or(ApiError::NotFound)?;
    if org.status() == target {
        return Err(ApiError::Conflict(format!("The organization is already {target}.")));
    }
    let mut am: organization::ActiveModel = org.into();
    am.status = Set(target.as_str().to_owned());
    am.updated_at = Set(now);
    let suspended = target == OrgStatus::Suspended;
    am.suspended_at = Set(suspended.then_some(now));
    am.suspension_reason = Set(if suspended { reason.clone() } else { None });
    let org = am.update(db).await?;
    let (action, event_type) = if suspended {
        (AuditAction::AdminOrganizationSuspend, DomainEventType::OrganizationSuspended)
    } else {
        (AuditAction::AdminOrganizationReactivate, DomainEventType::OrganizationReactivated)
    };
    let mut event = AuditEvent::success(action).by(&caller.actor).org(id).target("organization", id);
    if let Some(r) = &reason {
        event = event.details(&SuspensionReason { reason: r.clone() });
    }
    audit::record(db, now, &caller.client, event).await?;
    let n = member_counts(db, &[id]).await?.get(&id).copied().unwrap_or(0);
    let data = org.to_dto(n);
    events::emit(db, now, DomainEvent { event_type, org_id: id, subject_id: id, data: &data }).await?;
    Ok(org.to_admin_dto(n))
}
