//! Other users' accounts (ADMIN only).

mod mfa;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers the area's routes.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(mfa::reset_mfa);
}
