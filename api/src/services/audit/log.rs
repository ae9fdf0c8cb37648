//! Reading the audit trail, newest first, with filters and cursor pages: the operator's whole
//! trail, and an organization's own customer-visible part of it.

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Select};
use shared::audit::{AuditAction, AuditVisibility};
use shared::dto::audit::{AuditLogEntry, AuditLogsFilter, OrgAuditLogsFilter};
use shared::dto::common::Page;
use uuid::Uuid;

use crate::entities::platform::audit_log;
use crate::error::{ApiError, ApiResult};
use crate::list::{FixedOrder, ListParams, SortKey, keyset};

/// What customers are shown instead of the operator who acted.
pub const OPERATOR_NAME: &str = "OMGsystems staff";

/// The filters both lists take.
struct Filters<'a> {
    actor_id: Option<Uuid>,
    action: Option<&'a str>,
    since: Option<DateTime<Utc>>,
    until: Option<DateTime<Utc>>,
}

/// Narrows a query by actor, action (exact, or a prefix ending in `.` or `*`) and time range.
///
/// Errors: `Validation` (action, time range).
fn filtered(mut query: Select<audit_log::Entity>, f: Filters<'_>) -> ApiResult<Select<audit_log::Entity>> {
    use audit_log::Column as C;
    if let Some(actor) = f.actor_id {
        query = query.filter(C::ActorId.eq(actor));
    }
    if let Some(action) = f.action.map(str::trim).filter(|a| !a.is_empty()) {
        if action.len() > 64 || !action.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '*')) {
            return Err(ApiError::field(
                "action",
                "invalid_format",
                "Use an action name like auth.login or a prefix like auth.*",
            ));
        }
        if let Some(prefix) = action.strip_suffix('*') {
            query = query.filter(C::Action.starts_with(prefix));
        } else if action.ends_with('.') {
            query = query.filter(C::Action.starts_with(action));
        } else {
            query = query.filter(C::Action.eq(action));
        }
    }
    if let (Some(since), Some(until)) = (f.since, f.until)
        && since > until
    {
        return Err(ApiError::field("since", "invalid_range", "since must be before until."));
    }
    if let Some(since) = f.since {
        query = query.filter(C::OccurredAt.gte(since));
    }
    if let Some(until) = f.until {
        query = query.filter(C::OccurredAt.lt(until));
    }
    Ok(query)
}

/// One page of a filtered query, newest first.
async fn page<F>(
    db: &impl ConnectionTrait,
    query: Select<audit_log::Entity>,
    params: &ListParams<FixedOrder, F>,
    to_item: impl FnMut(audit_log::Model) -> AuditLogEntry,
) -> ApiResult<Page<AuditLogEntry>> {
    let rows = keyset::page_query(
        query,
        SortKey::by_id(true),
        audit_log::Column::Id,
        params.after.as_ref(),
        params.fetch_limit(),
    )?
    .all(db)
    .await?;
    Ok(params.finish(rows, |r| (None, r.id), to_item, None))
}

/// Lists audit entries matching the filters (the operator's view: everything).
///
/// Errors: `Validation` (cursor, action, time range).
#[tracing::instrument(skip_all)]
pub async fn list(
    db: &impl ConnectionTrait,
    params: &ListParams<FixedOrder, AuditLogsFilter>,
) -> ApiResult<Page<AuditLogEntry>> {
    let q = &params.filter;
    let mut query = audit_log::Entity::find();
    if let Some(org) = q.organization_id {
        query = query.filter(audit_log::Column::OrgId.eq(org));
    }
    let f = Filters { actor_id: q.actor_id, action: q.action.as_deref(), since: q.since, until: q.until };
    page(db, filtered(query, f)?, params, |r| r.to_dto()).await
}

/// The names of the actions customers may see.
fn customer_actions() -> Vec<&'static str> {
    AuditAction::ALL.into_iter().filter(|a| a.visibility() == AuditVisibility::Customer).map(|a| a.as_str()).collect()
}

/// An entry as the organization's members see it: an operator who acted (an `admin.*` entry,
/// such as a suspension) is named as [`OPERATOR_NAME`] only, without id or address.
fn customer_view(row: audit_log::Model) -> AuditLogEntry {
    let mut entry = row.to_dto();
    if entry.action.starts_with("admin.") {
        entry.actor_id = None;
        entry.api_key_id = None;
        entry.actor_email = Some(OPERATOR_NAME.to_owned());
        entry.ip = None;
        entry.user_agent = None;
    }
    entry
}

/// An organization's own trail: its entries of customer-visible actions (never security,
/// throttling or operator-internal ones), matching the filters.
///
/// Errors: `Validation` (cursor, action, time range).
#[tracing::instrument(skip_all, fields(org = %org_id))]
pub async fn list_for_org(
    db: &impl ConnectionTrait,
    org_id: Uuid,
    params: &ListParams<FixedOrder, OrgAuditLogsFilter>,
) -> ApiResult<Page<AuditLogEntry>> {
    let q = &params.filter;
    let query = audit_log::Entity::find()
        .filter(audit_log::Column::OrgId.eq(org_id))
        .filter(audit_log::Column::Action.is_in(customer_actions()));
    let f = Filters { actor_id: q.actor_id, action: q.action.as_deref(), since: q.since, until: q.until };
    page(db, filtered(query, f)?, params, customer_view).await
}
