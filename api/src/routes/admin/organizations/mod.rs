//! Customer organizations: list, detail, suspension, reactivation.

mod organization;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers the area's routes.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(organization::list_organizations)
        .service(organization::get_organization)
        .service(organization::suspend_organization)
        .service(organization::reactivate_organization);
}
