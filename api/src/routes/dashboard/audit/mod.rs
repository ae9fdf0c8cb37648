//! The organization's own audit trail.

mod audit_logs;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers the area's routes.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(audit_logs::list_org_audit_logs);
}
