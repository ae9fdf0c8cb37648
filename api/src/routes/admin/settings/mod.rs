//! System settings (ADMIN only).

mod system;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers the area's routes.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(system::get_settings).service(system::get_settings_schema).service(system::update_settings);
}
