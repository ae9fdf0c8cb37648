//! Reading the audit trail, newest first, with filters and cursor pages.

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use shared::dto::audit::{AuditLogEntry, AuditLogsFilter};
use shared::dto::common::Page;

use crate::entities::platform::audit_log;
use crate::error::{ApiError, ApiResult};
use crate::list::{FixedOrder, ListParams, SortKey, keyset};

/// Lists audit entries matching the filters.
///
/// Errors: `Validation` (cursor, action, time range).
#[tracing::instrument(skip_all)]
pub async fn list(
    db: &impl ConnectionTrait,
    params: &ListParams<FixedOrder, AuditLogsFilter>,
) -> ApiResult<Page<AuditLogEntry>> {
    use audit_log::Column as C;
    let q = &params.filter;
    let mut query = audit_log::Entity::find();
    if let Some(actor) = q.actor_id {
        query = query.filter(C::ActorId.eq(actor));
    }
    if let Some(org) = q.organization_id {
        query = query.filter(C::OrgId.eq(org));
    }
    if let Some(action) = q.action.as_deref().map(str::trim).filter(|a| !a.is_empty()) {
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
    if let (Some(since), Some(until)) = (q.since, q.until)
        && since > until
    {
        return Err(ApiError::field("since", "invalid_range", "since must be before until."));
    }
    if let Some(since) = q.since {
        query = query.filter(C::OccurredAt.gte(since));
    }
    if let Some(until) = q.until {
        query = query.filter(C::OccurredAt.lt(until));
    }
    let rows = keyset::page_query(query, SortKey::by_id(true), C::Id, params.after.as_ref(), params.fetch_limit())?
        .all(db)
        .await?;
    Ok(params.finish(rows, |r| (None, r.id), |r| r.to_dto(), None))
}
