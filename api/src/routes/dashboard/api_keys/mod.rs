//! The organization's API keys (OWNER only).

mod keys;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers the area's routes.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(keys::list_api_keys).service(keys::create_api_key).service(keys::revoke_api_key);
}
