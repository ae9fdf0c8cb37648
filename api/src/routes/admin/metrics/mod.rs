//! The operator's metrics for the admin overview: signups over time, organizations by status.

mod organizations;
mod signups;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers the area's routes.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(signups::get_signup_series).service(organizations::get_organization_counts);
}
