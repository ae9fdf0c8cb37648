//! Feature flags: list, view, create, change, archive; per-organization overrides; plan links.

mod feature_flags;
mod overrides;
mod plans;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers the area's routes.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(feature_flags::list_feature_flags)
        .service(feature_flags::create_feature_flag)
        .service(feature_flags::get_feature_flag)
        .service(feature_flags::update_feature_flag)
        .service(feature_flags::archive_feature_flag)
        .service(feature_flags::unarchive_feature_flag)
        .service(overrides::set_feature_flag_override)
        .service(overrides::remove_feature_flag_override)
        .service(plans::set_feature_flag_plans);
}
