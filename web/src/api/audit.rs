//! `/api/admin/audit-logs`: the operator's audit trail.

use shared::dto::audit::AuditLogEntry;
use shared::dto::common::Page;

use super::{Get, paged};

/// Entries on one page of the audit log.
const AUDIT_PAGE_SIZE: u32 = 25;

/// `GET /api/admin/audit-logs`: one page, newest first; `filters` as `&name=value` pairs.
pub fn audit_logs(filters: &str, cursor: Option<&str>) -> Get<Page<AuditLogEntry>> {
    Get::new(paged("/api/admin/audit-logs", AUDIT_PAGE_SIZE, filters, cursor))
}
