//! The active organization: its overview and settings.

mod organization;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers the area's routes.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(organization::get_organization).service(organization::update_organization);
}
