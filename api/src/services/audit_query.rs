//! Reading the audit trail, newest first, with filters and cursor pages.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use shared::dto::admin::{AuditLogEntry, AuditLogsQuery};
use shared::dto::common::Page;

use crate::entities::audit_log;
use crate::error::{ApiError, ApiResult};
use crate::pagination::PageRequest;
use crate::state::AppState;

/// Lists audit entries matching the filters.
///
/// Errors: `Validation` (limit, cursor, action, time range).
pub async fn list(state: &AppState, q: AuditLogsQuery) -> ApiResult<Page<AuditLogEntry>> {
    let page = PageRequest::parse(q.limit, q.cursor.as_deref())?;
    let mut query = audit_log::Entity::find();
    if let Some(actor) = q.actor_id {
        query = query.filter(audit_log::Column::ActorId.eq(actor));
    }
    if let Some(org) = q.organization_id {
        query = query.filter(audit_log::Column::OrgId.eq(org));
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
            query = query.filter(audit_log::Column::Action.starts_with(prefix));
        } else if action.ends_with('.') {
            query = query.filter(audit_log::Column::Action.starts_with(action));
        } else {
            query = query.filter(audit_log::Column::Action.eq(action));
        }
    }
    if let (Some(since), Some(until)) = (q.since, q.until)
        && since > until
    {
        return Err(ApiError::field("since", "invalid_range", "since must be before until."));
    }
    if let Some(since) = q.since {
        query = query.filter(audit_log::Column::OccurredAt.gte(since));
    }
    if let Some(until) = q.until {
        query = query.filter(audit_log::Column::OccurredAt.lt(until));
    }
    if let Some(c) = &page.after {
        query = query.filter(audit_log::Column::Id.lt(c.id));
    }
    let rows = query.order_by_desc(audit_log::Column::Id).limit(page.fetch_limit()).all(&state.db).await?;
    Ok(page.finish(rows, |r| (None, r.id), |r| r.to_dto()))
}
