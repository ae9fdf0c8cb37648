//! `/api/admin/*`: the operator's admin portal (ADMIN and STAFF).

mod audit_logs;
mod organizations;
mod settings;
mod users;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers the `/admin` routes.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(organizations::list_organizations)
        .service(organizations::get_organization)
        .service(organizations::suspend_organization)
        .service(organizations::reactivate_organization)
        .service(audit_logs::list_audit_logs)
        .service(settings::get_settings)
        .service(settings::update_settings)
        .service(users::reset_mfa);
}
