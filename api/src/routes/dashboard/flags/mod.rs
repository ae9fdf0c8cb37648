//! Feature flags as the client portal sees them: the evaluated set of the active organization.

mod features;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers the area's routes.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(features::get_features);
}
