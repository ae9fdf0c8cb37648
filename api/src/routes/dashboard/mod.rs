//! `/api/dashboard/*`: the client portal, scoped to the active organization (`X-Org-Id`, or the
//! user's first membership).

mod api_keys;
mod members;
mod organization;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers the `/dashboard` routes.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(organization::get_organization)
        .service(organization::update_organization)
        .service(members::list_members)
        .service(api_keys::list_api_keys)
        .service(api_keys::create_api_key)
        .service(api_keys::revoke_api_key);
}
