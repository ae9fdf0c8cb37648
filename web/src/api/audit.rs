//! `/api/admin/audit-logs`: the operator's audit trail.

use shared::dto::audit::AuditLogEntry;
use shared::dto::common::Page;

use super::{Get, paged};

/// Entries on one page of the audit log.
const AUDIT_PAGE_SIZE: u32 = 25;

/// The filters of the audit log as the operator typed them: the server checks them and names
/// the field it refuses (an id that is not one, a time that is not RFC 3339).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AuditFilter {
    /// An action, or a prefix ending in `.` or `*`.
    pub action: Option<String>,
    /// The acting user's id.
    pub actor_id: Option<String>,
    /// The organization's id.
    pub organization_id: Option<String>,
    /// From this time (RFC 3339).
    pub since: Option<String>,
    /// Until this time (RFC 3339).
    pub until: Option<String>,
}

/// `GET /api/admin/audit-logs`: one page, newest first.
pub fn audit_logs(filter: &AuditFilter, cursor: Option<&str>) -> Get<Page<AuditLogEntry>> {
    let params = [
        ("action", filter.action.as_deref()),
        ("actor_id", filter.actor_id.as_deref()),
        ("organization_id", filter.organization_id.as_deref()),
        ("since", filter.since.as_deref()),
        ("until", filter.until.as_deref()),
    ];
    Get::new(paged("/api/admin/audit-logs", AUDIT_PAGE_SIZE, &params, cursor))
}
