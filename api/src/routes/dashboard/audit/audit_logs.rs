//! The organization's own audit trail (read-only, OWNER only).

use actix_web::{get, web};
use shared::Problem;
use shared::dto::audit::{AuditLogEntry, OrgAuditLogsFilter};
use shared::dto::common::Page;

use crate::error::ApiResult;
use crate::extract::require::{OrgPermission, perm};
use crate::list::{FixedOrder, ListParams};
use crate::services::audit::log;
use crate::state::AppState;

/// The organization's audit trail, newest first: role changes, invitations, API keys, settings
/// and the like (never security or operator-internal entries; operators are named "OMGsystems
/// staff"). Filter by actor, action (or `prefix.*`) and time.
#[utoipa::path(
    tag = "dashboard",
    params(ListParams<FixedOrder, OrgAuditLogsFilter>, ("X-Org-Id" = Option<uuid::Uuid>, Header, description = "Active organization; default: the user's first")),
    responses(
        (status = 200, description = "A page of entries", body = Page<AuditLogEntry>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an OWNER, or suspended", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not a member of that organization", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid query", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/audit-logs")]
#[tracing::instrument(skip_all)]
pub async fn list_org_audit_logs(
    state: web::Data<AppState>,
    ctx: OrgPermission<perm::AuditRead>,
    params: ListParams<FixedOrder, OrgAuditLogsFilter>,
) -> ApiResult<web::Json<Page<AuditLogEntry>>> {
    Ok(web::Json(log::list_for_org(&state.db, ctx.org_id(), &params).await?))
}
