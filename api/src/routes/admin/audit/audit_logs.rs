//! The audit trail (read-only).

use actix_web::{get, web};
use shared::Problem;
use shared::dto::audit::{AuditLogEntry, AuditLogsFilter};
use shared::dto::common::Page;

use crate::error::ApiResult;
use crate::extract::require::{AdminPermission, perm};
use crate::list::{FixedOrder, ListParams};
use crate::services::audit::log;
use crate::state::AppState;

/// The audit trail, newest first: filter by actor, organization, action (or `prefix.*`) and time.
#[utoipa::path(
    tag = "admin",
    params(ListParams<FixedOrder, AuditLogsFilter>),
    responses(
        (status = 200, description = "A page of entries", body = Page<AuditLogEntry>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an operator", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid query", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/audit-logs")]
#[tracing::instrument(skip_all)]
pub async fn list_audit_logs(
    state: web::Data<AppState>,
    _who: AdminPermission<perm::AdminAuditRead>,
    params: ListParams<FixedOrder, AuditLogsFilter>,
) -> ApiResult<web::Json<Page<AuditLogEntry>>> {
    Ok(web::Json(log::list(&state.db, &params).await?))
}
